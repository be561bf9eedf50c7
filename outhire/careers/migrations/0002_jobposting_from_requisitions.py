# JobPosting moves here from requisitions (postings are the careers sites' and feeds' business).
# Only Django's model state moves: the table keeps its name, requisitions_jobposting, with its
# index and constraint, so no row is copied or lost. requisitions 0003 removes the model from
# requisitions' state once this has run.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('careers', '0001_initial'),
        # The table, its index and its constraint are created there.
        ('requisitions', '0002_screeningquestion_jobposting'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='JobPosting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('careers', 'Careers site'), ('provider_board', "Provider's job board"), ('indeed', 'Indeed'), ('linkedin', 'LinkedIn'), ('social', 'Social media')], max_length=20)),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], default='draft', max_length=10)),
                        ('publish_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('expires_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.client')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('requisition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='postings', to='requisitions.requisition')),
                    ],
                    options={
                        'db_table': 'requisitions_jobposting',
                        'ordering': ['requisition_id', 'channel'],
                        'indexes': [models.Index(fields=['client', 'channel', 'status'], name='requisition_client__e68840_idx')],
                        'constraints': [models.UniqueConstraint(fields=('requisition', 'channel'), name='one_posting_per_channel')],
                    },
                ),
            ],
        ),
    ]

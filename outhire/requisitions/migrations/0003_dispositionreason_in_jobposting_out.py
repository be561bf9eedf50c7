# DispositionReason moves here from pipeline (requisitions' setup pages edit a client's list),
# and JobPosting moves out to careers. Only Django's model state changes: the tables keep their
# names (pipeline_dispositionreason, requisitions_jobposting), so no row is copied or lost.
# pipeline 0004 points its foreign keys here and drops the model from its own state.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('requisitions', '0002_screeningquestion_jobposting'),
        # The disposition reasons' table and its client key are created there.
        ('pipeline', '0002_initial'),
        # JobPosting is careers' before it stops being requisitions'.
        ('careers', '0002_jobposting_from_requisitions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DispositionReason',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120)),
                        ('applies_to', models.CharField(choices=[('rejected', 'Rejected by us or the client'), ('withdrawn', 'Withdrawn by the candidate')], default='rejected', max_length=10)),
                        ('is_active', models.BooleanField(default=True)),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.client')),
                    ],
                    options={
                        'db_table': 'pipeline_dispositionreason',
                        'ordering': ['applies_to', 'position', 'name'],
                    },
                ),
                migrations.DeleteModel(
                    name='JobPosting',
                ),
            ],
        ),
    ]

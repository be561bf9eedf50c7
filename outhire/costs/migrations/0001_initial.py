# Costs moved out of the engagements app into their own. The tables keep their names
# (engagements_costimport, engagements_costentry): this migration only tells Django's state that
# the models are now this app's; the database is left as it is, so no data moves.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import outhire.costs.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('engagements', '0002_costimport_costentry'),
        ('requisitions', '0002_screeningquestion_jobposting'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CostImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file_name', models.CharField(max_length=200)),
                        ('data', models.TextField(help_text='The file, kept until it is imported or abandoned.')),
                        ('rows', models.PositiveIntegerField(default=0)),
                        ('added', models.PositiveIntegerField(default=0)),
                        ('skipped', models.PositiveIntegerField(default=0)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('imported_at', models.DateTimeField(blank=True, null=True)),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.client')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'engagements_costimport',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CostEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(choices=[('advertising', 'Advertising and job boards'), ('agency_fees', 'Agency fees'), ('rpo_fees', 'RPO fees'), ('assessments', 'Assessments'), ('background_checks', 'Background checks'), ('travel', 'Travel'), ('relocation', 'Relocation'), ('sign_on_bonus', 'Sign-on bonuses'), ('referral_awards', 'Referral awards'), ('other_external', 'Other external costs'), ('recruiter_time', 'Recruiter time'), ('coordinator_time', 'Coordinator time'), ('hiring_manager_time', 'Hiring-manager time'), ('technology', 'Technology'), ('other_internal', 'Other internal costs')], max_length=30)),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))])),
                        ('currency', models.CharField(max_length=3, validators=[outhire.costs.models.validate_currency])),
                        ('incurred_on', models.DateField(verbose_name='incurred on')),
                        ('channel', models.CharField(blank=True, choices=[('careers_site', 'Careers site'), ('job_board', 'Job board'), ('referral', 'Referral'), ('social', 'Social media'), ('sourced', 'Sourced by a recruiter'), ('event', 'Event or networking'), ('agency', 'Agency'), ('import', 'Imported'), ('other', 'Other')], help_text='The sourcing channel this cost bought, for cost per source.', max_length=20)),
                        ('channel_detail', models.CharField(blank=True, help_text='Such as indeed or linkedin.', max_length=100, verbose_name='board or site')),
                        ('description', models.CharField(blank=True, max_length=500)),
                        ('origin', models.CharField(choices=[('manual', 'Entered by hand'), ('import', 'Imported from a file'), ('fee_model', "Generated from the engagement's fees"), ('referral', 'Referral award')], default='manual', max_length=10)),
                        ('origin_ref', models.CharField(blank=True, max_length=100)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('voided_at', models.DateTimeField(blank=True, null=True)),
                        ('void_reason', models.CharField(blank=True, max_length=300)),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.client')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('requisition', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='cost_entries', to='requisitions.requisition')),
                        ('voided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('cost_import', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='entries', to='costs.costimport')),
                    ],
                    options={
                        'db_table': 'engagements_costentry',
                        'ordering': ['-incurred_on', '-id'],
                        'indexes': [models.Index(fields=['client', 'incurred_on'], name='engagements_client__a308d6_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('origin_ref', ''), _negated=True), fields=('client', 'origin_ref'), name='one_cost_entry_per_origin_ref')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

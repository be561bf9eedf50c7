# Notification has moved to accounts and DispositionReason to requisitions (their migrations
# accounts 0002 and requisitions 0003 take them into their state). Here the two disposition
# keys point to the moved model and both models leave pipeline's state. The database does not
# change: the tables and their foreign key constraints stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pipeline', '0003_application_source_and_answers'),
        ('accounts', '0002_notification_from_pipeline'),
        ('requisitions', '0003_dispositionreason_in_jobposting_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='application',
                    name='disposition',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='requisitions.dispositionreason'),
                ),
                migrations.AlterField(
                    model_name='stageevent',
                    name='disposition',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='requisitions.dispositionreason'),
                ),
                migrations.DeleteModel(
                    name='DispositionReason',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
            ],
        ),
    ]

# Costs moved into their own app (outhire.costs). Their tables stay where they are, under the
# names they had here: this migration only takes the models out of this app's state, and the
# costs app's first migration takes them into its own.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('engagements', '0002_costimport_costentry'),
        ('costs', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='CostEntry'),
                migrations.DeleteModel(name='CostImport'),
            ],
            database_operations=[],
        ),
    ]

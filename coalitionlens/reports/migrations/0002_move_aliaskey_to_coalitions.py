# The alias key moves to the coalitions app, where reports and exports both read it. Its table is
# renamed, so every coalition keeps its secret and every organisation its alias.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="AliasKey", table="coalitions_aliaskey"),
            ],
            state_operations=[
                migrations.DeleteModel(name="AliasKey"),
            ],
        ),
    ]

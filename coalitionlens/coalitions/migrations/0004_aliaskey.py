# The alias key, moved from the reports app: the table is already there (renamed by
# reports 0002), so only Django's picture of the models changes.

import django.db.models.deletion
from django.db import migrations, models

import coalitionlens.coalitions.models


class Migration(migrations.Migration):
    dependencies = [
        ("coalitions", "0003_verbose_names"),
        ("reports", "0002_move_aliaskey_to_coalitions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AliasKey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "secret",
                            models.CharField(
                                default=coalitionlens.coalitions.models._new_secret,
                                editable=False,
                                max_length=64,
                                verbose_name="secret",
                            ),
                        ),
                        (
                            "coalition",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alias_key",
                                to="coalitions.coalition",
                                verbose_name="coalition",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "alias key",
                        "verbose_name_plural": "alias keys",
                    },
                ),
            ],
        ),
    ]

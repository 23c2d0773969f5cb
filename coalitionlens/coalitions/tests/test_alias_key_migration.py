"""The alias key moved from the reports app to this one: every coalition keeps its secret, so every
organisation keeps the alias it had in earlier safe reports (and both ways of the migration work)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0001_initial"), ("coalitions", "0003_verbose_names")]
AFTER = [("reports", "0002_move_aliaskey_to_coalitions"), ("coalitions", "0004_aliaskey")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_moved_alias_key_keeps_every_coalitions_secret():
    from coalitionlens.coalitions.tests.factories import CoalitionFactory

    coalition = CoalitionFactory(slug="keeps")
    try:
        old = _migrate(BEFORE)
        old.get_model("reports", "AliasKey").objects.create(
            coalition_id=coalition.pk, secret="a" * 64
        )
        new = _migrate(AFTER)
        assert new.get_model("coalitions", "AliasKey").objects.get().secret == "a" * 64
        old = _migrate(BEFORE)
        assert old.get_model("reports", "AliasKey").objects.get().secret == "a" * 64
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from coalitionlens.coalitions.aliases import alias_secret

    assert alias_secret(coalition) == "a" * 64

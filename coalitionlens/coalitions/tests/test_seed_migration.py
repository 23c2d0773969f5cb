"""The sector seed migration reverses on a database whose organisations use none of its sectors, and
refuses in one line (naming what still uses them) when some do — with the migration executor, on
the test database of either engine."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor

SEEDED = ("coalitions", "0002_seed_sectors")
BEFORE_SEED = [("coalitions", "0001_initial")]


def _migrate(targets: list[tuple[str, str | None]]) -> None:
    MigrationExecutor(connection).migrate(targets)


def _apps(targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_seed_reverses_to_zero_and_applies_again() -> None:
    try:
        _latest()  # an earlier test may have emptied the tables: seed them again
        _migrate(BEFORE_SEED)
        assert _apps(BEFORE_SEED).get_model("coalitions", "Sector").objects.count() == 0
        _migrate([("coalitions", None)])
        assert "coalitions_sector" not in connection.introspection.table_names()
    finally:
        _latest()
    from coalitionlens.coalitions.models import Sector

    assert Sector.objects.filter(coalition=None, code="SURVIVOR_LED").exists()


@pytest.mark.django_db(transaction=True)
def test_the_seed_refuses_to_reverse_in_one_line_while_organisations_use_its_sectors() -> None:
    from coalitionlens.coalitions.models import Organisation, Sector
    from coalitionlens.coalitions.tests.factories import CoalitionFactory

    try:
        _latest()
        if not Sector.objects.filter(coalition=None).exists():  # emptied by an earlier test
            _migrate(BEFORE_SEED)
            _latest()
        coalition = CoalitionFactory(slug="uses-sectors")
        Organisation.objects.create(
            coalition=coalition,
            name="Fictional Harbour Shelter",
            sector=Sector.objects.get(coalition=None, code="CIVIL_SOCIETY"),
        )
        with pytest.raises(IrreversibleError) as refused:
            _migrate(BEFORE_SEED)
        message = str(refused.value)
        assert "\n" not in message
        assert message == (
            "coalitions.0002_seed_sectors cannot be reversed while organisations use its sectors "
            "(1 organisation, 0 sub-sectors of a coalition): delete them first"
        )
        recorder = MigrationExecutor(connection).loader.applied_migrations
        assert SEEDED in recorder  # still applied: nothing half-undone
        assert Sector.objects.filter(coalition=None).count() > 0
    finally:
        _latest()

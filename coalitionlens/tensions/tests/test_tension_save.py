"""tension_save and strategy_save, the one way in for the tension and strategy forms and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.tensions.models import Strategy, Tension
from coalitionlens.tensions.services import strategy_save, tension_save
from coalitionlens.tensions.tests.factories import TensionFactory

pytestmark = pytest.mark.django_db


def _tension(cast: Any) -> Tension:
    return Tension(
        coalition=cast.lens,
        title="Police lead",
        level="CROSS_SECTOR",
        category="POWER_ASYMMETRY",
        observed_on="2026-01-01",
    )


def test_a_party_of_another_coalition_is_refused_and_nothing_is_saved(cast: Any) -> None:
    foreign = OrganisationFactory(coalition=cast.other)
    with pytest.raises(ValidationError) as refused:
        tension_save(tension=_tension(cast), parties=[foreign], actor=cast.alice)
    assert "parties" in refused.value.message_dict
    assert not Tension.objects.exists()


def test_a_strategy_never_addresses_another_coalitions_tension(cast: Any) -> None:
    theirs = TensionFactory(coalition=cast.other)
    strategy = Strategy(coalition=cast.lens, title="x", category="SHARED_LEADERSHIP")
    with pytest.raises(ValueError, match="its own coalition"):
        strategy_save(strategy=strategy, tensions=[theirs], actor=cast.alice)
    assert not Strategy.objects.exists()

"""The demo's power and money (issue 18): each demo coalition's funding tells its own story, read
back from the database and computed here on the bands' midpoints (``vocab.BAND_BOUNDS``)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from coalitionlens.coalitions.models import Coalition, Funding, Membership, Organisation
from coalitionlens.coalitions.vocab import BAND_BOUNDS
from coalitionlens.demo.load import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _mid(band: str) -> float:
    low, high = BAND_BOUNDS[band]
    return (low + high) / 2


def _shares(slug: str) -> tuple[dict[int, float], float]:
    """Each funder's share of the coalition's funding, and the foreign funders' share."""
    by_funder: dict[int, float] = defaultdict(float)
    foreign = 0.0
    flows = Funding.objects.filter(coalition__slug=slug).select_related("funder")
    for f in flows:
        by_funder[f.funder_id] += _mid(f.amount_band)
        foreign += _mid(f.amount_band) if f.funder.origin == "FOREIGN" else 0
    total = sum(by_funder.values())
    return {k: v / total for k, v in by_funder.items()}, foreign / total


def test_each_demo_coalitions_funding_tells_its_own_story():
    load_demo()
    one, one_foreign = _shares("marivo")
    assert 0.55 <= max(one.values()) <= 0.65  # one funder gives about 60 %
    assert one_foreign < 0.5
    abroad, abroad_foreign = _shares("lenhara")
    assert abroad_foreign > 0.6  # most of it from foreign and international funders
    assert max(abroad.values()) < 0.3
    home, home_foreign = _shares("zembora")
    assert home_foreign < 0.2  # domestic
    assert len(home) >= 10
    assert max(home.values()) < 0.15
    for slug in ("marivo", "lenhara", "zembora"):
        orgs = Organisation.objects.filter(coalition__slug=slug)
        assert orgs.exclude(budget_band="").count() > 0.75 * orgs.count(), slug
        assert orgs.exclude(staff_band="").count() > 0.75 * orgs.count(), slug
    members = Organisation.objects.filter(
        pk__in=Membership.objects.filter(coalition__slug="marivo", status="ACTIVE").values(
            "organisation"
        )
    ).exclude(budget_band="")
    budgets = [_mid(o.budget_band) for o in members]
    assert max(budgets) / min(budgets) >= 100  # the best-resourced member and the least
    assert Coalition.objects.filter(slug__in=["marivo", "lenhara", "zembora"]).count() == 3

"""The demo's referral pathways: each coalition's coverage matrix shows a different break, and
the pathway rules name it."""

from __future__ import annotations

import pytest

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.demo.load import load_demo
from coalitionlens.demo.pathways import PROVINCES
from coalitionlens.insights.diagnostics import Facts, diagnose
from coalitionlens.insights.pathway_rules import PATHWAY_RULES, pathway_facts
from coalitionlens.pathways.selectors import coverage_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()
    return {c.slug: c for c in Coalition.objects.all()}


def _breaks(coalition):
    cov = coverage_for(coalition, every_province=True)
    return (
        {(c.province, c.population, c.stage) for c in cov.gaps()},
        {c.stage for c in cov.fragile()},
        {c.stage for c in cov.unlinked()},
    )


def test_each_coalitions_matrix_shows_a_different_break(demo):
    gaps, fragile, unlinked = _breaks(demo["zembora"])
    assert ("Mbeli Hills", "MINORS", "SHELTER") in gaps  # no shelter for minors there
    assert {g[1] for g in gaps} == {"MINORS"}
    gaps, fragile, unlinked = _breaks(demo["marivo"])
    assert fragile == {"LEGAL_AID"}
    assert not gaps
    assert not unlinked
    gaps, fragile, unlinked = _breaks(demo["lenhara"])
    assert unlinked == {"REINTEGRATION"}
    assert not gaps
    assert not fragile
    for slug, provinces in PROVINCES.items():
        named = Organisation.objects.filter(coalition=demo[slug], origin="DOMESTIC")
        assert set(named.values_list("province", flat=True)) == set(provinces)


def test_the_three_stories_differ_and_the_rules_tell_them(demo):
    fired = {
        slug: {f.rule for f in diagnose(Facts(**pathway_facts(c)), rules=PATHWAY_RULES)}
        for slug, c in demo.items()
    }
    assert "PATHWAY_GAP" in fired["zembora"]
    assert fired["marivo"] == {"PATHWAY_SOLE_PROVIDER"}
    assert fired["lenhara"] == {"PATHWAY_UNLINKED"}
    assert len({frozenset(v) for v in fired.values()}) == 3

"""The power-and-money rules (insights/money.py's figures): each fires at its threshold and not
below it, needs enough data, and DONOR_CONCENTRATION (funding partnerships) gives way to
FOREIGN_FUNDING_DOMINANT once funding flows are recorded, so the same thing is never said twice."""

from __future__ import annotations

import pytest

from coalitionlens.insights.diagnostics import diagnose
from coalitionlens.insights.findings import Facts
from coalitionlens.insights.rules import rule_by_id


def _fired(facts: Facts, rule_id: str) -> list:
    return diagnose(facts, rules=[rule_by_id(rule_id)])


@pytest.mark.parametrize(
    ("share", "flows", "severity"),
    [(0.5, 3, "low"), (0.55, 3, "medium"), (0.6, 3, "high"), (0.9, 5, "high")],
)
def test_top_funder_dependence_fires_from_half_and_is_high_from_sixty_percent(
    share, flows, severity
):
    (finding,) = _fired(
        Facts(funding_flows=flows, funders=2, top_funder_share=share), "TOP_FUNDER_DEPENDENCE"
    )
    assert finding.severity == severity
    assert finding.evidence["top_funder_share"] == share
    assert finding.parties == ()  # never a funder's name


@pytest.mark.parametrize(("share", "flows"), [(0.49, 5), (0.9, 2), (None, 5)])
def test_top_funder_dependence_is_quiet_below_half_or_with_fewer_than_three_flows(share, flows):
    assert (
        _fired(
            Facts(funding_flows=flows, funders=1, top_funder_share=share), "TOP_FUNDER_DEPENDENCE"
        )
        == []
    )


def test_foreign_funding_dominant_fires_from_three_quarters():
    assert _fired(Facts(funding_flows=3, foreign_funding_share=0.75), "FOREIGN_FUNDING_DOMINANT")
    assert not _fired(
        Facts(funding_flows=3, foreign_funding_share=0.74), "FOREIGN_FUNDING_DOMINANT"
    )
    assert not _fired(Facts(funding_flows=1, foreign_funding_share=1.0), "FOREIGN_FUNDING_DOMINANT")


def test_resource_asymmetry_needs_a_ratio_of_twenty_over_five_banded_members():
    rule = "RESOURCE_ASYMMETRY"
    assert _fired(Facts(budget_banded=5, budget_ratio=20.0), rule)
    assert not _fired(Facts(budget_banded=5, budget_ratio=19.9), rule)
    assert not _fired(Facts(budget_banded=4, budget_ratio=600.0), rule)
    (high,) = _fired(Facts(budget_banded=8, budget_ratio=600.0, budget_lowest_share=0.5), rule)
    assert high.severity == "high"


def test_donor_concentration_gives_way_to_the_money_once_flows_are_recorded():
    partnerships = {"funding_partners": 5, "foreign_funding_partners": 5}
    assert _fired(Facts(**partnerships), "DONOR_CONCENTRATION")
    both = Facts(**partnerships, funding_flows=4, foreign_funding_share=0.9)
    assert {f.rule for f in diagnose(both)} & {
        "DONOR_CONCENTRATION",
        "FOREIGN_FUNDING_DOMINANT",
    } == {"FOREIGN_FUNDING_DOMINANT"}

"""The referral-pathway rules fire on coverage that shows their signal and stay quiet otherwise.
Their cases join :data:`test_rules.CASES`, so the catalogue's own checks run on them too."""

from __future__ import annotations

from coalitionlens.core.coverage import Offer, coverage
from coalitionlens.insights.diagnostics import Facts, diagnose
from coalitionlens.insights.rules import rule_by_id

STAGES = ["IDENTIFICATION", "SHELTER", "LEGAL_AID"]


def _offer(service, org, stage, provinces=()):
    return Offer(
        service, org, stage, frozenset({"LABOUR"}), frozenset({"MINORS"}), frozenset(provinces)
    )


def _facts(offers, ties=(), provinces=("North", "South")):
    cov = coverage(
        offers, ties, provinces=list(provinces), stages=STAGES,
        types=["LABOUR"], populations=["MINORS"],
    )  # fmt: skip
    return Facts(pathways=cov, pathway_providers={10: "Hotline", 20: "Shelter", 30: "Lawyers"})


#: Every stage offered by two organisations in both provinces, each tied to the stage before.
_FULL = [
    _offer(1, 10, "IDENTIFICATION"), _offer(2, 20, "IDENTIFICATION"),
    _offer(3, 20, "SHELTER"), _offer(4, 30, "SHELTER"),
    _offer(5, 30, "LEGAL_AID"), _offer(6, 10, "LEGAL_AID"),
]  # fmt: skip
_FULL_TIES = [(1, 4), (3, 5)]

PATHWAY_CASES: dict[str, tuple[Facts, Facts]] = {
    # No shelter for minors in the South, where they are identified.
    "PATHWAY_GAP": (
        _facts([_offer(1, 10, "IDENTIFICATION"), _offer(3, 20, "SHELTER", ["North"])], [(1, 3)]),
        _facts(_FULL, _FULL_TIES),
    ),
    # Legal aid hangs on the lawyers in both provinces.
    "PATHWAY_SOLE_PROVIDER": (
        _facts([*_FULL[:4], _offer(5, 30, "LEGAL_AID")], _FULL_TIES),
        _facts(_FULL, _FULL_TIES),
    ),
    "PATHWAY_UNLINKED": (
        _facts([_offer(1, 10, "IDENTIFICATION"), _offer(3, 20, "SHELTER")]),
        _facts([_offer(1, 10, "IDENTIFICATION"), _offer(3, 20, "SHELTER")], [(1, 3)]),
    ),
}


def test_the_gap_finding_names_where_the_pathway_breaks():
    [finding] = diagnose(PATHWAY_CASES["PATHWAY_GAP"][0], rules=[rule_by_id("PATHWAY_GAP")])
    assert "South · Labour · Minors · Shelter and assistance" in finding.signal
    # Shelter and legal aid in the South, legal aid in the North.
    assert finding.evidence["gaps"] == 3
    assert finding.to_dict()["tension_category"] == "SIZE_SILOING"


def test_the_sole_provider_finding_names_the_organisation_as_its_party():
    facts = PATHWAY_CASES["PATHWAY_SOLE_PROVIDER"][0]
    findings = diagnose(facts, rules=[rule_by_id("PATHWAY_SOLE_PROVIDER")])
    assert [f.parties for f in findings] == [(30,)]
    assert findings[0].signal.startswith("Lawyers is the only provider of 2 stages")


def test_an_organisation_alone_in_one_cell_only_is_no_finding():
    facts = _facts([*_FULL[:4], _offer(5, 30, "LEGAL_AID", ["North"])], _FULL_TIES)
    assert facts.pathways is not None
    assert facts.pathways.sole_providers()[30] == 1
    assert diagnose(facts, rules=[rule_by_id("PATHWAY_SOLE_PROVIDER")]) == []


def test_no_pathway_rule_fires_without_services():
    rules = [rule_by_id(r) for r in PATHWAY_CASES]
    assert diagnose(Facts(), rules=rules) == []

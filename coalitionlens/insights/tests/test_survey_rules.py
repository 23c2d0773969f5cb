"""The rules that read the surveys fully, on hand-made facts: a factor in the concern band, a factor
or a sector pair's trust falling between rounds, a fear held by many, perception gaps between any
two published groups of respondents."""

from __future__ import annotations

import pytest
from django.utils import translation

from coalitionlens.insights.diagnostics import Facts, diagnose
from coalitionlens.insights.evidence import evidence_lines
from coalitionlens.insights.rules import rule_by_id


def _run(rule_id: str, facts: Facts) -> list:
    rule = rule_by_id(rule_id)
    assert rule is not None
    return diagnose(facts, rules=[rule])


def test_only_a_score_below_the_watch_threshold_is_a_concern():
    facts = Facts(
        factor_overall={"shared_power": 2.99, "trust": 3.0, "planning": 4.2},
        factor_labels={"shared_power": "Shared power"},
    )
    (finding,) = _run("FACTOR_CONCERN", facts)
    assert finding.key == "shared_power"
    assert finding.signal == (
        "The coalition scores Shared power at 2.99 on a 1–5 scale: in the concern band, below 3.0."
    )
    assert finding.severity == "medium"
    assert dict(finding.evidence) == {"score": 2.99, "watch_band": 3.0}


def test_the_bands_of_the_round_decide_the_concern():
    facts = Facts(factor_overall={"trust": 3.4}, factor_bands=(4.5, 3.5))
    assert [f.key for f in _run("FACTOR_CONCERN", facts)] == ["trust"]
    assert _run("FACTOR_CONCERN", Facts(factor_overall={"trust": 3.4})) == []


def test_a_factor_finding_points_to_the_tension_its_instrument_names():
    facts = Facts(
        factor_overall={"independence": 2.1, "shared_power": 2.8},
        factor_tensions={"independence": ("COOPTATION", "CIVIC_SPACE"), "shared_power": ()},
    )
    by_key = {f.key: f for f in _run("FACTOR_CONCERN", facts)}
    independence = by_key["independence"]
    assert independence.severity == "high"  # more than half a point below the band
    assert independence.category == "COOPTATION"
    # the strategies and exercises of the rule of that tension (business engaged for money)
    assert independence.strategies == rule_by_id("PRIVATE_FUNDING_ONLY").strategies
    assert independence.exercises == rule_by_id("PRIVATE_FUNDING_ONLY").exercises
    rule = rule_by_id("FACTOR_CONCERN")
    assert by_key["shared_power"].category == rule.category
    assert by_key["shared_power"].exercises == rule.exercises


def test_a_fall_needs_two_rounds_and_a_fall_at_least_the_threshold():
    changes = {"trust": (3.8, 3.4), "planning": (3.5, 3.3), "engagement": (3.0, 3.9)}
    assert _run("SURVEY_FALL", Facts(factor_changes=changes)) == []
    facts = Facts(
        change_rounds=("Survey 2024", "Survey 2025"),
        factor_changes=changes,
        factor_labels={"trust": "Trust"},
        trust_changes={
            ("CIVIL_SOCIETY", "GOVERNMENT"): (2.9, 2.1),
            ("CIVIL_SOCIETY", "BUSINESS"): (2.9, 2.8),
        },
    )
    found = {f.key: f for f in _run("SURVEY_FALL", facts)}
    assert set(found) == {"factor:trust", "trust:CIVIL_SOCIETY|GOVERNMENT"}
    assert found["factor:trust"].signal == (
        "Trust fell from 3.80 to 3.40 on a 1–5 scale between “Survey 2024” and “Survey 2025”."
    )
    assert found["factor:trust"].category == "TRUST_SUSPICION"
    pair = found["trust:CIVIL_SOCIETY|GOVERNMENT"]
    assert pair.severity == "high"
    assert "fell from 2.90 to 2.10 on a 1–4 scale" in pair.signal
    assert pair.evidence["fall"] == pytest.approx(0.8)


def test_a_widespread_fear_names_its_tension_and_its_sector():
    facts = Facts(
        fears={
            ("PUBLIC", "fear:retaliation"): (0.8, 10),
            ("PRIVATE", "fear:reputational_risk"): (0.49, 10),
        },
        fear_labels={"fear:retaliation": "Regulatory retaliation"},
    )
    (finding,) = _run("WIDESPREAD_FEAR", facts)
    assert finding.key == "PUBLIC|fear:retaliation"
    assert finding.signal == (
        "80% of the 10 organisations that answered fear “Regulatory retaliation” when the "
        "coalition works with Public sector."
    )
    assert finding.severity == "high"
    assert finding.category == "CIVIC_SPACE"
    assert finding.exercises == rule_by_id("CIVIC_SPACE_EXITS").exercises


def test_a_perception_gap_is_found_between_any_two_published_groups():
    facts = Facts(
        factor_scores={
            "trust": {"CIVIL": 3.9, "PRIVATE": 2.6, "INTERNATIONAL": 3.7},
            "planning": {"CIVIL": 3.0, "PUBLIC": 4.2},
        },
        factor_labels={"trust": "Trust", "planning": "Planning"},
    )
    found = {f.key: f for f in _run("PERCEPTION_GAP", facts)}
    assert set(found) == {"planning", "trust|CIVIL|PRIVATE", "trust|PRIVATE|INTERNATIONAL"}
    assert found["planning"].signal == (
        "NGO and government members see Planning differently: 3.0 against 4.2 on a 1–5 scale."
    )
    assert found["trust|CIVIL|PRIVATE"].signal == (
        "Members see Trust differently by sector: Civil society 3.9, Private sector 2.6, "
        "on a 1–5 scale."
    )
    assert dict(found["trust|CIVIL|PRIVATE"].evidence) == pytest.approx(
        {"civil": 3.9, "private": 2.6, "gap": 1.3}
    )


def test_a_group_alone_makes_no_gap():
    facts = Facts(factor_scores={"trust": {"CIVIL": 1.5}}, factor_overall={"trust": 3.5})
    assert _run("PERCEPTION_GAP", facts) == []


@pytest.mark.parametrize(
    ("lang", "score", "share"),
    [("en", "2.60", "64%"), ("fr", "2,60", "64\u202f%"), ("km", "2,60", "64%")],
)
def test_the_evidence_reads_in_every_language(lang, score, share):
    facts = Facts(
        factor_overall={"shared_power": 2.6},
        fears={("PUBLIC", "fear:cooptation"): (0.64, 11)},
        change_rounds=("A", "B"),
        factor_changes={"shared_power": (3.2, 2.6)},
    )
    with translation.override(lang):
        found = {f.rule: f for f in diagnose(facts)}
        concern = dict(evidence_lines(found["FACTOR_CONCERN"].evidence, "FACTOR_CONCERN"))
        fear = dict(evidence_lines(found["WIDESPREAD_FEAR"].evidence, "WIDESPREAD_FEAR"))
        fall = dict(evidence_lines(found["SURVEY_FALL"].evidence, "SURVEY_FALL"))
        assert score in concern.values()
        assert share in fear.values()
        assert score in fall.values()
        signals = " ".join(f.signal for f in found.values())
        titles = [str(f.title) for f in found.values()]
    if lang != "en":
        # every label, signal and title translated: none is left as its English words
        assert "Whole-coalition score (1–5)" not in concern
        assert "Organisations that answered" not in fear
        assert "In the earlier round" not in fall
        assert "fell from" not in signals
        assert "concern band" not in signals
        assert "A fear shared by many" not in titles

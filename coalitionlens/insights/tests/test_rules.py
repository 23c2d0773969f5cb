"""Each rule fires on facts that show its signal and stays quiet on facts that do not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from coalitionlens.coalitions.vocab import StrategyCategory, TensionCategory, TensionLevel
from coalitionlens.insights.diagnostics import Facts, diagnose, parse_thresholds
from coalitionlens.insights.exercises import exercise_by_id
from coalitionlens.insights.rules import RULES, rule_by_id
from coalitionlens.insights.tests.test_pathway_rules import PATHWAY_CASES

D = dt.date(2026, 1, 1)

# rule id → (facts that trigger it, facts that do not)
CASES: dict[str, tuple[Facts, Facts]] = {
    "SECRETARIAT_DEPENDENCE": (
        Facts(network={"dependence_on_secretariat": 0.7, "only_through_secretariat": 0.4}),
        Facts(network={"dependence_on_secretariat": 0.1, "only_through_secretariat": 0.0}),
    ),
    "BROKER_FRAGILITY": (
        Facts(
            network={"cross_sector_connected_after_removal": 0.3, "top_brokers_removed": [1, 2]},
            cross_sector_connected=0.9,
        ),
        Facts(
            network={"cross_sector_connected_after_removal": 0.85, "top_brokers_removed": [1, 2]},
            cross_sector_connected=0.9,
        ),
    ),
    "SECTOR_ABSENT": (
        Facts(modes={"PUBLIC": {"PARTNERSHIP": 2}, "PRIVATE": {}}),
        Facts(modes={"PUBLIC": {"PARTNERSHIP": 2}, "PRIVATE": {"ENGAGEMENT_PRACTICE": 1}}),
    ),
    "SECTOR_ONE_MODE": (
        Facts(modes={"PRIVATE": {"ENGAGEMENT_PRACTICE": 6}}),
        Facts(modes={"PRIVATE": {"ENGAGEMENT_PRACTICE": 6, "PARTNERSHIP": 1}}),
    ),
    "PRIVATE_FUNDING_ONLY": (
        Facts(
            private_practices={"FUNDING": 8, "JOINT_EVENT": 1}, private_partnerships={"FUNDING": 2}
        ),
        Facts(
            private_practices={"FUNDING": 2, "SUPPLY_CHAIN": 6}, private_partnerships={"IN_KIND": 2}
        ),
    ),
    "MEMBER_SECTOR_DRIFT": (
        Facts(member_sector_activity={"FAITH_BASED": (20, 4), "CIVIL_SOCIETY": (30, 31)}),
        Facts(member_sector_activity={"FAITH_BASED": (20, 15), "MEDIA": (2, 0)}),
    ),
    "QUIET_MEMBERS": (
        Facts(active_members=20, quiet_members=12),
        Facts(active_members=20, quiet_members=3),
    ),
    "GOVERNMENT_SILENCE": (
        Facts(government_contacts=((1, "Ministry", 400), (2, "Council", None), (3, "Police", 20))),
        Facts(government_contacts=((1, "Ministry", 40), (3, "Police", 20))),
    ),
    "OVERDUE_FOLLOW_UPS": (
        Facts(followups_due=20, followups_overdue=12),
        Facts(followups_due=20, followups_overdue=2),
    ),
    "SECRETARIAT_LEADS_MOST": (
        Facts(engagements=100, secretariat_led=80),
        Facts(engagements=100, secretariat_led=30),
    ),
    "DONOR_CONCENTRATION": (
        Facts(funding_partners=5, foreign_funding_partners=5),
        Facts(funding_partners=5, foreign_funding_partners=2),
    ),
    "TOP_FUNDER_DEPENDENCE": (
        Facts(funding_flows=4, funders=3, top_funder_share=0.62),
        Facts(funding_flows=4, funders=3, top_funder_share=0.45),
    ),
    "FOREIGN_FUNDING_DOMINANT": (
        Facts(funding_flows=4, funders=3, foreign_funding_share=0.8),
        Facts(funding_flows=4, funders=3, foreign_funding_share=0.7),
    ),
    "RESOURCE_ASYMMETRY": (
        Facts(budget_banded=6, budget_ratio=40.0, budget_lowest_share=0.5),
        Facts(budget_banded=6, budget_ratio=10.0, budget_lowest_share=0.5),
    ),
    "CONSULTATION_WITHOUT_RESULT": (
        Facts(consultations=10, consultations_without_result=8),
        Facts(consultations=10, consultations_without_result=2),
    ),
    "GOVERNMENT_SETS_AGENDA": (
        Facts(public_engagements=20, public_initiated=14),
        Facts(public_engagements=20, public_initiated=3),
    ),
    "CIVIC_SPACE_EXITS": (
        Facts(exits={"EXTERNAL_PRESSURE": 2}),
        Facts(exits={"RESOURCES": 4}),
    ),
    "DISAGREEMENT_EXITS": (
        Facts(exits={"DISAGREEMENT": 3}),
        Facts(exits={"DISAGREEMENT": 1}),
    ),
    "SURVIVOR_VOICE": (
        Facts(survivor_led=3, survivor_led_with_voice=0),
        Facts(survivor_led=3, survivor_led_with_voice=2),
    ),
    "SURVIVOR_NO_BOARD_SEAT": (
        Facts(survivor_led=3, survivor_led_with_voice=2, survivor_has_board=True),
        Facts(
            survivor_led=3, survivor_led_with_voice=2, survivor_has_board=True, survivor_on_board=1
        ),
    ),
    "SURVIVOR_NO_LEAD": (
        Facts(survivor_led=3, survivor_led_with_voice=2, led_engagements_last_year=12),
        Facts(
            survivor_led=3,
            survivor_led_with_voice=2,
            led_engagements_last_year=12,
            survivor_leading=1,
        ),
    ),
    "SURVIVOR_SEAT_SHARE": (
        Facts(survivor_member_share=0.3, survivor_seat_share=0.1),
        Facts(survivor_member_share=0.3, survivor_seat_share=0.25),
    ),
    "SILOED_CLUSTERS": (
        Facts(communities=((10, 0.9), (8, 1.0), (5, 0.4)), network={"ei_index": -0.5}),
        Facts(communities=((10, 0.5), (8, 0.6), (5, 0.9)), network={"ei_index": 0.3}),
    ),
    "SECRETARIAT_STRETCHED": (
        Facts(active_members=60, staff=((D, 6.0), (D, 3.0))),
        Facts(active_members=30, staff=((D, 5.0), (D, 6.0))),
    ),
    "SHARING_WITHOUT_AGREEMENT": (
        Facts(
            info_sharing_public=6, info_sharing_public_counterparts=4, info_sharing_public_covered=1
        ),
        Facts(
            info_sharing_public=6, info_sharing_public_counterparts=4, info_sharing_public_covered=4
        ),
    ),
    "LOW_TRUST_PAIR": (
        Facts(trust_pairs={("CIVIL", "PUBLIC"): 1.8, ("CIVIL", "PRIVATE"): 3.2}),
        Facts(trust_pairs={("CIVIL", "PUBLIC"): 3.0}),
    ),
    "PERCEPTION_GAP": (
        Facts(
            factor_scores={
                "shared_power": {"CIVIL": 2.4, "PUBLIC": 4.1, "PRIVATE": 3.9, "INTERNATIONAL": 2.3},
                "trust": {"PRIVATE": 3.5},
            },
            # shared power: civil society holds a faith-based group too small to show, so it is
            # compared as one macro-sector; trust: business and media both published, compared
            # as sectors
            factor_sector_scores={
                "shared_power": {"ACADEMIA": 2.0},
                "trust": {"BUSINESS": 4.2, "MEDIA": 2.9},
            },
            factor_sector_hidden={"shared_power": ("FAITH_BASED",)},
        ),
        Facts(factor_scores={"shared_power": {"CIVIL": 3.8, "PUBLIC": 4.1, "PRIVATE": 3.5}}),
    ),
    "FACTOR_CONCERN": (
        Facts(factor_overall={"shared_power": 2.6, "trust": 3.8}),
        Facts(factor_overall={"shared_power": 3.0, "trust": 3.8}),
    ),
    "SURVEY_FALL": (
        Facts(change_rounds=("2024", "2025"), factor_changes={"trust": (3.8, 3.3)}),
        Facts(change_rounds=("2024", "2025"), factor_changes={"trust": (3.8, 3.6)}),
    ),
    "WIDESPREAD_FEAR": (
        Facts(fears={("PUBLIC", "fear:cooptation"): (0.64, 11)}),
        Facts(fears={("PUBLIC", "fear:cooptation"): (0.45, 11)}),
    ),
    # Continuity risk (issue 18): the facts carry organisations, never a person.
    "SINGLE_PERSON_TIES": (
        Facts(single_person_ties=(("Harbour Aid", "GOVERNMENT", 4),)),
        Facts(single_person_ties=(("Harbour Aid", "GOVERNMENT", 1),)),
    ),
    "FOCAL_POINT_LEAVING": (
        Facts(focal_points_leaving=(("Harbour Aid", 40),)),
        Facts(focal_points_leaving=(("Harbour Aid", 150),)),
    ),
}
CASES.update(PATHWAY_CASES)


def test_there_are_at_least_15_rules_and_every_one_has_cases():
    assert len(RULES) >= 15
    assert set(CASES) == {r.id for r in RULES}


def test_the_rules_cover_every_tension_category():
    assert {r.category for r in RULES} == set(TensionCategory.values)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_names_known_codes_and_existing_exercises(rule):
    assert rule.level in TensionLevel.values
    assert rule.category in TensionCategory.values
    assert rule.strategies
    assert set(rule.strategies) <= set(StrategyCategory.values)
    assert rule.exercises
    assert all(exercise_by_id(e) for e in rule.exercises)
    assert rule.thresholds


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_a_rule_fires_on_its_signal(rule_id):
    rule = rule_by_id(rule_id)
    findings = diagnose(CASES[rule_id][0], rules=[rule])
    assert findings, rule_id
    for f in findings:
        assert f.rule == rule_id
        assert f.severity in ("high", "medium", "low")
        assert f.evidence
        assert f.signal
        assert "%(" not in f.signal
        assert f.to_dict()["tension_category"] in TensionCategory.values


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_a_rule_stays_quiet_without_its_signal(rule_id):
    assert diagnose(CASES[rule_id][1], rules=[rule_by_id(rule_id)]) == []


def test_no_rule_fires_on_empty_facts():
    assert diagnose(Facts()) == []


def test_thresholds_are_settings_that_change_the_outcome():
    facts = Facts(active_members=20, quiet_members=6)  # 30 %
    rule = rule_by_id("QUIET_MEMBERS")
    assert diagnose(facts, rules=[rule]) == []
    overrides = parse_thresholds(["QUIET_MEMBERS.share=0.25"], RULES)
    assert diagnose(facts, rules=[rule], overrides=overrides)


@pytest.mark.parametrize(
    "item", ["NOPE.share=1", "QUIET_MEMBERS.nope=1", "QUIET_MEMBERS.share=lots"]
)
def test_a_bad_threshold_override_is_refused(item):
    with pytest.raises(ImproperlyConfigured):
        parse_thresholds([item], RULES)


def test_findings_come_most_severe_first():
    facts = Facts(
        funding_partners=5, foreign_funding_partners=5, engagements=100, secretariat_led=52
    )
    severities = [f.severity for f in diagnose(facts)]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)

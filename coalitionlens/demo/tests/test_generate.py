"""The generator on its own: no database, plain values."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest

from coalitionlens.core.taxonomy import SECTOR_TO_MACRO
from coalitionlens.demo.generate import PERIOD_END, PERIOD_START, build_plan
from coalitionlens.demo.plan import CoalitionPlan
from coalitionlens.demo.profiles import AFRICA, PACIFIC, PROFILES, SOUTHEAST_ASIA

SEED = 2019


@pytest.fixture(scope="module")
def plans() -> dict[str, CoalitionPlan]:
    return {p.slug: build_plan(p, seed=SEED) for p in PROFILES}


def _share(plan: CoalitionPlan, predicate: object) -> float:
    orgs = plan.organisations
    return sum(1 for o in orgs if predicate(o)) / len(orgs)  # type: ignore[operator]


def test_the_same_seed_gives_identical_data() -> None:
    for profile in PROFILES:
        first = dataclasses.asdict(build_plan(profile, seed=SEED))
        assert first == dataclasses.asdict(build_plan(profile, seed=SEED))


def test_another_seed_gives_other_data() -> None:
    a, b = build_plan(PACIFIC, seed=1), build_plan(PACIFIC, seed=2)
    assert [o.name for o in a.organisations] != [o.name for o in b.organisations]


def test_there_is_one_coalition_per_region_of_the_paper(plans: dict[str, CoalitionPlan]) -> None:
    regions = {p.region for p in plans.values()}
    assert regions == {"SUB_SAHARAN_AFRICA", "ASIA_PACIFIC_ISLANDS", "SOUTHEAST_ASIA"}
    assert len({p.slug for p in plans.values()}) == 3


def test_each_coalition_has_40_to_120_organisations(plans: dict[str, CoalitionPlan]) -> None:
    for plan in plans.values():
        assert 40 <= len(plan.organisations) <= 120, plan.slug
        assert len({o.name for o in plan.organisations}) == len(plan.organisations)


def test_engagements_span_more_than_two_years_ending_in_2026(
    plans: dict[str, CoalitionPlan],
) -> None:
    for plan in plans.values():
        dates = [e.date for e in plan.engagements]
        assert min(dates) >= PERIOD_START
        assert max(dates) <= PERIOD_END
        assert (max(dates) - min(dates)).days > 2 * 365
        assert max(dates).year == 2026
        years = Counter(d.year for d in dates)
        assert {2024, 2025, 2026} <= set(years)


def test_every_coalition_is_ngo_led_with_a_civil_society_secretariat(
    plans: dict[str, CoalitionPlan],
) -> None:
    for plan in plans.values():
        host = plan.organisations[plan.secretariat]
        assert SECTOR_TO_MACRO[host.sector] == "CIVIL"
        membership = {m.org: m for m in plan.memberships}[plan.secretariat]
        assert membership.status == "ACTIVE"


def test_sector_mixes_differ_the_way_the_paper_describes(plans: dict[str, CoalitionPlan]) -> None:
    africa, pacific, sea = plans[AFRICA.slug], plans[PACIFIC.slug], plans[SOUTHEAST_ASIA.slug]
    faith = lambda o: o.faith_based  # noqa: E731
    business = lambda o: o.sector == "BUSINESS"  # noqa: E731
    international = lambda o: SECTOR_TO_MACRO[o.sector] == "INTERNATIONAL"  # noqa: E731
    assert len(pacific.organisations) < len(africa.organisations) < len(sea.organisations)
    assert _share(africa, faith) > _share(sea, faith)
    assert _share(pacific, faith) > _share(sea, faith)
    assert _share(sea, business) > 2 * max(_share(africa, business), _share(pacific, business))
    assert _share(pacific, international) > max(
        _share(africa, international), _share(sea, international)
    )
    assert len(africa.seats) > len(sea.seats) >= len(pacific.seats) >= 1
    supply_chain = {
        p.slug: sum(e.practice_type == "SUPPLY_CHAIN" for e in p.engagements)
        for p in plans.values()
    }
    assert (
        supply_chain[SOUTHEAST_ASIA.slug] > supply_chain[AFRICA.slug] + supply_chain[PACIFIC.slug]
    )


def test_memberships_include_every_status_and_ended_ones_have_a_reason(
    plans: dict[str, CoalitionPlan],
) -> None:
    for plan in plans.values():
        statuses = {m.status for m in plan.memberships}
        assert statuses == {"ACTIVE", "APPLICANT", "SUSPENDED", "LAPSED", "WITHDRAWN", "EXPELLED"}
        for m in plan.memberships:
            ended = m.status in {"LAPSED", "WITHDRAWN", "EXPELLED"}
            assert (m.ended_on is not None) == ended
            assert bool(m.end_reason) == ended
            assert m.ended_on is None or m.ended_on > m.joined_on


def test_partnerships_reach_public_and_private_bodies(plans: dict[str, CoalitionPlan]) -> None:
    for plan in plans.values():
        macros = {SECTOR_TO_MACRO[plan.organisations[p.org].sector] for p in plan.partnerships}
        assert {"PUBLIC", "PRIVATE"} <= macros, plan.slug
        assert all(0 <= p.level <= 5 and p.purposes for p in plan.partnerships)


def test_confidential_engagements_involve_police_or_government(
    plans: dict[str, CoalitionPlan],
) -> None:
    for plan in plans.values():
        closed = [
            e for e in plan.engagements if e.confidentiality in {"CONFIDENTIAL", "RESTRICTED"}
        ]
        assert any(e.confidentiality == "RESTRICTED" for e in closed), plan.slug
        with_state = [
            e
            for e in closed
            if any(
                SECTOR_TO_MACRO[plan.organisations[c].sector] == "PUBLIC" for c in e.counterparts
            )
        ]
        assert len(with_state) >= len(closed) / 2


def test_an_engagement_never_has_the_same_organisation_lead_and_counterpart(
    plans: dict[str, CoalitionPlan],
) -> None:
    for plan in plans.values():
        for e in plan.engagements:
            assert e.leads
            assert e.counterparts
            assert not set(e.leads) & set(e.counterparts)
            assert e.end_date is None or e.end_date >= e.date


def test_strategies_address_tensions_observed_before_they_were_adopted(
    plans: dict[str, CoalitionPlan],
) -> None:
    for plan in plans.values():
        assert len(plan.tensions) >= 5
        assert len(plan.strategies) >= 4
        for s in plan.strategies:
            assert s.tensions
            if s.adopted_on is not None:
                assert all(plan.tensions[t].observed_on <= s.adopted_on for t in s.tensions)
        assert all(t.parties for t in plan.tensions)


def test_observations_give_staff_members_and_funding_every_year(
    plans: dict[str, CoalitionPlan],
) -> None:
    for plan in plans.values():
        years = {(o.kind, o.observed_on.year) for o in plan.observations}
        for kind in ("STAFF", "MEMBERS", "FUNDING"):
            assert {(kind, y) for y in range(2019, 2027)} <= years
        assert all(o.currency == "USD" for o in plan.observations if o.kind == "FUNDING")
        assert dt.date(2026, 6, 30) in {o.observed_on for o in plan.observations}

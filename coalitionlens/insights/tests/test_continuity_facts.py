"""Continuity risk from the database (issue 18): ties that hang on one focal point, focal points
about to leave; the facts and findings carry organisations, never a person's name."""

from __future__ import annotations

import datetime as dt

import pytest

from coalitionlens.coalitions.tests.factories import (
    FocalPointFactory,
    OrganisationFactory,
    core_sector,
)
from coalitionlens.engagements.models import Participation
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.insights.facts import coalition_findings, continuity_facts

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def _world(cast, *, second_person: bool):
    aid = OrganisationFactory(coalition=cast.lens, name="Harbour Aid")
    ministry = OrganisationFactory(
        coalition=cast.lens, name="Fictional Ministry", sector=core_sector("GOVERNMENT")
    )
    one = FocalPointFactory(organisation=aid, name="Sentinel Person One")
    two = FocalPointFactory(organisation=aid, name="Sentinel Person Two")
    for i in range(4):
        e = EngagementFactory(coalition=cast.lens, date=TODAY - dt.timedelta(days=30 * (i + 1)))
        e.participations.all().delete()
        Participation.objects.create(
            coalition=cast.lens, engagement=e, organisation=aid, role="LEAD"
        )
        Participation.objects.create(
            coalition=cast.lens, engagement=e, organisation=ministry, role="COUNTERPART"
        )
        e.focal_points.add(two if (second_person and i == 3) else one)
    return aid, one


def test_government_ties_all_through_one_focal_point_raise_a_finding(cast):
    _world(cast, second_person=False)
    facts = continuity_facts(cast.lens, "coordinator", today=TODAY)
    assert ("Harbour Aid", "GOVERNMENT", 4) in facts["single_person_ties"]
    findings = [
        f for f in coalition_findings(cast.lens, "analyst", today=TODAY)
        if f.rule == "SINGLE_PERSON_TIES"
    ]  # fmt: skip
    assert [f.parties for f in findings] == [("Harbour Aid",)]
    assert "handover-file" in findings[0].exercises
    assert "Sentinel" not in findings[0].signal


def test_ties_carried_by_two_people_raise_nothing(cast):
    _world(cast, second_person=True)
    facts = continuity_facts(cast.lens, "coordinator", today=TODAY)
    assert not [t for t in facts["single_person_ties"] if t[:2] == ("Harbour Aid", "GOVERNMENT")]


def test_a_focal_point_leaving_within_90_days_raises_a_finding_without_the_name(cast):
    _aid, one = _world(cast, second_person=True)
    one.expected_until = TODAY + dt.timedelta(days=45)
    one.save()
    findings = [
        f for f in coalition_findings(cast.lens, "analyst", today=TODAY)
        if f.rule == "FOCAL_POINT_LEAVING"
    ]  # fmt: skip
    assert len(findings) == 1
    assert findings[0].exercises == ("handover-file",)
    assert "Harbour Aid" in findings[0].signal
    assert "Sentinel" not in findings[0].signal
    assert "Sentinel" not in str(findings[0].to_dict())


def test_a_focal_point_leaving_later_or_with_no_date_raises_nothing(cast):
    _aid, one = _world(cast, second_person=True)
    assert continuity_facts(cast.lens, "coordinator", today=TODAY)["focal_points_leaving"] == ()
    one.expected_until = TODAY + dt.timedelta(days=150)
    one.save()
    findings = coalition_findings(cast.lens, "analyst", today=TODAY)
    assert not [f for f in findings if f.rule == "FOCAL_POINT_LEAVING"]


def test_a_focal_point_is_leaving_only_once_it_has_started(cast):
    """A report for a past day reads the focal points serving then: one who started later is not
    "about to leave" on that day, and is once started."""
    _aid, one = _world(cast, second_person=True)
    two = one.organisation.focal_points.exclude(pk=one.pk).get()
    two.since = TODAY + dt.timedelta(days=10)
    two.expected_until = TODAY + dt.timedelta(days=40)
    two.save()
    assert continuity_facts(cast.lens, "coordinator", today=TODAY)["focal_points_leaving"] == ()
    later = continuity_facts(cast.lens, "coordinator", today=TODAY + dt.timedelta(days=20))
    assert later["focal_points_leaving"] == (("Harbour Aid", 20),)

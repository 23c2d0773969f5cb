"""A report for a past day states the findings of that day: its diagnosis facts
(:func:`coalitionlens.insights.facts.coalition_facts`, the diagnostics page's, given the report's
day) read the network and the records as they stood then, as the role may see them."""

from __future__ import annotations

import datetime as dt

import pytest

from coalitionlens.coalitions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    core_sector,
)
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.insights.facts import coalition_facts, coalition_findings
from coalitionlens.insights.networks import filters_as_of, network_view
from coalitionlens.reports.selectors import report_data

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
RULE = "SECRETARIAT_DEPENDENCE"


def _engagement(lens, days_ago, lead, *counterparts, confidentiality="INTERNAL"):
    e = Engagement.objects.create(
        coalition=lens,
        date=TODAY - dt.timedelta(days=days_ago),
        practice_type="JOINT_EVENT",
        title=f"Joint event {days_ago} days ago",
        confidentiality=confidentiality,
    )
    Participation.objects.create(coalition=lens, engagement=e, organisation=lead, role="LEAD")
    for org in counterparts:
        Participation.objects.create(
            coalition=lens, engagement=e, organisation=org, role="COUNTERPART"
        )
    return e


def _star_then_triangle(cast, *, secret_days_ago=None):
    """A secretariat that, 200 days ago, alone joined a civil member, a ministry and a business
    (every cross-sector path through it); 2 days ago the three met without it. With
    ``secret_days_ago``, they met without it then too, in a confidential engagement."""
    lens = cast.lens
    lens.secretariat = OrganisationFactory(
        coalition=lens, name="Harbour Secretariat", sector=core_sector("CIVIL_SOCIETY")
    )
    lens.save()
    civil = OrganisationFactory(coalition=lens, sector=core_sector("CIVIL_SOCIETY"))
    ministry = OrganisationFactory(coalition=lens, sector=core_sector("GOVERNMENT"))
    business = OrganisationFactory(coalition=lens, sector=core_sector("BUSINESS"))
    MembershipFactory(organisation=civil, joined_on=TODAY - dt.timedelta(days=400))
    for org in (ministry, business):
        PartnershipFactory(organisation=org, started_on=TODAY - dt.timedelta(days=400))
    for org in (civil, ministry, business):
        _engagement(lens, 200, lens.secretariat, org)
    _engagement(lens, 2, civil, ministry, business)
    if secret_days_ago is not None:
        _engagement(lens, secret_days_ago, civil, ministry, business, confidentiality="RESTRICTED")
    return lens


def _report_findings(lens, role, day):
    report = report_data(coalition=lens, role=role, lang="en", today=day)
    return [i["title"] for i in next(s for s in report.sections if s.anchor == "findings").items]


def _rules(lens, role, day=None):
    return {f.rule for f in coalition_findings(lens, role, today=day)}


def test_a_past_dated_reports_findings_describe_its_day_not_today(cast):
    lens = _star_then_triangle(cast)
    past = TODAY - dt.timedelta(days=100)
    then = coalition_facts(lens, "coordinator", today=past)
    now = coalition_facts(lens, "coordinator")
    # the facts read the network of their day: the map's, until that day
    assert then.network == network_view(lens, "coordinator", filters_as_of(past)).summary
    assert now.network == network_view(lens, "coordinator").summary
    assert then.network["dependence_on_secretariat"] == pytest.approx(1.0)
    assert now.network["dependence_on_secretariat"] == pytest.approx(0.0)
    assert (then.engagements, now.engagements) == (3, 4)
    # 100 days ago every cross-sector path ran through the secretariat; today none does
    assert RULE in _rules(lens, "coordinator", past)
    assert RULE not in _rules(lens, "coordinator")
    dependence = next(
        f for f in coalition_findings(lens, "coordinator", today=past) if f.rule == RULE
    )
    assert str(dependence.title) in _report_findings(lens, "coordinator", past)
    assert str(dependence.title) not in _report_findings(lens, "coordinator", TODAY)


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_a_past_days_findings_hide_the_tie_a_role_may_not_read(cast, role):
    """The confidential engagement of 10 days ago, where the three met without the secretariat,
    lifts the coordinator's dependence on the secretariat 5 days ago; a member's or a viewer's facts
    of that day read the network as the role may see it, as today's do: the secretariat alone."""
    lens = _star_then_triangle(cast, secret_days_ago=10)
    past = TODAY - dt.timedelta(days=5)
    theirs = coalition_facts(lens, role, today=past)
    coordinators = coalition_facts(lens, "coordinator", today=past)
    assert theirs.network == network_view(lens, role, filters_as_of(past)).summary
    assert theirs.network["ties"] < coordinators.network["ties"]
    assert theirs.network["dependence_on_secretariat"] == pytest.approx(1.0)
    assert coordinators.network["dependence_on_secretariat"] == pytest.approx(0.0)
    assert RULE in _rules(lens, role, past)
    assert RULE not in _rules(lens, "coordinator", past)
    # ... and today, when the three met openly, nobody's network hangs on the secretariat
    assert RULE not in _rules(lens, role)
    titles = _report_findings(lens, role, past)
    assert any("secretariat" in t.lower() for t in titles), titles

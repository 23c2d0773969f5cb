"""Survivor inclusion (:mod:`coalitionlens.insights.inclusion`): the figures, and what a role may
see of them — a counterpart of an engagement the role may not read moves no figure shown to it, on
the dashboard panel, through the API, in the comparison and in a report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    UnitMemberFactory,
    core_sector,
)
from coalitionlens.engagements.models import Participation
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.insights.comparison import compare_coalitions
from coalitionlens.insights.inclusion import survivor_inclusion
from coalitionlens.insights.networks import NetworkFilters, filters_as_of, network_view
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.reports.selectors import report_data

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _coalition(cast, secret_days_ago=0):
    """Six grown organisations (two civil members), a board and a working group, and two
    survivor-led members: one on the working group, leading an engagement; one only a counterpart
    of a confidential engagement (which the member role may not read), ``secret_days_ago``."""
    lens = cast.lens
    orgs = grow(lens, 6)
    leader = OrganisationFactory(coalition=lens, name="Rising Voices Circle", survivor_led=True)
    hidden = OrganisationFactory(
        coalition=lens, name="Hidden Survivors Network", sector=core_sector("SURVIVOR_LED")
    )
    for org in (leader, hidden):
        MembershipFactory(organisation=org)
    board = UnitFactory(coalition=lens, kind="BOARD", name="Board")
    group = UnitFactory(coalition=lens, kind="WORKING_GROUP", name="Outreach")
    UnitMemberFactory(unit=board, organisation=orgs[0])
    UnitMemberFactory(unit=board, organisation=orgs[3])
    UnitMemberFactory(unit=group, organisation=leader)
    UnitMemberFactory(unit=group, organisation=orgs[0])
    UnitMemberFactory(unit=group, organisation=hidden, until=TODAY - dt.timedelta(days=1))
    led = EngagementFactory(coalition=lens, date=TODAY - dt.timedelta(days=20))
    Participation.objects.create(coalition=lens, engagement=led, organisation=leader, role="LEAD")
    secret = EngagementFactory(
        coalition=lens,
        date=TODAY - dt.timedelta(days=secret_days_ago),
        confidentiality="RESTRICTED",
    )
    Participation.objects.create(
        coalition=lens, engagement=secret, organisation=orgs[0], role="LEAD"
    )
    Participation.objects.create(
        coalition=lens, engagement=secret, organisation=hidden, role="COUNTERPART"
    )
    return lens, leader, hidden


def test_the_shares_of_members_seats_and_leads(cast):
    lens, _leader, _hidden = _coalition(cast)
    inc = survivor_inclusion(lens, "coordinator")
    assert inc.members == 5  # three grown civil members, two survivor-led; no secretariat
    assert inc.survivor_members == 2
    assert inc.member_share == 0.4
    units = {u.kind: u for u in inc.units}
    assert (units["BOARD"].seats, units["BOARD"].survivor_seats) == (2, 0)
    # the hidden network's seat ended yesterday: not a current seat
    assert (units["WORKING_GROUP"].seats, units["WORKING_GROUP"].survivor_seats) == (2, 1)
    assert inc.on_board == 0
    assert inc.seated == 1
    assert inc.leading == 1
    assert inc.seat_share == 0.25
    assert inc.survivor_led_engagements == 1
    assert inc.engagements >= 7
    assert inc.with_voice == 1


def test_centrality_is_the_network_pages_for_the_role(cast):
    lens, _leader, hidden = _coalition(cast)
    for role in ("coordinator", "member", "viewer", "analyst"):
        view = network_view(lens, role)
        inc = survivor_inclusion(lens, role)
        degree = next(c for c in inc.centrality if c.measure == "degree")
        survivors = [pk for pk in (hidden.pk, _leader.pk) if pk in view.organisations.index]
        expected = view.organisations.loc[survivors, "degree"].astype(float).mean()
        assert degree.survivor_mean == pytest.approx(expected), role
    coordinator = next(c for c in survivor_inclusion(lens, "coordinator").centrality)
    member = next(c for c in survivor_inclusion(lens, "member").centrality)
    # the confidential tie counts for the coordinator, never for the member
    assert coordinator.survivor_mean > member.survivor_mean


@pytest.mark.parametrize("who", ["bob", "vic"])
def test_a_role_that_may_not_read_the_tie_never_sees_it_through_any_door(client, cast, who):
    lens, _leader, _hidden = _coalition(cast)
    role = {"bob": "member", "vic": "viewer"}[who]

    def mean_degree(r):
        return next(c for c in survivor_inclusion(lens, r).centrality).survivor_mean

    assert mean_degree(role) != pytest.approx(mean_degree("coordinator"))
    client.force_login(getattr(cast, who))
    api = client.get(f"/api/v1/coalitions/{lens.slug}/survivor-inclusion").json()
    assert api["centrality"][0]["survivor_mean"] == pytest.approx(mean_degree(role))
    page = client.get(reverse("insights_dashboard", args=[lens.slug])).content.decode()
    panel = page.split('data-testid="survivor-inclusion"', 1)[1].split("</section>", 1)[0]
    assert "Survivor-led members" in panel

    def compared(r):
        table = compare_coalitions([(lens, r)])
        return next(v for _s, m, v in table.rows if m.startswith("Mean degree"))

    assert compared(role) != compared("coordinator")

    def chapter(r):
        report = report_data(coalition=lens, role=r, lang="en", today=TODAY)
        return next(s for s in report.sections if s.anchor == "survivor-inclusion").tables[0]

    assert chapter(role)["rows"] != chapter("coordinator")["rows"]


def test_a_stranger_gets_no_figure(client, cast):
    lens, _leader, _hidden = _coalition(cast)
    client.force_login(cast.dave)
    assert client.get(f"/api/v1/coalitions/{lens.slug}/survivor-inclusion").status_code == 404


def test_without_survivor_led_members_every_share_is_empty(cast):
    grow(cast.lens, 4)
    inc = survivor_inclusion(cast.lens, "coordinator")
    assert inc.survivor_members == 0
    assert inc.seat_share is None
    assert inc.leading == 0


def _ties_that_change(cast):
    """A survivor-led member and another member, both since 400 days ago, each tied to the
    secretariat: the survivor-led one shared an engagement with two organisations 200 days ago;
    the other shared one with two organisations (one the same) 10 days ago."""
    lens = cast.lens
    lens.secretariat = OrganisationFactory(coalition=lens, name="Lens secretariat")
    lens.save()
    joined = TODAY - dt.timedelta(days=400)
    survivor = OrganisationFactory(coalition=lens, name="Rising Voices Circle", survivor_led=True)
    other = OrganisationFactory(coalition=lens, name="Other member")
    for org in (survivor, other):
        MembershipFactory(organisation=org, joined_on=joined)
    shared = OrganisationFactory(coalition=lens, name="Shared counterpart")
    for org, days in ((survivor, 200), (other, 10)):
        # the factory adds a lead of its own: each engagement has three organisations
        e = EngagementFactory(coalition=lens, date=TODAY - dt.timedelta(days=days))
        for counterpart in (org, shared):
            Participation.objects.create(
                coalition=lens, engagement=e, organisation=counterpart, role="COUNTERPART"
            )
    return lens


def test_centrality_follows_the_indicators_date(cast):
    lens = _ties_that_change(cast)
    past = TODAY - dt.timedelta(days=100)
    degree_now = next(c for c in survivor_inclusion(lens, "coordinator").centrality)
    degree_then = next(c for c in survivor_inclusion(lens, "coordinator", past).centrality)
    assert degree_now.measure == degree_then.measure == "degree"
    # today: each member has the secretariat and two organisations of its engagement
    assert (degree_now.survivor_mean, degree_now.others_mean) == (3, 3)
    # 100 days ago the other member's engagement had not happened: only the secretariat
    assert (degree_then.survivor_mean, degree_then.others_mean) == (3, 1)
    # ... and that is the network map's own analysis of the network until that day
    until = network_view(lens, "coordinator", NetworkFilters(end=past + dt.timedelta(days=1)))
    assert until.organisations["degree"].max() == 3


def test_a_report_for_a_past_period_shows_that_periods_centrality(cast):
    lens = _ties_that_change(cast)

    def degree_row(day):
        report = report_data(coalition=lens, role="coordinator", lang="en", today=day)
        rows = next(s for s in report.sections if s.anchor == "survivor-inclusion").tables[0]
        return next(r for r in rows["rows"] if r[0].startswith("Degree"))[1]

    assert degree_row(TODAY) == "mean 3.00 / 3.00; median 3.00 / 3.00"
    assert degree_row(TODAY - dt.timedelta(days=100)) == "mean 3.00 / 1.00; median 3.00 / 1.00"


def test_a_past_dated_report_reads_the_network_of_its_day(cast):
    """The summary and the network chapter of a report for a past day count the ties of that day,
    the ones its survivor-inclusion chapter reads: not today's network beside that day's members."""
    lens = _ties_that_change(cast)
    past = TODAY - dt.timedelta(days=100)

    def glance(day):
        report = report_data(coalition=lens, role="coordinator", lang="en", today=day)
        rows = next(s for s in report.sections if s.anchor == "summary").tables[0]["rows"]
        return dict(rows)

    then = network_view(lens, "coordinator", filters_as_of(past)).summary
    now = network_view(lens, "coordinator").summary
    assert then["ties"] < now["ties"]
    assert glance(past)["Ties"] == str(then["ties"])
    assert glance(past)["Organisations in the network"] == str(then["organisations"])
    assert glance(TODAY)["Ties"] == str(now["ties"])


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_a_past_days_network_hides_the_tie_a_role_may_not_read(cast, role):
    """The network of a past day (the indicator's and a report's, through ``filters_as_of``) is
    read as the role may see it, as today's is: the confidential engagement of 10 days ago moves
    no figure a member or a viewer reads for 5 days ago, and does move the coordinator's."""
    lens, _leader, _hidden = _coalition(cast, secret_days_ago=10)
    past = TODAY - dt.timedelta(days=5)

    def mean_degree(r):
        return next(c for c in survivor_inclusion(lens, r, past).centrality).survivor_mean

    def ties(r):
        report = report_data(coalition=lens, role=r, lang="en", today=past)
        rows = next(s for s in report.sections if s.anchor == "summary").tables[0]["rows"]
        return int(dict(rows)["Ties"])

    assert mean_degree(role) != pytest.approx(mean_degree("coordinator"))
    assert ties(role) < ties("coordinator")
    shown = network_view(lens, role, filters_as_of(past)).summary["ties"]
    assert ties(role) == shown

"""List pages run a constant number of queries whatever the data size (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalitionlens.coalitions.models import Sector
from coalitionlens.coalitions.tests.factories import (
    GovernmentSeatFactory,
    MembershipFactory,
    ObservationFactory,
    OrganisationFactory,
    PartnershipFactory,
    UnitFactory,
    UnitMemberFactory,
    core_sector,
)
from coalitionlens.engagements.models import Participation
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.tensions.tests.factories import StrategyFactory, TensionFactory

PAGES = [
    "coalition_home",
    "organisation_list",
    "membership_list",
    "partnership_list",
    "unit_list",
    "unitmember_list",
    "seat_list",
    "observation_list",
    "sector_list",
    "engagement_list",
    "tension_list",
    "strategy_list",
    "audit_log",
]


def _grow(coalition, n):
    for _ in range(n):
        org = OrganisationFactory(coalition=coalition)
        MembershipFactory(organisation=org)
        PartnershipFactory(organisation=org)
        unit = UnitFactory(coalition=coalition)
        UnitMemberFactory(unit=unit, organisation=org)
        GovernmentSeatFactory(coalition=coalition)
        ObservationFactory(coalition=coalition)
        e = EngagementFactory(coalition=coalition)
        Participation.objects.create(
            coalition=coalition, engagement=e, organisation=org, role="COUNTERPART"
        )
        t = TensionFactory(coalition=coalition)
        t.parties.add(org)
        s = StrategyFactory(coalition=coalition)
        s.tensions.add(t)
        Sector.objects.create(
            coalition=coalition,
            parent=core_sector("BUSINESS"),
            code=f"SUB_{org.pk}",
            name=f"Sub {org.pk}",
            macro_sector="PRIVATE",
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_a_list_page_costs_the_same_queries_at_two_sizes(client, cast, page):
    client.force_login(cast.alice)
    url = reverse(page, args=["lens"])
    client.get(url)  # the first request of a session also writes the session; count steady state
    _grow(cast.lens, 3)
    small = _count(client, url)
    _grow(cast.lens, 20)
    large = _count(client, url)
    assert large == small, f"{page}: {small} queries with 3 rows each, {large} with 23"
    if page == "coalition_home":
        # The home page says what to do next from the dashboard's and the diagnostics' figures
        # (insights.next_steps): after a change of data they are computed once, in a number of
        # queries that does not grow with the data; then read from the shared cache. (56: the
        # diagnostics read the active funding flows, one query, insights.money.flows_on.)
        assert small <= 56
        assert _count(client, url) <= 18
        return
    assert small <= 15

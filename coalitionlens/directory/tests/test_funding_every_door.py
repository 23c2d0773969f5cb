"""Funding flows are confidential (issue 18): coordinators and analysts read them; members, viewers
and another coalition's coordinator never see a flow (its funder as a funder, its amount, band code
or notes) through any door: the organisation pages (detail, search, filters), the home page, the
funding pages themselves (filters and sort included), every read of the REST API and the exports."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import FundingFactory, OrganisationFactory
from coalitionlens.web.tests import doors

NOTE = "Sentinel grant zqfundingdoor"
AMOUNT = "7654321"


@pytest.fixture
def world(cast):
    from coalitionlens.web.tests.test_tenant_isolation import _seed

    objs = _seed(cast.lens)
    donor = OrganisationFactory(coalition=cast.lens, name="Fictional Door Donor")
    funding = FundingFactory(
        funder=donor,
        recipient=objs["organisation"],
        amount_band="F_OVER_1M",
        amount=AMOUNT,
        currency="USD",
        notes=NOTE,
    )
    return {**objs, "funding": funding, "donor": donor}


def _pages(world):
    f, donor, org = world["funding"], world["donor"], world["organisation"]
    listing = reverse("funding_list", args=["lens"])
    return [
        reverse("coalition_home", args=["lens"]),
        reverse("organisation_detail", args=["lens", donor.pk]),
        reverse("organisation_detail", args=["lens", org.pk]),
        reverse("organisation_list", args=["lens"]) + "?q=zqfundingdoor",
        listing,
        listing + f"?funder={donor.pk}&band=F_OVER_1M&sort=band&active_on=2025-01-01",
        listing + f"?recipient={org.pk}&sort=-started_on",
        reverse("funding_detail", args=["lens", f.pk]),
        reverse("funding_edit", args=["lens", f.pk]),
        reverse("funding_delete", args=["lens", f.pk]),
        reverse("funding_create", args=["lens"]),
    ]


#: What shows a flow: its notes, amount and band code, the organisation page's funding section.
FLOW = (NOTE, AMOUNT, "F_OVER_1M", "Gives to", "Receives from", 'data-testid="fundings"')
#: What a page echoes of the asker's own query (the search box, the language switch's link).
ECHOED = ('value="zqfundingdoor"', "band=F_OVER_1M", "band%3DF_OVER_1M")


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_coordinators_and_analysts_see_the_flow_on_the_organisation_page(client, cast, world, who):
    client.force_login(getattr(cast, who))
    page = client.get(reverse("organisation_detail", args=["lens", world["donor"].pk]))
    assert 'data-testid="fundings"' in page.content.decode()
    assert "Gives to" in page.content.decode()
    detail = client.get(reverse("funding_detail", args=["lens", world["funding"].pk]))
    assert NOTE in detail.content.decode()


@pytest.mark.parametrize("role", ["member", "viewer", doors.OTHER_COORDINATOR])
def test_no_other_role_sees_a_funding_flow_on_any_page(client, cast, world, role):
    doors.enter(client, cast, role)
    opened = doors.assert_no_door_shows(
        client, _pages(world), FLOW, who=role, echoed=ECHOED, refused_at="/fundings/"
    )
    assert opened == len(_pages(world))
    if role != doors.OTHER_COORDINATOR:
        # The navigation offers no funding page, and a search by a funding's notes finds nothing.
        home = client.get(reverse("coalition_home", args=["lens"])).content.decode()
        assert reverse("funding_list", args=["lens"]) not in home
        found = client.get(reverse("organisation_list", args=["lens"]), {"q": "zqfundingdoor"})
        assert "Fictional Door Donor" not in found.content.decode().split("<tbody>", 1)[1]


@pytest.mark.parametrize("way", ["token", "session"])
@pytest.mark.parametrize("role", ["member", "viewer"])
def test_no_api_read_shows_a_funding_flow(client, cast, settings, world, role, way):
    """Every read operation of the API (found in its OpenAPI document)."""
    read = doors.assert_no_api_read_shows(
        client, cast, settings, world, FLOW, role=role, way=way, refused_at="/fundings"
    )
    assert read > 10


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_no_export_carries_a_funding_flow_for_members_and_viewers(client, cast, world, role):
    from coalitionlens.transfer.exports import export_bytes

    def export(safe: bool) -> doors.Door:
        def text() -> str:
            data = export_bytes(coalition=cast.lens, role=role, fmt="json", safe=safe)
            return json.dumps(json.loads(data))

        return doors.Door(f"the JSON export (safe={safe})", text)

    files = [export(safe) for safe in (False, True)]
    assert doors.assert_no_door_shows(client, files, FLOW, who=role) == 2
    analyst = export_bytes(coalition=cast.lens, role="analyst", fmt="json").decode()
    assert NOTE in analyst
    assert AMOUNT in analyst

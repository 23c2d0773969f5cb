"""Focal points are personal data (issue 18): a coordinator of the coalition reads and writes them;
every other role, and another coalition's coordinator, never sees a focal point's name, through any
door: the organisation and engagement pages, directory search, filters and sort, the focal-point
pages themselves, the home, diagnostics, a report, and every read of the REST API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from coalitionlens.coalitions.models import FocalPoint
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.engagements.models import Participation
from coalitionlens.reports.services import report_build
from coalitionlens.web.tests import doors

NAME = "Sentinel Focal Sopheap"
EMAIL = "sopheap.sentinel@harbour.example"
#: What no door may show a role other than the coalition's coordinators.
PERSON = (NAME, EMAIL)


@pytest.fixture
def world(cast):
    from coalitionlens.web.tests.test_tenant_isolation import _seed

    objs = _seed(cast.lens)
    org = objs["organisation"]
    ministry = OrganisationFactory(
        coalition=cast.lens, name="Fictional Ministry", sector=core_sector("GOVERNMENT")
    )
    person = FocalPoint.objects.create(
        coalition=cast.lens,
        organisation=org,
        name=NAME,
        role_title="Referral officer",
        work_email=EMAIL,
        expected_until=dt.date.today() + dt.timedelta(days=30),
    )
    e = objs["engagement"]
    Participation.objects.create(coalition=cast.lens, engagement=e, organisation=org, role="LEAD")
    Participation.objects.create(
        coalition=cast.lens, engagement=e, organisation=ministry, role="COUNTERPART"
    )
    e.focal_points.add(person)
    return {**objs, "person": person, "ministry": ministry}


def _pages(world):
    org, e, p = world["organisation"], world["engagement"], world["person"]
    return [
        reverse("coalition_home", args=["lens"]),
        reverse("organisation_detail", args=["lens", org.pk]),
        reverse("organisation_list", args=["lens"]) + f"?q={NAME}",
        reverse("organisation_list", args=["lens"]) + "?q=Sopheap&sort=name",
        reverse("engagement_detail", args=["lens", e.pk]),
        reverse("engagement_list", args=["lens"]) + f"?q={NAME}&organisation={org.pk}",
        reverse("insights_diagnostics", args=["lens"]),
        reverse("focalpoint_list", args=["lens"]),
        reverse("focalpoint_detail", args=["lens", p.pk]),
        reverse("focalpoint_edit", args=["lens", p.pk]),
        reverse("focalpoint_delete", args=["lens", p.pk]),
        reverse("focalpoint_create", args=["lens"]),
    ]


def test_a_coordinator_sees_the_focal_points_on_the_organisation_and_engagement_pages(
    client, cast, world
):
    client.force_login(cast.alice)
    org_page = client.get(reverse("organisation_detail", args=["lens", world["organisation"].pk]))
    assert NAME in org_page.content.decode()
    engagement = client.get(reverse("engagement_detail", args=["lens", world["engagement"].pk]))
    assert NAME in engagement.content.decode()
    listing = client.get(reverse("focalpoint_list", args=["lens"]))
    assert listing.status_code == 200
    assert NAME in listing.content.decode()


@pytest.mark.parametrize("role", ["member", "analyst", "viewer", doors.OTHER_COORDINATOR])
def test_no_other_role_sees_a_focal_points_name_on_any_page(client, cast, world, role):
    doors.enter(client, cast, role)
    opened = doors.assert_no_door_shows(
        client,
        _pages(world),
        PERSON,
        who=role,
        echoed=[f'value="{NAME}"'],  # the search box echoes
        refused_at="focal-points",
    )
    assert opened == len(_pages(world))
    if role != doors.OTHER_COORDINATOR:
        # Searching by a focal point's name finds nothing: the search reads no focal point.
        found = client.get(reverse("organisation_list", args=["lens"]), {"q": "Sopheap"})
        assert "lens shelter" not in found.content.decode()


@pytest.mark.parametrize("role", ["member", "analyst", "viewer"])
def test_no_other_role_can_write_a_focal_point(client, cast, world, role):
    client.force_login(cast.by_role()[role])
    p = world["person"]
    edit = client.post(
        reverse("focalpoint_edit", args=["lens", p.pk]),
        {"organisation": p.organisation_id, "name": "Changed"},
    )
    assert edit.status_code == 403
    assert client.post(reverse("focalpoint_delete", args=["lens", p.pk])).status_code == 403
    assert FocalPoint.objects.get(pk=p.pk).name == NAME


def test_a_coordinator_adds_a_focal_point_from_the_organisation_page(client, cast, world):
    client.force_login(cast.alice)
    org = world["organisation"]
    form_url = reverse("focalpoint_create", args=["lens"]) + f"?organisation={org.pk}"
    form = client.get(form_url).content.decode()
    key = re.search(r'name="once_key" value="([0-9a-f]{32})"', form).group(1)
    response = client.post(
        form_url,
        {
            "once_key": key,
            "organisation": org.pk,
            "name": "Fictional Dara",
            "role_title": "Legal aid lead",
            "since": "2024-03-01",
            "languages": "km, en",
        },
    )
    assert response.status_code == 302
    assert FocalPoint.objects.filter(organisation=org, name="Fictional Dara").exists()
    from coalitionlens.audit.models import AuditEntry

    assert AuditEntry.objects.filter(coalition_id=cast.lens.pk, summary__contains="Dara").exists()


@pytest.mark.parametrize("way", ["token", "session"])
@pytest.mark.parametrize("role", ["member", "analyst", "viewer"])
def test_no_api_read_shows_a_focal_points_name(client, cast, settings, world, role, way):
    """Every read operation of the API (found in its OpenAPI document); the focal points' own
    reads refuse, as other coordinator-only reads do."""
    read = doors.assert_no_api_read_shows(
        client, cast, settings, world, PERSON, role=role, way=way, refused_at="/focal-points"
    )
    assert read > 10


@pytest.mark.parametrize("role", ["analyst", "coordinator"])
def test_no_report_names_a_focal_point(client, cast, world, role):
    """Reports carry the continuity findings (a focal point leaves in 30 days), never the name."""
    data = report_build(coalition=cast.lens, role=role, fmt="html", lang="en")
    text = data.decode("utf-8", "replace")
    assert "expected to leave" in text
    report = doors.Door(f"the report for {role}s", lambda: text)
    assert doors.assert_no_door_shows(client, [report], PERSON, who=role) == 1

"""The REST API's focal points (``/api/v1/coalitions/{slug}/focal-points``): read only, and read by
the coalition's coordinators alone, as their pages are (personal data: ``cl.view_focal_points``)."""

from __future__ import annotations

from typing import Any

import pytest

from coalitionlens.coalitions.tests.factories import FocalPointFactory
from coalitionlens.conftest import Cast
from coalitionlens.web.tests import doors

NAME = "Fictional Focal Chanthou"


@pytest.fixture
def person(cast: Cast) -> Any:
    return FocalPointFactory(
        organisation__coalition=cast.lens, name=NAME, work_email="chanthou@harbour.example"
    )


def test_a_coordinator_lists_and_reads_the_focal_points(
    client: Any, cast: Cast, person: Any
) -> None:
    client.force_login(cast.alice)
    [shown] = client.get("/api/v1/coalitions/lens/focal-points").json()["results"]
    assert (shown["id"], shown["name"], shown["work_email"]) == (
        person.pk,
        NAME,
        "chanthou@harbour.example",
    )
    assert shown["organisation"] == person.organisation_id
    one = client.get(f"/api/v1/coalitions/lens/focal-points/{person.pk}").json()
    assert one["role_title"] == "Programme officer"


@pytest.mark.parametrize("way", ["session", "token"])
@pytest.mark.parametrize("role", ["member", "analyst", "viewer"])
def test_no_other_role_reads_a_focal_point(
    client: Any, cast: Cast, person: Any, role: str, way: str
) -> None:
    headers = doors.enter(client, cast, role, way=way)  # a token: the token's role decides
    reads = [
        "/api/v1/coalitions/lens/focal-points",
        f"/api/v1/coalitions/lens/focal-points/{person.pk}",
    ]
    # refused as other coordinator-only reads are
    opened = doors.assert_no_door_shows(
        client, reads, [NAME], who=(role, way), headers=headers, refused_at="", refused=(403,)
    )
    assert opened == 2


def test_another_coalitions_coordinator_reads_none(client: Any, cast: Cast, person: Any) -> None:
    doors.enter(client, cast, doors.OTHER_COORDINATOR)
    reads = [
        "/api/v1/coalitions/lens/focal-points",
        f"/api/v1/coalitions/lens/focal-points/{person.pk}",
        f"/api/v1/coalitions/other/focal-points/{person.pk}",
    ]
    opened = doors.assert_no_door_shows(client, reads, [NAME], who="dave", refused_at="")
    assert opened == 3
    assert client.get("/api/v1/coalitions/other/focal-points").json()["results"] == []


def test_the_api_writes_no_focal_point(client: Any, cast: Cast, person: Any) -> None:
    client.force_login(cast.alice)
    response = client.post(
        "/api/v1/coalitions/lens/focal-points",
        {"name": "Fictional Other", "organisation": person.organisation_id},
        content_type="application/json",
    )
    assert response.status_code == 405

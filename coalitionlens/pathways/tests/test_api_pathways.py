"""The REST API's pathway records (``/api/v1/coalitions/{slug}/services``, ``referrals``,
``sub-stages``, ``coverage``): read only, what the pages show, to every role of the coalition and
nobody else."""

from __future__ import annotations

from typing import Any

import pytest

from coalitionlens.conftest import Cast
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.pathways.tests.factories import (
    ReferralTieFactory,
    ServiceFactory,
    SubStageFactory,
)


@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_every_role_reads_services_ties_and_coverage(client: Any, cast: Cast, role: str) -> None:
    tie = ReferralTieFactory(
        from_service__organisation__coalition=cast.lens, to_service__provinces=["North"]
    )
    client.force_login(cast.by_role()[role])
    services = client.get("/api/v1/coalitions/lens/services").json()["results"]
    assert {s["id"] for s in services} == {tie.from_service_id, tie.to_service_id}
    north = client.get("/api/v1/coalitions/lens/services", {"stage": "SHELTER"}).json()["results"]
    assert [s["provinces"] for s in north] == [["North"]]
    [shown] = client.get("/api/v1/coalitions/lens/referrals").json()["results"]
    assert (shown["from_service"], shown["to_service"]) == (tie.from_service_id, tie.to_service_id)
    coverage = client.get("/api/v1/coalitions/lens/coverage", {"province": "North"}).json()
    assert coverage["province"] == "North"
    [row] = coverage["rows"]
    assert [c["flag"] for c in row["cells"]][:3] == ["fragile", "gap", "fragile"]


def test_a_tie_never_tells_the_engagement_it_rests_on(client: Any, cast: Cast) -> None:
    secret = EngagementFactory(
        coalition=cast.lens, practice_type="MOU", confidentiality="RESTRICTED", title="Secret MOU"
    )
    tie = ReferralTieFactory(from_service__organisation__coalition=cast.lens, engagement=secret)
    client.force_login(cast.vic)
    body = client.get(f"/api/v1/coalitions/lens/referrals/{tie.pk}").content
    assert b"Secret MOU" not in body
    assert b"engagement" not in body
    page = client.get(f"/c/lens/referrals/{tie.pk}/").content
    assert b"Secret MOU" not in page


def test_the_api_is_read_only(client: Any, cast: Cast) -> None:
    client.force_login(cast.alice)
    for url in (
        "/api/v1/coalitions/lens/services",
        "/api/v1/coalitions/lens/referrals",
        "/api/v1/coalitions/lens/sub-stages",
        "/api/v1/coalitions/lens/coverage",
    ):
        refused = client.post(url, {}, content_type="application/json")
        assert refused.status_code == 405, url


def test_a_bad_filter_is_refused_by_name(client: Any, cast: Cast) -> None:
    client.force_login(cast.alice)
    answer = client.get("/api/v1/coalitions/lens/coverage", {"population": "ALIENS"})
    assert answer.status_code == 422
    assert "population" in answer.content.decode()


def test_nobody_of_another_coalition_reads_any_of_it(client: Any, cast: Cast) -> None:
    tie = ReferralTieFactory(from_service__organisation__coalition=cast.lens)
    substage = SubStageFactory(coalition=cast.lens)
    ServiceFactory(organisation__coalition=cast.lens, provinces=["North"])
    client.force_login(cast.dave)
    for url in (
        "/api/v1/coalitions/lens/services",
        f"/api/v1/coalitions/lens/services/{tie.from_service_id}",
        "/api/v1/coalitions/lens/referrals",
        f"/api/v1/coalitions/lens/referrals/{tie.pk}",
        "/api/v1/coalitions/lens/sub-stages",
        f"/api/v1/coalitions/lens/sub-stages/{substage.pk}",
        "/api/v1/coalitions/lens/coverage",
    ):
        assert client.get(url).status_code == 404, url
    # Another coalition's province is no choice in one's own: the filter tells nothing of it.
    probe = client.get("/api/v1/coalitions/other/services", {"province": "North"})
    assert probe.status_code == 422
    assert client.get("/api/v1/coalitions/other/services").json()["results"] == []
    assert client.get("/api/v1/coalitions/other/coverage").json()["rows"] == []

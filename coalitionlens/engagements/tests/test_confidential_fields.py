"""Confidential engagement fields are hidden field by field from roles that may not read them."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.engagements.models import Participation
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.web.tests import doors

SECRET_OUTCOME = "Sentinel-outcome-7731"
SECRET_COUNTERPART = "Sentinel Police Unit 5521"
SECRET_FOLLOW_UP = "Sentinel-follow-up-9182"

# role → may read (CONFIDENTIAL, RESTRICTED)
MATRIX = {
    "coordinator": (True, True),
    "analyst": (True, False),
    "member": (False, False),
    "viewer": (False, False),
}


def _engagement(cast, confidentiality):
    e = EngagementFactory(
        coalition=cast.lens,
        title=f"Referral talks {confidentiality}",
        confidentiality=confidentiality,
        outcome_notes=SECRET_OUTCOME,
        follow_up=SECRET_FOLLOW_UP,
        description="Sentinel-description-4410",
    )
    police = OrganisationFactory(
        coalition=cast.lens, name=SECRET_COUNTERPART, sector=core_sector("LAW_ENFORCEMENT")
    )
    Participation.objects.create(
        coalition=cast.lens, engagement=e, organisation=police, role="COUNTERPART"
    )
    return e, police


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("level", ["CONFIDENTIAL", "RESTRICTED"])
def test_sensitive_fields_show_only_to_roles_allowed_by_the_class(client, cast, role, level):
    e, police = _engagement(cast, level)
    client.force_login(cast.by_role()[role])
    allowed = MATRIX[role][0 if level == "CONFIDENTIAL" else 1]
    pages = [
        reverse("engagement_detail", args=["lens", e.pk]),
        reverse("engagement_list", args=["lens"]),
        reverse("organisation_detail", args=["lens", police.pk]),
        reverse("engagement_list", args=["lens"]) + f"?organisation={police.pk}",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        if (
            "<tbody>" in body
        ):  # list pages: the directory itself (filters) may name the organisation
            body = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        for sentinel in (SECRET_OUTCOME, SECRET_FOLLOW_UP, "Sentinel-description-4410"):
            assert (sentinel in body) == (allowed and url == pages[0]), (url, sentinel)
        if url != pages[2]:  # the organisation's own page names it, of course
            assert (SECRET_COUNTERPART in body) == allowed, url
    filtered = client.get(pages[3]).content.decode().split("<tbody>", 1)[1]
    assert (e.title in filtered) == allowed  # filtering by counterpart must not reveal the tie
    detail = client.get(pages[0]).content.decode()
    assert (e.title in detail) == allowed  # titles often name the counterpart
    assert e.get_practice_type_display() in detail  # the non-sensitive fields stay visible
    assert ('data-testid="masked-notice"' in detail) == (not allowed)


def test_an_internal_engagement_shows_everything_to_every_role(client, cast):
    e, _ = _engagement(cast, "INTERNAL")
    for user in cast.by_role().values():
        client.force_login(user)
        body = client.get(reverse("engagement_detail", args=["lens", e.pk])).content.decode()
        assert SECRET_OUTCOME in body
        assert SECRET_COUNTERPART in body


# --- the REST API: every read operation × role, by token and by session --------------------------


def _api_reads(cast, e, police):
    """(operation, URL) of every read operation of the API, its path filled with the fixture
    coalition's records and the hidden engagement and its counterpart where a path names them."""
    from coalitionlens.web.tests import api_routes
    from coalitionlens.web.tests.test_tenant_isolation import _seed

    objs = {**_seed(cast.lens), "engagement": e}
    out = []
    for op in api_routes.operations():
        if op.method != "GET":
            continue
        url = api_routes.fill(op, "lens", objs)
        assert url is not None, f"{op.key}: a path parameter names no seeded record"
        out.append((op, url))
        if "/organisations/{" in op.path:
            out.append((op, api_routes.fill(op, "lens", {**objs, "organisation": police})))
    return out


def _map_tie(data: dict, pk: int) -> bool:
    """Whether the network map's document draws a tie to organisation ``pk``."""
    assert any(n["id"] == pk for n in data["nodes"])  # listed, as on the page
    return any(pk in (t["source"], t["target"]) for t in data["edges"])


def _table_tie(data: dict, pk: int) -> bool:
    """Whether the network table's page gives organisation ``pk`` a tie (degree above 0)."""
    (row,) = [r for r in data["results"] if r["id"] == pk]  # listed, as on the page
    return row["degree"] > 0


#: Reads that list every organisation of the coalition, as their pages do (an organisation's name
#: is not confidential there), with how each shows a tie to one: its ties are checked, not names.
LISTS_EVERY_ORGANISATION = {
    "/api/v1/coalitions/{slug}/network": _map_tie,
    "/api/v1/coalitions/{slug}/network/measures": _table_tie,
}


@pytest.mark.parametrize("way", ["token", "session"])
@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("level", ["CONFIDENTIAL", "RESTRICTED"])
def test_no_api_read_shows_a_sensitive_field_to_a_role_not_allowed_it(
    client, cast, settings, role, level, way
):
    """Every read operation of the API (found in its OpenAPI document, so a new one is covered
    when it is added) as each role: the outcome, follow-up and description of a hidden engagement,
    and its counterpart's tie, appear only for roles the class allows."""
    e, police = _engagement(cast, level)
    # a token: a coordinator's token for the role (the token's role, not the person's, decides)
    headers = doors.enter(client, cast, role, way=way, settings=settings)
    allowed = MATRIX[role][0 if level == "CONFIDENTIAL" else 1]
    seen: set[str] = set()
    ties_checked: set[str] = set()
    reads = _api_reads(cast, e, police)
    for _op, url in reads:
        body = client.get(url, **headers).content.decode()
        for sentinel in (SECRET_OUTCOME, SECRET_FOLLOW_UP, "Sentinel-description-4410"):
            if sentinel in body:
                seen.add(sentinel)
                assert allowed, f"{role} ({way}) reads {sentinel} at {url}"
        if _op.path in LISTS_EVERY_ORGANISATION:
            # the map and its table list every organisation (the directory is not confidential):
            # what must not show is the hidden tie to it
            tie = LISTS_EVERY_ORGANISATION[_op.path](json.loads(body), police.pk)
            assert tie == allowed, f"{role} ({way}) tie to the counterpart at {url}: {tie}"
            ties_checked.add(_op.path)
        elif SECRET_COUNTERPART in body and "/organisations" not in url:
            assert allowed, f"{role} ({way}) reads the hidden counterpart at {url}"
    assert reads, "the API has read operations"
    if allowed and any("/engagements/{" in op.path for op, _u in reads):
        assert SECRET_OUTCOME in seen  # the engagement's own read shows it to its readers
    assert ties_checked == set(LISTS_EVERY_ORGANISATION)  # each such read is still an operation

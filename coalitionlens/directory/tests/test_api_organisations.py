"""The REST API's organisations (``/api/v1/coalitions/{slug}/organisations``): the list page's rows
and filters, paged with ETags; writes through the organisation form and its audited save, with
problem details that say which field, and Idempotency-Key."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.models import Organisation
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.conftest import Cast

LIST = "/api/v1/coalitions/lens/organisations"


def _item(pk: int) -> str:
    return f"/api/v1/coalitions/lens/organisations/{pk}"


def _post(client: Any, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def _patch(client: Any, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def _new(cast: Cast, **extra: Any) -> dict[str, Any]:
    return {"name": "Harbour Outreach", "sector": core_sector("CIVIL_SOCIETY").pk, **extra}


def test_every_role_lists_the_organisations_as_the_list_page_does(client: Any, cast: Cast) -> None:
    OrganisationFactory(coalition=cast.lens, name="Alder Shelter", acronym="AS")
    OrganisationFactory(coalition=cast.other, name="Elsewhere Trust")
    for user in cast.by_role().values():
        client.force_login(user)
        body = client.get(LIST).json()
        assert [r["name"] for r in body["results"]] == ["Alder Shelter"]
        assert body["results"][0]["acronym"] == "AS"
        assert body["count"] == 1


def test_the_filters_are_the_list_pages(client: Any, cast: Cast) -> None:
    OrganisationFactory(
        coalition=cast.lens, name="Alder Shelter", sector=core_sector("CIVIL_SOCIETY")
    )
    OrganisationFactory(
        coalition=cast.lens, name="Border Police", sector=core_sector("LAW_ENFORCEMENT")
    )
    client.force_login(cast.vic)
    page = client.get("/c/lens/organisations/", {"q": "police"}).content.decode()
    names = [r["name"] for r in client.get(LIST, {"q": "police"}).json()["results"]]
    assert names == ["Border Police"]
    assert "Border Police" in page
    assert "Alder Shelter" not in page.split("<tbody>", 1)[1]
    by_sector = client.get(LIST, {"sector": "CIVIL_SOCIETY"}).json()["results"]
    assert [r["name"] for r in by_sector] == ["Alder Shelter"]


def test_an_unknown_filter_value_is_a_problem_at_its_query_parameter(
    client: Any, cast: Cast
) -> None:
    client.force_login(cast.vic)
    answer = client.get(LIST, {"macro_sector": "NOT_A_SECTOR"})
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    assert [e["loc"] for e in answer.json()["errors"]] == [["query", "macro_sector"]]


def test_pages_of_limit_rows_link_to_the_next_and_previous(client: Any, cast: Cast) -> None:
    for i in range(5):
        OrganisationFactory(coalition=cast.lens, name=f"Org {i}")
    client.force_login(cast.carol)
    first = client.get(LIST, {"limit": 2}).json()
    assert first["count"] == 5
    assert [r["name"] for r in first["results"]] == ["Org 0", "Org 1"]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [r["name"] for r in second["results"]] == ["Org 2", "Org 3"]
    assert client.get(second["previous"]).json()["results"] == first["results"]
    last = client.get(second["next"]).json()
    assert [r["name"] for r in last["results"]] == ["Org 4"]
    assert last["next"] is None
    too_many = client.get(LIST, {"limit": 501})
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["loc"] == ["query", "limit"]


def test_a_list_and_an_organisation_answer_304_to_their_etag(client: Any, cast: Cast) -> None:
    org = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    client.force_login(cast.bob)
    for url in (LIST, _item(org.pk)):
        etag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    org.city = "Port Town"
    org.save()
    assert client.get(_item(org.pk), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_stranger_gets_404_for_another_coalitions_organisations(client: Any, cast: Cast) -> None:
    org = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    client.force_login(cast.dave)
    for answer in (
        client.get(LIST),
        client.get(_item(org.pk)),
        _post(client, LIST, _new(cast)),
        _patch(client, _item(org.pk), {"city": "Taken"}),
    ):
        assert answer.status_code == 404
        assert answer["Content-Type"] == "application/problem+json"
    own = OrganisationFactory(coalition=cast.other, name="Elsewhere Trust")
    client.force_login(cast.alice)  # lens' coordinator, asking for other's record under lens
    assert client.get(_item(own.pk)).status_code == 404
    org.refresh_from_db()
    assert org.city == ""
    assert not Organisation.objects.filter(name="Harbour Outreach").exists()


@pytest.mark.parametrize("who", ["bob", "carol", "vic"])
def test_roles_that_may_not_edit_the_directory_get_403_and_write_nothing(
    client: Any, cast: Cast, who: str
) -> None:
    org = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    client.force_login(getattr(cast, who))
    created = _post(client, LIST, _new(cast))
    changed = _patch(client, _item(org.pk), {"city": "Taken"})
    assert (created.status_code, changed.status_code) == (403, 403)
    assert created["Content-Type"] == "application/problem+json"
    org.refresh_from_db()
    assert org.city == ""
    assert not Organisation.objects.filter(name="Harbour Outreach").exists()
    assert AuditEntry.objects.filter(action=Action.DENIED, actor=getattr(cast, who)).count() == 2


def test_a_coordinator_creates_an_organisation_through_the_form_and_it_is_audited(
    client: Any, cast: Cast
) -> None:
    client.force_login(cast.alice)
    answer = _post(client, LIST, _new(cast, city="Port Town", at_risk=True))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert answer["Location"] == _item(body["id"])
    assert body["name"] == "Harbour Outreach"
    assert body["sector_code"] == "CIVIL_SOCIETY"
    org = Organisation.objects.get(pk=body["id"], coalition=cast.lens)
    assert (org.city, org.at_risk) == ("Port Town", True)
    entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(org.pk))
    assert entry.actor == cast.alice
    assert client.get(_item(org.pk)).json() == body


def test_a_change_keeps_the_fields_it_does_not_send(client: Any, cast: Cast) -> None:
    org = OrganisationFactory(coalition=cast.lens, name="Alder Shelter", acronym="AS")
    client.force_login(cast.alice)
    answer = _patch(client, _item(org.pk), {"city": "Port Town"})
    assert answer.status_code == 200, answer.content
    org.refresh_from_db()
    assert (org.name, org.acronym, org.city) == ("Alder Shelter", "AS", "Port Town")
    assert AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(org.pk)).count() == 1


def test_a_member_representative_changes_their_own_organisation_as_on_its_page(
    client: Any, cast: Cast
) -> None:
    from coalitionlens.accounts.models import CoalitionRole

    org = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    CoalitionRole.objects.filter(user=cast.bob, coalition=cast.lens).update(organisation=org)
    client.force_login(cast.bob)
    assert _patch(client, _item(org.pk), {"city": "Port Town"}).status_code == 200
    assert _post(client, LIST, _new(cast)).status_code == 403


def test_what_the_form_refuses_is_a_422_naming_the_field(client: Any, cast: Cast) -> None:
    OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    client.force_login(cast.alice)
    duplicate = _post(client, LIST, _new(cast, name="Alder Shelter"))
    assert duplicate.status_code == 422
    assert duplicate["Content-Type"] == "application/problem+json"
    assert duplicate.json()["errors"][0]["loc"] in (["body", "name"], ["body"])
    foreign = OrganisationFactory(coalition=cast.other, name="Elsewhere Trust")
    wrong_sector = _post(client, LIST, _new(cast, sector=foreign.sector_id + 10_000))
    assert wrong_sector.status_code == 422
    assert [e["loc"] for e in wrong_sector.json()["errors"]] == [["body", "sector"]]
    missing = _post(client, LIST, {"sector": core_sector("CIVIL_SOCIETY").pk})
    assert missing.status_code == 422
    assert ["body", "name"] in [e["loc"] for e in missing.json()["errors"]]
    not_json = client.post(LIST, "{not json", content_type="application/json")
    assert not_json.status_code in (400, 422)
    assert not_json["Content-Type"] == "application/problem+json"
    assert Organisation.objects.filter(coalition=cast.lens).count() == 1


def test_a_resend_with_the_same_idempotency_key_creates_once_and_replays_the_answer(
    client: Any, cast: Cast
) -> None:
    client.force_login(cast.alice)
    key = {"HTTP_IDEMPOTENCY_KEY": "3f1c0c9e-5d5e-4d7e-9a51-0d2c6a7b8c90"}
    first = _post(client, LIST, _new(cast), **key)
    again = _post(client, LIST, _new(cast), **key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert Organisation.objects.filter(name="Harbour Outreach").count() == 1
    assert AuditEntry.objects.filter(action=Action.CREATE, summary="Harbour Outreach").count() == 1
    other_path = _patch(client, first["Location"], {"city": "X"}, **key)
    assert other_path.status_code == 422
    assert other_path.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    fresh = _post(client, LIST, _new(cast), HTTP_IDEMPOTENCY_KEY="another-key")
    assert fresh.status_code == 422  # a new key is a new request: the name is taken


def test_a_refused_request_releases_its_idempotency_key(client: Any, cast: Cast) -> None:
    client.force_login(cast.alice)
    key = {"HTTP_IDEMPOTENCY_KEY": "retry-after-fixing-1"}
    assert (
        _post(client, LIST, {"sector": core_sector("CIVIL_SOCIETY").pk}, **key).status_code == 422
    )
    assert _post(client, LIST, _new(cast), **key).status_code == 201


def test_a_session_write_without_the_csrf_token_is_refused(cast: Cast) -> None:
    from coalitionlens.conftest import passed_second_step

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.alice)
    passed_second_step(browser, cast.alice)
    refused = _post(browser, LIST, _new(cast))
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Organisation.objects.filter(name="Harbour Outreach").exists()
    browser.get("/c/lens/organisations/")  # the page sets the CSRF cookie, as a browser's would
    token = browser.cookies["csrftoken"].value
    accepted = _post(browser, LIST, _new(cast), HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


def test_the_list_reads_in_a_constant_number_of_queries(client: Any, cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(cast.vic)
    client.get(LIST)  # the session's first request also saves it
    OrganisationFactory.create_batch(2, coalition=cast.lens)
    few = count()
    OrganisationFactory.create_batch(8, coalition=cast.lens)
    assert count() == few

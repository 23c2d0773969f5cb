"""The REST API's engagement log (``/api/v1/coalitions/{slug}/engagements``): confidential fields
hidden field by field per role exactly as on the pages, through every door of the API (the record,
the list, its search and its organisation filter); writes through the engagement form and service."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.conftest import Cast
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.engagements.tests.factories import EngagementFactory

LIST = "/api/v1/coalitions/lens/engagements"
SECRET_OUTCOME = "Sentinel-outcome-7731"
SECRET_FOLLOW_UP = "Sentinel-follow-up-9182"
SECRET_DESCRIPTION = "Sentinel-description-4410"
SECRET_COUNTERPART = "Sentinel Police Unit 5521"
SECRET_TITLE = "Referral talks sentinel-title-3307"
SENSITIVE = ("title", "description", "outcome", "outcome_notes", "follow_up", "counterparts")

# role → may read (CONFIDENTIAL, RESTRICTED): the policy the pages follow
MATRIX = {
    "coordinator": (True, True),
    "analyst": (True, False),
    "member": (False, False),
    "viewer": (False, False),
}


def _item(pk: int) -> str:
    return f"{LIST}/{pk}"


def _page(pk: int) -> str:
    return f"/c/lens/engagements/{pk}/"


def _engagement(cast: Cast, confidentiality: str) -> tuple[Engagement, Any]:
    e = EngagementFactory(
        coalition=cast.lens,
        title=SECRET_TITLE,
        confidentiality=confidentiality,
        outcome_notes=SECRET_OUTCOME,
        follow_up=SECRET_FOLLOW_UP,
        description=SECRET_DESCRIPTION,
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
def test_confidential_fields_are_hidden_for_the_roles_the_page_hides_them_from(
    client: Any, cast: Cast, role: str, level: str
) -> None:
    e, police = _engagement(cast, level)
    client.force_login(cast.by_role()[role])
    allowed = MATRIX[role][0 if level == "CONFIDENTIAL" else 1]
    page = client.get(_page(e.pk)).content.decode()
    assert (SECRET_OUTCOME in page) == allowed  # the page, the reference
    record = client.get(_item(e.pk))
    assert record.status_code == 200
    body = record.json()
    assert body["masked"] is (not allowed)
    text = record.content.decode()
    for sentinel in (SECRET_OUTCOME, SECRET_FOLLOW_UP, SECRET_DESCRIPTION, SECRET_TITLE):
        assert (sentinel in text) == (sentinel in page) == allowed, sentinel
    assert (SECRET_COUNTERPART in text) == allowed
    if not allowed:
        assert all(body[f] is None for f in SENSITIVE)
    assert body["practice_type"] == e.practice_type  # what every role reads stays
    listed = client.get(LIST).content.decode()
    assert (SECRET_OUTCOME in listed) == allowed
    assert (SECRET_COUNTERPART in listed) == allowed
    # Search and filter are oracles too: they find the engagement only for roles that read it.
    searched = client.get(LIST, {"q": "sentinel-title"}).json()
    assert (searched["count"] == 1) == allowed
    by_counterpart = client.get(LIST, {"organisation": police.pk}).json()
    assert (by_counterpart["count"] == 1) == allowed


def test_an_internal_engagement_shows_everything_to_every_role(client: Any, cast: Cast) -> None:
    e, _ = _engagement(cast, "INTERNAL")
    for user in cast.by_role().values():
        client.force_login(user)
        body = client.get(_item(e.pk)).json()
        assert body["masked"] is False
        assert body["outcome_notes"] == SECRET_OUTCOME
        assert [o["name"] for o in body["counterparts"]] == [SECRET_COUNTERPART]


def test_the_list_is_paged_newest_first_and_answers_304_to_its_etag(
    client: Any, cast: Cast
) -> None:
    for day in range(1, 4):
        EngagementFactory(coalition=cast.lens, date=dt.date(2026, 3, day), title=f"Day {day}")
    client.force_login(cast.vic)
    first = client.get(LIST, {"limit": 2})
    assert [r["title"] for r in first.json()["results"]] == ["Day 3", "Day 2"]
    rest = client.get(first.json()["next"]).json()
    assert [r["title"] for r in rest["results"]] == ["Day 1"]
    assert client.get(LIST, {"limit": 2}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    bad = client.get(LIST, {"sort": "outcome"})  # no sort on what some roles may not read
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "sort"]


def _new(lead: Any, **extra: Any) -> dict[str, Any]:
    return {
        "date": "2026-04-02",
        "practice_type": "REFERRAL_PROTOCOL",
        "title": "Referral pathway meeting",
        "leads": [lead.pk],
        **extra,
    }


def _post(client: Any, body: dict[str, Any], **headers: str) -> Any:
    return client.post(LIST, json.dumps(body), content_type="application/json", **headers)


def test_a_coordinator_logs_an_engagement_through_the_service_once_per_key(
    client: Any, cast: Cast
) -> None:
    lead = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    police = OrganisationFactory(coalition=cast.lens, name="Port Police")
    client.force_login(cast.alice)
    key = {"HTTP_IDEMPOTENCY_KEY": "engagement-key-1"}
    body = _new(lead, counterparts=[police.pk], confidentiality="CONFIDENTIAL")
    first = _post(client, body, **key)
    assert first.status_code == 201, first.content
    again = _post(client, body, **key)
    assert again.status_code == 201
    assert again.json() == first.json()
    e = Engagement.objects.get(coalition=cast.lens)
    assert sorted(e.participations.values_list("organisation__name", "role")) == [
        ("Alder Shelter", "LEAD"),
        ("Port Police", "COUNTERPART"),
    ]
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(e.pk)).count() == 1
    changed = client.patch(
        _item(e.pk), json.dumps({"outcome": "ACHIEVED"}), content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    e.refresh_from_db()
    assert (e.outcome, e.title) == ("ACHIEVED", "Referral pathway meeting")
    assert [o["name"] for o in changed.json()["counterparts"]] == ["Port Police"]


def test_the_form_and_the_service_refuse_with_422_naming_the_field(client: Any, cast: Cast) -> None:
    lead = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    foreign = OrganisationFactory(coalition=cast.other, name="Elsewhere Trust")
    client.force_login(cast.alice)
    both = _post(client, _new(lead, counterparts=[lead.pk]))
    assert both.status_code == 422
    assert [e["loc"] for e in both.json()["errors"]] == [["body", "counterparts"]]
    other = _post(client, _new(foreign))
    assert [e["loc"] for e in other.json()["errors"]] == [["body", "leads"]]
    backwards = _post(client, _new(lead, end_date="2026-01-01"))
    assert [e["loc"] for e in backwards.json()["errors"]] == [["body", "end_date"]]
    unknown = _post(client, _new(lead, practice_type="NOT_A_PRACTICE"))
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "practice_type"]
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("who", ["bob", "carol", "vic"])
def test_roles_that_may_not_log_engagements_get_403(client: Any, cast: Cast, who: str) -> None:
    lead = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    e = EngagementFactory(coalition=cast.lens, title="Kept")
    client.force_login(getattr(cast, who))
    assert _post(client, _new(lead)).status_code == 403
    patched = client.patch(
        _item(e.pk), json.dumps({"title": "Taken"}), content_type="application/json"
    )
    assert patched.status_code == 403
    assert Engagement.objects.get().title == "Kept"


def test_a_stranger_gets_404_for_another_coalitions_engagements(client: Any, cast: Cast) -> None:
    lead = OrganisationFactory(coalition=cast.lens, name="Alder Shelter")
    e = EngagementFactory(coalition=cast.lens, title="Kept")
    client.force_login(cast.dave)
    answers = [
        client.get(LIST),
        client.get(_item(e.pk)),
        _post(client, _new(lead)),
        client.patch(_item(e.pk), json.dumps({"title": "X"}), content_type="application/json"),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404, 404]
    assert Engagement.objects.get().title == "Kept"
    theirs = EngagementFactory(coalition=cast.other, title="Theirs")
    client.force_login(cast.alice)
    assert client.get(_item(theirs.pk)).status_code == 404


def _queries_for(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_reads_in_a_constant_number_of_queries(client: Any, cast: Cast) -> None:
    made = iter(range(100))

    def add(n: int) -> None:
        for _ in range(n):
            i = next(made)
            e = EngagementFactory(coalition=cast.lens, title=f"Talk {i}")
            for role in ("LEAD", "COUNTERPART"):
                org = OrganisationFactory(coalition=cast.lens, name=f"{role} {i}")
                Participation.objects.create(
                    coalition=cast.lens, engagement=e, organisation=org, role=role
                )

    client.force_login(cast.carol)
    client.get(LIST)  # the session's first request also saves it
    add(2)
    few = _queries_for(client, LIST)
    add(6)
    assert _queries_for(client, LIST) == few

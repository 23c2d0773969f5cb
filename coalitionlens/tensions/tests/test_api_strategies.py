"""Strategies through the REST API: every role reads them as the strategy pages show them (the
tensions they address only to roles that may see tensions); coordinators write them through the
form and service, once per Idempotency-Key."""

from __future__ import annotations

from typing import Any

import pytest

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.tensions.models import Strategy
from coalitionlens.tensions.tests.factories import StrategyFactory, TensionFactory

pytestmark = pytest.mark.django_db

STRATEGIES = "/api/v1/coalitions/lens/strategies"


def _post(client: Any, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(STRATEGIES, body, content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("who", "sees_tensions"), [("alice", True), ("carol", True), ("bob", False), ("vic", False)]
)
def test_every_role_reads_strategies_and_only_tension_readers_see_their_tensions(
    client: Any, cast: Any, who: str, sees_tensions: bool
) -> None:
    tension = TensionFactory(coalition=cast.lens, title="Hidden tension title")
    strategy = StrategyFactory(coalition=cast.lens, title="Rotate the chair")
    strategy.tensions.set([tension])
    client.force_login(getattr(cast, who))
    page = client.get(f"/c/lens/strategies/{strategy.pk}/").content.decode()
    assert ("Hidden tension title" in page) is sees_tensions
    rows = client.get(STRATEGIES).json()["results"]
    assert [r["title"] for r in rows] == ["Rotate the chair"]
    detail = client.get(f"{STRATEGIES}/{strategy.pk}")
    assert detail.json() == rows[0]
    expected = [{"id": tension.pk, "title": "Hidden tension title"}] if sees_tensions else None
    assert rows[0]["tensions"] == expected
    assert (b"Hidden tension title" in detail.content) is sees_tensions


def test_a_strategy_sent_twice_with_one_idempotency_key_is_adopted_once(
    client: Any, cast: Any
) -> None:
    tension = TensionFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    body = {"title": "Shared chair", "category": "SHARED_LEADERSHIP", "tensions": [tension.pk]}
    first = _post(client, body, HTTP_IDEMPOTENCY_KEY="k-strategy-1")
    again = _post(client, body, HTTP_IDEMPOTENCY_KEY="k-strategy-1")
    assert first.status_code == again.status_code == 201, first.content
    assert again.json() == first.json()
    strategy = Strategy.objects.get(coalition=cast.lens)
    assert list(strategy.tensions.all()) == [tension]
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(strategy.pk)).count() == 1


def test_a_tension_of_another_coalition_cannot_be_addressed(client: Any, cast: Any) -> None:
    theirs = TensionFactory(coalition=cast.other)
    client.force_login(cast.alice)
    body = {"title": "Reach across", "category": "SHARED_LEADERSHIP", "tensions": [theirs.pk]}
    answer = _post(client, body)
    assert answer.status_code == 422
    assert [e["loc"] for e in answer.json()["errors"]] == [["body", "tensions"]]
    assert not Strategy.objects.exists()


def test_a_strategys_owner_and_review_date_are_read_and_written_through_the_api(
    client: Any, cast: Any
) -> None:
    from coalitionlens.coalitions.tests.factories import OrganisationFactory

    ours = OrganisationFactory(coalition=cast.lens, name="Owner of the plan")
    theirs = OrganisationFactory(coalition=cast.other, name="Another coalition's")
    client.force_login(cast.alice)
    body = {"title": "Rotate", "category": "SHARED_LEADERSHIP", "owner": theirs.pk}
    answer = _post(client, body)
    assert answer.status_code == 422, answer.content
    assert [e["loc"] for e in answer.json()["errors"]] == [["body", "owner"]]
    body = {**body, "owner": ours.pk, "adopted_on": "2026-01-10", "review_on": "2026-06-30"}
    answer = _post(client, body)
    assert answer.status_code == 201, answer.content
    assert answer.json()["owner"] == {"id": ours.pk, "name": "Owner of the plan"}
    assert answer.json()["review_on"] == "2026-06-30"
    url = answer["Location"]
    early = client.patch(url, {"review_on": "2025-12-31"}, content_type="application/json")
    assert early.status_code == 422, early.content
    client.force_login(cast.vic)
    assert client.get(url).json()["owner"]["name"] == "Owner of the plan"


@pytest.mark.parametrize("who", ["carol", "bob", "vic"])
def test_only_a_coordinator_writes_a_strategy(client: Any, cast: Any, who: str) -> None:
    strategy = StrategyFactory(coalition=cast.lens, title="Unchanged")
    client.force_login(getattr(cast, who))
    body = {"title": "New", "category": "SHARED_LEADERSHIP"}
    assert _post(client, body).status_code == 403
    url = f"{STRATEGIES}/{strategy.pk}"
    assert client.patch(url, {"title": "x"}, content_type="application/json").status_code == 403
    assert list(Strategy.objects.values_list("title", flat=True)) == ["Unchanged"]


def test_a_coordinator_changes_a_strategy_field_by_field(client: Any, cast: Any) -> None:
    strategy = StrategyFactory(coalition=cast.lens, title="Before", description="Kept")
    client.force_login(cast.alice)
    url = f"{STRATEGIES}/{strategy.pk}"
    answer = client.patch(url, {"status": "PAUSED"}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    strategy.refresh_from_db()
    assert (strategy.status, strategy.title, strategy.description) == ("PAUSED", "Before", "Kept")


def test_a_stranger_gets_404_for_the_strategies(client: Any, cast: Any) -> None:
    client.force_login(cast.dave)
    assert client.get(STRATEGIES).status_code == 404
    body = {"title": "New", "category": "SHARED_LEADERSHIP"}
    assert _post(client, body).status_code == 404


def test_the_strategy_list_reads_in_a_constant_number_of_queries(client: Any, cast: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n: int) -> int:
        for _ in range(n):
            StrategyFactory(coalition=cast.lens).tensions.set([TensionFactory(coalition=cast.lens)])
        with CaptureQueriesContext(connection) as seen:
            assert client.get(STRATEGIES).status_code == 200
        return len(seen)

    client.force_login(cast.carol)
    client.get(STRATEGIES)  # the session's first request reads more (the session, the user)
    assert queries(2) == queries(6)

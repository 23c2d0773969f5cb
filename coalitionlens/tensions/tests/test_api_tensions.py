"""Tensions through the REST API: read as the tension pages list them, written through the same
form and service (validated, audited), once per Idempotency-Key; refused as the pages refuse."""

from __future__ import annotations

from typing import Any

import pytest

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.tensions.models import Tension
from coalitionlens.tensions.tests.factories import StrategyFactory, TensionFactory

pytestmark = pytest.mark.django_db

TENSIONS = "/api/v1/coalitions/lens/tensions"


def _body(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Police lead the referral meetings",
        "level": "CROSS_SECTOR",
        "category": "POWER_ASYMMETRY",
        "observed_on": "2026-03-02",
        **extra,
    }


def _post(client: Any, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(TENSIONS, body, content_type="application/json", **headers)


def test_an_analyst_reads_the_tensions_the_tension_page_lists(client: Any, cast: Any) -> None:
    party = OrganisationFactory(coalition=cast.lens, name="Ministry of Labour")
    older = TensionFactory(coalition=cast.lens, title="Donors pull members apart")
    newer = TensionFactory(coalition=cast.lens, title="Police lead", observed_on="2026-01-05")
    newer.parties.set([party])
    strategy = StrategyFactory(coalition=cast.lens, title="Rotate the chair")
    strategy.tensions.set([newer])
    TensionFactory(coalition=cast.other, title="Another coalition's tension")
    client.force_login(cast.carol)
    page = client.get("/c/lens/tensions/").content.decode()
    answer = client.get(TENSIONS)
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [r["id"] for r in rows] == [newer.pk, older.pk]
    assert page.index("Police lead") < page.index("Donors pull members apart")
    assert rows[0]["parties"] == [{"id": party.pk, "name": "Ministry of Labour"}]
    assert rows[0]["strategies"] == [{"id": strategy.pk, "title": "Rotate the chair"}]
    detail = client.get(f"{TENSIONS}/{newer.pk}").json()
    assert detail == rows[0]
    assert detail["level"] == {"code": "CROSS_SECTOR", "label": "Cross-sector"}


def test_a_coordinator_records_a_tension_through_the_form_and_it_is_audited(
    client: Any, cast: Any
) -> None:
    org = OrganisationFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    answer = _post(client, _body(parties=[org.pk]))
    assert answer.status_code == 201, answer.content
    tension = Tension.objects.get(coalition=cast.lens)
    assert answer["Location"] == f"{TENSIONS}/{tension.pk}"
    assert answer.json()["id"] == tension.pk
    assert list(tension.parties.all()) == [org]
    entry = AuditEntry.objects.get(coalition_id=cast.lens.pk, action=Action.CREATE)
    assert entry.summary == "Police lead the referral meetings"
    assert entry.changes["parties"] == [[], [org.pk]]


def test_a_tension_sent_twice_with_one_idempotency_key_is_recorded_once(
    client: Any, cast: Any
) -> None:
    client.force_login(cast.alice)
    first = _post(client, _body(), HTTP_IDEMPOTENCY_KEY="7f1c0d9e-tension")
    again = _post(client, _body(), HTTP_IDEMPOTENCY_KEY="7f1c0d9e-tension")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Tension.objects.filter(coalition=cast.lens).count() == 1
    assert (
        AuditEntry.objects.filter(action=Action.CREATE, object_type="tensions.tension").count() == 1
    )
    other = _post(client, _body(), HTTP_IDEMPOTENCY_KEY="another-key")
    assert other.status_code == 201
    assert Tension.objects.filter(coalition=cast.lens).count() == 2


def test_a_party_of_another_coalition_is_refused_where_it_was_sent(client: Any, cast: Any) -> None:
    foreign = OrganisationFactory(coalition=cast.other)
    client.force_login(cast.alice)
    answer = _post(client, _body(parties=[foreign.pk]))
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    assert [e["loc"] for e in answer.json()["errors"]] == [["body", "parties"]]
    assert not Tension.objects.exists()


def test_a_change_sends_only_what_changes_and_the_models_rules_hold(client: Any, cast: Any) -> None:
    tension = TensionFactory(coalition=cast.lens, title="Before", description="Kept")
    client.force_login(cast.alice)
    url = f"{TENSIONS}/{tension.pk}"
    refused = client.patch(url, {"status": "RESOLVED"}, content_type="application/json")
    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["errors"]] == [["body", "resolved_on"]]
    changed = client.patch(
        url,
        {"status": "RESOLVED", "resolved_on": "2026-04-01"},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    tension.refresh_from_db()
    assert (tension.status, tension.title, tension.description) == ("RESOLVED", "Before", "Kept")
    assert AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(tension.pk)).exists()


@pytest.mark.parametrize("who", ["carol", "bob", "vic"])
def test_only_a_coordinator_writes_a_tension(client: Any, cast: Any, who: str) -> None:
    tension = TensionFactory(coalition=cast.lens, title="Unchanged")
    client.force_login(getattr(cast, who))
    assert _post(client, _body()).status_code == 403
    url = f"{TENSIONS}/{tension.pk}"
    patched = client.patch(url, {"title": "Changed"}, content_type="application/json")
    assert patched.status_code == 403
    assert Tension.objects.get().title == "Unchanged"
    assert AuditEntry.objects.filter(action=Action.DENIED, actor=getattr(cast, who)).count() == 2


@pytest.mark.parametrize("who", ["bob", "vic"])
def test_members_and_viewers_read_no_tension_as_on_the_pages(
    client: Any, cast: Any, who: str
) -> None:
    tension = TensionFactory(coalition=cast.lens, title="A tension members must not read")
    client.force_login(getattr(cast, who))
    for url in (TENSIONS, f"{TENSIONS}/{tension.pk}"):
        answer = client.get(url)
        assert answer.status_code == 403
        assert b"members must not read" not in answer.content


def test_a_stranger_gets_404_and_another_coalitions_tension_is_not_found(
    client: Any, cast: Any
) -> None:
    theirs = TensionFactory(coalition=cast.other)
    client.force_login(cast.dave)
    assert client.get(TENSIONS).status_code == 404
    assert _post(client, _body()).status_code == 404
    client.force_login(cast.alice)
    url = f"{TENSIONS}/{theirs.pk}"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"title": "x"}, content_type="application/json").status_code == 404
    assert not Tension.objects.filter(coalition=cast.lens).exists()


def test_the_tension_list_reads_in_a_constant_number_of_queries(client: Any, cast: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n: int) -> int:
        for _ in range(n):
            tension = TensionFactory(coalition=cast.lens)
            tension.parties.set([OrganisationFactory(coalition=cast.lens)])
            StrategyFactory(coalition=cast.lens).tensions.set([tension])
        with CaptureQueriesContext(connection) as seen:
            assert client.get(TENSIONS).status_code == 200
        return len(seen)

    client.force_login(cast.carol)
    client.get(TENSIONS)  # the session's first request reads more (the session, the user)
    assert queries(2) == queries(6)

"""A strategy's plan: its owner, review date and actions; the coordinator edits it, every other role
reads it; the findings it answers show their measures at adoption and now."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.tensions.models import Strategy, StrategyAction
from coalitionlens.tensions.tests.factories import StrategyActionFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_gives_a_strategy_an_owner_a_review_date_and_an_action(
    client: Any, cast: Any
) -> None:
    owner = OrganisationFactory(coalition=cast.lens, name="Delta Shelter")
    client.force_login(cast.alice)
    response = client.post(
        "/c/lens/strategies/new/",
        {
            "title": "Share the chair",
            "category": "SHARED_LEADERSHIP",
            "status": "ACTIVE",
            "owner": owner.pk,
            "adopted_on": "2026-01-10",
            "review_on": "2026-07-10",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    strategy = Strategy.objects.get(coalition=cast.lens)
    assert strategy.owner == owner
    assert strategy.review_on == dt.date(2026, 7, 10)
    form = client.get(f"/c/lens/actions/new/?strategy={strategy.pk}")
    assert form.status_code == 200
    from coalitionlens.kit.once import ONCE_FIELD

    assert f'name="{ONCE_FIELD}"'.encode() in form.content
    assert form.context["form"].initial["strategy"] == str(strategy.pk)
    response = client.post(
        "/c/lens/actions/new/",
        {
            "strategy": strategy.pk,
            "text": "Draft the rota",
            "due_on": "2026-02-01",
            "status": "OPEN",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = StrategyAction.objects.get(strategy=strategy)
    assert action.coalition == cast.lens
    entry = AuditEntry.objects.get(object_id=str(action.pk), summary="Draft the rota")
    assert entry.action == "create"
    assert entry.coalition_id == cast.lens.pk
    page = client.get(f"/c/lens/strategies/{strategy.pk}/")
    assert b"Draft the rota" in page.content
    assert b"Delta Shelter" in page.content
    assert b'data-overdue="1"' in page.content  # due 2026-02-01, open


def test_a_done_action_needs_its_done_date_and_a_review_cannot_precede_adoption(
    client: Any, cast: Any
) -> None:
    strategy = StrategyFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    response = client.post(
        "/c/lens/actions/new/",
        {"strategy": strategy.pk, "text": "x", "due_on": "2026-02-01", "status": "DONE"},
    )
    assert response.status_code == 400
    assert not StrategyAction.objects.exists()
    response = client.post(
        f"/c/lens/strategies/{strategy.pk}/edit/",
        {
            "title": strategy.title,
            "category": strategy.category,
            "status": "ACTIVE",
            "adopted_on": "2026-03-01",
            "review_on": "2026-02-01",
        },
    )
    assert response.status_code == 400
    strategy.refresh_from_db()
    assert strategy.review_on is None


def test_an_owner_or_an_action_cannot_come_from_another_coalition(client: Any, cast: Any) -> None:
    strategy = StrategyFactory(coalition=cast.lens)
    theirs = StrategyFactory(coalition=cast.other)
    their_org = OrganisationFactory(coalition=cast.other)
    client.force_login(cast.alice)
    response = client.post(
        "/c/lens/actions/new/",
        {"strategy": theirs.pk, "text": "x", "due_on": "2026-02-01", "status": "OPEN"},
    )
    assert response.status_code == 400
    response = client.post(
        f"/c/lens/strategies/{strategy.pk}/edit/",
        {"title": "t", "category": strategy.category, "status": "ACTIVE", "owner": their_org.pk},
    )
    assert response.status_code == 400
    assert not StrategyAction.objects.exists()
    strategy.refresh_from_db()
    assert strategy.owner is None


@pytest.mark.parametrize("who", ["bob", "carol", "vic"])
def test_other_roles_read_the_plan_but_cannot_change_it(client: Any, cast: Any, who: str) -> None:
    action = StrategyActionFactory(coalition=cast.lens, text="Book the hall")
    client.force_login(getattr(cast, who))
    page = client.get(f"/c/lens/strategies/{action.strategy_id}/")
    assert page.status_code == 200
    assert b"Book the hall" in page.content
    assert b"/c/lens/actions/new/" not in page.content
    assert client.get(f"/c/lens/actions/{action.pk}/").status_code == 200
    assert client.get("/c/lens/actions/new/").status_code == 403
    response = client.post(
        f"/c/lens/actions/{action.pk}/edit/",
        {
            "strategy": action.strategy_id,
            "text": "Changed",
            "due_on": "2026-02-01",
            "status": "OPEN",
        },
    )
    assert response.status_code == 403
    assert client.post(f"/c/lens/actions/{action.pk}/delete/").status_code == 403
    action.refresh_from_db()
    assert action.text == "Book the hall"


def test_the_plan_shows_a_findings_measures_at_adoption_and_now(client: Any, cast: Any) -> None:
    from coalitionlens.insights.facts import coalition_findings
    from coalitionlens.insights.services import finding_adopt
    from coalitionlens.insights.tests.helpers import grow

    grow(cast.lens, 12)
    finding = coalition_findings(cast.lens, "coordinator")[0]
    tension, strategy = finding_adopt(
        coalition=cast.lens,
        finding=finding,
        title="From the diagnostics",
        observed_on=dt.date(2026, 1, 5),
        strategy_category=finding.strategies[0],
        actor=cast.alice,
    )
    assert strategy is not None
    assert tension.finding_evidence == dict(finding.evidence)
    key = next(iter(finding.evidence))
    # As if the measures had been different on the day the finding was adopted.
    tension.finding_evidence = {**tension.finding_evidence, key: 123456}
    tension.save()
    client.force_login(cast.alice)
    page = client.get(f"/c/lens/strategies/{strategy.pk}/")
    assert page.status_code == 200
    findings = page.context["findings"]
    assert [f["rule"] for f in findings] == [finding.rule]
    rows = {k: (then, now) for k, then, now in findings[0]["rows"]}
    assert rows[key] == (123456, finding.evidence[key])
    from coalitionlens.insights.evidence import evidence_value

    assert f'<td class="text-end" data-then>{evidence_value(key, 123456, finding.rule)}<' in (
        page.content.decode()
    )
    # In words, in the reader's language: the measure's label, never its key; numbers the French way.
    from django.utils import translation
    from django.utils.html import escape

    from coalitionlens.insights.evidence import evidence_label

    french = client.get(f"/c/lens/strategies/{strategy.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    html = french.content.decode()
    with translation.override("fr"):
        label = evidence_label(key, finding.rule)
        then = evidence_value(key, 123456, finding.rule)
    assert f'<th scope="row" class="fw-normal">{escape(label)}</th>' in html
    assert f"<code>{key}</code>" not in html
    text = re.sub(r"<[^>]+>", " ", html)  # what a reader sees: the rule's id is no part of it
    assert finding.rule not in text
    assert "123\xa0456" in then or "12\xa0345\xa0600" in then  # a count or a share
    assert f"data-then>{then}<" in html
    # A role that may not read tensions sees the plan without the findings.
    client.force_login(cast.bob)
    assert client.get(f"/c/lens/strategies/{strategy.pk}/").context["findings"] == []


def test_the_plan_reads_todays_findings_from_the_diagnostics_cache(
    client: Any, cast: Any, monkeypatch: Any
) -> None:
    from coalitionlens.insights import facts
    from coalitionlens.insights.services import finding_adopt
    from coalitionlens.insights.tests.helpers import grow

    grow(cast.lens, 12)
    finding = facts.coalition_findings(cast.lens, "coordinator")[0]
    _tension, strategy = finding_adopt(
        coalition=cast.lens,
        finding=finding,
        title="From the diagnostics",
        observed_on=dt.date(2026, 1, 5),
        strategy_category=finding.strategies[0],
        actor=cast.alice,
    )
    assert strategy is not None
    computed = []
    diagnose = facts.coalition_diagnosis
    monkeypatch.setattr(
        facts, "coalition_diagnosis", lambda *a, **kw: computed.append(a) or diagnose(*a, **kw)
    )
    client.force_login(cast.alice)
    first = client.get(f"/c/lens/strategies/{strategy.pk}/")
    second = client.get(f"/c/lens/strategies/{strategy.pk}/")
    assert first.context["findings"] == second.context["findings"] != []
    # Computed once for both pages (from the diagnostics page's cache), not once a page.
    assert len(computed) == 1

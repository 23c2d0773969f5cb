"""Reminders through the REST API (POST .../rounds/{pk}/reminders): a coordinator's reminder goes
as the page's does, idempotent under Idempotency-Key, 409 when too soon or the round is not open,
503 when the mail server is down; other roles 403, a stranger 404; and the answer is the same
whoever has answered (never a count, never a name)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from coalitionlens.surveys import services
from coalitionlens.surveys.models import Respondent, RoundStatus, SurveyRound
from coalitionlens.surveys.tests.factories import RespondentFactory, SurveyRoundFactory, invite

pytestmark = pytest.mark.django_db


class Unreachable(BaseEmailBackend):
    def open(self) -> bool:
        raise ConnectionRefusedError("mail server down")

    def send_messages(self, messages: Any) -> int:
        raise AssertionError("nothing is sent when the server cannot be reached")


@pytest.fixture(autouse=True)
def locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _url(round_: SurveyRound, slug: str = "lens") -> str:
    return f"/api/v1/coalitions/{slug}/surveys/rounds/{round_.pk}/reminders"


def _round(cast: Any, *emails: str) -> tuple[SurveyRound, list[Respondent]]:
    round_ = SurveyRoundFactory(coalition=cast.lens)
    people = []
    for email in emails:
        person = RespondentFactory(round=round_, email=email)
        invite(person)
        Respondent.objects.filter(pk=person.pk).update(
            invited_at=timezone.now() - dt.timedelta(days=10)
        )
        people.append(person)
    return round_, people


def test_a_coordinator_reminds_once_and_a_resend_with_the_key_replays(client: Any, cast: Any):
    round_, _people = _round(cast, "a@example.org", "b@example.org")
    client.force_login(cast.alice)
    key = {"HTTP_IDEMPOTENCY_KEY": "5b0e7e1a-reminder"}
    first = client.post(_url(round_), **key)
    assert first.status_code == 200, first.content
    assert sorted(a for m in mail.outbox for a in m.to) == ["a@example.org", "b@example.org"]
    again = client.post(_url(round_), **key)
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert len(mail.outbox) == 2  # the resend sent nothing
    body = first.json()
    assert set(body) == {"round", "reminded_at", "next_reminder_from", "detail"}
    round_.refresh_from_db()
    assert round_.reminded_at is not None


def test_too_soon_answers_409_and_sends_nothing(client: Any, cast: Any):
    round_, _people = _round(cast, "a@example.org")
    client.force_login(cast.alice)
    assert client.post(_url(round_)).status_code == 200
    mail.outbox.clear()
    sooner = client.post(_url(round_), HTTP_IDEMPOTENCY_KEY="another-key")
    assert sooner.status_code == 409
    assert sooner["Content-Type"] == "application/problem+json"
    assert "the next one can be sent from" in sooner.json()["detail"]
    assert mail.outbox == []


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.CLOSED])
def test_a_round_that_is_not_open_answers_409(client: Any, cast: Any, status: str):
    round_, _people = _round(cast, "a@example.org")
    SurveyRound.objects.filter(pk=round_.pk).update(status=status)
    client.force_login(cast.alice)
    answer = client.post(_url(round_))
    assert answer.status_code == 409
    assert "only while the round is open" in answer.json()["detail"]
    assert mail.outbox == []


def test_a_mail_server_that_is_down_answers_503_and_the_reminder_can_be_tried_again(
    client: Any, cast: Any, settings: Any
):
    settings.EMAIL_BACKEND = f"{__name__}.Unreachable"
    round_, _people = _round(cast, "a@example.org")
    client.force_login(cast.alice)
    answer = client.post(_url(round_))
    assert answer.status_code == 503
    assert "could not be reached" in answer.json()["detail"]
    round_.refresh_from_db()
    assert round_.reminded_at is None


@pytest.mark.parametrize("who", ["bob", "carol", "vic"])
def test_other_roles_are_refused_and_nothing_is_sent(client: Any, cast: Any, who: str):
    round_, _people = _round(cast, "a@example.org")
    client.force_login(getattr(cast, who))
    assert client.post(_url(round_)).status_code == 403
    assert mail.outbox == []


def test_another_coalitions_coordinator_gets_404(client: Any, cast: Any):
    round_, _people = _round(cast, "a@example.org")
    client.force_login(cast.alice)
    assert client.post(_url(round_, cast.other.slug)).status_code == 404
    assert mail.outbox == []


def test_the_answer_is_the_same_whoever_has_submitted(client: Any, cast: Any):
    """Two rounds alike but for who has submitted answer the same, but for the round's id and the
    moment."""
    client.force_login(cast.alice)
    answers = []
    for submitted in (0, 2):
        round_, people = _round(cast, "a@example.org", "b@example.org")
        for person in people[:submitted]:
            services.response_submit(response=services.consent_give(respondent=person))
        body = client.post(_url(round_)).json()
        assert body.pop("round") == round_.pk
        body.pop("reminded_at")
        body.pop("next_reminder_from")
        answers.append(body)
    assert answers[0] == answers[1]
    assert not any(ch.isdigit() for ch in answers[0]["detail"])

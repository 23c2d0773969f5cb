"""Reminders: the server e-mails those who have not submitted, and tells the coordinator neither
who they are nor how many (services.reminders_send)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coalitionlens.audit.models import AuditEntry
from coalitionlens.surveys import services
from coalitionlens.surveys.models import Consent, Respondent, Response, RoundStatus
from coalitionlens.surveys.tests.factories import RespondentFactory, SurveyRoundFactory, invite
from coalitionlens.transfer.exports import export_bytes

LONG_AGO = dt.timedelta(days=10)


def _invited(round_, *, email: str, language: str = "en", ago=LONG_AGO, **kwargs) -> Respondent:
    respondent = RespondentFactory(round=round_, email=email, language=language, **kwargs)
    invite(respondent)
    Respondent.objects.filter(pk=respondent.pk).update(invited_at=timezone.now() - ago)
    respondent.refresh_from_db()
    return respondent


def _start(respondent: Respondent, *, submit: bool) -> Response:
    response = services.consent_give(respondent=respondent)
    if submit:
        services.response_submit(response=response)
    return response


def _recipients() -> list[str]:
    return sorted(address for m in mail.outbox for address in m.to)


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_only_those_invited_by_e_mail_who_have_not_submitted_are_reminded(cast, locmem):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    _start(_invited(round_, email="submitted@example.org"), submit=True)
    _start(_invited(round_, email="draft@example.org"), submit=False)
    _invited(round_, email="not-started@example.org")
    withdrawn = _invited(round_, email="withdrawn@example.org")
    _start(withdrawn, submit=False)
    services.response_withdraw(respondent=withdrawn)
    _invited(round_, email="")  # a link handed over by SMS: nothing to e-mail
    RespondentFactory(round=round_, email="never-invited@example.org")  # has no link yet
    _invited(round_, email="just-invited@example.org", ago=dt.timedelta(hours=1))
    # submitted, then given a new link: the submission is kept out of reach of the new link, and
    # the person has answered all the same
    resubmitted = _invited(round_, email="resubmitted@example.org")
    _start(resubmitted, submit=True)
    services.invitations_issue(
        round=round_, respondents=[resubmitted], base_url="http://x/", actor=cast.alice
    )
    Respondent.objects.filter(pk=resubmitted.pk).update(invited_at=timezone.now() - LONG_AGO)
    mail.outbox.clear()

    services.reminders_send(round=round_, actor=cast.alice)

    assert _recipients() == ["draft@example.org", "not-started@example.org"]


def test_a_withdrawn_respondent_gets_nothing(cast, locmem):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    gone = _invited(round_, email="gone@example.org")
    services.response_withdraw(respondent=gone)
    services.reminders_send(round=round_, actor=cast.alice)
    assert mail.outbox == []


def test_the_reminder_is_in_the_respondents_language_and_carries_no_link(cast, locmem):
    round_ = SurveyRoundFactory(coalition=cast.lens, title="Harvest round")
    _invited(round_, email="sok@example.org", language="km")
    _invited(round_, email="amelie@example.org", language="fr")
    services.reminders_send(round=round_, actor=cast.alice)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["sok@example.org"].subject == "ការរំលឹក៖ Harvest round"
    assert by_address["amelie@example.org"].subject == "Rappel\u00a0: Harvest round"
    for message in mail.outbox:
        assert "/s/" not in message.body
        assert "http" not in message.body
        assert round_.closes_on.isoformat() in message.body


def test_a_second_reminder_within_the_interval_is_refused_and_sends_nothing(cast, locmem, settings):
    settings.COALITIONLENS_SURVEY_REMINDER_HOURS = 72
    round_ = SurveyRoundFactory(coalition=cast.lens)
    _invited(round_, email="slow@example.org")
    first = timezone.now()
    services.reminders_send(round=round_, actor=cast.alice, now=first)
    assert len(mail.outbox) == 1
    with pytest.raises(ValidationError, match="the next one can be sent from"):
        services.reminders_send(
            round=round_, actor=cast.alice, now=first + dt.timedelta(hours=71, minutes=59)
        )
    assert len(mail.outbox) == 1
    services.reminders_send(round=round_, actor=cast.alice, now=first + dt.timedelta(hours=72))
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.CLOSED])
def test_reminders_go_out_only_while_the_round_is_open(cast, locmem, status):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    _invited(round_, email="a@example.org")
    round_.status = status
    round_.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="only while the round is open"):
        services.reminders_send(round=round_, actor=cast.alice)
    assert mail.outbox == []


def test_the_audit_entry_names_nobody_and_counts_nobody(cast, locmem):
    round_ = SurveyRoundFactory(coalition=cast.lens, title="Dry season")
    people = [_invited(round_, email=f"p{i}@example.org") for i in range(3)]
    _start(people[0], submit=True)
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    services.reminders_send(round=round_, actor=cast.alice)
    entries = list(AuditEntry.objects.exclude(pk__in=before))
    assert len(entries) == 1
    text = json.dumps([entries[0].summary, entries[0].changes, entries[0].object_type])
    for p in people:
        for word in (p.name, p.email, p.organisation.name):
            assert word not in text
    assert not re.search(r"\d", entries[0].summary.replace("Dry season", ""))
    assert entries[0].object_type == "surveys.surveyround"


class Bouncing(LocmemBackend):
    """A mail server that refuses one address."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            if "bounce" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such user")})
        return super().send_messages(messages)


class Unreachable(BaseEmailBackend):
    def open(self) -> bool:
        raise ConnectionRefusedError("mail server down")

    def send_messages(self, messages: Any) -> int:
        raise AssertionError("nothing is sent when the server cannot be reached")


def test_a_refused_address_is_not_reported_to_the_coordinator(client, cast, settings, caplog):
    """Which message failed would tell whose it was: the page says what it says on success, and
    the server's log has a count and no address."""
    settings.EMAIL_BACKEND = f"{__name__}.Bouncing"
    round_ = SurveyRoundFactory(coalition=cast.lens)
    _invited(round_, email="bounce@example.org")
    _invited(round_, email="fine@example.org")
    client.force_login(cast.alice)
    with caplog.at_level(logging.WARNING):
        page = client.post(
            reverse("survey_round_remind", args=["lens", round_.pk]), follow=True
        ).content.decode()
    assert "Reminders were e-mailed" in page
    assert "could not" not in page
    assert "alert-danger" not in page
    assert _recipients() == ["fine@example.org"]
    assert "1 reminder(s) could not be sent" in caplog.text
    assert "bounce" not in caplog.text


def test_a_mail_server_that_cannot_be_reached_refuses_the_reminder_whoever_answered(cast, settings):
    settings.EMAIL_BACKEND = f"{__name__}.Unreachable"
    round_ = SurveyRoundFactory(coalition=cast.lens)
    _invited(round_, email="a@example.org")
    with pytest.raises(ValidationError, match="could not be reached"):
        services.reminders_send(round=round_, actor=cast.alice)
    round_.refresh_from_db()
    assert round_.reminded_at is None  # so it can be tried again at once


# --- what the coordinator sees is the same whoever submitted ----------------------------------


def _surfaces(client, cast, round_) -> dict[str, str]:
    """Everything the coordinator (and an analyst) can read about the round once reminded: its
    page with the reminder's message, the round list, home, the audit log, the API, the export."""
    client.force_login(cast.alice)
    out = {
        "remind": client.post(
            reverse("survey_round_remind", args=["lens", round_.pk]), follow=True
        ).content.decode(),
        "again": client.post(
            reverse("survey_round_remind", args=["lens", round_.pk]), follow=True
        ).content.decode(),
    }
    urls = {
        "detail": reverse("survey_round_detail", args=["lens", round_.pk]),
        "list": reverse("survey_round_list", args=["lens"]),
        "home": reverse("coalition_home", args=["lens"]),
        "audit": reverse("audit_log", args=["lens"]),
        "api list": reverse("api-1:api_survey_round_list", kwargs={"slug": "lens"}),
        "api detail": reverse(
            "api-1:api_survey_round_detail", kwargs={"slug": "lens", "pk": round_.pk}
        ),
    }
    for user in (cast.alice, cast.carol):
        client.force_login(user)
        for name, url in urls.items():
            out[f"{user.email} {name}"] = client.get(url).content.decode()
    out["export"] = export_bytes(coalition=cast.lens, role="coordinator", fmt="json").decode()
    out["audit rows"] = json.dumps(
        list(
            AuditEntry.objects.filter(coalition_id=cast.lens.pk)
            .order_by("pk")
            .values_list("action", "object_type", "object_id", "summary", "changes")
        )
    )
    varying = [
        (r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf"),
        (r'csrf[-_]token[^>]*content="[^"]*"', "csrf"),
        (r'nonce="[^"]*"', "nonce"),
        (r'name="once_key" value="[0-9a-f]{32}"', "once"),
        (r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}| UTC)?", "when"),
    ]
    for key, text in out.items():
        for pattern, repl in varying:
            text = re.sub(pattern, repl, text)
        out[key] = text
    return out


def test_the_coordinator_sees_the_same_whichever_respondent_submitted(client, cast, locmem):
    """Two people invited by e-mail and one whose link went by SMS; one of them submits. Whoever
    it is, every surface the coordinator and an analyst read is the same, though the reminders
    went to different people, and to two people rather than one when the SMS invitee submitted:
    so no count of reminders is shown either."""
    round_ = SurveyRoundFactory(coalition=cast.lens)
    one = _invited(round_, email="one@example.org", name="Person One")
    two = _invited(round_, email="two@example.org", name="Person Two")
    sms = _invited(round_, email="", name="Person Three")
    for p in (one, two, sms):
        _start(p, submit=False)
    seen, reminded = [], []
    for submitter in (one, two, sms):
        with transaction.atomic():
            Response.objects.filter(respondent=submitter).update(submitted_at=timezone.now())
            mail.outbox.clear()
            seen.append(_surfaces(client, cast, round_))
            reminded.append(_recipients())
            transaction.set_rollback(True)
    # the test can tell the cases apart
    assert reminded == [
        ["two@example.org"],
        ["one@example.org"],
        ["one@example.org", "two@example.org"],
    ]
    assert "Reminders were e-mailed" in seen[0]["remind"]
    assert "the next one can be sent from" in seen[0]["again"]
    for other in seen[1:]:
        differ = [key for key in seen[0] if seen[0][key] != other[key]]
        assert differ == [], f"these surfaces tell who submitted: {differ}"
    assert Consent.objects.filter(respondent__round=round_).count() == 3


# --- the page ----------------------------------------------------------------------------------


def test_the_round_page_offers_coordinators_the_reminder_and_says_when_the_next_can_go(
    client, cast, locmem
):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    _invited(round_, email="a@example.org")
    client.force_login(cast.alice)
    url = reverse("survey_round_detail", args=["lens", round_.pk])
    page = client.get(url).content.decode()
    assert reverse("survey_round_remind", args=["lens", round_.pk]) in page
    assert 'data-testid="reminded-at"' not in page
    client.post(reverse("survey_round_remind", args=["lens", round_.pk]))
    assert 'data-testid="reminded-at"' in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["bob", "carol", "vic"])
def test_other_roles_cannot_send_reminders_and_the_refusal_is_audited(client, cast, locmem, who):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    _invited(round_, email="a@example.org")
    client.force_login(getattr(cast, who))
    page = client.get(reverse("survey_round_detail", args=["lens", round_.pk])).content.decode()
    assert "/remind/" not in page
    answer = client.post(reverse("survey_round_remind", args=["lens", round_.pk]))
    assert answer.status_code == 403
    assert mail.outbox == []
    round_.refresh_from_db()
    assert round_.reminded_at is None
    assert AuditEntry.objects.filter(action="denied", summary__contains="/remind/").exists()


def test_another_coalitions_coordinator_gets_404_and_nothing_is_sent(client, cast, locmem):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    _invited(round_, email="a@example.org")
    client.force_login(cast.dave)
    answer = client.post(reverse("survey_round_remind", args=["other", round_.pk]))
    assert answer.status_code == 404
    assert mail.outbox == []

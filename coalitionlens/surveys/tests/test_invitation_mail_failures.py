"""Invitations when the mail server fails (services.invitations_issue): a server that cannot be
reached refuses them before anything is written; a server that refuses some messages leaves every
issued link valid, and the page names whose invitation did not go. Never a 500."""

from __future__ import annotations

import logging
import re
import smtplib
from typing import Any

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse

from coalitionlens.audit.models import AuditEntry
from coalitionlens.surveys.models import Respondent
from coalitionlens.surveys.services import respondent_for_token
from coalitionlens.surveys.tests.factories import RespondentFactory, SurveyRoundFactory


class Bouncing(LocmemBackend):
    """A mail server that refuses the addresses with "bounce" in them."""

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


def _round_with(cast, *emails: str):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    for k, email in enumerate(emails):
        RespondentFactory(round=round_, name=f"Person {k}", email=email)
    return round_


def _invite(client, cast, round_, **post: str):
    client.force_login(cast.alice)
    return client.post(reverse("survey_round_invite", args=["lens", round_.pk]), post, follow=True)


def test_an_unreachable_mail_server_refuses_the_invitations_and_writes_nothing(
    client, cast, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.Unreachable"
    round_ = _round_with(cast, "a@example.org", "")
    hashes = set(Respondent.objects.filter(round=round_).values_list("token_hash", flat=True))
    page = _invite(client, cast, round_)
    assert page.status_code == 200
    text = page.content.decode()
    assert "The mail server could not be reached: no link was issued." in text
    assert "/s/" not in text
    assert not Respondent.objects.filter(round=round_, invited_at__isnull=False).exists()
    after = Respondent.objects.filter(round=round_).values_list("token_hash", flat=True)
    assert set(after) == hashes == {None}
    assert not AuditEntry.objects.filter(summary__contains="invitation").exists()


def test_a_re_issue_to_an_unreachable_mail_server_leaves_the_earlier_link_working(
    client, cast, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    round_ = _round_with(cast, "a@example.org")
    first = re.findall(
        r'value="http://testserver/s/([^"/]+)/"', _invite(client, cast, round_).content.decode()
    )
    assert len(first) == 1
    settings.EMAIL_BACKEND = f"{__name__}.Unreachable"
    person = Respondent.objects.get(round=round_)
    page = _invite(client, cast, round_, respondent=str(person.pk))
    assert "could not be reached" in page.content.decode()
    assert respondent_for_token(first[0]) == person


def test_a_refused_invitation_is_named_and_every_issued_link_stays_valid(
    client, cast, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.Bouncing"
    round_ = _round_with(cast, "bounce@example.org", "fine@example.org", "")
    with caplog.at_level(logging.WARNING):
        page = _invite(client, cast, round_)
    assert page.status_code == 200
    text = page.content.decode()
    tokens = re.findall(r'value="http://testserver/s/([^"/]+)/"', text)
    assert len(tokens) == 3  # every link is shown, the refused one too
    for token in tokens:
        assert respondent_for_token(token) is not None
    unmailed = text.split('data-testid="unmailed"', 1)[1].split("</div>", 1)[0]
    assert "bounce@example.org" in unmailed
    assert "fine@example.org" not in unmailed
    assert [m.to for m in mail.outbox] == [["fine@example.org"]]
    assert "1 invitation(s) could not be sent" in caplog.text
    assert AuditEntry.objects.filter(summary="sent 3 survey invitations").exists()


def test_when_every_mail_goes_no_failure_is_shown(client, cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = _invite(client, cast, _round_with(cast, "fine@example.org"))
    assert 'data-testid="unmailed"' not in page.content.decode()
    assert len(mail.outbox) == 1

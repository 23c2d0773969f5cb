"""On the loaded demo a coordinator's reminder reaches the fictional respondents of the open round,
on the reserved example.org (coalitionlens/demo/addresses.py), and the console backend that
``make demo`` uses prints each message."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.accounts.models import User
from coalitionlens.demo.load import load_demo
from coalitionlens.demo.users import demo_email
from coalitionlens.surveys.models import Respondent, RoundStatus, SurveyRound
from coalitionlens.surveys.selectors import respondents_to_remind


def test_a_reminder_on_the_demo_is_printed_to_the_fictional_addresses(client, db, settings, capsys):
    from django.utils import timezone

    from coalitionlens.conftest import _ensure_core_sectors

    _ensure_core_sectors()
    load_demo(only=["marivo"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    round_ = SurveyRound.objects.get(coalition__slug="marivo", status=RoundStatus.OPEN)
    addresses = set(
        Respondent.objects.filter(coalition__slug="marivo").values_list("email", flat=True)
    )
    assert "" not in addresses
    assert all(a.endswith("@example.org") for a in addresses)
    due = {p.email for p in respondents_to_remind(round=round_, invited_before=timezone.now())}
    assert due  # the open round has people who have not submitted, invited by e-mail
    capsys.readouterr()
    client.force_login(User.objects.get(email=demo_email("coordinator", "marivo")))
    page = client.post(reverse("survey_round_remind", args=["marivo", round_.pk]), follow=True)
    assert "Reminders were e-mailed" in page.content.decode()
    printed = capsys.readouterr().out
    assert printed.count("Subject: Reminder: Collaboration survey 2026") == len(due)
    for address in due:
        assert f"To: {address}" in printed, printed[:600]

"""A coordinator runs a round in its pages (create, respondents, open, invite, close, results); other roles read them only."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from coalitionlens.audit.models import AuditEntry
from coalitionlens.surveys.models import Respondent, RoundStatus, SurveyRound
from coalitionlens.surveys.tests.factories import SurveyRoundFactory
from coalitionlens.surveys.tests.helpers import _orgs


def test_a_coordinator_creates_opens_invites_and_closes_a_round(client, cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    orgs = _orgs(cast)
    client.force_login(cast.alice)
    r = client.post(
        reverse("survey_round_create", args=["lens"]),
        {
            "title": "Spring",
            "instruments": ["relationship", "health", "hopes_fears"],
            "opens_on": "2026-03-01",
            "closes_on": "2026-03-31",
        },
    )
    round_ = SurveyRound.objects.get(title="Spring")
    assert r.status_code == 302
    for org in orgs[:3]:
        client.post(
            reverse("survey_round_respondents", args=["lens", round_.pk]),
            {
                "organisation": org.pk,
                "name": f"P {org.pk}",
                "email": f"p{org.pk}@example.org",
                "language": "km",
            },
        )
    assert Respondent.objects.filter(round=round_).count() == 3
    client.post(reverse("survey_round_open", args=["lens", round_.pk]))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
    page = client.post(reverse("survey_round_invite", args=["lens", round_.pk]))
    links = re.findall(r'value="(http://testserver/s/[^"]+)"', page.content.decode())
    assert len(links) == 3
    assert len(mail.outbox) == 3
    assert page["Cache-Control"] == "no-store"
    detail = client.get(reverse("survey_round_detail", args=["lens", round_.pk])).content.decode()
    assert "response-rates" in detail
    client.post(reverse("survey_round_close", args=["lens", round_.pk]))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    results = client.get(reverse("survey_round_results", args=["lens", round_.pk]))
    assert results.status_code == 200
    assert AuditEntry.objects.filter(
        action="view_confidential",
        object_id=str(round_.pk),
        summary="viewed the results of Spring",
    ).exists()


@pytest.mark.parametrize("role", ["member", "analyst", "viewer"])
def test_only_coordinators_manage_rounds(client, cast, role):
    round_ = SurveyRoundFactory(coalition=cast.lens, status=RoundStatus.DRAFT)
    client.force_login(cast.by_role()[role])
    assert client.get(reverse("survey_round_list", args=["lens"])).status_code == 200
    assert client.get(reverse("survey_round_detail", args=["lens", round_.pk])).status_code == 200
    assert client.get(reverse("survey_round_create", args=["lens"])).status_code == 403
    assert client.post(reverse("survey_round_open", args=["lens", round_.pk])).status_code == 403
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT


def test_results_exist_only_after_the_close(client, cast):
    round_ = SurveyRoundFactory(coalition=cast.lens, status=RoundStatus.OPEN)
    client.force_login(cast.alice)
    assert client.get(reverse("survey_round_results", args=["lens", round_.pk])).status_code == 404

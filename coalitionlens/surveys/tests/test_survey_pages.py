"""A coordinator runs a round in the pages; a respondent answers by link; roles see what they may."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.tests.factories import core_sector
from coalitionlens.surveys.models import (
    Answer,
    Consent,
    Respondent,
    Response,
    RoundStatus,
    SurveyRound,
)
from coalitionlens.surveys.tests.factories import (
    RespondentFactory,
    SurveyRoundFactory,
    counting_organisation,
    invite,
)


def _orgs(cast, n=8):
    sectors = ["CIVIL_SOCIETY", "GOVERNMENT", "BUSINESS", "FAITH_BASED"]
    return [
        counting_organisation(
            coalition=cast.lens, name=f"Org {i}", sector=core_sector(sectors[i % 4])
        )
        for i in range(n)
    ]


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
    assert AuditEntry.objects.filter(action="view_confidential", object_id=str(round_.pk)).exists()


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


def _answer_url(token, *args):
    return (
        reverse("survey_answer_section", args=[token, *args])
        if args
        else reverse("survey_answer_start", args=[token])
    )


def test_without_consent_nothing_is_stored(client, cast):
    respondent = RespondentFactory(round__coalition=cast.lens)
    token = invite(respondent)
    page = client.get(_answer_url(token) + "?lang=km")
    assert page.status_code == 200
    assert "ខ្ញុំយល់ព្រមចូលរួម" in page.content.decode()
    client.post(_answer_url(token), {"consent": "no"})
    assert not Consent.objects.exists()
    assert not Response.objects.exists()
    # a section cannot be reached, let alone saved, before consent
    r = client.post(_answer_url(token, "health-1"), {"shared_power_1": "4"})
    assert r.status_code == 302
    assert not Answer.objects.exists()


def test_a_respondent_answers_page_by_page_resumes_and_submits(client, cast):
    orgs = _orgs(cast, 4)
    respondent = RespondentFactory(round__coalition=cast.lens, organisation=orgs[0])
    token = invite(respondent)
    r = client.post(_answer_url(token) + "?lang=fr", {"consent": "yes", "lang": "fr"})
    assert r.status_code == 302
    assert r["Location"].endswith("/p/partners/?lang=fr")
    page = client.get(r["Location"]).content.decode()
    assert orgs[1].name in page
    assert f'value="{orgs[0].pk}"' not in page  # not one's own organisation
    r = client.post(
        _answer_url(token, "partners"), {"partners": [orgs[1].pk, orgs[2].pk], "lang": "fr"}
    )
    assert r["Location"].endswith("/p/ratings/?lang=fr")
    data = {
        f"p{orgs[1].pk}_trust_open": "3",
        f"p{orgs[1].pk}_level": "4",
        f"p{orgs[1].pk}_practices": ["MOU"],
    }
    client.post(_answer_url(token, "ratings"), data)
    # a value off the scale is refused, nothing of the page is saved
    bad = client.post(_answer_url(token, "health-1"), {"shared_power_1": "9"})
    assert bad.status_code == 400
    client.post(_answer_url(token, "health-1"), {"shared_power_1": "4"})
    client.post(_answer_url(token, "hopes-public"), {"fear_cooptation": "3"})
    keys = dict(Answer.objects.values_list("key", "value"))
    assert keys["relationship:partners::"] == [orgs[1].pk, orgs[2].pk]
    assert keys[f"relationship:trust_open:{orgs[1].pk}:"] == 3
    assert keys[f"relationship:practices:{orgs[1].pk}:"] == ["MOU"]
    assert keys["health:shared_power_1::"] == 4
    assert keys["hopes_fears:fear:cooptation::PUBLIC"] == 3
    assert keys["hopes_fears:seen::PUBLIC"] is True
    # dropping a partner drops its ratings
    client.post(_answer_url(token, "partners"), {"partners": [orgs[2].pk]})
    assert not Answer.objects.filter(target=orgs[1]).exists()
    # resuming shows the saved pages
    progress = client.get(_answer_url(token)).content.decode()
    assert progress.count("✓") >= 3
    client.post(reverse("survey_answer_submit", args=[token]))
    assert Response.objects.get().submitted_at is not None
    assert client.post(_answer_url(token, "health-2"), {"trust_1": "4"}).status_code == 302
    assert not Answer.objects.filter(item="trust_1").exists()


def test_withdrawing_deletes_the_answers(client, cast):
    respondent = RespondentFactory(round__coalition=cast.lens)
    token = invite(respondent)
    client.post(_answer_url(token), {"consent": "yes"})
    client.post(_answer_url(token, "health-1"), {"shared_power_1": "4"})
    assert Answer.objects.exists()
    client.post(reverse("survey_answer_withdraw", args=[token]))
    assert not Answer.objects.exists()
    assert not Response.objects.exists()
    assert client.get(_answer_url(token)).status_code == 404


def test_an_unknown_or_closed_link_answers_404(client, cast):
    assert client.get(_answer_url("not-a-token")).status_code == 404
    respondent = RespondentFactory(round__coalition=cast.lens, round__status=RoundStatus.CLOSED)
    assert client.get(_answer_url(invite(respondent))).status_code == 404


def test_the_answering_page_is_small_and_needs_no_script(client, cast):
    respondent = RespondentFactory(round__coalition=cast.lens)
    token = invite(respondent)
    client.post(_answer_url(token), {"consent": "yes"})
    for section in ("partners", "ratings", "health-1", "health-3", "hopes-private"):
        page = client.get(_answer_url(token, section))
        html = page.content.decode()
        assert page.status_code == 200, section
        assert "<script" not in html
        assert len(page.content) < 30_000, section


def test_the_xlsform_downloads_and_an_upload_imports(client, cast):
    from coalitionlens.surveys.tests.test_offline import _odk_csv, _submission

    orgs = _orgs(cast, 5)
    round_ = SurveyRoundFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    form = client.get(reverse("survey_round_xlsform", args=["lens", round_.pk]))
    assert form.status_code == 200
    assert AuditEntry.objects.filter(action="export", object_id=str(round_.pk)).exists()
    ids = [o.pk for o in orgs]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("e.csv", _odk_csv(form.content, [_submission(1, ids[1], ids)]))
    client.post(reverse("survey_round_import", args=["lens", round_.pk]), {"file": upload})
    assert Response.objects.filter(round=round_).count() == 1
    client.force_login(cast.carol)
    assert client.get(reverse("survey_round_xlsform", args=["lens", round_.pk])).status_code == 403

"""A respondent answers by link: consent first, page by page, resume, submit or withdraw; the pages are small and need no script."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.surveys.models import Answer, Consent, Response, RoundStatus
from coalitionlens.surveys.tests.factories import RespondentFactory, invite
from coalitionlens.surveys.tests.helpers import _orgs


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

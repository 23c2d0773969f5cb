"""SAFETY.md "Saved answers belong to the respondent", written as the attack: a coordinator re-issues
a respondent's link on an open round and uses the new link to read, change, submit or withdraw what
the respondent saved. Every answering page and response reached through the new link is scanned for
the respondent's sentinel answers and target ids."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.surveys import services
from coalitionlens.surveys.answering import AnswerIn, sections
from coalitionlens.surveys.instruments import latest
from coalitionlens.surveys.models import Answer, Consent, Respondent, Response
from coalitionlens.surveys.tests.factories import RespondentFactory, SurveyRoundFactory, invite

COMMENT = "zq-saved-comment-sentinel"


@pytest.fixture
def saved(cast):
    """A respondent of an open round who saved answers about two partners and every other page."""
    round_ = SurveyRoundFactory(coalition=cast.lens)
    me = OrganisationFactory(
        coalition=cast.lens, name="Shelter A", sector=core_sector("CIVIL_SOCIETY")
    )
    targets = [
        OrganisationFactory(coalition=cast.lens, name=f"Zqtarget {i}", sector=core_sector(s))
        for i, s in enumerate(["GOVERNMENT", "BUSINESS"])
    ]
    for i in range(4):
        OrganisationFactory(coalition=cast.lens, name=f"Bystander {i}")
    respondent = RespondentFactory(round=round_, organisation=me)
    token = invite(respondent)
    response = services.consent_give(respondent=respondent)
    ids = [t.pk for t in targets]
    answers = [AnswerIn("relationship", "partners", None, "", ids)]
    for t in ids:
        for item in latest("relationship").items:
            answers.append(AnswerIn("relationship", item["code"], t, "", 1))
        answers.append(AnswerIn("relationship", "practices", t, "", ["MOU"]))
    for item in latest("health").items:
        answers.append(AnswerIn("health", item["code"], None, "", 2))
    answers.append(AnswerIn("health", "comment", None, "", COMMENT))
    for about in ("PUBLIC", "PRIVATE", "INTERNATIONAL"):
        answers.append(AnswerIn("hopes_fears", "seen", None, about, True))
        answers.append(AnswerIn("hopes_fears", "fear:retaliation", None, about, 3))
    services.answers_save(response=response, replace=[], answers=answers)
    return {"round": round_, "respondent": respondent, "token": token, "targets": ids}


def _reissue(client, cast, saved) -> str:
    client.force_login(cast.alice)
    page = client.post(
        reverse("survey_round_invite", args=["lens", saved["round"].pk]),
        {"respondent": saved["respondent"].pk},
    )
    (link,) = re.findall(r'value="http://testserver/s/([^"/]+)/"', page.content.decode())
    client.logout()
    return link


def _answers_of() -> list[tuple]:
    qs = Answer.objects.all()
    return sorted(qs.values_list("response_id", "key", "value"))


def _assert_nothing_saved_shows(html: str, saved, where: str) -> None:
    assert COMMENT not in html, where
    assert "✓" not in html, f"{where}: a page shows as saved"
    assert "your answers are in" not in html, f"{where}: shows that answers were submitted"
    for t in saved["targets"]:
        assert f'name="p{t}_' not in html, f"{where}: the ratings of partner {t} are offered"
    assert " selected" not in html, f"{where}: a saved choice is pre-selected"
    for tag in re.findall(r"<input[^>]*\bchecked\b[^>]*>", html):
        assert 'value=""' in tag, f"{where}: a saved answer is pre-checked: {tag}"


def _crawl(client, token: str, saved) -> list[str]:
    """Every page of the link, after giving consent through it; returns what was seen."""
    seen = []
    start = reverse("survey_answer_start", args=[token])
    seen.append(client.get(start).content.decode())
    client.post(start, {"consent": "yes"})
    seen.append(client.get(start).content.decode())
    for s in sections(saved["round"].instruments):
        page = client.get(reverse("survey_answer_section", args=[token, s.code]))
        seen.append(page.content.decode())
    return seen


def test_a_reissued_link_shows_none_of_the_saved_answers(client, cast, saved):
    token = _reissue(client, cast, saved)
    for i, html in enumerate(_crawl(client, token, saved)):
        _assert_nothing_saved_shows(html, saved, f"page {i} of the new link")


def test_a_reissued_link_cannot_change_submit_or_withdraw_the_saved_answers(client, cast, saved):
    before = _answers_of()
    token = _reissue(client, cast, saved)
    _crawl(client, token, saved)
    t = saved["targets"][0]
    client.post(reverse("survey_answer_section", args=[token, "partners"]), {"partners": [t]})
    client.post(reverse("survey_answer_section", args=[token, "ratings"]), {f"p{t}_level": "5"})
    client.post(reverse("survey_answer_section", args=[token, "health-1"]), {"shared_power_1": "5"})
    client.post(reverse("survey_answer_submit", args=[token]))
    old = {k: v for _r, k, v in before}
    # whatever the new link holds, none of it is the respondent's answer, and nothing it did was
    # done to the respondent's answers: they were discarded at the re-issue, not submitted
    for _r, key, value in _answers_of():
        assert (key, value) not in old.items() or key == "hopes_fears:seen::PUBLIC", key
    assert not Response.objects.filter(submitted_at__isnull=False, answers__value=COMMENT).exists()
    client.post(reverse("survey_answer_withdraw", args=[token]))
    assert not Answer.objects.filter(value=COMMENT).exists()


def test_a_submitted_response_stays_whole_and_out_of_reach_of_a_new_link(client, cast, saved):
    response = Response.objects.get(respondent=saved["respondent"])
    services.response_submit(response=response)
    before = _answers_of()
    submitted_at = Response.objects.get(pk=response.pk).submitted_at
    token = _reissue(client, cast, saved)
    for i, html in enumerate(_crawl(client, token, saved)):
        _assert_nothing_saved_shows(html, saved, f"page {i} of the new link")
    t = saved["targets"][0]
    client.post(reverse("survey_answer_section", args=[token, "partners"]), {"partners": [t]})
    client.post(reverse("survey_answer_section", args=[token, "health-1"]), {"shared_power_1": "5"})
    client.post(reverse("survey_answer_submit", args=[token]))
    client.post(reverse("survey_answer_withdraw", args=[token]))
    kept = Response.objects.get(pk=response.pk)
    assert kept.submitted_at == submitted_at
    assert (
        sorted(Answer.objects.filter(response=kept).values_list("response_id", "key", "value"))
        == before
    )
    assert Consent.objects.filter(respondent_id=kept.respondent_id).exists()


def test_the_old_link_stops_working_and_the_reissue_is_audited_in_words(client, cast, saved):
    old = saved["token"]
    _reissue(client, cast, saved)
    assert client.get(reverse("survey_answer_start", args=[old])).status_code == 404
    entry = AuditEntry.objects.filter(summary__startswith="re-issued").get()
    assert "Shelter A" in entry.summary
    assert "earlier link stopped working" in entry.summary
    assert "discarded" in entry.summary
    # the same words whatever the respondent had done: the log says nothing about answering
    assert not Answer.objects.filter(value=COMMENT).exists()
    assert Respondent.objects.filter(round=saved["round"], organisation__name="Shelter A").count()

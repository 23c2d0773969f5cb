"""Survey forms sent twice create once (kit/once.py): a round, a respondent, a new link."""

from __future__ import annotations

import uuid

import pytest

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.surveys.models import Respondent, RoundStatus, SurveyRound
from coalitionlens.surveys.tests.factories import RespondentFactory, SurveyRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client, cast):
    client.force_login(cast.alice)
    return client


def test_a_round_form_sent_twice_makes_one_round(alice, cast):
    data = {
        "once_key": uuid.uuid4().hex,
        "title": "Health check 2026",
        "instruments": ["relationship", "health"],
        "opens_on": "2026-04-01",
        "closes_on": "2026-04-30",
    }
    first = alice.post("/c/lens/surveys/new/", data)
    second = alice.post("/c/lens/surveys/new/", data)
    assert first.status_code == 302, first.content[:300]
    assert SurveyRound.objects.filter(coalition=cast.lens).count() == 1
    assert second["Location"] == first["Location"]


def test_a_respondent_form_sent_twice_adds_one_respondent(alice, cast):
    round_ = SurveyRoundFactory(coalition=cast.lens, status=RoundStatus.DRAFT)
    org = OrganisationFactory(coalition=cast.lens)
    url = f"/c/lens/surveys/{round_.pk}/respondents/"
    data = {
        "once_key": uuid.uuid4().hex,
        "organisation": org.pk,
        "name": "Sokha",
        "email": "sokha@example.org",
        "language": "km",
    }
    first = alice.post(url, data)
    second = alice.post(url, data)
    assert Respondent.objects.filter(round=round_).count() == 1
    assert second.status_code == first.status_code == 302
    assert second["Location"] == first["Location"]


def test_a_new_link_form_sent_twice_issues_one_link_and_says_it_was_shown(alice, cast):
    """Without the key the second sending would replace the link the first one just showed."""
    respondent = RespondentFactory(round__coalition=cast.lens)
    url = f"/c/lens/surveys/{respondent.round_id}/invite/"
    data = {"once_key": uuid.uuid4().hex, "respondent": respondent.pk}
    first = alice.post(url, data)
    assert first.status_code == 200
    links = Respondent.objects.filter(round=respondent.round).count()
    second = alice.post(url, data)
    assert second.status_code == 409
    assert "already been saved" in second.text
    assert f'href="/c/lens/surveys/{respondent.round_id}/"' in second.text
    assert Respondent.objects.filter(round=respondent.round).count() == links

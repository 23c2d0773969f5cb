"""Survey rounds through the REST API: the rounds the surveys page lists, to every role, and each
round's counting towards k as its page shows it; never a respondent; 404 for a stranger."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from coalitionlens.surveys.models import RoundStatus
from coalitionlens.surveys.tests.factories import RespondentFactory, SurveyRoundFactory

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/coalitions/lens/surveys/rounds"


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "vic"])
def test_every_role_lists_the_rounds_the_surveys_page_lists(
    client: Any, cast: Any, who: str
) -> None:
    SurveyRoundFactory(coalition=cast.lens, title="Baseline 2025", opens_on=dt.date(2025, 1, 1))
    SurveyRoundFactory(coalition=cast.lens, title="Draft 2027", status=RoundStatus.DRAFT)
    SurveyRoundFactory(coalition=cast.other, title="Another coalition's round")
    client.force_login(getattr(cast, who))
    page = client.get(reverse("survey_round_list", args=["lens"])).content.decode()
    answer = client.get(ROUNDS)
    assert answer.status_code == 200
    rows = answer.json()["results"]
    titles = [r["title"] for r in rows]
    assert sorted(titles) == ["Baseline 2025", "Draft 2027"]
    assert sorted(titles, key=page.index) == titles  # in the page's order
    assert {r["title"]: r["status"] for r in rows} == {
        "Baseline 2025": "open",
        "Draft 2027": "draft",
    }
    assert "Another coalition" not in answer.content.decode()


def test_a_round_shows_its_counting_towards_k_and_no_respondent(client: Any, cast: Any) -> None:
    round_ = SurveyRoundFactory(coalition=cast.lens)
    person = RespondentFactory(round=round_, name="Sentinel Person", email="sentinel@example.org")
    client.force_login(cast.bob)
    page = client.get(reverse("survey_round_detail", args=["lens", round_.pk]))
    answer = client.get(f"{ROUNDS}/{round_.pk}")
    assert answer.status_code == 200
    body = answer.json()
    counting = page.context["counting"]
    assert body["counting"]["counted"] == counting.counted
    assert body["counting"]["decided"] == counting.decided
    assert {i["code"] for i in body["instruments"]} == {"relationship", "health", "hopes_fears"}
    assert person.email not in answer.content.decode()
    assert "Sentinel Person" not in answer.content.decode()


def test_a_stranger_gets_404_for_the_rounds(client: Any, cast: Any) -> None:
    round_ = SurveyRoundFactory(coalition=cast.lens)
    client.force_login(cast.dave)
    assert client.get(ROUNDS).status_code == 404
    assert client.get(f"{ROUNDS}/{round_.pk}").status_code == 404
    ours = SurveyRoundFactory(coalition=cast.other)
    client.force_login(cast.alice)
    assert client.get(f"{ROUNDS}/{ours.pk}").status_code == 404

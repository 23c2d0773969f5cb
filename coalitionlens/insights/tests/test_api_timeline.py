"""GET /api/v1/coalitions/{slug}/timeline: the timeline page's tables, as the caller's role may see
them (a tie a member's network hides is neither counted nor gained)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coalitionlens.insights.tests.helpers import timeline_coalition

pytestmark = pytest.mark.django_db

Y = dt.date.today().year
URL = "/api/v1/coalitions/lens/timeline"


def _get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_the_api_gives_the_pages_tables(client, cast):
    timeline_coalition(cast.lens)
    body = _get(client, cast.carol).json()
    client.force_login(cast.carol)
    page = client.get(reverse("insights_timeline", args=["lens"]))
    assert [p["label"] for p in body["periods"]] == page.context["labels"]
    figures = dict(page.context["periods"])
    assert [p["ties_gained"] for p in body["periods"]] == figures["Ties gained"]
    assert [p["members_left"] for p in body["periods"]] == figures["Members who left"]
    quarters = _get(client, cast.carol, period="quarter").json()
    assert quarters["period"] == "quarter"
    assert len(quarters["periods"]) == 8


@pytest.mark.parametrize("who", ["bob", "vic"])
def test_a_tie_hidden_from_the_role_is_not_in_its_answer(client, cast, who):
    orgs = timeline_coalition(cast.lens)
    analyst = _get(client, cast.carol).json()
    mine = _get(client, getattr(cast, who)).json()
    assert analyst["periods"][-1]["ties_gained"] == 1
    assert mine["periods"][-1]["ties_gained"] == 0
    assert mine["periods"][-1]["ties"] == 2

    def degree(body):
        return next(
            o["degree"]
            for o in body["organisations"]
            if o["id"] == orgs["B"].pk and o["period"] == str(Y)
        )

    assert (degree(analyst), degree(mine)) == (2, 1)


def test_another_coalitions_coordinator_and_a_bad_period_get_nothing(client, cast):
    assert _get(client, cast.dave).status_code == 404
    assert _get(client, cast.carol, period="month").status_code in (400, 422)

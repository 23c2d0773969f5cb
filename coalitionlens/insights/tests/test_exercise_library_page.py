"""The exercise library page: filters by kind and by tension category, a plain GET form (no script)."""

from __future__ import annotations

import re

from django.urls import reverse

from coalitionlens.insights.exercises import exercises

SHOWN = re.compile(r'data-exercise="([a-z0-9-]+)"')


def _library(client, **params) -> list[str]:
    response = client.get(reverse("insights_exercises", args=["lens"]), params)
    assert response.status_code == 200
    return SHOWN.findall(response.content.decode())


def test_the_library_filters_by_kind_and_by_category_with_a_plain_form(client, cast):
    client.force_login(cast.alice)
    everything = _library(client)
    assert everything == [e.id for e in exercises()]
    body = client.get(reverse("insights_exercises", args=["lens"])).content.decode()
    assert re.search(r'<form method="get"', body)
    assert 'name="kind"' in body
    assert 'name="category"' in body

    building = _library(client, kind="BUILDING")
    assert building
    assert set(building) == {e.id for e in exercises() if e.kind == "BUILDING"}
    assert len(building) < len(everything)
    assert (
        'value="BUILDING" selected'
        in client.get(
            reverse("insights_exercises", args=["lens"]), {"kind": "BUILDING"}
        ).content.decode()
    )

    social = _library(client, category="SOCIAL_LOCATION")
    assert "who-is-in-the-room" in social
    assert "relationship-map" not in social
    both = _library(client, kind="TROUBLESHOOTING", category="SOCIAL_LOCATION")
    assert set(both) == {"power-walk", "who-is-in-the-room"}
    assert _library(client, kind="EVALUATING", category="DONOR_COMPETITION") == [
        "donor-dependence-review"
    ]


def test_an_unknown_filter_value_shows_the_whole_library(client, cast):
    client.force_login(cast.bob)
    assert _library(client, kind="PLAYING", category="<script>") == [e.id for e in exercises()]

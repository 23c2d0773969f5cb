"""One exercise's page: every field in the reader's language, laid out as its one-page handout,
with links to its PDF in each language; for every role; 404 for an id the library lacks."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coalitionlens.insights.exercises import LANGUAGES, exercise_by_id

ROLES = ["coordinator", "member", "analyst", "viewer"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_an_exercise(client, cast, role):
    client.force_login(cast.by_role()[role])
    page = client.get(reverse("insights_exercise", args=["lens"]), {"id": "handover-file"})
    assert page.status_code == 200
    assert 'data-exercise="handover-file"' in page.content.decode()


def test_an_unknown_exercise_is_not_found(client, cast):
    client.force_login(cast.alice)
    url = reverse("insights_exercise", args=["lens"])
    assert client.get(url, {"id": "no-such"}).status_code == 404
    assert client.get(url).status_code == 404


def test_an_exercise_page_shows_every_field_in_the_readers_language(client, cast):
    client.force_login(cast.bob)
    for lang in LANGUAGES:
        client.cookies["django_language"] = lang
        body = client.get(
            reverse("insights_exercise", args=["lens"]), {"id": "donor-dependence-review"}
        ).content.decode()
        text = exercise_by_id("donor-dependence-review").text[lang]
        for field in ("title", "purpose", "when", "participants", "notes", "risks", "bring_back"):
            assert text[field].replace("'", "&#x27;") in body, (lang, field)
        for item in (*text["steps"], *text["materials"]):
            assert item.replace("'", "&#x27;") in body, lang
        sheet = re.search(r'<article class="handout".*?</article>', body, re.S)
        assert sheet is not None
        assert sheet[0].count("<li>") == len(text["steps"]) + len(text["materials"])
        for code in LANGUAGES:  # the handout in each language, whatever the page's
            assert f"id=donor-dependence-review&amp;lang={code}" in body

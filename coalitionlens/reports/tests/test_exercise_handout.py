"""An exercise's one-page handout as a PDF: for every role, in the language asked for, one A4 page
for every exercise in every language (WeasyPrint, the shipped fonts, nothing fetched)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.insights.exercises import LANGUAGES, exercises
from coalitionlens.insights.handouts import handout_html
from coalitionlens.insights.tests.helpers import pdf_page_count

# PDFs drawn from the exercise library: the same on either engine (one lane of make test)
pytestmark = pytest.mark.one_engine

ROLES = ["coordinator", "member", "analyst", "viewer"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_downloads_a_one_page_handout(client, cast, role):
    client.force_login(cast.by_role()[role])
    pdf = client.get(
        reverse("insights_exercise_handout", args=["lens"]), {"id": "handover-file", "lang": "en"}
    )
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf_page_count(pdf.content) == 1


def test_an_unknown_exercise_has_no_handout(client, cast):
    client.force_login(cast.alice)
    url = reverse("insights_exercise_handout", args=["lens"])
    assert client.get(url, {"id": "no-such"}).status_code == 404
    assert client.get(url).status_code == 404


def test_the_handout_follows_the_language_asked_then_the_readers(client, cast):
    client.force_login(cast.carol)
    client.cookies["django_language"] = "fr"
    url = reverse("insights_exercise_handout", args=["lens"])
    km = client.get(url, {"id": "power-walk", "lang": "km"})
    assert 'filename="exercise-power-walk-km.pdf"' in km["Content-Disposition"]
    fr = client.get(url, {"id": "power-walk", "lang": "xx"})
    assert 'filename="exercise-power-walk-fr.pdf"' in fr["Content-Disposition"]


def test_every_handout_is_one_page_in_every_language():
    from weasyprint import HTML

    over = []
    for e in exercises():
        for lang in LANGUAGES:
            html = handout_html(e, lang)
            assert f'<html lang="{lang}">' in html
            # nothing fetched: the stylesheet and the fonts are inside the file
            assert "<link" not in html
            assert 'url("data:font/ttf' in html
            pages = len(HTML(string=html).render().pages)
            if pages != 1:
                over.append((e.id, lang, pages))
    assert over == []

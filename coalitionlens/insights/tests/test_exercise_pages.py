"""The exercise library's pages: filters by kind and tension category (GET, no script), each
exercise's page, and its one-page handout as a PDF in each language."""

from __future__ import annotations

import re
import zlib

import pytest
from django.urls import reverse

from coalitionlens.insights.exercises import LANGUAGES, exercise_by_id, exercises
from coalitionlens.insights.handouts import handout_html

SHOWN = re.compile(r'data-exercise="([a-z0-9-]+)"')
ROLES = ["coordinator", "member", "analyst", "viewer"]


def _library(client, **params) -> list[str]:
    response = client.get(reverse("insights_exercises", args=["lens"]), params)
    assert response.status_code == 200
    return SHOWN.findall(response.content.decode())


def pdf_page_count(data: bytes) -> int:
    """The ``/Count`` of a PDF's page tree, read from the file itself (its object streams are
    deflated first): what a PDF reader would show as the number of pages."""
    assert data.startswith(b"%PDF-")
    parts = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue  # not a deflated stream (an image, a font): no page tree in it
    text = b"".join(parts)
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", text)
    counts += re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", text)
    assert counts, "no page tree found"
    return max(int(c) for c in counts)


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


@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_an_exercise_and_its_handout(client, cast, role):
    client.force_login(cast.by_role()[role])
    page = client.get(reverse("insights_exercise", args=["lens"]), {"id": "handover-file"})
    assert page.status_code == 200
    pdf = client.get(
        reverse("insights_exercise_handout", args=["lens"]), {"id": "handover-file", "lang": "en"}
    )
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf_page_count(pdf.content) == 1


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


def test_an_unknown_exercise_is_not_found(client, cast):
    client.force_login(cast.alice)
    for name in ("insights_exercise", "insights_exercise_handout"):
        assert client.get(reverse(name, args=["lens"]), {"id": "no-such"}).status_code == 404
        assert client.get(reverse(name, args=["lens"])).status_code == 404


def test_the_handout_follows_the_language_asked_then_the_readers(client, cast):
    client.force_login(cast.carol)
    client.cookies["django_language"] = "fr"
    url = reverse("insights_exercise_handout", args=["lens"])
    km = client.get(url, {"id": "power-walk", "lang": "km"})
    assert 'filename="exercise-power-walk-km.pdf"' in km["Content-Disposition"]
    fr = client.get(url, {"id": "power-walk", "lang": "xx"})
    assert 'filename="exercise-power-walk-fr.pdf"' in fr["Content-Disposition"]


def test_the_diagnostics_link_each_exercise_to_its_page(client, cast):
    from coalitionlens.insights.tests.helpers import grow

    grow(cast.lens, 6)
    client.force_login(cast.alice)
    body = client.get(reverse("insights_diagnostics", args=["lens"])).content.decode()
    linked = re.findall(r"exercises/exercise/\?id=([a-z0-9-]+)", body)
    assert linked
    assert all(exercise_by_id(i) for i in linked)


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

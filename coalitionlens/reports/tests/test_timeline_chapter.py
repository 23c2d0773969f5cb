"""The report's timeline chapter: the timeline page's figures for the report's role (a tie that role's
network hides is neither counted nor gained), its chart, organisations by alias in safe mode, in the
HTML and the PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from coalitionlens.insights.tests.helpers import timeline_coalition
from coalitionlens.insights.timeline import coalition_timeline, period_rows
from coalitionlens.kit.numbers import number
from coalitionlens.reports.rendering import report_html, report_pdf
from coalitionlens.reports.selectors import report_data

pytestmark = pytest.mark.django_db

Y = dt.date.today().year


def _data(cast: Any, role: str, *, safe: bool = False) -> Any:
    with translation.override("en"):
        return report_data(coalition=cast.lens, role=role, lang="en", safe=safe)


def _chapter(data: Any) -> Any:
    return next(s for s in data.sections if s.anchor == "timeline")


def _per_year(chapter: Any) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in chapter.tables[0]["rows"]}


@pytest.mark.parametrize("role", ["coordinator", "analyst", "member", "viewer"])
def test_the_chapter_is_the_roles_timeline(cast: Any, role: str) -> None:
    timeline_coalition(cast.lens)
    chapter = _chapter(_data(cast, role))
    with translation.override("en"):
        expected = period_rows(coalition_timeline(cast.lens, role))
        printed = {label: [number(v) for v in values] for label, values in expected}
    assert chapter.tables[0]["columns"][1:] == [str(y) for y in range(Y - 4, Y + 1)]
    assert _per_year(chapter) == printed  # the page's figures, as the report prints numbers
    gained = _per_year(chapter)["Ties gained"]
    assert gained[-1] == ("1" if role in ("coordinator", "analyst") else "0")
    assert _per_year(chapter)["Members who left"][-2] == "1"
    assert chapter.images
    assert chapter.images[0]["src"].startswith("data:image/svg+xml;base64,")


def test_a_member_report_does_not_count_the_confidential_tie(cast: Any) -> None:
    orgs = timeline_coalition(cast.lens)
    member = _chapter(_data(cast, "member"))
    analyst = _chapter(_data(cast, "analyst"))

    def ties(chapter: Any) -> dict[str, str]:
        return {row[0]: row[-2] for row in chapter.tables[2]["rows"]}

    assert ties(analyst)[orgs["B"].name] == "2"
    assert ties(member)[orgs["B"].name] == "1"
    assert _per_year(member)["Ties"][-1] == "2"
    assert _per_year(analyst)["Ties"][-1] == "3"


def test_a_safe_report_names_no_organisation_in_the_chapter(cast: Any) -> None:
    orgs = timeline_coalition(cast.lens)
    data = _data(cast, "analyst", safe=True)
    text = repr(_chapter(data).tables)
    assert not any(o.name in text for o in orgs.values())
    html = report_html(data)
    assert 'id="timeline"' in html
    assert not any(o.name in html for o in orgs.values())


def test_the_chapter_is_in_the_html_and_the_pdf(cast: Any) -> None:
    timeline_coalition(cast.lens)
    data = _data(cast, "coordinator")
    with translation.override("en"):
        html = report_html(data)
        pdf = report_pdf(html)
    assert 'id="timeline"' in html
    assert 'href="#timeline"' in html
    assert 'id="round-change"' in html
    assert pdf.startswith(b"%PDF")

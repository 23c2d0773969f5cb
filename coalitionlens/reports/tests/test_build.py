"""The report builder: every chapter, in the chosen language, as the role may see it."""

from __future__ import annotations

import re

import pytest

from coalitionlens.reports.services import report_build

SECTIONS = (
    "summary",
    "composition",
    "modes",
    "practices",
    "network",
    "survivor-inclusion",
    "power-and-money",
    "survey",
    "findings",
    "plans",
    "change",
    "round-change",
    "timeline",
)


def test_the_html_report_has_every_chapter_and_needs_nothing_from_outside(marivo):
    html = report_build(coalition=marivo, role="coordinator", fmt="html", lang="en").decode()
    for anchor in SECTIONS:
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html  # the table of contents
    assert "<script" not in html
    # Every image is inline; nothing is fetched when the file is opened offline.
    assert not re.search(r'(src|href)="(?!#|data:)', html)
    assert html.count('src="data:image/svg+xml;base64,') >= 7
    assert 'src="data:image/png;base64,' in html  # the network map


def test_it_is_written_in_the_language_asked_for(marivo):
    fr = report_build(coalition=marivo, role="coordinator", fmt="html", lang="fr").decode()
    km = report_build(coalition=marivo, role="coordinator", fmt="html", lang="km").decode()
    assert '<html lang="fr"' in fr
    assert "Composition" in fr
    assert '<html lang="km"' in km
    assert "សមាសភាព" in km


def test_it_defaults_to_the_coalitions_language(marivo):
    marivo.default_language = "fr"
    marivo.save(update_fields=["default_language"])
    html = report_build(coalition=marivo, role="coordinator", fmt="html").decode()
    assert '<html lang="fr"' in html


def test_an_unknown_format_is_refused(marivo):
    with pytest.raises(ValueError, match="unknown report format"):
        report_build(coalition=marivo, role="coordinator", fmt="docx")

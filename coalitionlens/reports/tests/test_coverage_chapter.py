"""The report's coverage chapter: the coverage page's matrix (one function, ``coverage_table``) for
the whole country and each province, its gaps and single providers, providers by alias in safe
mode, in English, French and Khmer, in the HTML and the PDF."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from django.utils import translation

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.pathways.coverage_table import coverage_table
from coalitionlens.pathways.tests.factories import ReferralTieFactory
from coalitionlens.reports.rendering import report_html, report_pdf
from coalitionlens.reports.selectors import report_data

pytestmark = pytest.mark.django_db

HOTLINE = "Fictional Lantern Hotline"
SHELTER = "Fictional Harbour Shelter"


def _pathway(cast: Any) -> dict[str, Any]:
    """A nationwide hotline identifies labour trafficking of adults; one shelter takes them in, in
    North only, with a referral tie: every stage after identification is a gap in South, every
    stage but the shelter's in North, and every covered cell hangs on one provider."""
    hotline = OrganisationFactory(coalition=cast.lens, name=HOTLINE)
    shelter = OrganisationFactory(coalition=cast.lens, name=SHELTER, province="North")
    tie = ReferralTieFactory(
        from_service__organisation=hotline,
        from_service__stage="IDENTIFICATION",
        to_service__organisation=shelter,
        to_service__stage="SHELTER",
        to_service__provinces=["North"],
    )
    OrganisationFactory(coalition=cast.lens, province="South")
    return {"hotline": hotline, "shelter": shelter, "tie": tie}


def _data(cast: Any, *, role: str = "coordinator", safe: bool = False, lang: str = "en") -> Any:
    with translation.override(lang):
        return report_data(coalition=cast.lens, role=role, lang=lang, safe=safe)


def _chapter(data: Any) -> Any:
    return next(s for s in data.sections if s.anchor == "coverage")


@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_the_chapter_counts_the_coverage_pages_cells_in_each_province(cast: Any, role: str) -> None:
    _pathway(cast)
    overview = _chapter(_data(cast, role=role)).tables[0]
    assert overview["columns"] == [
        "Province",
        "No provider",
        "One provider only",
        "No referral tie to the stage before",
        "Covered",
    ]
    by_place = {row[0]: row[1:] for row in overview["rows"]}
    assert list(by_place) == ["Whole country", "North", "South"]
    with translation.override("en"):
        for place, code in (("Whole country", ""), ("North", "North"), ("South", "South")):
            counts = coverage_table(cast.lens, province=code).counts
            expected = [str(counts[f]) for f in ("gap", "fragile", "unlinked", "ok")]
            assert by_place[place] == expected, place
    assert by_place["South"][:2] == ["5", "1"]  # five stages missing; the hotline alone
    assert by_place["North"][:2] == ["4", "2"]  # the shelter is there, alone too


def test_the_chapter_lists_the_gaps_and_the_single_providers_by_name(cast: Any) -> None:
    _pathway(cast)
    tables = {t["caption"]: t["rows"] for t in _chapter(_data(cast)).tables[1:]}
    south = tables["Gaps and single providers: South"]
    assert ["Labour", "Adults", "Shelter and assistance", "No provider", "—"] in south
    north = tables["Gaps and single providers: North"]
    assert ["Labour", "Adults", "Shelter and assistance", "One provider only", SHELTER] in north
    assert ["Labour", "Adults", "Identification", "One provider only", HOTLINE] in north


def test_a_safe_report_gives_the_providers_aliases(cast: Any) -> None:
    from coalitionlens.coalitions.aliases import organisation_aliases

    orgs = _pathway(cast)
    data = _data(cast, role="analyst", safe=True)
    text = repr(_chapter(data).tables)
    assert HOTLINE not in text
    assert SHELTER not in text
    assert organisation_aliases(cast.lens)[orgs["shelter"].pk] in text
    html = report_html(data)
    assert 'id="coverage"' in html
    assert HOTLINE not in html
    assert SHELTER not in html


def test_without_services_the_chapter_says_so(cast: Any) -> None:
    chapter = _chapter(_data(cast))
    assert chapter.tables == []
    assert chapter.note == "No service has been recorded."


@pytest.mark.parametrize(
    ("lang", "title", "flag"),
    [
        ("fr", "Couverture du parcours d'orientation", "Aucun prestataire"),
        ("km", "ការគ្របដណ្ដប់នៃផ្លូវបញ្ជូន", "គ្មានអ្នកផ្ដល់សេវា"),
    ],
)
def test_the_chapter_is_translated(cast: Any, lang: str, title: str, flag: str) -> None:
    _pathway(cast)
    chapter = _chapter(_data(cast, lang=lang))
    assert chapter.title == title
    assert flag in chapter.tables[0]["columns"]


def test_the_chapter_is_in_the_html_and_the_pdf(cast: Any, tmp_path: Any) -> None:
    _pathway(cast)
    data = _data(cast)
    with translation.override("en"):
        html = report_html(data)
        pdf = report_pdf(html)
    assert 'id="coverage"' in html
    assert 'href="#coverage"' in html
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Coverage of the referral pathway" in text
    assert "Gaps and single providers: South" in text

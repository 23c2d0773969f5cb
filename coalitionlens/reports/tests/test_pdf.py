"""The PDF: page numbers, running header, table of contents, and Khmer shaped with a Khmer font."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from coalitionlens.reports.services import report_build

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdffonts") and shutil.which("pdftotext")),
    reason="poppler-utils missing (make system-deps)",
)


def _text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _fonts(path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def test_a_khmer_and_a_french_pdf_are_shaped_with_fonts_that_cover_their_script(marivo, tmp_path):
    km = tmp_path / "km.pdf"
    fr = tmp_path / "fr.pdf"
    km.write_bytes(report_build(coalition=marivo, role="coordinator", fmt="pdf", lang="km"))
    fr.write_bytes(report_build(coalition=marivo, role="coordinator", fmt="pdf", lang="fr"))

    # A font covering Khmer is embedded, and the text layer reads back the Khmer words (a glyph
    # missing from every font would extract as nothing or as a box, not as the word).
    assert "Khmer" in _fonts(km)
    km_text = _text(km)
    assert "សមាសភាព" in km_text  # "Composition"
    assert "\ufffd" not in km_text
    fr_text = _text(fr)
    assert "Dépendance envers le secrétariat" in fr_text

    # A page turns into an image; an empty page (nothing drawn) would be a few hundred bytes.
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "2", "-l", "2", str(km), str(tmp_path / "page")],
        check=True,
    )
    pngs = list(tmp_path.glob("page*.png"))
    assert len(pngs) == 1
    assert pngs[0].stat().st_size > 5_000


def test_the_pdf_numbers_its_pages_and_lists_its_chapters_with_their_page(marivo, tmp_path):
    pdf = tmp_path / "en.pdf"
    pdf.write_bytes(report_build(coalition=marivo, role="coordinator", fmt="pdf", lang="en"))
    text = _text(pdf)
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 4
    assert re.search(r"\b2\s*/\s*\d+", pages[1])  # "2 / N" at the foot of the second page
    assert marivo.name in pages[1]  # the running header
    assert "Network and cross-sector measures" in pages[0]
    assert "......" in pages[0]  # the leaders to each chapter's page number

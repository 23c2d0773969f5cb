"""A report as one self-contained HTML file, as a PDF made from it, or as CSV of its tables."""

from __future__ import annotations

import csv
import io
import re

from django.template.loader import render_to_string

from coalitionlens.insights.fonts import font_face_css
from coalitionlens.reports.selectors import ReportData

__all__ = ["report_csv", "report_html", "report_pdf"]

_DIR = {"ar": "rtl", "fa": "rtl", "he": "rtl", "ur": "rtl"}
_FONTS = "/* the shipped fonts */"


def report_html(data: ReportData) -> str:
    """The report as one HTML file: inline CSS, charts and the map as ``data:`` URIs, no script.

    The product's fonts travel inside it (``@font-face`` with ``data:`` URIs, cut down to the
    characters the report uses), so neither a reader's browser nor WeasyPrint needs a system font
    for Khmer or Thai."""
    html = render_to_string(
        "reports/report.html",
        {"r": data, "dir": _DIR.get(data.language.split("-")[0], "ltr"), "fonts": _FONTS},
    )
    return html.replace(_FONTS, font_face_css(html), 1)


def report_pdf(html: str) -> bytes:
    """The PDF of a report's HTML (WeasyPrint; the fonts are the report's own ``@font-face`` rules,
    nothing fetched)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Every image is a data: URI; any other URL would be a request to another host.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(value: str) -> str:
    # Neutralise spreadsheet formulas (SAFETY.md); numbers such as -0.25 stay numbers.
    if _FORMULA.match(value):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def report_csv(data: ReportData) -> bytes:
    """Every table of the report, one after the other, each headed by its section and caption (and,
    where its figures need it, what they count)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for section in data.sections:
        for table in section.tables:
            head = [section.title, table["caption"]]
            if table.get("basis"):
                head.append(table["basis"])  # what the figures count: the window, the secretariat
            writer.writerow([_cell(c) for c in head])
            writer.writerow([_cell(c) for c in table["columns"]])
            for row in table["rows"]:
                writer.writerow([_cell(c) for c in row])
            writer.writerow([])
        for item in section.items:
            writer.writerow([_cell(section.title), _cell(item["title"]), _cell(item["signal"])])
    return out.getvalue().encode("utf-8")

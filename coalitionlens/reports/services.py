"""Make a report: gather its contents in a language, render HTML, PDF or CSV."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation

from coalitionlens.coalitions.models import Coalition
from coalitionlens.reports.models import Report
from coalitionlens.reports.rendering import report_csv, report_html, report_pdf
from coalitionlens.reports.selectors import Progress, report_data

__all__ = ["FORMATS", "LANGUAGES", "report_build", "report_request"]

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "csv": "text/csv"}
LANGUAGES = ("en", "fr", "km")


def report_build(
    *,
    coalition: Coalition,
    role: str,
    fmt: str,
    lang: str | None = None,
    safe: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The bytes of a report of ``coalition`` as ``role`` may see it, in ``lang`` (default: the
    coalition's language). ``progress(percent, what)`` is called as the work goes on."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    lang = lang or coalition.default_language or "en"
    step = progress or (lambda pct, what: None)
    with translation.override(lang):
        data = report_data(
            coalition=coalition, role=role, lang=lang, safe=safe, today=today, progress=step
        )
        if fmt == "csv":
            out = report_csv(data)
        else:
            step(80, "HTML")
            html = report_html(data)
            if fmt == "html":
                out = html.encode("utf-8")
            else:
                step(85, "PDF")
                out = report_pdf(html)
    step(100, "")
    return out


def report_request(*, coalition: Coalition, user: Any, role: str, fmt: str, lang: str,
                   safe: bool) -> Report:  # fmt: skip
    """Record a report request and queue its generation once the request's transaction commits."""
    from django.db import transaction

    from coalitionlens.reports.tasks import report_generate

    report = Report(
        coalition=coalition, requested_by=user, role=role, format=fmt, language=lang, safe=safe
    )
    report.full_clean(exclude=["content", "requested_by"])
    with transaction.atomic():
        report.save()
        transaction.on_commit(lambda: report_generate.enqueue(report.pk))
    return report

"""An exercise's one-page handout as a PDF: the insights' handout HTML (its stylesheet and the
shipped fonts inline) through the reports' WeasyPrint path (:func:`report_pdf`, nothing fetched)."""

from __future__ import annotations

from functools import lru_cache

from coalitionlens.insights.exercises import exercise_by_id
from coalitionlens.insights.handouts import handout_html
from coalitionlens.reports.rendering import report_pdf

__all__ = ["handout_pdf"]


@lru_cache(maxsize=128)
def handout_pdf(exercise_id: str, lang: str) -> bytes:
    """The handout's PDF (one A4 page), made once per exercise and language: it holds the
    library's text only, the same for every coalition and role."""
    exercise = exercise_by_id(exercise_id)
    if exercise is None:
        raise KeyError(exercise_id)
    return report_pdf(handout_html(exercise, lang))

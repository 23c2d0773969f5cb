"""An exercise's one-page handout: the sheet the exercise page shows (and a browser prints on one
A4 page), and the same sheet as one self-contained HTML file, which ``reports.handouts`` turns into
a PDF through the reports' WeasyPrint path with the shipped fonts.

The handout carries only the library's text, in the language asked for: no coalition data, so it is
the same for every coalition and every role.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from coalitionlens.coalitions import vocab
from coalitionlens.insights.exercises import (
    LANGUAGES,
    Exercise,
    base_language,
    exercise_by_id,
    exercises,
)
from coalitionlens.insights.fonts import font_face_css

__all__ = [
    "LANGUAGE_NAMES",
    "exercise_asked",
    "handout_html",
    "handout_language",
    "kind_labels",
    "sheet",
]

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "handout.css"
#: Each library language in its own name (a reader looks for their language by how it is written).
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "km": "ខ្មែរ"}
_FONTS = "/* the shipped fonts */"
_CSS = "/* the handout stylesheet */"


def kind_labels() -> dict[str, str]:
    """Each kind of exercise, as the active language names it."""
    return {
        "BUILDING": _("Building"),
        "EVALUATING": _("Evaluating"),
        "TROUBLESHOOTING": _("Trouble-shooting"),
    }


def exercise_asked(request: HttpRequest) -> Exercise:
    """The exercise of the query's ``id`` (the exercise page's and the handout's); 404 if the
    library has none of that id."""
    exercise = exercise_by_id(request.GET.get("id", ""))
    if exercise is None:
        raise Http404
    return exercise


def handout_language(asked: str | None, current: str | None) -> str:
    """The library language of a handout: the one asked for if the library has it, else the
    reader's own (its base language), else English."""
    for lang in (asked, base_language(current)):
        if lang in LANGUAGES:
            return str(lang)
    return "en"


def sheet(exercise: Exercise, lang: str) -> dict[str, Any]:
    """What the sheet template shows, with its labels in ``lang`` (call under that language)."""
    return {
        "id": exercise.id,
        "lang": lang,
        "kind": exercise.kind,
        "kind_label": kind_labels()[exercise.kind],
        "minutes": exercise.minutes,
        "group_min": exercise.group_min,
        "group_max": exercise.group_max,
        "text": exercise.in_language(lang),
        "categories": [str(vocab.TensionCategory(c).label) for c in exercise.categories],
        "strategies": [str(vocab.StrategyCategory(s).label) for s in exercise.strategies],
    }


def handout_html(exercise: Exercise, lang: str) -> str:
    """The handout as one self-contained HTML file: its stylesheet and fonts inline, no script."""
    with translation.override(lang):
        page = render_to_string("insights/exercise_handout.html", {"sheet": sheet(exercise, lang)})
    html = str(page).replace(_CSS, CSS.read_text(encoding="utf-8"), 1)
    # The fonts are cut down to the characters of the whole library in this language (and the
    # sheet's labels), the same set for every exercise: the subsets are made once per language.
    return html.replace(_FONTS, font_face_css(_library_text(lang) + html), 1)


@lru_cache(maxsize=8)
def _library_text(lang: str) -> str:
    return "".join(
        "".join(v if isinstance(v, str) else "".join(v) for v in e.in_language(lang).values())
        for e in exercises()
    )

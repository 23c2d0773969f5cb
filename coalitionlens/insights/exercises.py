"""The exercise library: exercises for building, evaluating and trouble-shooting a multi-sector
collaboration, written for this product, as one versioned data file with en, fr and km text.

Version 2 of the file (``exercises/library.v2.json``) gives every exercise, besides its kind, time,
tension categories and strategies, a group size (``group.min`` to ``group.max`` people) and, in every
language, its title, purpose, when to use it, who takes part, the materials to bring, any number of
steps (3 to 9, the same number in every language), facilitator notes, risks (civic space, survivors'
safety) and what to bring back into the platform.

The file is checked strictly when it is read: a missing, extra or ill-typed field stops the loading
with a :class:`LibraryError` that names the exercise and the field.

>>> e = exercise_by_id("handover-file")
>>> e.kind, e.group_min <= e.group_max, len(e.text["km"]["steps"]) == len(e.text["en"]["steps"])
('BUILDING', True, True)
>>> [x.id for x in exercises(kind="EVALUATING", category="DONOR_COMPETITION")]
['donor-dependence-review']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coalitionlens.coalitions.vocab import StrategyCategory, TensionCategory

__all__ = [
    "KINDS",
    "LANGUAGES",
    "LIBRARY",
    "TEXT_FIELDS",
    "Exercise",
    "LibraryError",
    "exercise_by_id",
    "exercises",
    "load_library",
]

LIBRARY = Path(__file__).parent / "exercises" / "library.v2.json"
VERSION = 2
KINDS = ("BUILDING", "EVALUATING", "TROUBLESHOOTING")
LANGUAGES = ("en", "fr", "km")
#: The text of an exercise in one language: strings, except ``materials`` and ``steps`` (lists).
TEXT_FIELDS = (
    "title",
    "purpose",
    "when",
    "participants",
    "materials",
    "steps",
    "notes",
    "risks",
    "bring_back",
)
LIST_FIELDS = ("materials", "steps")
FIELDS = ("id", "kind", "minutes", "group", "categories", "strategies", "text")
MIN_STEPS, MAX_STEPS = 3, 9
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class LibraryError(ValueError):
    """The library file breaks its schema; the message names the exercise and the field."""


@dataclass(frozen=True)
class Exercise:
    id: str
    kind: str
    minutes: int
    group_min: int
    group_max: int
    categories: tuple[str, ...]
    strategies: tuple[str, ...]
    text: dict[str, dict[str, Any]]

    def in_language(self, lang: str) -> dict[str, Any]:
        """The text in ``lang`` (its base language, e.g. ``fr`` for ``fr-ca``), else English."""
        return self.text.get(base_language(lang)) or self.text["en"]


def base_language(lang: str | None) -> str:
    """``fr`` for ``fr-ca``; the library's language a page or handout is written in."""
    return (lang or "en").split("-")[0].lower()


def _fail(source: str, exercise: object, field: str, problem: str) -> LibraryError:
    return LibraryError(f"{source}: exercise {exercise!r}, field {field!r}: {problem}")


def _keys(got: dict[str, Any], want: tuple[str, ...], fail: Any, prefix: str = "") -> None:
    missing = [k for k in want if k not in got]
    if missing:
        raise fail(prefix + missing[0], "missing")
    extra = sorted(set(got) - set(want))
    if extra:
        raise fail(prefix + extra[0], "unknown field")


def _text(item: dict[str, Any], languages: list[str], fail: Any) -> None:
    text = item["text"]
    if not isinstance(text, dict):
        raise fail("text", "must be an object with one entry per language")
    _keys(text, tuple(languages), fail, "text.")
    for lang in languages:
        entry = text[lang]
        if not isinstance(entry, dict):
            raise fail(f"text.{lang}", "must be an object")
        _keys(entry, TEXT_FIELDS, fail, f"text.{lang}.")
        for name in TEXT_FIELDS:
            value, where = entry[name], f"text.{lang}.{name}"
            values = value if name in LIST_FIELDS else [value]
            if name in LIST_FIELDS and (not isinstance(value, list) or not value):
                raise fail(where, "must be a non-empty list of texts")
            if any(not isinstance(v, str) or not v.strip() for v in values):
                raise fail(where, "must be non-empty text")
        steps = len(entry["steps"])
        if not MIN_STEPS <= steps <= MAX_STEPS:
            raise fail(f"text.{lang}.steps", f"{steps} steps; {MIN_STEPS} to {MAX_STEPS} expected")
        for name in LIST_FIELDS:
            if len(entry[name]) != len(text[languages[0]][name]):
                raise fail(f"text.{lang}.{name}", f"not as many items as in {languages[0]!r}")


def _codes(item: dict[str, Any], field: str, allowed: list[str], fail: Any) -> None:
    codes = item[field]
    if not isinstance(codes, list) or not codes:
        raise fail(field, "must be a non-empty list of codes")
    for code in codes:
        if code not in allowed:
            raise fail(field, f"unknown code {code!r}")
    if len(set(codes)) != len(codes):
        raise fail(field, "a code appears twice")


def validate(doc: Any, source: str = LIBRARY.name) -> None:
    """Check a library document against version 2 of the schema; :class:`LibraryError` if not."""
    if not isinstance(doc, dict):
        raise LibraryError(f"{source}: the file must hold one JSON object")
    for key in ("version", "languages", "exercises"):
        if key not in doc:
            raise LibraryError(f"{source}: the field {key!r} is missing")
    if doc["version"] != VERSION:
        raise LibraryError(f"{source}: version {doc['version']!r}; version {VERSION} expected")
    if list(doc["languages"]) != list(LANGUAGES):
        raise LibraryError(f"{source}: languages must be {list(LANGUAGES)}")
    ids: set[str] = set()
    for n, item in enumerate(doc["exercises"], start=1):
        name = item.get("id", f"#{n}") if isinstance(item, dict) else f"#{n}"

        def fail(field: str, problem: str, name: object = name) -> LibraryError:
            return _fail(source, name, field, problem)

        if not isinstance(item, dict):
            raise fail("(exercise)", "must be an object")
        _keys(item, FIELDS, fail)
        if not isinstance(item["id"], str) or not _ID.match(item["id"]):
            raise fail("id", "lower-case words joined by hyphens expected")
        if item["id"] in ids:
            raise fail("id", "appears twice")
        ids.add(item["id"])
        if item["kind"] not in KINDS:
            raise fail("kind", f"unknown kind {item['kind']!r}")
        minutes = item["minutes"]
        if type(minutes) is not int or not 10 <= minutes <= 480:
            raise fail("minutes", "a whole number of minutes from 10 to 480 expected")
        group = item["group"]
        if not isinstance(group, dict):
            raise fail("group", "an object with min and max expected")
        _keys(group, ("min", "max"), fail, "group.")
        if any(type(group[k]) is not int for k in ("min", "max")):
            raise fail("group", "min and max must be whole numbers")
        if not 1 <= group["min"] <= group["max"] <= 200:
            raise fail("group", "1 <= min <= max <= 200 expected")
        _codes(item, "categories", list(TensionCategory.values), fail)
        _codes(item, "strategies", list(StrategyCategory.values), fail)
        _text(item, list(doc["languages"]), fail)


def load_library(path: Path = LIBRARY) -> tuple[Exercise, ...]:
    """Read and check a library file; the exercises in the file's order."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    validate(doc, path.name)
    return tuple(
        Exercise(
            id=item["id"],
            kind=item["kind"],
            minutes=item["minutes"],
            group_min=item["group"]["min"],
            group_max=item["group"]["max"],
            categories=tuple(item["categories"]),
            strategies=tuple(item["strategies"]),
            text=item["text"],
        )
        for item in doc["exercises"]
    )


@cache
def _library() -> tuple[Exercise, ...]:
    return load_library()


def exercises(*, kind: str = "", category: str = "") -> tuple[Exercise, ...]:
    """The library's exercises, those of ``kind`` and of tension ``category`` when given."""
    return tuple(
        e
        for e in _library()
        if (not kind or e.kind == kind) and (not category or category in e.categories)
    )


def exercise_by_id(exercise_id: str) -> Exercise | None:
    return next((e for e in _library() if e.id == exercise_id), None)

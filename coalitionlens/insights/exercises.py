"""The exercise library: exercises for building, evaluating and trouble-shooting a multi-sector
collaboration, written for this product, as one versioned data file with en, fr and km text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coalitionlens.coalitions.vocab import StrategyCategory, TensionCategory

__all__ = ["KINDS", "LIBRARY", "Exercise", "exercise_by_id", "exercises"]

LIBRARY = Path(__file__).parent / "exercises" / "library.v1.json"
KINDS = ("BUILDING", "EVALUATING", "TROUBLESHOOTING")
TEXT_FIELDS = ("title", "purpose", "participants", "steps", "bring_back")


@dataclass(frozen=True)
class Exercise:
    id: str
    kind: str
    minutes: int
    categories: tuple[str, ...]
    strategies: tuple[str, ...]
    text: dict[str, dict[str, Any]]

    def in_language(self, lang: str) -> dict[str, Any]:
        """The text in ``lang`` (its base language, e.g. ``fr`` for ``fr-ca``), else English."""
        base = (lang or "en").split("-")[0].lower()
        return self.text.get(base) or self.text["en"]


def _validate(doc: dict[str, Any]) -> None:
    ids = set()
    for item in doc["exercises"]:
        where = f"{LIBRARY.name}: exercise {item.get('id')!r}"
        if item["id"] in ids:
            raise ValueError(f"{where} appears twice")
        ids.add(item["id"])
        if item["kind"] not in KINDS:
            raise ValueError(f"{where}: unknown kind {item['kind']!r}")
        for code in item["categories"]:
            if code not in TensionCategory.values:
                raise ValueError(f"{where}: unknown tension category {code!r}")
        for code in item["strategies"]:
            if code not in StrategyCategory.values:
                raise ValueError(f"{where}: unknown strategy {code!r}")
        for lang in doc["languages"]:
            text = item["text"].get(lang)
            if not text or any(not text.get(f) for f in TEXT_FIELDS):
                raise ValueError(f"{where}: text in {lang!r} is missing a field")
            if len(text["steps"]) != len(item["text"]["en"]["steps"]):
                raise ValueError(f"{where}: {lang!r} has a different number of steps")


@cache
def exercises() -> tuple[Exercise, ...]:
    doc = json.loads(LIBRARY.read_text(encoding="utf-8"))
    _validate(doc)
    return tuple(
        Exercise(
            id=item["id"],
            kind=item["kind"],
            minutes=int(item["minutes"]),
            categories=tuple(item["categories"]),
            strategies=tuple(item["strategies"]),
            text=item["text"],
        )
        for item in doc["exercises"]
    )


def exercise_by_id(exercise_id: str) -> Exercise | None:
    return next((e for e in exercises() if e.id == exercise_id), None)

"""Coded values in files: a code, or its label in any shipped language, and a suggestion for near misses.

``"Prévention"``, ``"prevention"``, ``"PREVENTION"`` and the Khmer label all read as ``PREVENTION``.
A value that matches nothing is an error; when something is close, the error suggests it (rapidfuzz)
but the value is never replaced by a guess.

The spellings people use besides codes and labels ("Entreprise", "ONG", "UN", plurals) are data, in
``values.toml``; a value that is still unknown can be mapped by the person importing
(:class:`ValueMap`), once for all its rows.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from rapidfuzz import fuzz, process

from coalitionlens.transfer.columns import normalise

__all__ = ["BOOLEANS", "CodeBook", "ValueMap", "codebook_for", "synonyms"]

VALUES_FILE = Path(__file__).with_name("values.toml")

# Below this similarity (0-100) no suggestion is made.
SUGGEST_CUTOFF = 70.0


@dataclass
class CodeBook:
    """Normalised spelling → code, with the labels people read."""

    names: dict[str, Any]
    labels: dict[Any, str]  # code → English label, for messages

    def match(self, raw: Any) -> Any:
        """The code ``raw`` names, or ``None``. A plural ("Observers") reads as its singular."""
        key = normalise(raw)
        found = self.names.get(key)
        if found is None and len(key) > 3 and key.endswith("s"):
            found = self.names.get(key[:-1])
        return found

    def codes(self) -> list[Any]:
        return list(self.labels)

    def suggest(self, raw: Any) -> str:
        """The closest accepted value, as ``"CODE (label)"``, or ``""`` when nothing is close."""
        if not self.names:
            return ""
        best = process.extractOne(
            normalise(raw), list(self.names), scorer=fuzz.WRatio, score_cutoff=SUGGEST_CUTOFF
        )
        if best is None:
            return ""
        code = self.names[best[0]]
        label = self.labels.get(code, "")
        return f"{code} ({label})" if label and label != str(code) else str(code)

    def expected(self) -> str:
        codes = ", ".join(str(c) for c in self.labels)
        return f"one of {codes} (a code or its label in any language)"


@dataclass
class ValueMap:
    """Values the person importing mapped to codes: ``(column, normalised value) → code``; a
    column of ``""`` maps the value in every coded column."""

    values: dict[tuple[str, str], Any] = field(default_factory=dict)

    def add(self, column: str, value: Any, code: Any) -> None:
        self.values[(column, normalise(value))] = code

    def get(self, column: str, value: Any) -> Any:
        key = normalise(value)
        found = self.values.get((column, key))
        return found if found is not None else self.values.get(("", key))

    def merged(self, other: ValueMap) -> ValueMap:
        """This map with ``other``'s entries on top."""
        return ValueMap({**self.values, **other.values})


@cache
def synonyms() -> dict[str, dict[str, list[str]]]:
    """``values.toml``: vocabulary (class name, or ``sectors``) → code → spellings."""
    return tomllib.loads(VALUES_FILE.read_text(encoding="utf-8"))


def _build(entries: list[tuple[Any, Any]], extra: dict[str, list[str]] | None = None) -> CodeBook:
    """``entries``: (code, lazy label). Each label is read in every shipped language; ``extra``
    (code → spellings, from ``values.toml``) adds spellings that name no other code."""
    candidates: dict[str, set[Any]] = {}
    labels: dict[Any, str] = {}
    for code, label in entries:
        labels[code] = _in("en", label)
        spellings = {str(code), str(code).replace("_", " ")}
        for lang, _name in settings.LANGUAGES:
            text = _in(lang, label)
            spellings.add(text)
            # "3 · Coordination" is also written "Coordination".
            if " · " in text:
                spellings.add(text.split(" · ", 1)[1])
        for spelling in spellings:
            candidates.setdefault(normalise(spelling), set()).add(code)
    # A spelling two codes share (a translation that happens to coincide) identifies neither.
    names = {k: next(iter(v)) for k, v in candidates.items() if len(v) == 1 and k}
    by_text = {str(code): code for code in labels}
    more: dict[str, set[Any]] = {}
    for text, words in (extra or {}).items():
        if text in by_text:
            for word in words:
                more.setdefault(normalise(word), set()).add(by_text[text])
    for key, codes in more.items():
        if key and key not in candidates and len(codes) == 1:
            names[key] = next(iter(codes))
    return CodeBook(names=names, labels=labels)


def _in(lang: str, label: Any) -> str:
    with translation.override(lang):
        return str(label)


@cache
def codebook_for(choices: Any) -> CodeBook:
    """The codebook of a TextChoices / IntegerChoices class."""
    return _build(list(choices.choices), synonyms().get(choices.__name__))


@cache
def booleans() -> CodeBook:
    """Yes/no in every language: yes, oui, x, 1, true… → True."""
    yes = ["yes", "y", "true", "1", "x", "oui", "vrai", "o"]
    no = ["no", "n", "false", "0", "non", "faux"]
    names: dict[str, Any] = {}
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            yes.append(gettext("Yes"))
            no.append(gettext("No"))
    for word in yes:
        names[normalise(word)] = True
    for word in no:
        names[normalise(word)] = False
    return CodeBook(names=names, labels={True: "yes", False: "no"})


BOOLEANS = booleans

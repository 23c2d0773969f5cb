"""Coded values in files: a code, or its label in any shipped language, and a suggestion for near misses.

``"Prévention"``, ``"prevention"``, ``"PREVENTION"`` and the Khmer label all read as ``PREVENTION``.
A value that matches nothing is an error; when something is close, the error suggests it (rapidfuzz)
but the value is never replaced by a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from rapidfuzz import fuzz, process

from coalitionlens.transfer.columns import normalise

__all__ = ["BOOLEANS", "CodeBook", "codebook_for"]

# Below this similarity (0-100) no suggestion is made.
SUGGEST_CUTOFF = 70.0


@dataclass
class CodeBook:
    """Normalised spelling → code, with the labels people read."""

    names: dict[str, Any]
    labels: dict[Any, str]  # code → English label, for messages

    def match(self, raw: Any) -> Any:
        """The code ``raw`` names, or ``None``."""
        return self.names.get(normalise(raw))

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


def _build(entries: list[tuple[Any, Any]]) -> CodeBook:
    """``entries``: (code, lazy label). Each label is read in every shipped language."""
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
    return CodeBook(names=names, labels=labels)


def _in(lang: str, label: Any) -> str:
    with translation.override(lang):
        return str(label)


@cache
def codebook_for(choices: Any) -> CodeBook:
    """The codebook of a TextChoices / IntegerChoices class."""
    return _build(list(choices.choices))


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

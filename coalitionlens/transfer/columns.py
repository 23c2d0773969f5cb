"""The columns of each kind of record in import and export files, and how headers are recognised.

A :class:`Column` names the model field it fills and the kind of value it takes. The header of a
column in a file is matched forgivingly (:func:`normalise`): case, accents, punctuation and spaces do
not matter, and the synonyms of ``headers.toml`` (data, not code) and the model field's name in
every shipped language are accepted.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Membership, Organisation, Partnership
from coalitionlens.engagements.models import Engagement

__all__ = [
    "CODED",
    "COLUMNS",
    "KINDS",
    "Column",
    "header_map",
    "ignored_sheet",
    "kind_for_sheet",
    "normalise",
]

KINDS = ("organisations", "memberships", "partnerships", "engagements")
MODELS: dict[str, type[models.Model]] = {
    "organisations": Organisation,
    "memberships": Membership,
    "partnerships": Partnership,
    "engagements": Engagement,
}
HEADERS_FILE = Path(__file__).with_name("headers.toml")


@dataclass(frozen=True)
class Column:
    """One column: ``key`` is the header written in exports and the template."""

    key: str
    #: text · date · bool · code · codes · level · sector · subsector · org · orgs
    type: str
    required: bool = False
    codes: Any = None  # the TextChoices / IntegerChoices class of a coded column
    #: Part of the natural key: rows with the same key are the same record.
    key_part: bool = False


C = Column
COLUMNS: dict[str, tuple[Column, ...]] = {
    "organisations": (
        C("name", "text", required=True, key_part=True),
        C("acronym", "text"),
        C("sector", "sector", required=True),
        C("subsector", "subsector"),
        C("faith_based", "bool"),
        C("survivor_led", "bool"),
        C("scale", "code", codes=vocab.Scale),
        C("origin", "code", codes=vocab.Origin),
        C("at_risk", "bool"),
        C("staff_band", "code", codes=vocab.StaffBand),
        C("budget_band", "code", codes=vocab.BudgetBand),
        C("city", "text"),
        C("province", "text"),
        C("district", "text"),
        C("notes", "text"),
    ),
    "memberships": (
        C("organisation", "org", required=True, key_part=True),
        C("tier", "code", codes=vocab.MembershipTier),
        C("status", "code", codes=vocab.MembershipStatus),
        C("joined_on", "date", key_part=True),
        C("ended_on", "date"),
        C("end_reason", "code", codes=vocab.EndReason),
        C("notes", "text"),
    ),
    "partnerships": (
        C("organisation", "org", required=True, key_part=True),
        C("partnership_type", "code", required=True, codes=vocab.PartnershipType, key_part=True),
        C("formality", "code", codes=vocab.Formality),
        C("level", "level", codes=vocab.CollaborationLevel),
        C("purposes", "codes", codes=vocab.ActivityDomain),
        C("started_on", "date", key_part=True),
        C("ended_on", "date"),
        C("notes", "text"),
    ),
    "engagements": (
        C("date", "date", required=True, key_part=True),
        C("end_date", "date"),
        C("practice_type", "code", required=True, codes=vocab.PracticeType, key_part=True),
        C("title", "text", required=True, key_part=True),
        C("description", "text"),
        C("leads", "orgs", required=True),
        C("counterparts", "orgs"),
        C("domains", "codes", codes=vocab.ActivityDomain),
        C("four_ps", "codes", codes=vocab.FourP),
        C("initiated_by", "code", codes=vocab.Initiator),
        C("outcome", "code", codes=vocab.Outcome),
        C("outcome_notes", "text"),
        C("follow_up", "text"),
        C("follow_up_due", "date"),
        C("confidentiality", "code", codes=vocab.Confidentiality),
    ),
}


#: Every coded column by its key (a key means the same vocabulary in every kind it appears in).
CODED: dict[str, Column] = {
    c.key: c
    for columns in COLUMNS.values()
    for c in columns
    if c.type in ("code", "codes", "level", "sector", "subsector")
}


def normalise(text: Any) -> str:
    """Case, accents, punctuation and spacing removed (see :func:`_strip`); cached, since the
    same few spellings fill most cells of a column. A long text (an import cell may hold 32,767
    characters) would keep its copy in the process-wide cache, so it is not cached."""
    text = str(text)
    return _normalise(text) if len(text) <= 300 else _strip(text)


def _strip(text: str) -> str:
    """Case, accents, punctuation and spacing removed: ``"Date d'Adhésion "`` → ``"date d adhesion"``.

    Only the combining accents of Latin letters are dropped; the vowel signs of scripts such as
    Khmer carry meaning and are kept.
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    out = []
    for ch in decomposed:
        category = unicodedata.category(ch)
        if category.startswith("M"):
            if not unicodedata.name(ch, "").startswith("COMBINING"):
                out.append(ch)
        elif ch.isalnum():
            out.append(ch)
        else:
            out.append(" ")
    return " ".join(unicodedata.normalize("NFC", "".join(out)).split())


_normalise = lru_cache(maxsize=65536)(_strip)


@cache
def _synonyms() -> dict[str, Any]:
    return tomllib.loads(HEADERS_FILE.read_text(encoding="utf-8"))


def _field_names(model: type[models.Model], key: str) -> set[str]:
    """The model field's name in every shipped language (e.g. "joined on", "date d'adhésion")."""
    try:
        field = model._meta.get_field(key)
    except Exception:
        return set()
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(normalise(field.verbose_name))  # type: ignore[union-attr]
    return names


@cache
def header_map(kind: str) -> dict[str, str]:
    """Normalised header → column key, for one kind of record."""
    listed: dict[str, str] = {}
    for key, words in _synonyms()["columns"][kind].items():
        for word in [key, *words]:
            listed[normalise(word)] = key
    automatic: dict[str, set[str]] = {}
    for column in COLUMNS[kind]:
        for name in _field_names(MODELS[kind], column.key):
            automatic.setdefault(name, set()).add(column.key)
    for name, keys in automatic.items():
        if name not in listed and len(keys) == 1:
            listed[name] = next(iter(keys))
    return listed


@cache
def _kind_names() -> dict[str, str]:
    out = {}
    for kind, words in _synonyms()["kinds"].items():
        for word in [kind, *words]:
            out[normalise(word)] = kind
    return out


def ignored_sheet(name: str) -> bool:
    """Sheets of the template that hold no records (the read-me, the accepted values)."""
    return normalise(name) in {normalise(n) for n in _synonyms()["ignore"]["sheets"]}


def kind_for_sheet(name: str) -> str | None:
    """The kind of record a sheet holds, from its name (``"Adhésions"`` → memberships)."""
    return _kind_names().get(normalise(name))

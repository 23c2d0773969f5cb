"""What a respondent is asked, page by page, and turning posted values into checked answers.

Shared by the web answering pages and the KoboToolbox/ODK import, so both store the same answers.
An answer is ``(instrument, item, target organisation id or None, about, value)``; its key is unique
within a response.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coalitionlens.surveys.instruments import Instrument, load

__all__ = [
    "AnswerError",
    "AnswerIn",
    "Section",
    "answer_key",
    "sections",
]

HEALTH_PAGE = 10


@dataclass(frozen=True)
class AnswerIn:
    instrument: str
    item: str
    target: int | None
    about: str
    value: Any

    @property
    def key(self) -> str:
        return answer_key(self.instrument, self.item, self.target, self.about)


def answer_key(instrument: str, item: str, target: int | None = None, about: str = "") -> str:
    return f"{instrument}:{item}:{'' if target is None else target}:{about}"


class AnswerError(ValueError):
    """A value that does not fit the item; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Section:
    code: str  # in the URL
    instrument: str
    #: health: item codes on this page; hopes_fears: the macro-sector code; relationship: "".
    part: tuple[str, ...] = ()


def sections(versions: Mapping[str, int]) -> list[Section]:
    """The pages of a round, in order, for the instruments (code → version) it asks."""
    out: list[Section] = []
    if "relationship" in versions:
        out += [Section("partners", "relationship"), Section("ratings", "relationship")]
    if "health" in versions:
        items = [i["code"] for i in load("health", versions["health"]).items]
        pages = [items[i : i + HEALTH_PAGE] for i in range(0, len(items), HEALTH_PAGE)]
        out += [Section(f"health-{n}", "health", tuple(p)) for n, p in enumerate(pages, 1)]
    if "hopes_fears" in versions:
        inst = load("hopes_fears", versions["hopes_fears"])
        out += [
            Section(f"hopes-{a['code'].lower()}", "hopes_fears", (a["code"],))
            for a in inst.data["about"]
        ]
    return out


def _int(raw: Any, allowed: Iterable[int], field: str) -> int | None:
    if raw in (None, ""):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise AnswerError(field, "expected a whole number") from None
    if value not in set(allowed):
        raise AnswerError(field, f"{value} is not one of {sorted(set(allowed))}")
    return value


def parse_partners(raw: Iterable[Any], roster: Iterable[int]) -> list[int]:
    allowed = set(roster)
    out: list[int] = []
    for value in raw:
        try:
            org = int(value)
        except (TypeError, ValueError):
            raise AnswerError("partners", f"{value!r} is not an organisation") from None
        if org not in allowed:
            raise AnswerError("partners", f"{org} is not on the roster")
        if org not in out:
            out.append(org)
    return out


def parse_ratings(
    inst: Instrument, partner: int, get: Any, getlist: Any, prefix: str = ""
) -> list[AnswerIn]:
    """The relationship items about one partner; ``get(name)`` reads a posted field."""
    out: list[AnswerIn] = []
    for item in inst.items:
        field = f"{prefix}{item['code']}"
        value = _int(get(field), inst.values(item["scale"]), field)
        if value is not None:
            out.append(AnswerIn("relationship", item["code"], partner, "", value))
    allowed = {c["value"] for c in inst.data["practices"]["choices"]}
    practices = [p for p in getlist(f"{prefix}practices") if p]
    unknown = set(practices) - allowed
    if unknown:
        raise AnswerError(f"{prefix}practices", f"unknown practice {sorted(unknown)[0]!r}")
    if practices:
        out.append(AnswerIn("relationship", "practices", partner, "", sorted(set(practices))))
    return out


def parse_health(
    inst: Instrument, codes: Iterable[str], get: Any, *, comment: bool
) -> list[AnswerIn]:
    out: list[AnswerIn] = []
    for code in codes:
        item = inst.item(code)
        value = _int(get(code), inst.values(item["scale"]), code)
        if value is not None:
            out.append(AnswerIn("health", code, None, "", value))
    if comment:
        text = str(get("comment") or "").strip()
        if len(text) > 2000:
            raise AnswerError("comment", "at most 2000 characters")
        if text:
            out.append(AnswerIn("health", "comment", None, "", text))
    return out


def hope_codes(inst: Instrument) -> list[str]:
    return [f"hope:{h['code']}" for h in inst.data["hopes"]] + [
        f"fear:{f['code']}" for f in inst.data["fears"]
    ]


def parse_hopes(inst: Instrument, about: str, get: Any, prefix: str = "") -> list[AnswerIn]:
    out = [AnswerIn("hopes_fears", "seen", None, about, True)]
    allowed = inst.values("strength")
    for code in hope_codes(inst):
        field = f"{prefix}{code.replace(':', '_')}"
        value = _int(get(field), allowed, field)
        if value is not None:
            out.append(AnswerIn("hopes_fears", code, None, about, value))
    return out

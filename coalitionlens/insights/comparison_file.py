"""A coalition's comparison column as a safe file, for a study of coalitions on several servers.

A coordinator exports the column (:func:`column_bytes`, audited by
:func:`.services.comparison_file_export`); a researcher puts any number of such files
beside the coalitions of their own server (``compare --file``, the comparison page's upload form).
No raw data leaves the server, and nothing in the file can name anybody:

* the coalition is named by an alias (an HMAC of its id under its alias secret, as
  :mod:`coalitionlens.coalitions.aliases` names organisations), never by its name or slug;
* every fact is a number, a date or a code of the shared vocabularies and instruments — the table's
  words are written by the reading server, in the reader's language, from those codes. The survey
  round's title, the only free text a column holds, is left out, and so is every organisation;
* survey figures are the published (suppressed) cells, without the number of respondents behind
  each: the pages never publish those, and a cell's count beside the whole coalition's and the
  response-rate table could give away a hidden group's size by subtraction. (Format version 1
  carried them; such files are refused, the exporter is asked for a new one.)

:func:`column_read` checks a file strictly against :data:`FACTS` (what each fact may hold) and
refuses it whole, naming the file and what is wrong: an unknown field, a string where a code
belongs, a k below this server's (or below 3), a response count below k, a checksum that does not
match. The checksum catches a damaged or hand-edited file; it is
no signature (anyone may recompute it), which is why the checks do not trust it for safety.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.aliases import alias_secret
from coalitionlens.coalitions.models import Coalition
from coalitionlens.insights.comparison import column_facts
from coalitionlens.surveys.conf import survey_k
from coalitionlens.surveys.instruments import InstrumentError, load
from coalitionlens.surveys.suppression import MIN_K

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "VERSION",
    "ColumnFile",
    "ColumnFileError",
    "checksum",
    "coalition_alias",
    "column_bytes",
    "column_read",
]

FORMAT = "coalitionlens-comparison-column"
VERSION = 2
MAX_BYTES = 256 * 1024
#: The role a column is exported as: coordinators export, and read everything.
EXPORT_ROLE = vocab.Role.COORDINATOR

_ALIAS = re.compile(r"^[0-9A-F]{6,16}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ColumnFileError(ValueError):
    """A file refused: the message names the file and what is wrong."""


@dataclass(frozen=True)
class ColumnFile:
    """A checked column: the file's name (for messages), the coalition's alias and its facts."""

    name: str
    alias: str
    facts: dict[str, Any]
    exported_on: str

    @property
    def label(self) -> str:
        return _("Coalition %(alias)s (file)") % {"alias": self.alias}


def coalition_alias(coalition: Coalition) -> str:
    """The coalition's alias code: stable, and meaningless without the coalition's secret."""
    digest = hmac.new(
        alias_secret(coalition).encode(), f"coalition:{coalition.pk}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:10].upper()


def checksum(doc: dict[str, Any]) -> str:
    body = {k: v for k, v in doc.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


# --- what each fact may hold -----------------------------------------------------------------


class _Bad(Exception):
    """One fact refused (its message says why); :func:`column_read` names the file and the fact."""


def _int(v: Any, low: int = 0, high: int = 10**7) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
        raise _Bad(_("a whole number from %(low)s to %(high)s") % {"low": low, "high": high})
    return v


def _num(v: Any, low: float, high: float) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise _Bad(_("a number from %(low)s to %(high)s") % {"low": low, "high": high})
    if not low <= v <= high:
        raise _Bad(_("a number from %(low)s to %(high)s") % {"low": low, "high": high})
    return float(v)


def _code(v: Any, codes: Any) -> str:
    if not isinstance(v, str) or v not in set(codes):
        raise _Bad(_("one of the codes %(codes)s") % {"codes": ", ".join(sorted(codes))})
    return v


def _list(v: Any, n: int | None = None, most: int = 100) -> list[Any]:
    if not isinstance(v, list) or (n is not None and len(v) != n) or len(v) > most:
        raise _Bad(_("a list of %(n)s items") % {"n": n if n is not None else f"≤ {most}"})
    return v


def _share(v: Any, _ctx: _Context) -> None:
    n, total = _list(v, 2)
    _int(total)
    _int(n, 0, total)


def _top(vocabulary: Any) -> Callable[[Any, _Context], None]:
    def check(v: Any, _ctx: _Context) -> None:
        for pair in _list(v, most=3):
            code, n = _list(pair, 2)
            _code(code, vocabulary.values)
            _int(n)

    return check


def _plain_int(v: Any, _ctx: _Context) -> None:
    _int(v)


def _measure(v: Any, _ctx: _Context) -> None:
    _num(v, -1.0, 1.0)


def _means(v: Any, _ctx: _Context) -> None:
    survivors, others = _list(v, 2)
    _num(survivors, 0.0, 1e9)
    if others is not None:
        _num(others, 0.0, 1e9)


def _fraction(v: Any, _ctx: _Context) -> None:
    _num(v, 0.0, 1.0)


def _asymmetry(v: Any, _ctx: _Context) -> None:
    ratio, banded = _list(v, 2)
    _num(ratio, 1.0, 1e6)
    _int(banded, 1)


def _founded(v: Any, _ctx: _Context) -> None:
    _int(v, 1800, 2200)


def _choice(vocabulary: Any) -> Callable[[Any, _Context], None]:
    def check(v: Any, _ctx: _Context) -> None:
        _code(v, vocabulary.values)

    return check


def _respondents(n: Any, ctx: _Context) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < ctx.k:
        raise _Bad(
            _("a survey figure from at least k = %(k)s respondents (a smaller cell is never shown)")
            % {"k": ctx.k}
        )


def _date(v: Any) -> None:
    if not isinstance(v, str) or not _DATE.match(v):
        raise _Bad(_("a date (YYYY-MM-DD)"))
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        raise _Bad(_("a date (YYYY-MM-DD)")) from None


def _no_title(v: Any) -> None:
    if v is not None:
        raise _Bad(_("no round title (a safe file carries none)"))


def _round(v: Any, _ctx: _Context) -> None:
    title, closed = _list(v, 2)
    _no_title(title)
    if closed is not None:
        _date(closed)


def _rate(v: Any) -> None:
    if v is not None:
        _num(v, 0.0, 1.0)


def _responses(v: Any, ctx: _Context) -> None:
    responded, rate = _list(v, 2)
    _respondents(responded, ctx)
    _rate(rate)


def _rounds(v: Any, ctx: _Context) -> None:
    for item in _list(v, most=50):
        title, closed, responded, rate = _list(item, 4)
        _no_title(title)
        if closed is not None:
            _date(closed)
        if responded is None:
            if rate is not None:
                raise _Bad(_("no response rate where the count is hidden"))
        else:
            _responses([responded, rate], ctx)


def _organisations(v: Any, ctx: _Context) -> None:
    _respondents(v, ctx)


def _instruments(v: Any, _ctx: _Context) -> None:
    if not isinstance(v, dict) or len(v) > 5:
        raise _Bad(_("the instruments and their versions"))
    for code, version in v.items():
        _code(code, ("relationship", "health", "hopes_fears"))
        _int(version, 1, 1000)
        try:
            load(code, version)
        except InstrumentError:
            raise _Bad(
                _("an instrument version this server has (%(code)s v%(version)s is unknown)")
                % {"code": code, "version": version}
            ) from None


def _actions(v: Any, _ctx: _Context) -> None:
    done, pending, overdue = _list(v, 3)
    _int(done)
    _int(pending)
    _int(overdue, 0, pending)


def _ingo(v: Any, _ctx: _Context) -> None:
    share, n = _list(v, 2)
    _num(share, 0.0, 1.0)
    _int(n)


@dataclass(frozen=True)
class _Context:
    k: int
    instruments: dict[str, int]

    def instrument(self, code: str) -> Any:
        if code not in self.instruments:
            raise _Bad(_("the instruments its survey figures were answered with"))
        return load(code, self.instruments[code])


def _factor(code: str) -> Callable[[Any, _Context], None]:
    def check(v: Any, ctx: _Context) -> None:
        inst = ctx.instrument("health")
        _code(code, [f["code"] for f in inst.factors])
        value, band = _list(v, 2)
        _num(value, 1.0, 5.0)
        if band is not None:
            _code(band, ("strength", "watch", "concern"))

    return check


def _hopes(kind: str, about: str) -> Callable[[Any, _Context], None]:
    def check(v: Any, ctx: _Context) -> None:
        inst = ctx.instrument("hopes_fears")
        _code(about, [a["code"] for a in inst.data["about"]])
        (picked,) = _list(v, 1)
        codes = [f"{kind}:{node['code']}" for node in inst.data[f"{kind}s"]]
        for pair in _list(picked, most=3):
            item, share = _list(pair, 2)
            _code(item, codes)
            _num(share, 0.0, 1.0)

    return check


def _fixed() -> dict[str, Callable[[Any, _Context], None]]:
    facts: dict[str, Callable[[Any, _Context], None]] = {
        "founded": _founded,
        "origin": _choice(vocab.MacroSector),
        "governance": _choice(vocab.GovernanceModel),
        "region": _choice(vocab.Region),
        "organisations": _plain_int,
        "members": _plain_int,
        "ties": _plain_int,
        "communities": _plain_int,
        "density": _measure,
        "ei": _measure,
        "blau": _measure,
        "dependence": _measure,
        "fragility": _measure,
        "modularity": _measure,
        "members_foreign": _share,
        "members_international_scale": _share,
        "partnerships_international_donors": _share,
        "ingo_brokerage": _ingo,
        "tensions": _plain_int,
        "strategies": _plain_int,
        "plans_owned": _share,
        "plans_reviewed": _share,
        "actions": _actions,
        "survey_round": _round,
        "survey_responses": _responses,
        "survey_organisations": _organisations,
        "survey_rounds": _rounds,
        "instruments": _instruments,
        "survivor_members": _share,
        "survivor_board": _share,
        "survivor_seats": _share,
        "survivor_leads": _share,
        "survivor_degree": _means,
        # power and money: shares and counts, never a funder's name
        "funding_top_share": _fraction,
        "funding_foreign_share": _fraction,
        "funding_funders": _plain_int,
        "budget_asymmetry": _asymmetry,
    }
    for macro in vocab.MacroSector.values:
        facts[f"members_{macro}"] = _share
    for macro in ("PUBLIC", "PRIVATE"):
        facts[f"partners_{macro}"] = _plain_int
        facts[f"counterparts_{macro}"] = _plain_int
        facts[f"engagements_{macro}"] = _plain_int
        facts[f"partner_types_{macro}"] = _top(vocab.PartnershipType)
        facts[f"practices_{macro}"] = _top(vocab.PracticeType)
    for level in vocab.TensionLevel.values:
        facts[f"tension_level:{level}"] = _plain_int
    for category in vocab.TensionCategory.values:
        facts[f"tension:{category}"] = _plain_int
    for strategy in vocab.StrategyCategory.values:
        facts[f"strategy:{strategy}"] = _plain_int
    return facts


#: Every fact a file may hold, with its check; a fact whose key has a code after a colon
#: (a factor, a macro-sector of hopes and fears) is checked against the instrument the file names.
FACTS = _fixed()


def _check_of(key: str) -> Callable[[Any, _Context], None] | None:
    if key in FACTS:
        return FACTS[key]
    prefix, _sep, code = key.partition(":")
    if prefix == "factor" and code:
        return _factor(code)
    if prefix in ("hopes", "fears") and code:
        return _hopes(prefix[:-1], code)
    return None


# --- export and read -------------------------------------------------------------------------


def _said(key: Any) -> str:
    """A fact's key as an error message may say it: the file's own words are never repeated (they
    could be a name), only a key this server knows or the known part of one."""
    if isinstance(key, str) and key in FACTS:
        return key
    prefix = str(key).partition(":")[0]
    known = {k.partition(":")[0] for k in FACTS} | {"factor", "hopes", "fears"}
    return f"{prefix}:…" if prefix in known else "…"


def _safe_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts a file may carry: those :data:`FACTS` knows, without the round titles and
    without the respondents behind each survey cell (the last item of a factor or hopes fact)."""
    out = {k: v for k, v in facts.items() if _check_of(k) is not None and v is not None}
    for key in out:
        if key.partition(":")[0] in ("factor", "hopes", "fears"):
            out[key] = out[key][:-1]
    if "survey_round" in out:
        out["survey_round"] = [None, out["survey_round"][1]]
    if "survey_rounds" in out:
        out["survey_rounds"] = [[None, *r[1:]] for r in out["survey_rounds"]]
    return out


def column_bytes(*, coalition: Coalition, today: dt.date | None = None) -> bytes:
    """The coalition's comparison column as a safe file (JSON), read as a coordinator and checked
    as a reader would check it. The audited way out is :func:`.services.comparison_file_export`."""
    today = today or dt.date.today()
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "alias": coalition_alias(coalition),
        "exported_on": today.isoformat(),
        "k": survey_k(),
        "facts": _safe_facts(column_facts(coalition, EXPORT_ROLE, today)),
    }
    doc["checksum"] = checksum(doc)
    data = json.dumps(doc, indent=1, ensure_ascii=True, sort_keys=True).encode()
    column_read(data, name="export")  # what we write, a reader accepts
    return data


def column_read(data: bytes, *, name: str) -> ColumnFile:
    """Check a file strictly and return its column, or raise :class:`ColumnFileError` naming the
    file (``name``, the user's own file name, only ever said back to them) and what is wrong."""

    def refuse(what: str) -> ColumnFileError:
        return ColumnFileError(_("%(file)s: %(problem)s") % {"file": name, "problem": what})

    if len(data) > MAX_BYTES:
        raise refuse(_("larger than %(kb)s KB") % {"kb": MAX_BYTES // 1024})
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise refuse(_("not a comparison column file (not JSON)")) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise refuse(_("not a comparison column file (no %(format)s marker)") % {"format": FORMAT})
    if doc.get("version") == 1:
        raise refuse(
            _(
                "format version 1, which carried the respondents behind each survey figure; "
                "this server reads version %(version)s only: ask for the column to be exported again"
            )
            % {"version": VERSION}
        )
    if doc.get("version") != VERSION:
        raise refuse(
            _("another format version; this server reads version %(version)s")
            % {"version": VERSION}
        )
    unknown = sorted(
        set(doc) - {"format", "version", "alias", "exported_on", "k", "facts", "checksum"}
    )
    if unknown:
        raise refuse(_("a field this format does not have"))
    if doc.get("checksum") != checksum(doc):
        raise refuse(_("the checksum does not match: the file was changed or damaged"))
    alias = doc.get("alias")
    if not isinstance(alias, str) or not _ALIAS.match(alias):
        raise refuse(_("the coalition's alias is not an alias code"))
    try:
        _date(doc.get("exported_on"))
    except _Bad:
        raise refuse(_("the export date is not a date (YYYY-MM-DD)")) from None
    k = doc.get("k")
    least = max(MIN_K, survey_k())
    if isinstance(k, bool) or not isinstance(k, int) or k < least:
        raise refuse(_("k must be a whole number of at least %(k)s") % {"k": least})
    facts = doc.get("facts")
    if not isinstance(facts, dict):
        raise refuse(_("no facts"))
    instruments = facts.get("instruments", {})
    ctx = _Context(
        k=k,
        instruments=instruments if isinstance(instruments, dict) else {},
    )
    keys = sorted(facts, key=lambda key: (key != "instruments", str(key)))
    for key in keys:
        check = _check_of(key) if isinstance(key, str) else None
        if check is None:
            raise refuse(_("an unknown fact (%(key)s)") % {"key": _said(key)})
        try:
            check(facts[key], ctx)
        except (_Bad, TypeError, ValueError, InstrumentError) as exc:
            expected = str(exc) if isinstance(exc, _Bad) else _("another shape")
            raise refuse(
                _("fact %(key)s should be %(expected)s") % {"key": _said(key), "expected": expected}
            ) from None
    return ColumnFile(name=name, alias=alias, facts=facts, exported_on=doc["exported_on"])

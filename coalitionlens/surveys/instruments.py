"""Survey instruments as versioned data files (``coalitionlens/instruments/<code>.v<N>.json``).

Each file holds one version of one instrument with its text in every language the product ships.
:func:`load` reads and validates a file; :func:`latest` picks the newest version; a response keeps the
version it was answered with, so an old round can always be shown and scored with its own items.
No Django import: the CLI, the XLSForm writer and the scoring code share this module.

>>> health = load("health", 1)
>>> 25 <= len(health.items) <= 40
True
>>> health.text(health.items[0], "fr").startswith("Les petites")
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "INSTRUMENT_DIR",
    "KINDS",
    "LANGUAGES",
    "TENSION_CODES",
    "Instrument",
    "InstrumentError",
    "available",
    "latest",
    "load",
    "validate",
]

INSTRUMENT_DIR = Path(__file__).resolve().parent.parent / "instruments"
LANGUAGES: tuple[str, ...] = ("en", "fr", "km")
#: The instruments a round can use, in the order a respondent meets them (the notice is not one).
KINDS: tuple[str, ...] = ("relationship", "health", "hopes_fears")
#: The tension categories of DESIGN.md §4 (coalitions.vocab.TensionCategory; a test keeps them equal).
TENSION_CODES: frozenset[str] = frozenset(
    {
        "POWER_ASYMMETRY",
        "MISALIGNED_VALUES",
        "SOCIAL_LOCATION",
        "LEADERSHIP_CONTROL",
        "TRUST_SUSPICION",
        "COOPTATION",
        "WINDOW_DRESSING",
        "COMMUNICATION_BREAKDOWN",
        "TURNOVER_BURNOUT",
        "SIZE_SILOING",
        "DIFFERING_PROCESSES",
        "DISENGAGEMENT",
        "CIVIC_SPACE",
        "CONFIDENTIALITY",
        "DONOR_COMPETITION",
    }
)
MACRO_SECTORS: tuple[str, ...] = ("PUBLIC", "PRIVATE", "CIVIL", "INTERNATIONAL")
_FILE = re.compile(r"^(?P<code>[a-z_]+)\.v(?P<version>[0-9]+)\.json$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class InstrumentError(ValueError):
    """An instrument file that does not follow the schema; the message names the place."""


@dataclass(frozen=True)
class Instrument:
    code: str
    version: int
    data: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.data["kind"])

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(self.data.get("items", []))

    @property
    def factors(self) -> list[dict[str, Any]]:
        return list(self.data.get("factors", []))

    def scale(self, name: str) -> list[dict[str, Any]]:
        return list(self.data["scales"][name]["choices"])

    def values(self, scale: str) -> list[Any]:
        return [c["value"] for c in self.scale(scale)]

    def text(self, node: dict[str, Any] | str, lang: str) -> str:
        """The text of an item, a choice or a top-level key in ``lang`` (English when missing)."""
        found: dict[str, Any] = self.data[node] if isinstance(node, str) else node
        labels: dict[str, Any] = found.get("text") or found.get("label") or found
        return str(labels.get(lang) or labels["en"])

    def item(self, code: str) -> dict[str, Any]:
        for item in self.items:
            if item["code"] == code:
                return item
        raise KeyError(code)


def _labels(node: Any, where: str) -> None:
    if not isinstance(node, dict):
        raise InstrumentError(f"{where}: expected a mapping of language → text")
    for lang in LANGUAGES:
        if not isinstance(node.get(lang), str) or not node[lang].strip():
            raise InstrumentError(f"{where}: missing the {lang!r} text")


def _choices(node: Any, where: str) -> list[Any]:
    choices = node.get("choices") if isinstance(node, dict) else None
    if not isinstance(choices, list) or not choices:
        raise InstrumentError(f"{where}: expected a non-empty list of choices")
    values = []
    for i, choice in enumerate(choices):
        if "value" not in choice:
            raise InstrumentError(f"{where}.choices[{i}]: no value")
        _labels(choice.get("label"), f"{where}.choices[{i}].label")
        values.append(choice["value"])
    if len(set(values)) != len(values):
        raise InstrumentError(f"{where}: repeated choice values")
    return values


def _unique_codes(nodes: list[dict[str, Any]], where: str) -> list[str]:
    codes = []
    for i, node in enumerate(nodes):
        code = node.get("code")
        if not isinstance(code, str) or not _CODE.match(code):
            raise InstrumentError(f"{where}[{i}]: code {code!r} must be lower_snake_case")
        codes.append(code)
    if len(set(codes)) != len(codes):
        raise InstrumentError(f"{where}: repeated codes")
    return codes


def validate(data: dict[str, Any], *, source: str = "instrument") -> None:
    """Raise :class:`InstrumentError` unless ``data`` is a complete instrument in every language."""
    for key in ("code", "version", "kind", "title"):
        if key not in data:
            raise InstrumentError(f"{source}: missing {key!r}")
    if not isinstance(data["version"], int) or data["version"] < 1:
        raise InstrumentError(f"{source}: version must be a positive whole number")
    _labels(data["title"], f"{source}.title")
    kind = data["kind"]
    if kind == "notice":
        for i, para in enumerate(data.get("paragraphs") or [None]):
            _labels(para, f"{source}.paragraphs[{i}]")
        _labels(data.get("agree"), f"{source}.agree")
        _labels(data.get("decline"), f"{source}.decline")
        return
    if kind not in KINDS:
        raise InstrumentError(f"{source}: unknown kind {kind!r}")
    _labels(data.get("intro"), f"{source}.intro")
    scales = data.get("scales")
    if not isinstance(scales, dict) or not scales:
        raise InstrumentError(f"{source}: no scales")
    for name, scale in scales.items():
        values = _choices(scale, f"{source}.scales.{name}")
        if not all(isinstance(v, int) for v in values):
            raise InstrumentError(f"{source}.scales.{name}: values must be whole numbers")
    {"relationship": _validate_relationship, "health": _validate_health}.get(
        kind, _validate_hopes_fears
    )(data, source)


def _validate_items(data: dict[str, Any], source: str) -> None:
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise InstrumentError(f"{source}: no items")
    _unique_codes(items, f"{source}.items")
    for i, item in enumerate(items):
        _labels(item.get("text"), f"{source}.items[{i}].text")
        if item.get("scale") not in data["scales"]:
            raise InstrumentError(f"{source}.items[{i}]: unknown scale {item.get('scale')!r}")


def _validate_relationship(data: dict[str, Any], source: str) -> None:
    _validate_items(data, source)
    codes = {i["code"] for i in data["items"]}
    for needed in ("frequency", "level"):
        if needed not in codes:
            raise InstrumentError(f"{source}: the relationship survey needs a {needed!r} item")
    for composite in ("trust", "value"):
        if sum(1 for i in data["items"] if i.get("composite") == composite) < 2:
            raise InstrumentError(f"{source}: {composite} needs at least two sub-items")
    if (
        data["scales"]["level"]["choices"][0]["value"] != 0
        or len(data["scales"]["level"]["choices"]) != 6
    ):
        raise InstrumentError(f"{source}: the level of collaboration runs from 0 to 5")
    _labels(data.get("partners", {}).get("text"), f"{source}.partners.text")
    practices = data.get("practices", {})
    _labels(practices.get("text"), f"{source}.practices.text")
    _choices(practices, f"{source}.practices")


def _validate_health(data: dict[str, Any], source: str) -> None:
    _validate_items(data, source)
    if not 25 <= len(data["items"]) <= 40:
        raise InstrumentError(f"{source}: the inventory has 25 to 40 statements")
    factors = data.get("factors") or []
    codes = set(_unique_codes(factors, f"{source}.factors"))
    for i, factor in enumerate(factors):
        _labels(factor.get("label"), f"{source}.factors[{i}].label")
        tensions = factor.get("tensions") or []
        unknown = set(tensions) - TENSION_CODES
        if not tensions or unknown:
            raise InstrumentError(
                f"{source}.factors[{i}]: tensions {sorted(unknown)} unknown or none"
            )
    for i, item in enumerate(data["items"]):
        if item.get("factor") not in codes:
            raise InstrumentError(f"{source}.items[{i}]: unknown factor {item.get('factor')!r}")
        if (
            data["scales"][item["scale"]]["choices"][0]["value"] != 1
            or len(data["scales"][item["scale"]]["choices"]) != 5
        ):
            raise InstrumentError(f"{source}.items[{i}]: statements are rated 1 to 5")
    empty = codes - {i["factor"] for i in data["items"]}
    if empty:
        raise InstrumentError(f"{source}: factors without statements: {sorted(empty)}")
    _labels(data.get("comment", {}).get("text"), f"{source}.comment.text")


def _validate_hopes_fears(data: dict[str, Any], source: str) -> None:
    about = data.get("about") or []
    _unique_codes([{"code": a.get("code", "").lower()} for a in about], f"{source}.about")
    for i, a in enumerate(about):
        if a["code"] not in MACRO_SECTORS:
            raise InstrumentError(f"{source}.about[{i}]: {a['code']!r} is not a macro-sector")
        _labels(a.get("label"), f"{source}.about[{i}].label")
    for key in ("hopes", "fears"):
        nodes = data.get(key) or []
        if not nodes:
            raise InstrumentError(f"{source}: no {key}")
        _unique_codes(nodes, f"{source}.{key}")
        for i, node in enumerate(nodes):
            _labels(node.get("label"), f"{source}.{key}[{i}].label")
        _labels(data.get(f"{key}_text"), f"{source}.{key}_text")
    if "strength" not in data["scales"]:
        raise InstrumentError(f"{source}: no strength scale")


def available(directory: Path = INSTRUMENT_DIR) -> dict[str, list[int]]:
    """Every instrument code with its versions, oldest first."""
    out: dict[str, list[int]] = {}
    for path in sorted(directory.glob("*.json")):
        match = _FILE.match(path.name)
        if match:
            out.setdefault(match["code"], []).append(int(match["version"]))
    return {code: sorted(versions) for code, versions in out.items()}


@cache
def load(code: str, version: int, directory: Path = INSTRUMENT_DIR) -> Instrument:
    """Read and validate one version of one instrument."""
    if not _CODE.match(code):
        raise InstrumentError(f"{code!r} is not an instrument code")
    path = directory / f"{code}.v{int(version)}.json"
    if not path.is_file():
        raise InstrumentError(f"no instrument {code!r} version {version}")
    data = json.loads(path.read_text(encoding="utf-8"))
    validate(data, source=path.name)
    if data["code"] != code or data["version"] != int(version):
        raise InstrumentError(f"{path.name}: its code and version do not match its file name")
    return Instrument(code=code, version=int(version), data=data)


def latest(code: str, directory: Path = INSTRUMENT_DIR) -> Instrument:
    versions = available(directory).get(code)
    if not versions:
        raise InstrumentError(f"no instrument {code!r}")
    return load(code, versions[-1], directory)

"""The frozen snapshot of a survey round: its format, defined here once. No Django import.

A round's answers are frozen into a snapshot when it closes (:func:`.services.round_close`, which
reads them with :func:`.selectors.round_snapshot`); every published figure is computed from it and
from nothing else (:func:`.published.published_results`). A snapshot is a JSON object of plain
column tables (each a mapping of column name to a list, all lists of a table the same length):

``format``
    :data:`FORMAT`. 1: written before the roster rule (no ``counts``/``invitee``; see :func:`upgrade`).
``instruments``, ``composites``, ``factor_of``, ``hope_codes``
    The structure of the instruments the round asked (:func:`frame`).
``organisations``
    ``id``, ``name``, ``sector``, ``macro`` of every organisation of the coalition at the close.
``invited``
    ``respondent``, ``organisation``, ``responded``; ``counts``: whether the respondent counts
    towards k (fixed when the round opened; only their answers are scored); ``invitee``: ``False``
    for a row holding what an earlier link of an invitee submitted (scored, but not an invitation).
``relationship``
    ``respondent``, ``target``, ``frequency``, ``level`` and every composite item.
``health``, ``hopes``, ``hopes_seen``, ``comments``
    See :data:`TABLES`.

>>> snap = empty({"relationship": 1})
>>> snap["format"], sorted(snap["composites"])
(2, ['trust', 'value'])
>>> upgrade({"format": 1, "invited": {"respondent": [7], "organisation": [3], "responded": [True]}})["invited"]["counts"]
[False]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coalitionlens.surveys.instruments import latest, load

__all__ = ["FORMAT", "TABLES", "empty", "frame", "relationship_columns", "upgrade"]

FORMAT = 2

#: Every table of a snapshot and its columns (``relationship`` adds the composite items).
TABLES: dict[str, tuple[str, ...]] = {
    "organisations": ("id", "name", "sector", "macro"),
    "invited": ("respondent", "organisation", "responded", "counts", "invitee"),
    "relationship": ("respondent", "target", "frequency", "level"),
    "health": ("respondent", "item", "value"),
    "hopes": ("respondent", "about", "code", "strength"),
    "hopes_seen": ("respondent", "about"),
    "comments": ("respondent", "text"),
}


def frame(versions: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The parts of a snapshot that come from the instruments (the latest versions when
    ``versions`` is ``None``): composites, health factors, hope and fear codes."""
    if versions is None:
        versions = {c: latest(c).version for c in ("relationship", "health", "hopes_fears")}
    versions = {str(c): int(v) for c, v in versions.items()}
    out: dict[str, Any] = {"format": FORMAT, "instruments": dict(versions), "composites": {}}
    if "relationship" in versions:
        for item in load("relationship", versions["relationship"]).items:
            if item.get("composite"):
                out["composites"].setdefault(item["composite"], []).append(item["code"])
    if "health" in versions:
        out["factor_of"] = {
            i["code"]: i["factor"] for i in load("health", versions["health"]).items
        }
    if "hopes_fears" in versions:
        hf = load("hopes_fears", versions["hopes_fears"])
        out["hope_codes"] = [f"hope:{h['code']}" for h in hf.data["hopes"]] + [
            f"fear:{f['code']}" for f in hf.data["fears"]
        ]
    return out


def relationship_columns(snap: Mapping[str, Any]) -> list[str]:
    items = [i for v in (snap.get("composites") or {}).values() for i in v]
    return [*TABLES["relationship"], *items]


def empty(versions: Mapping[str, int] | None = None) -> dict[str, Any]:
    """A snapshot with the instruments' structure and every table empty."""
    snap = frame(versions)
    for name, columns in TABLES.items():
        cols = relationship_columns(snap) if name == "relationship" else columns
        snap[name] = {c: [] for c in cols}
    return snap


def upgrade(snap: Mapping[str, Any]) -> dict[str, Any]:
    """A snapshot in the current format. A format-1 snapshot does not say who counts towards k,
    so nobody does (migration ``surveys.0003`` rewrote every stored one with the roster rule)."""
    out = dict(snap)
    if int(out.get("format", 1)) < 2:
        invited = dict(out.get("invited") or {})
        n = len(invited.get("respondent", []))
        invited.setdefault("counts", [False] * n)
        invited.setdefault("invitee", [True] * n)
        out["invited"] = invited
        out["format"] = FORMAT
    return out

"""Reads of the transfer app: a coalition's records as export tables, passed through confidentiality.

Each table has the same columns as the import (``columns.COLUMNS``), so an export imports back
unchanged. Engagements are read through the one selector (``engagements.selectors``): a field the
role may not read arrives masked and is left empty. The network files are built by
``engagements.networks.network_for``, the construction the map uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership
from coalitionlens.engagements.selectors import engagements_for
from coalitionlens.kit.masking import Hidden
from coalitionlens.transfer.codes import ValueMap
from coalitionlens.transfer.columns import COLUMNS
from coalitionlens.transfer.models import ImportBatch, ValueMapping

__all__ = [
    "batch_for_scope",
    "export_tables",
    "value_map_for",
    "value_mapping_for_scope",
    "value_mappings_for",
]

Table = list[dict[str, Any]]


def batch_for_scope(*, coalition: Coalition, pk: int) -> ImportBatch | None:
    return ImportBatch.objects.filter(coalition=coalition, pk=pk).first()


def value_map_for(*, coalition: Coalition) -> ValueMap:
    """The values this coalition's imports mapped to codes, remembered for its next imports."""
    found = ValueMap()
    for column, value, code in ValueMapping.objects.filter(coalition=coalition).values_list(
        "column", "value", "code"
    ):
        found.add(column, value, code)
    return found


def value_mappings_for(*, coalition: Coalition) -> list[ValueMapping]:
    """The coalition's remembered value mappings, by column and value, with who mapped them."""
    return list(
        ValueMapping.objects.filter(coalition=coalition)
        .select_related("created_by")
        .order_by("column", "value", "pk")
    )


def value_mapping_for_scope(*, coalition: Coalition, pk: int) -> ValueMapping | None:
    return ValueMapping.objects.filter(coalition=coalition, pk=pk).first()


def _organisations(coalition: Coalition) -> Table:
    rows = []
    for o in Organisation.objects.filter(coalition=coalition).select_related("sector", "subsector"):
        rows.append(
            {
                "name": o.name,
                "acronym": o.acronym,
                "sector": o.sector.code,
                "subsector": o.subsector.code if o.subsector else "",
                "faith_based": o.faith_based,
                "survivor_led": o.survivor_led,
                "scale": o.scale,
                "origin": o.origin,
                "at_risk": o.at_risk,
                "staff_band": o.staff_band,
                "budget_band": o.budget_band,
                "city": o.city,
                "province": o.province,
                "district": o.district,
                "notes": o.notes,
            }
        )
    return sorted(rows, key=lambda r: (r["name"].casefold(), r["name"]))


def _memberships(coalition: Coalition) -> Table:
    qs = Membership.objects.filter(coalition=coalition).select_related("organisation")
    rows = [
        {
            "organisation": m.organisation.name,
            "tier": m.tier,
            "status": m.status,
            "joined_on": m.joined_on,
            "ended_on": m.ended_on,
            "end_reason": m.end_reason,
            "notes": m.notes,
        }
        for m in qs
    ]
    return sorted(rows, key=lambda r: (r["organisation"], str(r["joined_on"] or "")))


def _partnerships(coalition: Coalition) -> Table:
    qs = Partnership.objects.filter(coalition=coalition).select_related("organisation")
    rows = [
        {
            "organisation": p.organisation.name,
            "partnership_type": p.partnership_type,
            "formality": p.formality,
            "level": p.level,
            "purposes": list(p.purposes or []),
            "started_on": p.started_on,
            "ended_on": p.ended_on,
            "notes": p.notes,
        }
        for p in qs
    ]
    return sorted(
        rows, key=lambda r: (r["organisation"], r["partnership_type"], str(r["started_on"] or ""))
    )


def _cell(value: Any) -> Any:
    return None if isinstance(value, Hidden) else value


def _engagements(coalition: Coalition, role: str | None) -> Table:
    keys = [c.key for c in COLUMNS["engagements"]]
    rows = []
    for e in engagements_for(coalition=coalition, role=role):
        row: dict[str, Any] = {
            k: list(getattr(e, k) or []) if k in ("domains", "four_ps") else _cell(getattr(e, k))
            for k in keys
            if k not in ("leads", "counterparts")
        }
        row["leads"] = sorted(o.name for o in e.leads)
        row["counterparts"] = sorted(o.name for o in e.counterparts)  # empty when hidden
        rows.append({k: row[k] for k in keys})
    return sorted(
        rows,
        key=lambda r: (str(r["date"]), r["title"] or "", r["practice_type"], ";".join(r["leads"])),
    )


def export_tables(
    *, coalition: Coalition, role: str | None, on_step: Callable[[str], None] | None = None
) -> dict[str, Table]:
    """Every kind of record of the coalition, as the reader in ``role`` may see it.
    ``on_step(kind)`` is told after each kind is read (a progress bar)."""
    readers: dict[str, Callable[[], Table]] = {
        "organisations": lambda: _organisations(coalition),
        "memberships": lambda: _memberships(coalition),
        "partnerships": lambda: _partnerships(coalition),
        "engagements": lambda: _engagements(coalition, role),
    }
    tables = {}
    for kind, read in readers.items():
        tables[kind] = read()
        if on_step is not None:
            on_step(kind)
    return tables

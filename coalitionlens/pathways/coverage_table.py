"""The coverage matrix as the page, the API and exports show it: rows of (trafficking type,
population), a column per stage, each cell with its providers' names and its flag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.core.coverage import Cell
from coalitionlens.pathways import vocab
from coalitionlens.pathways.selectors import coverage_for

#: A cell's flag, from the most to the least urgent, with what the page says of it.
FLAGS: dict[str, Any] = {
    "gap": _("No provider"),
    "fragile": _("One provider only"),
    "unlinked": _("No referral tie to the stage before"),
    "ok": _("Covered"),
    "unserved": _("Not offered"),
}


def flag_of(cell: Cell) -> str:
    if cell.gap:
        return "gap"
    if cell.fragile:
        return "fragile"
    if cell.unlinked:
        return "unlinked"
    return "ok" if cell.providers else "unserved"


@dataclass(frozen=True)
class CoverageTable:
    province: str
    stages: list[tuple[str, Any]]
    rows: list[dict[str, Any]]
    counts: dict[str, int]

    @property
    def legend(self) -> list[tuple[str, Any, int]]:
        """(flag, what the page says of it, how many cells carry it)."""
        return [(code, label, self.counts[code]) for code, label in FLAGS.items()]


def coverage_table(
    coalition: Coalition,
    *,
    province: str = "",
    trafficking_type: str = "",
    population: str = "",
    names: dict[Any, str] | None = None,
) -> CoverageTable:
    """The coverage page's matrix; ``names`` (organisation id → what to print, e.g. the aliases
    of a safe report) replaces the organisations' names."""
    cov = coverage_for(
        coalition,
        province=province or None,
        types=(trafficking_type,) if trafficking_type else (),
        populations=(population,) if population else (),
    )
    if names is None:
        names = dict(Organisation.objects.filter(coalition=coalition).values_list("pk", "name"))
    type_labels = dict(vocab.TraffickingType.choices)
    pop_labels = dict(vocab.Population.choices)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    counts = dict.fromkeys(FLAGS, 0)
    for cell in cov.cells:
        row = rows.setdefault(
            (cell.trafficking_type, cell.population),
            {
                "trafficking_type": cell.trafficking_type,
                "population": cell.population,
                "type_label": type_labels[cell.trafficking_type],
                "population_label": pop_labels[cell.population],
                "cells": [],
            },
        )
        flag = flag_of(cell)
        counts[flag] += 1
        row["cells"].append(
            {
                "stage": cell.stage,
                "flag": flag,
                "flag_label": FLAGS[flag],
                # by name, as people look them up (ids are the order records were made in)
                "providers": sorted(names.get(pk, "") for pk in cell.providers),
            }
        )
    served = [r for r in rows.values() if any(c["flag"] != "unserved" for c in r["cells"])]
    return CoverageTable(
        province=province,
        stages=list(vocab.Stage.choices),
        rows=served,
        counts=counts,
    )


#: The columns of the matrix as a file: one line per cell, codes as the import's code lists spell
#: them, the providers' names joined by ``; ``.
EXPORT_COLUMNS: tuple[str, ...] = (
    "province",
    "trafficking_type",
    "population",
    "stage",
    "flag",
    "providers",
)


def export_rows(table: CoverageTable) -> list[dict[str, Any]]:
    """The cells the page shows, one line each, for the CSV and XLSX exports."""
    return [
        {
            "province": table.province,
            "trafficking_type": row["trafficking_type"],
            "population": row["population"],
            "stage": cell["stage"],
            "flag": cell["flag"],
            "providers": cell["providers"],
        }
        for row in table.rows
        for cell in row["cells"]
    ]

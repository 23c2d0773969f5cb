"""Diagnostic rules on referral pathways (issue 18): gaps, single points of failure, and stages no
referral tie joins. They read :attr:`Facts.pathways`, the coverage matrix of every province the
coalition names (:func:`coalitionlens.core.coverage.coverage`), and are appended to
:data:`coalitionlens.insights.rules.RULES`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.models import Coalition
from coalitionlens.coalitions.vocab import StrategyCategory as S
from coalitionlens.coalitions.vocab import TensionCategory as C
from coalitionlens.coalitions.vocab import TensionLevel as L
from coalitionlens.core.coverage import Cell
from coalitionlens.insights.findings import Facts, Finding, Rule
from coalitionlens.pathways import vocab
from coalitionlens.pathways.models import Service
from coalitionlens.pathways.selectors import coverage_for

__all__ = ["PATHWAY_RULES", "pathway_facts"]

T = Mapping[str, float]

#: How many cells a finding names as examples.
EXAMPLES = 3


def pathway_facts(coalition: Coalition) -> dict[str, Any]:
    """The :class:`Facts` fields these rules read: the coverage of every province the coalition
    names, and the providers' names (nothing when the coalition records no service)."""
    providers = Service.objects.filter(coalition=coalition).values_list(
        "organisation_id", "organisation__name"
    )
    names = dict(providers)
    if not names:
        return {}
    return {"pathways": coverage_for(coalition, every_province=True), "pathway_providers": names}


def _severity(n: float, threshold: float, high: float) -> str:
    if n >= high:
        return "high"
    return "medium" if n >= (threshold + high) / 2 else "low"


def _label(cell: Cell) -> str:
    where = cell.province or _g("the whole country")
    return " · ".join(
        [
            where,
            str(dict(vocab.TraffickingType.choices)[cell.trafficking_type]),
            str(dict(vocab.Population.choices)[cell.population]),
            str(dict(vocab.Stage.choices)[cell.stage]),
        ]
    )


def _examples(cells: Sequence[Cell]) -> str:
    return "; ".join(_label(c) for c in cells[:EXAMPLES])


def _gaps(rule: Rule, f: Facts, t: T) -> list[Finding]:
    if f.pathways is None:
        return []
    gaps = f.pathways.gaps()
    if len(gaps) < t["min_gaps"]:
        return []
    return [
        rule.finding(
            _(
                "%(n)s stages of pathways the coalition offers have no provider in a province "
                "where the other stages do, e.g. %(examples)s."
            ),
            {"n": len(gaps), "examples": _examples(gaps)},
            {"gaps": len(gaps), "rows": len({c.row for c in gaps})},
            _severity(len(gaps), t["min_gaps"], t["high"]),
        )
    ]


def _sole_providers(rule: Rule, f: Facts, t: T) -> list[Finding]:
    if f.pathways is None:
        return []
    out = []
    fragile = f.pathways.fragile()
    for org, n in sorted(f.pathways.sole_providers().items(), key=lambda kv: (-kv[1], kv[0])):
        if n < t["min_cells"]:
            continue
        cells = [c for c in fragile if c.providers == (org,)]
        out.append(
            rule.finding(
                _(
                    "%(name)s is the only provider of %(n)s stages of the pathway, e.g. "
                    "%(examples)s: if it stopped, they would stop."
                ),
                {"name": f.pathway_providers.get(org, "?"), "n": n, "examples": _examples(cells)},
                {"sole_provider_cells": n},
                _severity(n, t["min_cells"], t["high"]),
                parties=(org,),
                key=str(org),
            )
        )
    return out


def _unlinked(rule: Rule, f: Facts, t: T) -> list[Finding]:
    if f.pathways is None:
        return []
    cells = f.pathways.unlinked()
    if len(cells) < t["min_cells"]:
        return []
    return [
        rule.finding(
            _(
                "At %(n)s stages the providers have no referral tie with any provider of the stage "
                "before, e.g. %(examples)s."
            ),
            {"n": len(cells), "examples": _examples(cells)},
            {"unlinked_cells": len(cells)},
            _severity(len(cells), t["min_cells"], t["high"]),
        )
    ]


PATHWAY_RULES: list[Rule] = [
    Rule("PATHWAY_GAP", _("A referral pathway breaks at a stage"),
         L.CROSS_SECTOR, C.SIZE_SILOING,
         (S.STRATEGIC_PLANNING, S.RELATIONSHIP_MAPPING),
         ("relationship-map", "engagement-ladder"),
         {"min_gaps": 1, "high": 6}, _gaps),
    Rule("PATHWAY_SOLE_PROVIDER", _("A pathway hangs on one provider"),
         L.INTER_ORGANISATIONAL, C.TURNOVER_BURNOUT,
         (S.CAPACITY_BUILDING, S.SHARED_LEADERSHIP),
         ("broker-succession", "relationship-map"),
         {"min_cells": 2, "high": 8}, _sole_providers),
    Rule("PATHWAY_UNLINKED", _("Providers with no referral tie to the stage before"),
         L.INTER_ORGANISATIONAL, C.COMMUNICATION_BREAKDOWN,
         (S.FORMALISE_MOU, S.STRUCTURED_COMMUNICATION),
         ("data-sharing-protocol", "cross-sector-pairs"),
         {"min_cells": 1, "high": 6}, _unlinked),
]  # fmt: skip

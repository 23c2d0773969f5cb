"""The analytics core: cross-sector network measures on plain tables (no Django).

Build a :class:`Network` from DataFrames (:meth:`Network.from_tables`, :func:`co_participation`,
:func:`partnerships`, :func:`survey_ties`) or files (:func:`read_network`), then call the measures,
or :func:`analyze_network` for all of them. Every result is keyed by organisation id.
:func:`mode_counts` counts members, partners and counterparts per (macro-)sector.

Importing this package is cheap: each name loads its module (and numba, igraph, pandas with it)
on first use, so a command that needs one measure does not pay for the others.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coalitionlens.core.brokerage import ROLES, Brokerage, brokerage
    from coalitionlens.core.centrality import (
        Betweenness,
        Centralisation,
        betweenness,
        centralisation,
        degree,
        eigenvector,
        harmonic_closeness,
        pagerank,
    )
    from coalitionlens.core.change import Comparison, compare
    from coalitionlens.core.composition import Composition, composition
    from coalitionlens.core.construct import (
        CoalitionNetwork,
        co_participation,
        coalition_network,
        combine,
        partnerships,
        snapshots,
        survey_ties,
    )
    from coalitionlens.core.errors import InputError
    from coalitionlens.core.fragility import (
        Dependence,
        Fragility,
        fragility,
        secretariat_dependence,
    )
    from coalitionlens.core.graphs import to_igraph, to_networkx
    from coalitionlens.core.groups import Communities, communities, components, k_cores
    from coalitionlens.core.holes import structural_holes
    from coalitionlens.core.io import read_graphml, read_network, read_table
    from coalitionlens.core.mixing import EIIndex, assortativity, ei_index, mixing_matrix
    from coalitionlens.core.modes import ModeCounts, Window, mode_counts
    from coalitionlens.core.network import Network
    from coalitionlens.core.suite import Analysis, analyze_network

_WHERE: dict[str, str] = {
    "Brokerage": "coalitionlens.core.brokerage",
    "ROLES": "coalitionlens.core.brokerage",
    "brokerage": "coalitionlens.core.brokerage",
    "Betweenness": "coalitionlens.core.centrality",
    "Centralisation": "coalitionlens.core.centrality",
    "betweenness": "coalitionlens.core.centrality",
    "centralisation": "coalitionlens.core.centrality",
    "degree": "coalitionlens.core.centrality",
    "eigenvector": "coalitionlens.core.centrality",
    "harmonic_closeness": "coalitionlens.core.centrality",
    "pagerank": "coalitionlens.core.centrality",
    "Comparison": "coalitionlens.core.change",
    "compare": "coalitionlens.core.change",
    "Composition": "coalitionlens.core.composition",
    "composition": "coalitionlens.core.composition",
    "CoalitionNetwork": "coalitionlens.core.construct",
    "co_participation": "coalitionlens.core.construct",
    "coalition_network": "coalitionlens.core.construct",
    "combine": "coalitionlens.core.construct",
    "partnerships": "coalitionlens.core.construct",
    "snapshots": "coalitionlens.core.construct",
    "survey_ties": "coalitionlens.core.construct",
    "InputError": "coalitionlens.core.errors",
    "Dependence": "coalitionlens.core.fragility",
    "Fragility": "coalitionlens.core.fragility",
    "fragility": "coalitionlens.core.fragility",
    "secretariat_dependence": "coalitionlens.core.fragility",
    "to_igraph": "coalitionlens.core.graphs",
    "to_networkx": "coalitionlens.core.graphs",
    "Communities": "coalitionlens.core.groups",
    "communities": "coalitionlens.core.groups",
    "components": "coalitionlens.core.groups",
    "k_cores": "coalitionlens.core.groups",
    "structural_holes": "coalitionlens.core.holes",
    "read_graphml": "coalitionlens.core.io",
    "read_network": "coalitionlens.core.io",
    "read_table": "coalitionlens.core.io",
    "EIIndex": "coalitionlens.core.mixing",
    "assortativity": "coalitionlens.core.mixing",
    "ei_index": "coalitionlens.core.mixing",
    "mixing_matrix": "coalitionlens.core.mixing",
    "ModeCounts": "coalitionlens.core.modes",
    "Window": "coalitionlens.core.modes",
    "mode_counts": "coalitionlens.core.modes",
    "Network": "coalitionlens.core.network",
    "Analysis": "coalitionlens.core.suite",
    "analyze_network": "coalitionlens.core.suite",
}


def __getattr__(name: str) -> Any:
    """Load the module that defines ``name`` on first access (PEP 562)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _Core(types.ModuleType):
    """This package as a module object that keeps the functions ``brokerage`` and
    ``composition`` when their modules of the same name load: the import system sets a loaded
    submodule as an attribute of its package, which would hide the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _WHERE.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Core


__all__ = [
    "ROLES",
    "Analysis",
    "Betweenness",
    "Brokerage",
    "Centralisation",
    "CoalitionNetwork",
    "Communities",
    "Comparison",
    "Composition",
    "Dependence",
    "EIIndex",
    "Fragility",
    "InputError",
    "ModeCounts",
    "Network",
    "Window",
    "analyze_network",
    "assortativity",
    "betweenness",
    "brokerage",
    "centralisation",
    "co_participation",
    "coalition_network",
    "combine",
    "communities",
    "compare",
    "components",
    "composition",
    "degree",
    "ei_index",
    "eigenvector",
    "fragility",
    "harmonic_closeness",
    "k_cores",
    "mixing_matrix",
    "mode_counts",
    "pagerank",
    "partnerships",
    "read_graphml",
    "read_network",
    "read_table",
    "secretariat_dependence",
    "snapshots",
    "structural_holes",
    "survey_ties",
    "to_igraph",
    "to_networkx",
]

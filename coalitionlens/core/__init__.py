"""The analytics core: cross-sector network measures on plain tables (no Django).

Build a :class:`Network` from DataFrames (:meth:`Network.from_tables`, :func:`co_participation`,
:func:`partnerships`, :func:`survey_ties`) or files (:func:`read_network`), then call the measures,
or :func:`analyze_network` for all of them. Every result is keyed by organisation id.
:func:`mode_counts` counts members, partners and counterparts per (macro-)sector.
"""

from coalitionlens.core.brokerage import ROLES, Brokerage, brokerage
from coalitionlens.core.centrality import (
    Betweenness,
    Centralisation,
    betweenness,
    centralisation,
    degree,
    eigenvector,
    harmonic_closeness,
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
from coalitionlens.core.fragility import Dependence, Fragility, fragility, secretariat_dependence
from coalitionlens.core.groups import Communities, communities, components, k_cores
from coalitionlens.core.holes import structural_holes
from coalitionlens.core.io import read_graphml, read_network, read_table
from coalitionlens.core.mixing import EIIndex, assortativity, ei_index, mixing_matrix
from coalitionlens.core.modes import ModeCounts, Window, mode_counts
from coalitionlens.core.network import Network
from coalitionlens.core.suite import Analysis, analyze_network

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
    "partnerships",
    "read_graphml",
    "read_network",
    "read_table",
    "secretariat_dependence",
    "snapshots",
    "structural_holes",
    "survey_ties",
]

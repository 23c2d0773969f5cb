"""The frozen object :func:`coalitionlens.data.load` returns, and its errors. Light to import: pandas,
igraph and networkx load when a method needs them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import igraph as ig
    import networkx as nx
    import pandas as pd

__all__ = ["CoalitionData", "RoleRefused", "SourceError"]


class SourceError(Exception):
    """A source that cannot give the coalition: no such coalition, or not a Coalition Lens file."""


class RoleRefused(PermissionError):
    """A role the source does not allow: not a coalition role, or not the role an export was
    written for."""


@dataclass(frozen=True)
class CoalitionData:
    """One coalition as one role sees it. Frames are keyed by organisation id (the database id;
    in an export, the organisation's name, which is how exports name organisations).

    Attributes
    ----------
    slug, name : str
        The coalition's short name and name (an export without them: the file's).
    role : str
        The role the frames were read for.
    source : str
        ``"database"``, ``"backup"`` or ``"export"``.
    organisations : pandas.DataFrame
        One row per organisation (the directory's columns), column ``id``.
    memberships, partnerships : pandas.DataFrame
        One row per membership / partnership, ``organisation`` its organisation's id.
    engagements : pandas.DataFrame
        One row per engagement the log shows the role; ``visible`` False where the role may not read
        the sensitive fields, which are then missing (``pd.isna``: pandas stores a missing text as
        NaN), as on its pages; ``leads`` and
        ``counterparts`` are tuples of organisation ids (counterparts empty where hidden).
    ties : pandas.DataFrame
        The ties of the role's network map: ``source``, ``target``, ``weight``.
    measures : pandas.DataFrame
        Indexed by organisation id: ``name``, ``sector``, ``macro_sector`` and every measure of the
        network page (degree, strength, betweenness, closeness, eigenvector, ei_index, constraint,
        effective_size, the brokerage roles, brokerage_total, ...).
    summary : Mapping
        The network's summary figures (organisations, ties, density, components, ...).
    secretariat : object
        The secretariat's organisation id, or ``None``.
    """

    slug: str
    name: str
    role: str
    source: str
    organisations: pd.DataFrame
    memberships: pd.DataFrame
    partnerships: pd.DataFrame
    engagements: pd.DataFrame
    ties: pd.DataFrame
    measures: pd.DataFrame
    summary: Mapping[str, Any]
    secretariat: Any = None

    def to_igraph(self) -> ig.Graph:
        """The role's network as an igraph graph: a vertex per organisation (attribute ``id`` and
        the measures), an edge per tie (attribute ``weight``)."""
        from coalitionlens.core.graphs import to_igraph

        return to_igraph(self.measures, self.ties)

    def to_networkx(self) -> nx.Graph:
        """The role's network as a networkx graph whose nodes are the organisation ids."""
        from coalitionlens.core.graphs import to_networkx

        return to_networkx(self.measures, self.ties)

    def __repr__(self) -> str:
        return (
            f"<CoalitionData {self.slug!r} for {self.role!r} from {self.source}: "
            f"{len(self.organisations)} organisations, {len(self.ties)} ties>"
        )

"""An organisation table and a tie table as an igraph or a networkx graph, for analysts who carry
on in those libraries (``coalitionlens.data``'s ``to_igraph()`` / ``to_networkx()`` call these).

They are the one place igraph objects leave the core, and only on request: every measure of the
core keeps taking and returning tables keyed by organisation id. A vertex (node) carries the
organisation's id as ``id`` (networkx: the node itself) and every column of the organisation
table as an attribute; an edge carries every column of the tie table but ``source`` and
``target``. igraph and networkx load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    import igraph as ig
    import networkx as nx

__all__ = ["to_igraph", "to_networkx"]


def _organisations(organisations: pd.DataFrame) -> pd.DataFrame:
    """The table with its ids in an ``id`` column (id-indexed tables are accepted as they are)."""
    if "id" in organisations.columns:
        return organisations.reset_index(drop=True)
    return organisations.rename_axis("id").reset_index()


def _plain(value: Any) -> Any:
    """numpy scalars as Python ones, so both libraries write them to GraphML and compare them."""
    return value.item() if hasattr(value, "item") else value


def to_igraph(
    organisations: pd.DataFrame, ties: pd.DataFrame, *, directed: bool = False
) -> ig.Graph:
    """The network as an :class:`igraph.Graph`: one vertex per organisation, in table order.

    Parameters
    ----------
    organisations : pandas.DataFrame
        Indexed by organisation id, or with an ``id`` column; every column becomes a vertex
        attribute.
    ties : pandas.DataFrame
        Columns ``source`` and ``target`` (organisation ids); every other column becomes an edge
        attribute.
    directed : bool
        Whether ``source → target`` differs from ``target → source``.

    Examples
    --------
    >>> orgs = pd.DataFrame({"name": ["A", "B", "C"]}, index=pd.Index([7, 8, 9], name="id"))
    >>> ties = pd.DataFrame({"source": [7, 8], "target": [8, 9], "weight": [2.0, 1.0]})
    >>> graph = to_igraph(orgs, ties)
    >>> graph.vs["id"], graph.vs["name"], graph.es["weight"]
    ([7, 8, 9], ['A', 'B', 'C'], [2.0, 1.0])
    >>> [graph.vs[e.source]["id"] for e in graph.es]
    [7, 8]
    """
    import igraph as ig  # on first use: importing igraph costs a second

    table = _organisations(organisations)
    ids = [_plain(v) for v in table["id"]]
    position = {pk: i for i, pk in enumerate(ids)}
    edges = [
        (position[_plain(s)], position[_plain(t)])
        for s, t in zip(ties["source"], ties["target"], strict=True)
    ]
    graph = ig.Graph(n=len(ids), edges=edges, directed=directed)
    for column in table.columns:
        graph.vs[str(column)] = [_plain(v) for v in table[column]]
    for column in ties.columns:
        if column not in ("source", "target"):
            graph.es[str(column)] = [_plain(v) for v in ties[column]]
    return graph


def to_networkx(
    organisations: pd.DataFrame, ties: pd.DataFrame, *, directed: bool = False
) -> nx.Graph:
    """The network as a :class:`networkx.Graph` (``DiGraph`` when ``directed``), its nodes the
    organisation ids.

    Parameters are those of :func:`to_igraph`.

    Examples
    --------
    >>> orgs = pd.DataFrame({"id": [7, 8, 9], "name": ["A", "B", "C"]})
    >>> ties = pd.DataFrame({"source": [7, 8], "target": [8, 9], "weight": [2.0, 1.0]})
    >>> graph = to_networkx(orgs, ties)
    >>> sorted(graph.nodes), graph.nodes[7]["name"], graph.edges[8, 9]["weight"]
    ([7, 8, 9], 'A', 1.0)
    """
    import networkx as nx

    table = _organisations(organisations)
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    attributes = [c for c in table.columns if c != "id"]
    for row in table.itertuples(index=False):
        values = dict(zip(table.columns, row, strict=True))
        graph.add_node(_plain(values["id"]), **{str(c): _plain(values[c]) for c in attributes})
    extra = [c for c in ties.columns if c not in ("source", "target")]
    for row in ties.itertuples(index=False):
        values = dict(zip(ties.columns, row, strict=True))
        graph.add_edge(
            _plain(values["source"]),
            _plain(values["target"]),
            **{str(c): _plain(values[c]) for c in extra},
        )
    return graph

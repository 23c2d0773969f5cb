"""Seeded random networks shared by the tests."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from coalitionlens.core import Network
from coalitionlens.core.taxonomy import SECTORS


def random_network(
    seed: int,
    *,
    n: int = 40,
    p: float = 0.12,
    groups: int = 4,
    directed: bool = False,
    weighted: bool = False,
) -> Network:
    rng = np.random.default_rng(seed)
    sectors = rng.choice(np.array(SECTORS[:groups]), size=n)
    orgs = pd.DataFrame({"id": [f"o{i}" for i in range(n)], "sector": sectors})
    mask = rng.random((n, n)) < p
    np.fill_diagonal(mask, False)
    if not directed:
        mask = np.triu(mask)
    src, dst = np.nonzero(mask)
    ties = pd.DataFrame(
        {"source": orgs["id"].to_numpy()[src], "target": orgs["id"].to_numpy()[dst]}
    )
    if weighted:
        ties["weight"] = rng.integers(1, 6, size=len(ties)).astype(float)
    return Network.from_tables(orgs, ties, directed=directed)


def to_networkx(network: Network) -> nx.Graph:
    graph: nx.Graph = nx.DiGraph() if network.directed else nx.Graph()
    graph.add_nodes_from(network.ids)
    for row in network.ties.itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=row.weight)
    return graph


def clustered_network(
    seed: int, n: int = 1200, ties: int = 4800, *, directed: bool = False
) -> Network:
    """``n`` organisations in blocks of 40, ``ties`` ties (60 % inside a block; duplicates and
    self-loops included, as the construction must merge or drop them)."""
    rng = np.random.default_rng(seed)
    orgs = pd.DataFrame(
        {"id": [f"o{i}" for i in range(n)], "sector": rng.choice(np.array(SECTORS[:4]), size=n)}
    )
    src = rng.integers(0, n, size=ties)
    inside = rng.random(ties) < 0.6
    dst = np.where(
        inside, (src // 40) * 40 + rng.integers(0, 40, size=ties), rng.integers(0, n, ties)
    )
    dst = np.minimum(dst, n - 1)
    ids = orgs["id"].to_numpy()
    table = pd.DataFrame(
        {"source": ids[src], "target": ids[dst], "weight": rng.integers(1, 4, size=ties)}
    )
    return Network.from_tables(orgs, table, directed=directed)

"""Positions of the network map, computed once on the server (igraph) and cached with the analysis.

The browser only draws: with 2,000 organisations a layout in JavaScript would take seconds on a
phone, while the server computes it once per change of data or filters.
"""

from __future__ import annotations

import random
from typing import Any

import igraph as ig
import numpy as np

__all__ = ["layout_positions"]


def layout_positions(
    network: Any, *, seed: int = 0, size: float = 1000.0
) -> dict[Any, tuple[float, float]]:
    """Organisation id → (x, y) in ``[0, size]``, the same for the same network and seed.

    Fruchterman–Reingold weighted by tie strength, started from seeded random positions (igraph's
    layouts are otherwise random); isolates are placed on a ring around the connected part.

    >>> import pandas as pd
    >>> from coalitionlens.core import Network
    >>> orgs = pd.DataFrame({"id": ["a", "b", "c"], "sector": ["MEDIA", "ACADEMIA", "BUSINESS"]})
    >>> net = Network.from_tables(orgs, pd.DataFrame({"source": ["a"], "target": ["b"]}))
    >>> sorted(layout_positions(net))
    ['a', 'b', 'c']
    """
    ids = list(network.organisations.index)
    n = len(ids)
    if n == 0:
        return {}
    ties = network.ties
    index = {org: i for i, org in enumerate(ids)}
    edges = [(index[s], index[t]) for s, t in zip(ties["source"], ties["target"], strict=True)]
    graph = ig.Graph(n=n, edges=edges, directed=False)
    weights = [float(w) for w in ties["weight"]] if len(ties) else None
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1, 1, size=(n, 2)).tolist()
    connected = np.array(graph.degree()) > 0
    if edges:
        niter = 500 if n <= 1000 else 200
        # igraph draws from Python's global ``random`` during the layout: without its own seeded
        # generator the same network got other positions whenever anything else had drawn first.
        ig.set_random_number_generator(random.Random(seed))  # noqa: S311 -- a layout, not a secret  # nosec B311
        try:
            coords = np.array(
                graph.layout_fruchterman_reingold(
                    weights=weights, niter=niter, seed=start, grid="auto"
                ).coords
            )
        finally:
            ig.set_random_number_generator(random)
    else:
        coords = np.array(start)
    core = coords[connected] if connected.any() else coords
    lo, hi = core.min(axis=0), core.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    scaled = (coords - lo) / span * 0.8 * size + 0.1 * size
    isolates = np.flatnonzero(~connected) if connected.any() else np.array([], dtype=int)
    for k, i in enumerate(isolates):
        angle = 2 * np.pi * k / max(len(isolates), 1)
        scaled[i] = (size / 2 + 0.55 * size * np.cos(angle), size / 2 + 0.55 * size * np.sin(angle))
    return {
        org: (round(float(x), 1), round(float(y), 1))
        for org, (x, y) in zip(ids, scaled, strict=True)
    }

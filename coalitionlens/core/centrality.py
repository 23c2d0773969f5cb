"""Centrality: degree and strength, betweenness (exact or sampled), harmonic closeness,
eigenvector, and Freeman centralisation of the whole network.

Path measures count hops on the undirected view of the network (see :mod:`.network`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.linalg import eigsh

from coalitionlens.core._kernels import harmonic_sums, pagerank_scores, shortest_path_sums
from coalitionlens.core.groups import _component_labels
from coalitionlens.core.network import FloatArray, IntArray, Network

__all__ = [
    "Betweenness",
    "Centralisation",
    "betweenness",
    "centralisation",
    "degree",
    "eigenvector",
    "harmonic_closeness",
    "pagerank",
]


def _frame(network: Network, **columns: object) -> pd.DataFrame:
    frame = pd.DataFrame(columns, index=network.organisations.index.copy())
    frame.index.name = "id"
    return frame


def _sources(network: Network, sample: int | None, seed: int | None) -> IntArray | None:
    """The sampled source positions, or ``None`` for all (exact)."""
    if sample is None or sample >= network.n:
        return None
    if sample < 1:
        raise ValueError("sample must be at least 1")
    return np.asarray(
        np.random.default_rng(seed).choice(network.n, size=sample, replace=False), dtype=np.int64
    )


def _paths(
    network: Network,
    sample: int | None,
    seed: int | None,
    broker: int = -1,
    by: str = "sector",
) -> tuple[FloatArray, FloatArray, tuple[float, int, int], int]:
    """One Brandes pass, memoised on the network: raw dependency sums, harmonic sums, the
    broker's dependence triple and the number of sources.

    Betweenness, closeness and secretariat dependence from the same sources share one pass.
    """
    sources = _sources(network, sample, seed)
    key = (None if sources is None else sample, None if sources is None else seed)
    cache: dict[object, object] = network.__dict__.setdefault("_path_cache", {})
    sums = cache.get(key)
    dependence = cache.get((*key, broker, by)) if broker >= 0 else (0.0, 0, 0)
    if sums is None or dependence is None:
        indptr = network._csr[0]
        chosen = np.arange(network.n, dtype=np.int64) if sources is None else sources
        codes, _ = network._codes(by)
        between, harmonic, triple = shortest_path_sums(
            indptr, network._compact_indices, chosen, codes, broker
        )
        sums = (between, harmonic, len(chosen))
        cache[key] = sums
        dependence = triple
        if broker >= 0:
            cache[(*key, broker, by)] = triple
    between, harmonic, used = cast(tuple[FloatArray, FloatArray, int], sums)
    return between, harmonic, cast(tuple[float, int, int], dependence), used


def degree(network: Network) -> pd.DataFrame:
    """Number of distinct partners (``degree``) and summed tie weight (``strength``) per organisation.

    A directed network adds ``in_degree``, ``out_degree``, ``in_strength`` and ``out_strength``.
    Isolates score 0.

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> table = degree(star())
    >>> int(table.loc["hub", "degree"]), float(table.loc["a", "strength"])
    (4, 1.0)
    """
    n = network.n
    indptr, _, weights = network._csr
    counts = np.diff(indptr)
    sums = np.zeros(n)
    rows = np.flatnonzero(counts)
    if len(rows):
        sums[rows] = np.add.reduceat(weights, indptr[rows])
    frame = _frame(network, degree=counts.astype(np.int64), strength=sums)
    if network.directed:
        a, b, weights = network._edges
        frame["in_degree"] = np.bincount(b, minlength=n).astype(np.int64)
        frame["out_degree"] = np.bincount(a, minlength=n).astype(np.int64)
        frame["in_strength"] = np.bincount(b, weights, minlength=n).astype(np.float64)
        frame["out_strength"] = np.bincount(a, weights, minlength=n).astype(np.float64)
    return frame


@dataclass(frozen=True)
class Betweenness:
    """Betweenness per organisation and how it was obtained.

    Attributes
    ----------
    scores : pandas.DataFrame
        Column ``betweenness`` indexed by organisation id: the number of shortest paths between
        other pairs that pass through the organisation (each path split evenly among ties), or an
        unbiased estimate of it from ``sources`` sampled sources.
    sources : int
        Breadth-first searches run: all organisations when ``exact``, else the sample size.
    exact : bool
        ``False`` when the scores are estimated from a sample of sources.
    normalized : bool
        Whether the scores are divided by the number of pairs of other organisations.
    """

    scores: pd.DataFrame
    sources: int
    exact: bool
    normalized: bool


def betweenness(
    network: Network,
    *,
    sample: int | None = None,
    seed: int | None = None,
    normalized: bool = False,
) -> Betweenness:
    """Shortest-path betweenness on the undirected view, exact or estimated from sampled sources.

    Parameters
    ----------
    network : Network
    sample : int, optional
        Estimate from this many source organisations drawn without replacement (Brandes and
        Pich 2007); the partial sums are scaled by ``n / sample``. ``None`` or a sample of at least
        ``n`` computes the exact value. The same draw (same ``sample`` and ``seed``) serves
        :func:`harmonic_closeness` without a second pass.
    seed : int, optional
        Seed of the source draw.
    normalized : bool
        Divide by ``(n - 1)(n - 2) / 2``, the pairs an organisation could lie between.

    Returns
    -------
    Betweenness

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> betweenness(star()).scores["betweenness"].to_dict()
    {'hub': 6.0, 'a': 0.0, 'b': 0.0, 'c': 0.0, 'd': 0.0}
    """
    n = network.n
    between, _, _, used = _paths(network, sample, seed)
    exact = used == n
    values = between / 2 if exact else between / 2 * (n / max(used, 1))
    if normalized:
        pairs = (n - 1) * (n - 2) / 2
        values = values / pairs if pairs > 0 else np.zeros(n)
    return Betweenness(
        scores=_frame(network, betweenness=values),
        sources=int(used),
        exact=exact,
        normalized=normalized,
    )


def harmonic_closeness(
    network: Network, *, sample: int | None = None, seed: int | None = None
) -> pd.DataFrame:
    """Harmonic closeness: the mean of ``1 / distance`` to every other organisation.

    Unreachable organisations contribute 0, so it is defined on disconnected networks; it lies in
    [0, 1] (1: a tie to everyone). A network of one organisation scores 0. With ``sample``, the
    mean is taken over that many seeded source organisations (the same draw as
    :func:`betweenness` with the same ``sample`` and ``seed``).

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> float(harmonic_closeness(star()).loc["a", "closeness"])
    0.625
    """
    n = network.n
    if n < 2:
        return _frame(network, closeness=np.zeros(n))
    sources = _sources(network, sample, seed)
    cache: dict[object, object] = network.__dict__.setdefault("_path_cache", {})
    shared = cache.get((None if sources is None else sample, None if sources is None else seed))
    if shared is not None:  # a betweenness pass from the same sources already summed 1 / d
        _, harmonic, used = cast(tuple[FloatArray, FloatArray, int], shared)
    else:  # distances only: no path counts, no accumulation
        chosen = np.arange(n, dtype=np.int64) if sources is None else sources
        harmonic = harmonic_sums(network._csr[0], network._compact_indices, chosen)
        used = len(chosen)
    if used == n:
        values = harmonic / (n - 1)
    else:
        others = np.full(n, float(used))
        others[sources] -= 1.0
        values = np.divide(harmonic, others, out=np.zeros(n), where=others > 0)
    return _frame(network, closeness=values)


def eigenvector(network: Network) -> pd.DataFrame:
    """Weighted eigenvector centrality within each component, scaled to 1 at its most central.

    An organisation is central when its partners are central. The leading eigenvector of a
    disconnected network is not unique, so each connected component gets its own, scaled so that
    its most central organisation scores 1; compare organisations within a component. Isolates
    score 0.

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> round(float(eigenvector(star()).loc["a", "eigenvector"]), 4)
    0.5
    """
    n = network.n
    values = np.zeros(n)
    if len(network._undirected_edges[0]) == 0:
        return _frame(network, eigenvector=values)
    indptr, indices, weights = network._csr
    adjacency = csr_matrix((weights, indices, indptr), shape=(n, n))
    membership = _component_labels(network)
    sizes = np.bincount(membership)
    by_component = np.argsort(membership, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    for component in np.flatnonzero(sizes > 1):
        members = by_component[bounds[component] : bounds[component + 1]]
        if len(members) == 2:
            values[members] = 1.0
            continue
        sub = adjacency if len(members) == n else adjacency[members][:, members]
        if len(members) <= 64:
            _, vectors = np.linalg.eigh(sub.toarray())
            scores = np.abs(vectors[:, -1])
        else:
            # The Perron vector of a connected component: the largest algebraic eigenvalue.
            _, vectors = eigsh(sub, k=1, which="LA", v0=np.ones(len(members)), tol=1e-10)
            scores = np.abs(vectors[:, 0])
        top = scores.max()
        values[members] = scores / top if top > 0 else scores
    return _frame(network, eigenvector=np.clip(values, 0.0, 1.0))


def pagerank(
    network: Network, *, damping: float = 0.85, tolerance: float = 1e-10, max_iterations: int = 1000
) -> pd.DataFrame:
    """Weighted PageRank: the share of time a random walker spends at each organisation.

    The walker follows a tie with probability ``damping`` (in proportion to tie weight; in a
    directed network only from source to target) and otherwise jumps to any organisation; an
    organisation with no outgoing tie sends its walker anywhere. Scores sum to 1. This is the
    definition of ``networkx.pagerank`` with its defaults.

    Parameters
    ----------
    network : Network
    damping : float
        Probability of following a tie, in [0, 1).
    tolerance : float
        Stop when the summed absolute change of one iteration falls below this.
    max_iterations : int

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> scores = pagerank(star())["pagerank"]
    >>> round(float(scores["hub"]), 4), round(float(scores.sum()), 6)
    (0.4757, 1.0)
    """
    if not 0.0 <= damping < 1.0:
        raise ValueError("damping must be in [0, 1)")
    n = network.n
    if n == 0:
        return _frame(network, pagerank=np.zeros(0))
    if network.directed:
        a, b, w = network._edges
        order = np.argsort(b, kind="stable")
        in_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(b, minlength=n), out=in_ptr[1:])
        in_idx, in_weight = np.ascontiguousarray(a[order]), np.ascontiguousarray(w[order])
        out_strength = np.bincount(a, weights=w, minlength=n).astype(np.float64)
    else:  # the symmetric CSR is its own in-adjacency
        in_ptr, in_idx, in_weight = network._csr
        out_strength = degree(network)["strength"].to_numpy(dtype=np.float64)
    ranks, _ = pagerank_scores(
        in_ptr, in_idx, in_weight, out_strength, damping, tolerance, max_iterations
    )
    return _frame(network, pagerank=ranks)


@dataclass(frozen=True)
class Centralisation:
    """Freeman centralisation: how far the network is from a star (1.0) toward equality (0.0).

    Each value is ``None`` for networks of fewer than three organisations, where it is undefined.
    Betweenness centralisation uses exact betweenness.
    """

    degree: float | None
    betweenness: float | None
    closeness: float | None


def centralisation(network: Network) -> Centralisation:
    """Freeman centralisation of degree, betweenness and harmonic closeness.

    Each is the summed gap between the most central organisation and every other, divided by the
    same sum in a star of the same size, so a star scores 1 and a ring or clique scores 0.

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> centralisation(star())
    Centralisation(degree=1.0, betweenness=1.0, closeness=1.0)
    """
    n = network.n
    if n < 3:
        return Centralisation(degree=None, betweenness=None, closeness=None)

    def freeman(values: FloatArray, star_total: float) -> float:
        return float((values.max() - values).sum() / star_total)

    deg = degree(network)["degree"].to_numpy(dtype=np.float64)
    btw = betweenness(network).scores["betweenness"].to_numpy(dtype=np.float64)
    clo = harmonic_closeness(network)["closeness"].to_numpy(dtype=np.float64)
    return Centralisation(
        degree=freeman(deg, (n - 1) * (n - 2)),
        betweenness=freeman(btw, (n - 1) * (n - 1) * (n - 2) / 2),
        closeness=freeman(clo, (n - 2) / 2),
    )

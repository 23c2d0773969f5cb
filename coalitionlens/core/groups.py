"""Groups: connected components, k-cores and Leiden communities with their sector make-up."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from coalitionlens.core._kernels import component_labels, core_numbers
from coalitionlens.core.network import IntArray, Network

__all__ = ["Communities", "communities", "components", "k_cores"]


def _relabel_by_size(labels: IntArray) -> IntArray:
    """Number groups 0, 1, … from the largest down (ties: first appearance), so ids are stable.

    ``labels`` must be 0..k-1.
    """
    if len(labels) == 0:
        return labels
    counts = np.bincount(labels)
    first = np.full(len(counts), len(labels), dtype=np.int64)
    np.minimum.at(first, labels, np.arange(len(labels), dtype=np.int64))
    order = np.lexsort((first, -counts))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[labels]


def _frame(network: Network, **columns: object) -> pd.DataFrame:
    frame = pd.DataFrame(columns, index=network.organisations.index.copy())
    frame.index.name = "id"
    return frame


def components(network: Network) -> pd.DataFrame:
    """Connected component of each organisation (undirected view): ``component`` numbered from the
    largest (0) down, and ``component_size``. An isolate is a component of size 1.

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> components(star().without(["hub"]))["component_size"].tolist()
    [1, 1, 1, 1]
    """
    labels = _relabel_by_size(_component_labels(network))
    sizes = np.bincount(labels)[labels] if len(labels) else np.zeros(0, np.int64)
    return _frame(network, component=labels, component_size=sizes.astype(np.int64))


def _component_labels(network: Network) -> IntArray:
    """Component of each organisation (0..k-1, in order of first appearance), memoised: a
    compiled search over the CSR arrays, with no copy into another graph library."""
    cached = network.__dict__.get("_component_cache")
    if cached is None:
        cached = component_labels(network._csr[0], network._compact_indices)
        network.__dict__["_component_cache"] = cached
    return np.asarray(cached, dtype=np.int64)


def _modularity(network: Network, labels: IntArray, resolution: float = 1.0) -> float:
    """Newman's weighted modularity of a partition, from the tie arrays."""
    u, v, w = network._undirected_edges
    total = float(w.sum())
    count = int(labels.max()) + 1
    same = labels[u] == labels[v]
    inside = np.bincount(labels[u][same], w[same], count)
    strength = np.asarray(
        np.bincount(u, w, network.n) + np.bincount(v, w, network.n), dtype=np.float64
    )
    per_group = np.bincount(labels, strength, count)
    return float(inside.sum() / total - resolution * ((per_group / (2 * total)) ** 2).sum())


def k_cores(network: Network) -> pd.DataFrame:
    """Core number of each organisation: the largest ``k`` such that it belongs to a subnetwork in
    which every organisation has at least ``k`` partners. Isolates have core 0.

    Examples
    --------
    >>> from coalitionlens.core.examples import two_cliques
    >>> k_cores(two_cliques())["core"].tolist()
    [3, 3, 3, 3, 3, 3, 3, 3]
    """
    indptr, indices, _ = network._csr
    return _frame(network, core=core_numbers(indptr, indices))


@dataclass(frozen=True)
class Communities:
    """Leiden communities (modularity) and their sector make-up.

    Attributes
    ----------
    membership : pandas.DataFrame
        ``community`` per organisation, numbered from the largest (0) down. Each isolate is its own
        community.
    make_up : pandas.DataFrame
        Indexed by community: one column of counts per group present, then ``size``, ``groups``
        (number of groups present) and ``blau`` (heterogeneity of the community).
    modularity : float or None
        Of the partition, with tie weights; ``None`` without ties.
    count : int
    """

    membership: pd.DataFrame
    make_up: pd.DataFrame
    modularity: float | None
    count: int


def _leiden(network: Network, seed: int | None, resolution: float, iterations: int) -> IntArray:
    """Leiden on :attr:`Network._csr` itself (see :mod:`coalitionlens.core._leiden`): no copy
    into another graph library."""
    from coalitionlens.core._leiden import leiden_labels  # numba loads on first use

    if seed is None:
        seed = int(np.random.default_rng().integers(2**31))
    indptr, _, weights = network._csr
    return leiden_labels(
        indptr,
        network._compact_indices,
        weights,
        seed=seed,
        resolution=resolution,
        iterations=iterations,
    )


def communities(
    network: Network,
    *,
    seed: int | None = 0,
    resolution: float = 1.0,
    iterations: int = 2,
    by: str = "sector",
) -> Communities:
    """Leiden communities maximising weighted modularity (Traag, Waltman and van Eck 2019).

    Parameters
    ----------
    network : Network
    seed : int, optional
        Seed of the Leiden algorithm's random choices; the same seed gives the same partition.
    resolution : float
        Above 1: more, smaller communities.
    iterations : int
        Leiden iterations (a negative number iterates until the partition is stable).
    by : {"sector", "macro_sector"}
        Groups counted in ``make_up``.

    Examples
    --------
    >>> from coalitionlens.core.examples import two_cliques
    >>> result = communities(two_cliques(), seed=1)
    >>> result.count, result.make_up["blau"].tolist()
    (2, [0.0, 0.0])
    """
    ties = len(network._undirected_edges[0])
    if not ties:
        raw = np.arange(network.n, dtype=np.int64)
    else:
        raw = _leiden(network, seed, resolution, iterations)
    labels = _relabel_by_size(raw)
    count = int(labels.max() + 1) if len(labels) else 0
    modularity = _modularity(network, labels) if ties else None
    codes, group_labels = network._codes(by)
    k = len(group_labels)
    table = np.bincount(labels * k + codes, minlength=count * k).reshape(count, k)
    make_up = pd.DataFrame(table.astype(np.int64), columns=list(group_labels))
    make_up.index.name = "community"
    size = table.sum(axis=1)
    make_up["size"] = size.astype(np.int64)
    make_up["groups"] = (table > 0).sum(axis=1).astype(np.int64)
    shares = table / np.maximum(size, 1)[:, None]
    make_up["blau"] = 1.0 - (shares**2).sum(axis=1)
    return Communities(
        membership=_frame(network, community=labels),
        make_up=make_up,
        modularity=modularity,
        count=count,
    )

"""Cross-sector structure: the sector mixing matrix, Krackhardt's E-I index with a permutation
test, and nominal assortativity by sector.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from coalitionlens.core._kernels import ei_split, shuffled_crossings
from coalitionlens.core.network import FloatArray, Network

__all__ = ["EIIndex", "assortativity", "ei_index", "mixing_matrix"]


def mixing_matrix(
    network: Network, *, by: str = "sector", weighted: bool = False, normalise: bool = False
) -> pd.DataFrame:
    """Ties between groups: rows and columns are the groups present.

    In an undirected network the matrix is symmetric: cell ``(A, B)`` counts ties between A and B,
    and the diagonal counts ties inside a group once. In a directed network rows are senders.
    ``normalise`` divides each row by its sum (rows without ties stay 0), so a row reads "of the
    ties of A, this share goes to B".

    Examples
    --------
    >>> from coalitionlens.core.examples import two_cliques
    >>> mixing_matrix(two_cliques()).to_numpy().tolist()
    [[6.0, 1.0], [1.0, 6.0]]
    >>> mixing_matrix(two_cliques(), normalise=True).loc["GOVERNMENT"].round(3).tolist()
    [0.857, 0.143]
    """
    codes, labels = network._codes(by)
    k = len(labels)
    if not weighted and not network.directed:
        square = network._mix(by)[1].astype(np.float64)
        square[np.diag_indices(k)] /= 2  # the arcs of a tie inside a group: one tie
        return _mixing_frame(square, network, by, normalise)
    a, b, w = network._edges
    values = w if weighted else np.ones(len(a))
    matrix: FloatArray = np.zeros(k * k)
    if len(a):
        matrix = np.bincount(codes[a] * k + codes[b], values, minlength=k * k).astype(np.float64)
        if not network.directed:
            off = codes[a] != codes[b]
            matrix = matrix + np.bincount(
                codes[b][off] * k + codes[a][off], values[off], minlength=k * k
            )
    return _mixing_frame(matrix.reshape(k, k).astype(np.float64), network, by, normalise)


def _mixing_frame(square: FloatArray, network: Network, by: str, normalise: bool) -> pd.DataFrame:
    if normalise:
        sums = square.sum(axis=1, keepdims=True)
        square = np.divide(square, sums, out=np.zeros_like(square), where=sums > 0)
    groups = _groups(network, by)
    return pd.DataFrame(square, index=groups, columns=groups.rename(None))


def _groups(network: Network, by: str) -> pd.Index:
    """The group labels as an index named ``by``: built once per network (inferring the type of
    a list of labels is most of a small frame's cost), a fresh copy per frame (an index's name
    can be set in place)."""
    cache: dict[str, pd.Index] = network.__dict__.setdefault("_groups_cache", {})
    if by not in cache:
        cache[by] = pd.Index(list(network._codes(by)[1]), name=by)
    return cache[by].copy()


def _ei(external: float, internal: float) -> float:
    total = external + internal
    return (external - internal) / total if total else float("nan")


@dataclass(frozen=True)
class EIIndex:
    """Krackhardt and Stern's E-I index: ``(external - internal) / (external + internal)`` ties.

    -1: every tie stays inside the group; +1: every tie crosses groups.

    Attributes
    ----------
    network : float or None
        Over all ties; ``None`` when there are no ties.
    expected : float or None
        The index expected if ties fell at random among organisations, given the group sizes.
    p_value : float or None
        Two-sided permutation p-value of the network index (group labels shuffled among
        organisations ``permutations`` times); ``None`` when no permutation was run.
    permutations : int
    by_sector : pandas.DataFrame
        Per group: ``internal`` (ties inside), ``external`` (ties to other groups), ``ei``
        (NaN for a group without ties).
    by_organisation : pandas.DataFrame
        Per organisation: ``internal``, ``external`` (distinct partners in the same / another
        group) and ``ei`` (NaN for isolates).
    """

    network: float | None
    expected: float | None
    p_value: float | None
    permutations: int
    by_sector: pd.DataFrame
    by_organisation: pd.DataFrame


def ei_index(
    network: Network, *, by: str = "sector", permutations: int = 0, seed: int | None = None
) -> EIIndex:
    """Krackhardt E-I index for the network, per group and per organisation.

    Ties are counted once each, on the undirected view, unweighted.

    Parameters
    ----------
    network : Network
    by : {"sector", "macro_sector"}
    permutations : int
        Label shuffles for the permutation test (0: no test).
    seed : int, optional
        Seed of the shuffles.

    Examples
    --------
    >>> from coalitionlens.core.examples import two_cliques
    >>> result = ei_index(two_cliques(), permutations=99, seed=1)
    >>> round(result.network, 4)  # (1 crossing - 12 inside) / 13 ties
    -0.8462
    >>> float(result.by_organisation.loc["c1", "ei"])  # 3 partners inside, 1 outside
    -0.5
    """
    codes = network._codes(by)[0]
    u, v, _ = network._undirected_edges
    n, m = network.n, len(u)
    org_internal, arcs, group_sizes = network._mix(by)
    group_internal = np.diag(arcs) // 2
    group_external = arcs.sum(axis=1) - np.diag(arcs)
    internal = float(group_internal.sum())
    external = float(m) - internal
    has_ties = m > 0
    observed = _ei(external, internal) if has_ties else None

    sizes = group_sizes.astype(np.float64)
    all_pairs = n * (n - 1) / 2
    within_pairs = float((sizes * (sizes - 1) / 2).sum())
    expected = None
    if has_ties and all_pairs > 0:
        expected = ((all_pairs - within_pairs) - within_pairs) / all_pairs

    p_value = None
    if permutations > 0 and has_ties:
        rng = np.random.default_rng(seed)
        gap = abs(observed - expected) if observed is not None and expected is not None else 0.0
        crossings = shuffled_crossings(rng, u, v, codes, permutations)
        values = (2 * crossings - m) / m
        extreme = 0
        if expected is not None:
            extreme = int(np.count_nonzero(np.abs(values - expected) >= gap - 1e-12))
        p_value = (extreme + 1) / (permutations + 1)

    counts, ratio = ei_split(np.diff(network._csr[0]), org_internal)
    by_org = pd.DataFrame(
        {"internal": counts[0], "external": counts[1], "ei": ratio},
        index=network.organisations.index.copy(),
        copy=False,  # fresh arrays, none of them the network's memoised counts
    )
    by_org.index.name = "id"

    per_group, group_ratio = ei_split(group_internal + group_external, group_internal)
    by_group = pd.DataFrame(
        {"internal": per_group[0], "external": per_group[1], "ei": group_ratio},
        index=_groups(network, by),
        copy=False,
    )
    return EIIndex(
        network=observed,
        expected=expected,
        p_value=p_value,
        permutations=int(permutations) if has_ties else 0,
        by_sector=by_group,
        by_organisation=by_org,
    )


def assortativity(network: Network, *, by: str = "sector") -> float | None:
    """Newman's nominal assortativity by group on the undirected view.

    1: ties only inside groups; 0: as mixed as chance; negative: ties prefer other groups.
    ``None`` when undefined (no ties, or every tie's ends share one group distribution, e.g. a
    single sector).

    Examples
    --------
    >>> from coalitionlens.core.examples import two_cliques
    >>> round(assortativity(two_cliques()), 4)  # (12/13 - 1/2) / (1 - 1/2)
    0.8462
    """
    arcs = network._mix(by)[1]
    total = float(arcs.sum())  # each tie counted from both ends
    if total == 0:
        return None
    square = arcs / total  # the symmetric share matrix e
    margins = square.sum(axis=1)
    chance = float((margins * margins).sum())
    if chance >= 1.0 - 1e-12:
        return None
    return float((float(np.trace(square)) - chance) / (1.0 - chance))

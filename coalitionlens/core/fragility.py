"""Dependence and fragility: how much cross-sector reach runs through one organisation, and how
the network falls apart when its brokers (or the secretariat) leave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from coalitionlens.core._kernels import component_labels
from coalitionlens.core.centrality import _paths, betweenness
from coalitionlens.core.groups import _component_labels
from coalitionlens.core.network import IntArray, Network, OrgId

__all__ = ["Dependence", "Fragility", "fragility", "secretariat_dependence"]


@dataclass(frozen=True)
class Dependence:
    """Shortest-path dependence of cross-sector pairs on one organisation.

    Attributes
    ----------
    organisation : OrgId
    share : float or None
        Over pairs of other organisations in different groups that can reach each other, the mean
        share of their shortest paths that pass through ``organisation``. ``None`` without such
        pairs.
    only_through : float or None
        Share of those pairs whose every shortest path passes through it.
    pairs : int
        Ordered pairs examined (from the sampled sources when ``exact`` is false).
    sources : int
    exact : bool
    """

    organisation: OrgId
    share: float | None
    only_through: float | None
    pairs: int
    sources: int
    exact: bool


def secretariat_dependence(
    network: Network,
    organisation: OrgId,
    *,
    by: str = "sector",
    sample: int | None = None,
    seed: int | None = None,
) -> Dependence:
    """Share of cross-sector shortest paths that pass through ``organisation`` (the secretariat).

    Parameters
    ----------
    network : Network
    organisation : OrgId
        The organisation whose brokerage position is examined.
    by : {"sector", "macro_sector"}
        What counts as "cross-sector".
    sample : int, optional
        Start the shortest-path searches from this many sampled organisations instead of all
        (the same draw as :func:`~coalitionlens.core.centrality.betweenness` with that seed).
    seed : int, optional

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> secretariat_dependence(star(), "hub").share
    1.0
    """
    if organisation not in network.organisations.index:
        raise KeyError(organisation)
    n = network.n
    position = int(network.organisations.index.get_indexer(pd.Index([organisation]))[0])
    _, _, (through, pairs, only), used = _paths(network, sample, seed, broker=position, by=by)
    return Dependence(
        organisation=organisation,
        share=through / pairs if pairs else None,
        only_through=only / pairs if pairs else None,
        pairs=pairs,
        sources=used,
        exact=used == n,
    )


@dataclass(frozen=True)
class Fragility:
    """The network after removing organisations one at a time.

    Attributes
    ----------
    steps : pandas.DataFrame
        One row per step (step 0 is the intact network): ``removed`` (the organisation removed at
        that step), ``components``, ``largest_component_share`` (of the organisations remaining),
        and ``cross_sector_connected``: of all pairs of remaining organisations in different groups,
        the share that can still reach each other (``None`` when no such pair remains).
    removed : tuple
        The organisations removed, in order.
    """

    steps: pd.DataFrame
    removed: tuple[OrgId, ...]


def _state(
    labels: IntArray, keep: npt.NDArray[np.bool_], codes: IntArray, groups: int
) -> tuple[int, float, float | None]:
    """Components, largest share and cross-sector reach of the kept organisations, from their
    component ``labels`` (0..count-1 for the kept, any value for the others)."""
    positions = np.flatnonzero(keep)
    if len(positions) == 0:
        return 0, 0.0, None
    labels = labels[positions]
    count = int(labels.max()) + 1
    sizes = np.bincount(labels, minlength=count)
    remaining = codes[positions]
    per_group = np.bincount(remaining, minlength=groups).astype(np.float64)
    all_cross = (len(positions) ** 2 - float((per_group**2).sum())) / 2
    cells = np.bincount(labels * groups + remaining, minlength=count * groups).astype(np.float64)
    connected_cross = (float((sizes.astype(np.float64) ** 2).sum()) - float((cells**2).sum())) / 2
    share = connected_cross / all_cross if all_cross > 0 else None
    return count, float(sizes.max() / len(positions)), share


def fragility(
    network: Network,
    *,
    remove: Sequence[OrgId] | None = None,
    top_k: int = 3,
    by: str = "sector",
    sample: int | None = None,
    seed: int | None = None,
) -> Fragility:
    """Remove organisations one by one and record how the network fragments.

    Parameters
    ----------
    network : Network
    remove : sequence of OrgId, optional
        The organisations to remove, in order (e.g. ``[secretariat_id]``). By default the
        ``top_k`` brokers: the highest betweenness in the intact network (ties broken by id order).
    top_k : int
    by : {"sector", "macro_sector"}
    sample, seed : optional
        Passed to :func:`~coalitionlens.core.centrality.betweenness` to rank brokers.

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> result = fragility(star(), top_k=1)
    >>> result.removed
    ('hub',)
    >>> result.steps[["components", "cross_sector_connected"]].to_numpy().tolist()
    [[1.0, 1.0], [4.0, 0.0]]
    """
    if remove is None:
        scores = betweenness(network, sample=sample, seed=seed).scores["betweenness"]
        order = np.argsort(-scores.to_numpy(), kind="stable")[: max(top_k, 0)]
        removed = tuple(network.organisations.index[order])
    else:
        removed = tuple(remove)
        missing = [org for org in removed if org not in network.organisations.index]
        if missing:
            raise KeyError(missing[0])
    codes, labels = network._codes(by)
    indptr = network._csr[0]
    n = network.n
    keep = np.ones(n, dtype=bool)
    rows = []
    # The intact network's components are the ones `components` found (memoised on the network);
    # each later step is a union-find over the rows that skips the removed organisations, with no
    # copy of the adjacency.
    components, largest, cross = _state(_component_labels(network), keep, codes, len(labels))
    rows.append(
        {
            "removed": None,
            "components": components,
            "largest_component_share": largest,
            "cross_sector_connected": cross,
        }
    )
    for org in removed:
        keep[network.organisations.index.get_indexer(pd.Index([org]))[0]] = False
        current = component_labels(indptr, network._compact_indices, keep)
        components, largest, cross = _state(current, keep, codes, len(labels))
        rows.append(
            {
                "removed": org,
                "components": components,
                "largest_component_share": largest,
                "cross_sector_connected": cross,
            }
        )
    steps = pd.DataFrame(rows)
    steps.index.name = "step"
    return Fragility(steps=steps, removed=removed)

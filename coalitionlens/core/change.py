"""Change between two snapshots: ties gained and lost, deltas per organisation and per sector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from coalitionlens.core.centrality import betweenness, degree
from coalitionlens.core.holes import structural_holes
from coalitionlens.core.mixing import assortativity, ei_index
from coalitionlens.core.network import Network
from coalitionlens.core.suite import native

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True)
class Comparison:
    """What changed from ``before`` to ``after``.

    Attributes
    ----------
    ties : pandas.DataFrame
        Every tie in either snapshot: ``source``, ``target``, ``weight_before``, ``weight_after``
        (0 when absent) and ``status`` (``"gained"``, ``"lost"`` or ``"kept"``).
    gained, lost : int
    organisations : pandas.DataFrame
        Indexed by every organisation of either snapshot: ``present_before``, ``present_after`` and,
        for degree, strength, betweenness, E-I index and constraint, ``<measure>_before``,
        ``<measure>_after`` and ``<measure>_delta`` (NaN where the organisation is absent or the
        measure undefined).
    sectors : pandas.DataFrame
        Per group: organisations, internal and external ties and E-I index, before / after / delta.
    network : dict
        Whole-network figures before / after / delta.
    """

    ties: pd.DataFrame
    gained: int
    lost: int
    organisations: pd.DataFrame
    sectors: pd.DataFrame
    network: dict[str, Any]


def _org_measures(network: Network, sample: int | None, seed: int) -> pd.DataFrame:
    table = degree(network)[["degree", "strength"]].astype(np.float64)
    table["betweenness"] = betweenness(network, sample=sample, seed=seed).scores["betweenness"]
    table["ei_index"] = ei_index(network).by_organisation["ei"]
    table["constraint"] = structural_holes(network)["constraint"]
    return table


def _tie_keys(network: Network) -> pd.DataFrame:
    ties = network.ties[["source", "target", "weight"]].copy()
    if not network.directed:
        # Each undirected tie on one canonical side, so that the two snapshots' ties match. Built
        # with ``np.where``: a ``.loc`` assignment of the swapped pair, when every row is swapped,
        # wrote the target into both ends (ids 9 and 10..12 order differently as text).
        source, target = ties["source"].to_numpy(), ties["target"].to_numpy()
        swap = source.astype(str) > target.astype(str)
        ties["source"] = np.where(swap, target, source)
        ties["target"] = np.where(swap, source, target)
    return ties


def compare(
    before: Network,
    after: Network,
    *,
    by: str = "sector",
    sample: int | None = None,
    seed: int = 0,
) -> Comparison:
    """Compare two snapshots of a coalition (organisations are matched by id).

    Examples
    --------
    >>> from coalitionlens.core.examples import star, two_cliques
    >>> result = compare(star(), star().without(["a"]))
    >>> result.gained, result.lost
    (0, 1)
    >>> float(result.organisations.loc["hub", "degree_delta"])
    -1.0
    """
    if before.directed != after.directed:
        raise ValueError("compare needs two directed or two undirected snapshots")
    ties = _tie_keys(before).merge(
        _tie_keys(after), on=["source", "target"], how="outer", suffixes=("_before", "_after")
    )
    ties[["weight_before", "weight_after"]] = ties[["weight_before", "weight_after"]].fillna(0.0)
    ties["status"] = np.where(
        ties["weight_before"] == 0, "gained", np.where(ties["weight_after"] == 0, "lost", "kept")
    )
    ids = before.organisations.index.union(after.organisations.index, sort=False)
    first = _org_measures(before, sample, seed).reindex(ids)
    second = _org_measures(after, sample, seed).reindex(ids)
    orgs = pd.DataFrame(
        {
            "present_before": ids.isin(before.organisations.index),
            "present_after": ids.isin(after.organisations.index),
        },
        index=ids,
    )
    for column in first.columns:
        orgs[f"{column}_before"] = first[column]
        orgs[f"{column}_after"] = second[column]
        orgs[f"{column}_delta"] = second[column] - first[column]
    orgs.index.name = "id"

    ei_first, ei_second = ei_index(before, by=by), ei_index(after, by=by)
    counts_first = before.organisations[by].value_counts()
    counts_second = after.organisations[by].value_counts()
    groups = ei_first.by_sector.index.union(ei_second.by_sector.index, sort=False)
    a_table = ei_first.by_sector.reindex(groups)
    b_table = ei_second.by_sector.reindex(groups)
    a_table["organisations"] = counts_first.reindex(groups).fillna(0)
    b_table["organisations"] = counts_second.reindex(groups).fillna(0)
    for table in (a_table, b_table):
        table[["internal", "external"]] = table[["internal", "external"]].fillna(0)
    sectors = pd.DataFrame(index=groups)
    for column in ("organisations", "internal", "external", "ei"):
        sectors[f"{column}_before"] = a_table[column].astype(np.float64)
        sectors[f"{column}_after"] = b_table[column].astype(np.float64)
        sectors[f"{column}_delta"] = sectors[f"{column}_after"] - sectors[f"{column}_before"]
    sectors.index.name = by

    def whole(network: Network) -> dict[str, Any]:
        return {
            "organisations": network.n,
            "ties": len(network.ties),
            "ei_index": ei_index(network, by=by).network,
            "assortativity": assortativity(network, by=by),
        }

    old, new = whole(before), whole(after)
    network_change = {
        key: {
            "before": old[key],
            "after": new[key],
            "delta": None if old[key] is None or new[key] is None else new[key] - old[key],
        }
        for key in old
    }
    return Comparison(
        ties=ties,
        gained=int((ties["status"] == "gained").sum()),
        lost=int((ties["status"] == "lost").sum()),
        organisations=orgs,
        sectors=sectors,
        network=native(network_change),
    )

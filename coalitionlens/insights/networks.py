"""A coalition's network as a role may see it, built from the database and analysed by the core.

The network itself comes from the one construction,
:func:`coalitionlens.engagements.networks.network_for` (re-exported here with its filters), which the
network exports call too; this module analyses it and lays it out for the map.

Confidentiality: a counterpart of an engagement the role may not fully read never enters a network
built for that role (leads always do, as on the engagement pages). Results are cached per coalition,
visibility class, filters, date and a *data stamp* (one query that changes whenever the coalition's
records do; see :mod:`coalitionlens.insights.caching`), so a page asks the analytics core only after
a change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from coalitionlens.coalitions.models import Coalition
from coalitionlens.engagements.networks import MODES, NetworkFilters, network_for
from coalitionlens.insights.caching import cached, data_stamp, scoped_key
from coalitionlens.insights.tables import organisation_table

if TYPE_CHECKING:
    from coalitionlens.core.network import Network
    from coalitionlens.core.suite import Analysis

__all__ = [
    "MODES",
    "NetworkFilters",
    "NetworkView",
    "analyse",
    "data_stamp",
    "filters_as_of",
    "network_for",
    "network_view",
]


@dataclass(frozen=True)
class NetworkView:
    """What the map, the profile and the diagnostics read: the analysis and the positions."""

    organisations: pd.DataFrame  # id-indexed: name, sector, macro_sector, at_risk + every measure
    ties: pd.DataFrame  # source, target, weight
    summary: dict[str, Any]
    cross_sector_connected: float | None
    communities: list[tuple[int, float]]
    positions: dict[Any, tuple[float, float]]
    secretariat: Any
    dependence: dict[Any, float | None]


def filters_as_of(day: dt.date) -> NetworkFilters:
    """The network map's filters for the network as it stood on ``day``, as a figure dated ``day``
    reads it: the map's default network on or after today; before, the map's network until ``day``
    (engagements dated up to and including it, the members active on it), whose analysis the map
    caches like any other.

    >>> filters_as_of(dt.date(2020, 6, 30))
    NetworkFilters(start=None, end=datetime.date(2020, 7, 1), mode='all', practice='')
    >>> filters_as_of(dt.date.today()) == NetworkFilters()
    True
    """
    if day >= dt.date.today():
        return NetworkFilters()
    return NetworkFilters(end=day + dt.timedelta(days=1))  # the window's end is its first day out


def in_name_order(net: Network) -> Network:
    """``net`` with its organisations in name order (then id) and its ties in that order too.

    Community detection and the permutation test visit the organisations in the network's order;
    in this order their figures depend on the records, not on the ids the database gave (a copy
    imported from an export gets the same modularity, communities and E-I p-value).
    """
    import dataclasses

    orgs = net.organisations
    if "name" not in orgs.columns or orgs.empty:
        return net
    names, ids = orgs["name"].fillna("").astype(str).tolist(), list(orgs.index)
    order = sorted(range(len(ids)), key=lambda i: (names[i], ids[i]))
    ordered = orgs.iloc[order]
    position = pd.Series(range(len(ordered)), index=ordered.index)
    ties = net.ties.copy()
    a = position.reindex(ties["source"]).to_numpy()
    b = position.reindex(ties["target"]).to_numpy()
    if not net.directed:
        swap = a > b
        ties.loc[swap, ["source", "target"]] = ties.loc[swap, ["target", "source"]].to_numpy()
        a, b = a.copy(), b.copy()
        a[swap], b[swap] = b[swap], a[swap]
    ties = ties.assign(_a=a, _b=b).sort_values(["_a", "_b"], kind="stable")
    ties = ties.drop(columns=["_a", "_b"]).reset_index(drop=True)
    return dataclasses.replace(net, organisations=ordered, ties=ties)


def analyse(net: Network, secretariat: Any) -> Analysis:
    """The analysis every network page shows, with the page's settings (sampled betweenness and no
    permutation test above 800 organisations); ``coalitionlens.data`` reads exports with it too."""
    from coalitionlens.core import analyze_network

    net = in_name_order(net)
    n = net.n
    return analyze_network(
        net,
        secretariat=secretariat if secretariat in set(net.organisations.index) else None,
        betweenness_sample=None if n <= 800 else 300,
        permutations=199 if n <= 800 else 0,
        top_k=2,
    )


def _build(coalition: Coalition, role: str | None, filters: NetworkFilters) -> NetworkView:
    from coalitionlens.core.layout import layout_positions

    orgs = organisation_table(coalition)
    secretariat = coalition.secretariat_id
    net = network_for(coalition=coalition, role=role, filters=filters, organisations=orgs).network
    analysis = analyse(net, secretariat)
    table = analysis.organisations.join(orgs.set_index("id")[["at_risk"]])
    comms: list[tuple[int, float]] = []
    if analysis.communities is not None:
        membership = analysis.communities.membership["community"]
        macro = orgs.set_index("id")["macro_sector"]
        for _, group in macro.groupby(membership):
            if len(group) >= 3:
                comms.append((len(group), float(group.value_counts().iloc[0] / len(group))))
    steps = analysis.fragility.steps
    before = steps.iloc[0]["cross_sector_connected"] if len(steps) else None
    dependence: dict[Any, float | None] = {}
    if analysis.dependence is not None:
        dependence[analysis.dependence.organisation] = analysis.dependence.share
    return NetworkView(
        organisations=table,
        ties=net.ties[["source", "target", "weight"]].copy(),
        summary=analysis.summary,
        cross_sector_connected=None if before is None or pd.isna(before) else float(before),
        communities=comms,
        positions=layout_positions(net),
        secretariat=secretariat,
        dependence=dependence,
    )


def network_view(
    coalition: Coalition,
    role: str | None,
    filters: NetworkFilters | None = None,
    *,
    stamp: str | None = None,
) -> NetworkView:
    """The analysed network of a coalition for a role, from the cache when nothing changed.

    ``stamp``: the coalition's data stamp when the caller has just read it (saves a query).
    """
    filters = filters or NetworkFilters()
    key = scoped_key("net", coalition, role, filters.key(), stamp=stamp)
    return cached(key, lambda: _build(coalition, role, filters))

"""A coalition's network as a role may see it, built from the database and analysed by the core.

Confidentiality: a counterpart of an engagement the role may not fully read never enters a network
built for that role (leads always do, as on the engagement pages). Results are cached per coalition,
visibility class, filters, date and a *data stamp* (one query that changes whenever the coalition's
records do; see :mod:`coalitionlens.insights.caching`), so a page asks the analytics core only after
a change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import Q

from coalitionlens.coalitions.models import Coalition, Membership, Partnership
from coalitionlens.insights.caching import cached, data_stamp, scoped_key
from coalitionlens.insights.tables import organisation_table, participation_frame

__all__ = [
    "MODES",
    "NetworkFilters",
    "NetworkView",
    "data_stamp",
    "network_view",
]

#: ``all`` combines the three modes: shared engagements, partnerships and membership (the last two
#: as ties to the secretariat, which hosts them).
MODES = ("all", "ENGAGEMENT_PRACTICE", "PARTNERSHIP", "MEMBERSHIP")


@dataclass(frozen=True)
class NetworkFilters:
    start: dt.date | None = None
    end: dt.date | None = None
    mode: str = "all"
    practice: str = ""

    def key(self) -> str:
        return f"{self.start}|{self.end}|{self.mode}|{self.practice}"


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


def _build(coalition: Coalition, role: str | None, filters: NetworkFilters) -> NetworkView:
    from coalitionlens.core import Network, analyze_network, co_participation, combine
    from coalitionlens.core.layout import layout_positions

    orgs = organisation_table(coalition)
    secretariat = coalition.secretariat_id
    networks = []
    mode = filters.mode
    if mode in ("all", "ENGAGEMENT_PRACTICE"):
        rows = participation_frame(coalition, role, practice=filters.practice)
        if filters.start is not None:
            rows = rows[rows["date"] >= pd.Timestamp(filters.start)]
        if filters.end is not None:
            rows = rows[rows["date"] < pd.Timestamp(filters.end)]
        networks.append(co_participation(orgs, rows[["engagement", "organisation"]]))
    if secretariat is not None and mode in ("all", "PARTNERSHIP"):
        ps = Partnership.objects.filter(coalition=coalition).exclude(organisation_id=secretariat)
        if filters.start is not None:
            ps = ps.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=filters.start))
        if filters.end is not None:
            ps = ps.filter(Q(started_on__isnull=True) | Q(started_on__lt=filters.end))
        partners = sorted(set(ps.values_list("organisation_id", flat=True)))
        ties = pd.DataFrame({"source": [secretariat] * len(partners), "target": partners})
        networks.append(Network.from_tables(orgs, ties))
    if secretariat is not None and mode in ("all", "MEMBERSHIP"):
        ms = Membership.objects.filter(coalition=coalition).exclude(organisation_id=secretariat)
        at = filters.end or dt.date.today()
        ms = ms.filter(Q(joined_on__isnull=True) | Q(joined_on__lt=at))
        if filters.start is not None:
            ms = ms.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=filters.start))
        else:
            ms = ms.filter(status="ACTIVE")
        members = sorted(set(ms.values_list("organisation_id", flat=True)))
        ties = pd.DataFrame({"source": [secretariat] * len(members), "target": members})
        networks.append(Network.from_tables(orgs, ties))
    net = (
        combine(*networks)
        if len(networks) > 1
        else networks[0]
        if networks
        else Network.from_tables(orgs)
    )
    n = net.n
    sample = None if n <= 800 else 300
    analysis = analyze_network(
        net,
        secretariat=secretariat if secretariat in set(orgs["id"]) else None,
        betweenness_sample=sample,
        permutations=199 if n <= 800 else 0,
        top_k=2,
    )
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

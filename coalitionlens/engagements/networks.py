"""The coalition's network as a role may see it: the one construction.

:func:`network_for` is the only place a coalition's network is built from its records: the map, the
measure tables, an organisation's place in the network, reports, comparisons, findings and the network
exports all get it from here. Engagements come through the one selector
(:func:`~coalitionlens.engagements.selectors.engagements_for`), so a counterpart of an engagement the
role may not fully read never enters that role's network (leads always do, as on the engagement
pages); the rows go to :func:`coalitionlens.core.coalition_network`, which ties partners and members
to the secretariat and states the window rules.

It sits here, above the coalition records and the engagement log and below every app that shows a
network (insights, transfer, reports), so that all of them can call it (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership
from coalitionlens.core.construct import CoalitionNetwork, coalition_network
from coalitionlens.engagements.selectors import engagements_for

__all__ = ["MODES", "NetworkFilters", "network_for"]

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


def _organisations(coalition: Coalition) -> pd.DataFrame:
    rows = Organisation.objects.filter(coalition=coalition).order_by("pk")
    return pd.DataFrame(
        list(rows.values_list("pk", "name", "sector__code", "sector__macro_sector")),
        columns=["id", "name", "sector", "macro_sector"],
    )


def network_for(
    *,
    coalition: Coalition,
    role: str | None,
    filters: NetworkFilters | None = None,
    organisations: pd.DataFrame | None = None,
    today: dt.date | None = None,
) -> CoalitionNetwork:
    """The coalition's network as ``role`` may see it: every organisation, tied by shared
    engagements (as the role reads them), and partners and members tied to the secretariat.

    ``organisations``: a table of every organisation of the coalition (``id``, ``name``,
    ``sector``, ``macro_sector``) when the caller has one already. Members count as of ``today``
    (default: today) when ``filters`` has no end. At most four queries.
    """
    filters = filters or NetworkFilters()
    orgs = _organisations(coalition) if organisations is None else organisations
    mode = filters.mode
    participation = partners = members = None
    if mode in ("all", "ENGAGEMENT_PRACTICE"):
        rows = engagements_for(
            coalition=coalition, role=role, practice_type=filters.practice
        ).participations("engagement_id", "organisation_id", "engagement__date")
        participation = pd.DataFrame(rows, columns=["engagement", "organisation", "date"])
    secretariat = coalition.secretariat_id
    if secretariat is not None and mode in ("all", "PARTNERSHIP"):
        partners = pd.DataFrame(
            list(
                Partnership.objects.filter(coalition=coalition).values_list(
                    "organisation_id", "started_on", "ended_on", "level"
                )
            ),
            columns=["organisation", "started_on", "ended_on", "level"],
        )
    if secretariat is not None and mode in ("all", "MEMBERSHIP"):
        members = pd.DataFrame(
            list(
                Membership.objects.filter(coalition=coalition).values_list(
                    "organisation_id", "status", "joined_on", "ended_on"
                )
            ),
            columns=["organisation", "status", "joined_on", "ended_on"],
        )
    return coalition_network(
        orgs,
        participation=participation,
        partners=partners,
        members=members,
        secretariat=secretariat,
        start=filters.start,
        end=filters.end,
        as_of=today or dt.date.today(),
    )

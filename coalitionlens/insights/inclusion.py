"""Survivor inclusion as a standing indicator: how present survivor-led organisations are among the
members, on the coalition's units, as leads of engagements and in the network.

One definition, read by the dashboard panel, the report chapter, the REST API, the comparison and the
diagnostic rules (through :func:`coalitionlens.insights.facts.coalition_facts`). An organisation is
survivor-led when its *survivor-led* flag is set or its sector is the survivor-led sector. Everything
is organisational: no person is counted.

Visibility: engagements come from :func:`~coalitionlens.insights.tables.participation_frame` and
centrality from :func:`~coalitionlens.insights.networks.network_view`, both as ``role`` may see them
(the network page's measures, never computed a second way); a counterpart of an engagement the role
may not read changes no figure shown to that role. Every figure is read on one day, ``as_of``: the
members, seats and leads of that day, and the centrality in the network as it stood then
(:func:`~coalitionlens.insights.networks.filters_as_of`: today's map, or the map until a past day),
so a report for a past year never mixes that year's members with today's ties.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, UnitMember
from coalitionlens.insights.modes import counts_from_frames, default_window
from coalitionlens.insights.networks import NetworkView, filters_as_of, network_view
from coalitionlens.insights.tables import (
    membership_frame,
    organisation_table,
    participation_frame,
    partnership_frame,
)
from coalitionlens.kit.numbers import count, number

__all__ = [
    "CENTRALITY",
    "DECISION_UNITS",
    "Centrality",
    "SurvivorInclusion",
    "UnitSeats",
    "from_frames",
    "inclusion_rows",
    "seats_on",
    "survivor_inclusion",
]

#: The units where the coalition's decisions are taken.
DECISION_UNITS = (vocab.UnitKind.BOARD, vocab.UnitKind.WORKING_GROUP)
#: The network page's measures compared between survivor-led members and the other members.
CENTRALITY = ("degree", "betweenness")


@dataclass(frozen=True)
class UnitSeats:
    """The current seats of one kind of unit: organisations seated, and survivor-led ones."""

    kind: str
    units: int
    seats: int
    survivor_seats: int

    @property
    def label(self) -> str:
        return str(vocab.UnitKind(self.kind).label)

    @property
    def share(self) -> float | None:
        return self.survivor_seats / self.seats if self.seats else None


@dataclass(frozen=True)
class Centrality:
    """One network measure: mean and median for survivor-led members and for the other members."""

    measure: str
    survivor_mean: float | None
    survivor_median: float | None
    others_mean: float | None
    others_median: float | None


@dataclass(frozen=True)
class SurvivorInclusion:
    as_of: dt.date
    #: Active members (the secretariat left out, as in every mode count) and survivor-led ones.
    members: int
    survivor_members: int
    #: One entry per kind of unit that has a current unit, in the vocabulary's order.
    units: tuple[UnitSeats, ...]
    #: Survivor-led members seated on the board / on the board or a working group.
    on_board: int
    seated: int
    #: Engagements with a lead in the last 12 months, those led by a survivor-led organisation, and
    #: the survivor-led members that led at least one.
    engagements: int
    survivor_led_engagements: int
    leading: int
    #: Survivor-led members seated on a decision unit or leading an engagement in the last 12 months.
    with_voice: int
    centrality: tuple[Centrality, ...]

    @property
    def member_share(self) -> float | None:
        return self.survivor_members / self.members if self.members else None

    def seats(self, kinds: tuple[str, ...] = DECISION_UNITS) -> UnitSeats | None:
        """The seats of the given kinds together (``None`` when the coalition has no such unit)."""
        rows = [u for u in self.units if u.kind in kinds]
        if not rows:
            return None
        return UnitSeats(
            kind=rows[0].kind,
            units=sum(u.units for u in rows),
            seats=sum(u.seats for u in rows),
            survivor_seats=sum(u.survivor_seats for u in rows),
        )

    @property
    def has_board(self) -> bool:
        return any(u.kind == vocab.UnitKind.BOARD for u in self.units)

    @property
    def seat_share(self) -> float | None:
        """Survivor-led organisations' share of the seats on the board and working groups."""
        seats = self.seats()
        return None if seats is None else seats.share

    @property
    def lead_share(self) -> float | None:
        return self.survivor_led_engagements / self.engagements if self.engagements else None


def _mean(values: pd.Series) -> float | None:
    return float(values.mean()) if len(values) else None


def _median(values: pd.Series) -> float | None:
    return float(values.median()) if len(values) else None


def seats_on(coalition: Coalition, as_of: dt.date) -> pd.DataFrame:
    """The current seats of the coalition's units on ``as_of``: unit, kind, organisation. One query."""
    rows = list(
        UnitMember.objects.filter(coalition=coalition)
        .exclude(unit__dissolved_on__lt=as_of)
        .exclude(unit__established_on__gt=as_of)
        .exclude(since__gt=as_of)
        .exclude(until__lt=as_of)
        .values_list("unit_id", "unit__kind", "organisation_id")
    )
    return pd.DataFrame(rows, columns=["unit", "kind", "organisation"])


def from_frames(
    orgs: pd.DataFrame,
    member_ids: set[Any],
    parts: pd.DataFrame,
    view: NetworkView,
    seats: pd.DataFrame,
    as_of: dt.date,
) -> SurvivorInclusion:
    """The indicator from tables the caller has read (``orgs`` indexed by id; ``member_ids`` the
    active members without the secretariat; ``parts`` and ``view`` as the role may see them, ``view``
    the network on ``as_of``: ``network_view(..., filters_as_of(as_of))``)."""
    flagged = set(
        orgs.index[orgs["survivor_led"].astype(bool) | (orgs["sector"] == "SURVIVOR_LED")]
    )
    survivors = flagged & member_ids

    units: list[UnitSeats] = []
    for kind in vocab.UnitKind.values:
        of_kind = seats[seats["kind"] == kind]
        if of_kind.empty:
            continue
        seated_orgs = set(of_kind["organisation"])
        units.append(
            UnitSeats(
                kind=kind,
                units=int(of_kind["unit"].nunique()),
                seats=len(seated_orgs),
                survivor_seats=len(seated_orgs & flagged),
            )
        )
    on_board = set(seats[seats["kind"] == vocab.UnitKind.BOARD]["organisation"]) & survivors
    seated = set(seats[seats["kind"].isin(DECISION_UNITS)]["organisation"]) & survivors

    start = pd.Timestamp(as_of - dt.timedelta(days=365))
    end = pd.Timestamp(as_of)
    leads = parts[(parts["role"] == "LEAD") & (parts["date"] >= start) & (parts["date"] <= end)]
    survivor_leads = leads[leads["organisation"].isin(flagged)]
    leading = set(survivor_leads["organisation"]) & survivors

    table = view.organisations
    present = [pk for pk in member_ids if pk in table.index]
    centrality = []
    for measure in CENTRALITY:
        if measure not in table.columns:
            continue
        values = pd.to_numeric(table.loc[present, measure], errors="coerce").dropna()
        mine = values[values.index.isin(survivors)]
        others = values[~values.index.isin(survivors)]
        centrality.append(
            Centrality(measure, _mean(mine), _median(mine), _mean(others), _median(others))
        )

    return SurvivorInclusion(
        as_of=as_of,
        members=len(member_ids),
        survivor_members=len(survivors),
        units=tuple(units),
        on_board=len(on_board),
        seated=len(seated),
        engagements=int(leads["engagement"].nunique()),
        survivor_led_engagements=int(survivor_leads["engagement"].nunique()),
        leading=len(leading),
        with_voice=len(seated | leading),
        centrality=tuple(centrality),
    )


def survivor_inclusion(
    coalition: Coalition, role: str | None, as_of: dt.date | None = None
) -> SurvivorInclusion:
    """Survivor-led organisations' share of the active members, of the seats on each kind of unit,
    of the engagements led in the last 12 months, and their centrality against the other members',
    as ``role`` may see them on ``as_of`` (today by default), the centrality in the network of that
    day."""
    as_of = as_of or dt.date.today()
    orgs = organisation_table(coalition).set_index("id")
    parts = participation_frame(coalition, role)
    counts = counts_from_frames(
        coalition,
        membership_frame(coalition),
        partnership_frame(coalition),
        parts,
        window=default_window(as_of),
    )
    member_ids = set(counts.organisations["MEMBERSHIP"])
    return from_frames(
        orgs,
        member_ids,
        parts,
        network_view(coalition, role, filters_as_of(as_of)),
        seats_on(coalition, as_of),
        as_of,
    )


def _of(n: int, total: int) -> str:
    """``n`` of ``total`` with its share, as the comparison writes a share: "3 / 12 (25%)"."""
    if not total:
        return "—"
    return f"{count(n)} / {count(total)} ({count(round(100 * n / total))}%)"


def inclusion_rows(inc: SurvivorInclusion) -> list[tuple[str, str, str]]:
    """The indicator as the dashboard panel and the report chapter show it: (measure, figure,
    what it measures in one sentence), every figure written by the number helpers."""
    rows = [
        (
            _("Survivor-led members"),
            _of(inc.survivor_members, inc.members),
            _(
                "Active members whose organisation is survivor-led, out of all active members "
                "(the secretariat left out)."
            ),
        )
    ]
    for u in inc.units:
        rows.append(
            (
                _("Seats: %(kind)s") % {"kind": u.label},
                _of(u.survivor_seats, u.seats),
                _(
                    "Organisations seated today on this kind of unit that are survivor-led, out "
                    "of all organisations seated there."
                ),
            )
        )
    rows += [
        (
            _("Survivor-led members on the board"),
            count(inc.on_board) if inc.has_board else "—",
            _("Survivor-led members with a current seat on the board."),
        ),
        (
            _("Engagements led by survivor-led organisations"),
            _of(inc.survivor_led_engagements, inc.engagements),
            _(
                "Engagements of the last 12 months with a survivor-led lead, out of all "
                "engagements with a lead."
            ),
        ),
        (
            _("Survivor-led members with a voice"),
            _of(inc.with_voice, inc.survivor_members),
            _(
                "Survivor-led members seated on the board or a working group, or leading an "
                "engagement in the last 12 months."
            ),
        ),
    ]
    labels = {"degree": _("Degree"), "betweenness": _("Betweenness")}
    for c in inc.centrality:
        rows.append(
            (
                _("%(measure)s: survivor-led members / other members")
                % {"measure": labels[c.measure]},
                _("mean %(a)s / %(b)s; median %(c)s / %(d)s")
                % {
                    "a": number(c.survivor_mean),
                    "b": number(c.others_mean),
                    "c": number(c.survivor_median),
                    "d": number(c.others_median),
                },
                _(
                    "The network page's measure for survivor-led members against the other "
                    "members, in the network your role may see."
                ),
            )
        )
    return rows

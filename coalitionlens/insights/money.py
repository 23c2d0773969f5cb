"""Power and money, optional and banded: where the coalition's money comes from and how unequal its
members' resources are.

One definition, :func:`power_and_money`, read by the dashboard panel, the report chapter, the REST
API, the comparison and the diagnostic rules (through
:func:`coalitionlens.insights.facts.coalition_facts`); docs/metrics.md explains each figure under
the anchor :data:`ANCHORS` names.

*Amounts.* A flow counts for the midpoint of its band (:data:`~coalitionlens.coalitions.vocab.BAND_BOUNDS`,
US dollar equivalents), unless every active flow records an exact amount and all of them share one
currency: then the exact amounts are used. A mix of exact amounts and bands, or of currencies, is
never added up (the bands are USD equivalents, an exact amount is in its own currency): midpoints
throughout. Shares only, so the basis never changes what a share means.

*Who sees what.* Shares and counts are for every role; which funder gives what (named rows) only for
the roles :func:`names_funders` lets read funding, so a member or a viewer never learns the top
funder's name from any figure, page, report or API answer.

>>> flows = [
...     Flow(funder=1, recipient=None, band="F_250K_1M", amount=None, currency="", foreign=True),
...     Flow(funder=2, recipient=7, band="F_10K_50K", amount=None, currency="", foreign=False),
... ]
>>> m = summarise(flows, {1: "Far Fund", 2: "Near Trust"}, [], [], named=False)
>>> (m.total, m.funders, round(m.top_funder_share, 3), round(m.foreign_share, 3), m.top_funders)
(655000.0, 2, 0.954, 0.954, ())
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, Funding, Organisation
from coalitionlens.core.modes import active_memberships
from coalitionlens.insights.measures import anchor
from coalitionlens.insights.tables import membership_frame
from coalitionlens.kit.numbers import count, number

__all__ = [
    "ANCHORS",
    "SECTIONS",
    "Asymmetry",
    "Flow",
    "FunderShare",
    "PowerAndMoney",
    "flows_on",
    "from_frames",
    "funder_rows",
    "midpoint",
    "money_rows",
    "names_funders",
    "power_and_money",
    "summarise",
]

#: Each figure → the section of docs/metrics.md (its name) that explains it; the panel and the
#: chapter link each figure to its anchor (:func:`~coalitionlens.insights.measures.anchor`).
SECTIONS = {
    "total": "Funding total",
    "top_funder": "Top-funder dependence",
    "funders": "Number of funders",
    "foreign": "Foreign funding share",
    "split": "Coalition and members split",
    "budget": "Resource asymmetry",
    "staff": "Resource asymmetry",
    "coverage": "Band coverage",
}
ANCHORS = {k: anchor(v) for k, v in SECTIONS.items()}


def names_funders(role: str | None) -> bool:
    """Whether ``role`` may see which funder gives what (named rows): the roles of
    :data:`~coalitionlens.coalitions.vocab.FUNDING_READERS`, as ``cl.view_funding`` says."""
    return role in vocab.FUNDING_READERS


def midpoint(band: str) -> float:
    """The midpoint of a band of :data:`~coalitionlens.coalitions.vocab.BAND_BOUNDS`.

    >>> midpoint("F_UNDER_10K"), midpoint("S1_5"), midpoint("B_OVER_10M")
    (5000.0, 3.0, 15000000.0)
    """
    low, high = vocab.BAND_BOUNDS[band]
    return (low + high) / 2


@dataclass(frozen=True)
class Flow:
    """One funding flow active on the day: funder, recipient (``None``: the coalition itself)."""

    funder: int
    recipient: int | None
    band: str
    amount: float | None
    currency: str
    foreign: bool


@dataclass(frozen=True)
class FunderShare:
    """One funder's part of the active funding (shown to roles that may read funding only)."""

    organisation: int
    name: str
    flows: int
    share: float
    foreign: bool


@dataclass(frozen=True)
class Asymmetry:
    """A resource band over the active members with a band recorded: the ratio of the best- to the
    least-resourced member's band midpoint, and the share of them in the vocabulary's lowest band."""

    members: int
    banded: int
    ratio: float | None
    lowest: int

    @property
    def lowest_share(self) -> float | None:
        return self.lowest / self.banded if self.banded else None


@dataclass(frozen=True)
class PowerAndMoney:
    as_of: dt.date
    flows: int
    #: "exact" (every flow's amount, one currency) or "bands" (midpoints, USD equivalents).
    basis: str
    currency: str
    total: float
    funders: int
    top_funder_share: float | None
    foreign_share: float | None
    to_coalition_share: float | None
    to_members_share: float | None
    budget: Asymmetry
    staff: Asymmetry
    #: Organisations of the coalition with a budget or a staff band recorded, of all.
    organisations_banded: int
    organisations: int
    #: Whether the named rows were filled (the role may read funding); empty otherwise.
    named: bool
    top_funders: tuple[FunderShare, ...] = ()


def _asymmetry(bands: Sequence[str], members: int, lowest: str) -> Asymmetry:
    mids = [midpoint(b) for b in bands]
    ratio = max(mids) / min(mids) if mids and min(mids) > 0 else None
    return Asymmetry(
        members=members,
        banded=len(bands),
        ratio=ratio,
        lowest=sum(1 for b in bands if b == lowest),
    )


def summarise(
    flows: Sequence[Flow],
    names: dict[int, str],
    budget_bands: Sequence[str],
    staff_bands: Sequence[str],
    *,
    named: bool,
    members: int | None = None,
    organisations: tuple[int, int] = (0, 0),
    as_of: dt.date | None = None,
) -> PowerAndMoney:
    """The measures from flows and member bands already read (pure: no query).

    ``budget_bands`` and ``staff_bands`` hold one band per active member that has one recorded;
    ``members`` is the number of active members (the bands' length by default).
    """
    exact = (
        bool(flows)
        and all(f.amount is not None for f in flows)
        and len({f.currency.upper() for f in flows}) == 1
    )
    values = [float(f.amount) if exact else midpoint(f.band) for f in flows]  # type: ignore[arg-type]
    total = float(sum(values))
    by_funder: dict[int, float] = {}
    by_funder_flows: dict[int, int] = {}
    foreign_of: dict[int, bool] = {}
    foreign = to_coalition = 0.0
    for f, v in zip(flows, values, strict=True):
        by_funder[f.funder] = by_funder.get(f.funder, 0.0) + v
        by_funder_flows[f.funder] = by_funder_flows.get(f.funder, 0) + 1
        foreign_of[f.funder] = f.foreign
        foreign += v if f.foreign else 0.0
        to_coalition += v if f.recipient is None else 0.0

    def share(x: float) -> float | None:
        return x / total if total else None

    ranked = sorted(by_funder.items(), key=lambda kv: (-kv[1], names.get(kv[0], ""), kv[0]))
    top = ranked[0][1] if ranked else 0.0
    rows = tuple(
        FunderShare(pk, names.get(pk, "?"), by_funder_flows[pk], v / total, foreign_of[pk])
        for pk, v in ranked
        if total
    )
    n_budget = len(budget_bands) if members is None else members
    n_staff = len(staff_bands) if members is None else members
    return PowerAndMoney(
        as_of=as_of or dt.date.today(),
        flows=len(flows),
        basis="exact" if exact else "bands",
        currency=flows[0].currency.upper() if exact else "USD",
        total=total,
        funders=len(by_funder),
        top_funder_share=share(top) if ranked else None,
        foreign_share=share(foreign),
        to_coalition_share=share(to_coalition),
        to_members_share=share(total - to_coalition),
        budget=_asymmetry(budget_bands, n_budget, vocab.BudgetBand.B_UNDER_50K),
        staff=_asymmetry(staff_bands, n_staff, vocab.StaffBand.S1_5),
        organisations_banded=organisations[0],
        organisations=organisations[1],
        named=named,
        top_funders=rows if named else (),
    )


def flows_on(coalition: Coalition, today: dt.date) -> list[tuple[Any, ...]]:
    """The funding flows active on ``today``, with their funder's name and origin. One query."""
    return list(
        Funding.objects.filter(coalition=coalition)
        .active_on(today)
        .order_by("pk")
        .values_list(
            "funder_id",
            "recipient_id",
            "amount_band",
            "amount",
            "currency",
            "funder__origin",
            "funder__sector__macro_sector",
            "funder__name",
        )
    )


def from_frames(
    coalition: Coalition,
    role: str | None,
    flows: list[tuple[Any, ...]],
    memberships: pd.DataFrame,
    today: dt.date,
    *,
    organisations: tuple[int, int] = (0, 0),
) -> PowerAndMoney:
    """The measures from what the caller has read: ``flows`` (:func:`flows_on`) and
    ``memberships`` (:func:`~coalitionlens.insights.tables.membership_frame`, with the members'
    bands). Active members as the modes count them (the secretariat left out)."""
    active = active_memberships(memberships, today)
    active = active[active["organisation"] != coalition.secretariat_id].drop_duplicates(
        "organisation"
    )
    named = names_funders(role)
    return summarise(
        [
            Flow(
                funder=funder,
                recipient=recipient,
                band=band,
                amount=None if amount is None else float(amount),
                currency=currency or "",
                foreign=origin == vocab.Origin.FOREIGN or macro == vocab.MacroSector.INTERNATIONAL,
            )
            for funder, recipient, band, amount, currency, origin, macro, _name in flows
        ],
        {row[0]: row[7] for row in flows} if named else {},
        [b for b in active["budget_band"] if b],
        [b for b in active["staff_band"] if b],
        named=named,
        members=len(active),
        organisations=organisations,
        as_of=today,
    )


def power_and_money(
    coalition: Coalition, role: str | None, today: dt.date | None = None
) -> PowerAndMoney:
    """The funding flows active on ``today`` (started on or before, not ended before it) and the
    members' resource bands, as ``role`` may see them: shares and counts for every role, the funders
    by name only when :func:`names_funders` says so. Three queries."""
    today = today or dt.date.today()
    banded = Organisation.objects.filter(coalition=coalition).aggregate(
        banded=Count("pk", filter=~Q(budget_band="") | ~Q(staff_band="")), all=Count("pk")
    )
    return from_frames(
        coalition,
        role,
        flows_on(coalition, today),
        membership_frame(coalition),
        today,
        organisations=(banded["banded"], banded["all"]),
    )


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{count(round(100 * x))}%"


def _of(n: int, total: int) -> str:
    if not total:
        return "—"
    return f"{count(n)} / {count(total)} ({count(round(100 * n / total))}%)"


def money_rows(m: PowerAndMoney) -> list[tuple[str, str, str, str]]:
    """The measures as the dashboard panel and the report chapter show them: (measure, figure,
    what it measures, its anchor in docs/metrics.md). Shares and counts only: no funder's name."""
    if m.basis == "exact":
        basis = _("exact amounts, %(currency)s") % {"currency": m.currency}
    else:
        basis = _("band midpoints, USD equivalents")
    rows = [
        (
            _("Active funding flows"),
            _("%(n)s; total about %(total)s (%(basis)s)")
            % {"n": count(m.flows), "total": number(m.total), "basis": basis}
            if m.flows
            else _("no funding flow recorded"),
            _("Funding flows active today, added up by their band's midpoint or exact amount."),
            ANCHORS["total"],
        ),
        (
            _("Funders"),
            count(m.funders),
            _("Organisations that fund the coalition or its members today."),
            ANCHORS["funders"],
        ),
        (
            _("Dependence on the top funder"),
            _pct(m.top_funder_share),
            _("The largest funder's share of all active funding."),
            ANCHORS["top_funder"],
        ),
        (
            _("Funding from foreign donors"),
            _pct(m.foreign_share),
            _("Share of active funding from foreign or international funders."),
            ANCHORS["foreign"],
        ),
        (
            _("Funding to the coalition itself / to members"),
            f"{_pct(m.to_coalition_share)} / {_pct(m.to_members_share)}",
            _(
                "Share of active funding received by the coalition (its secretariat) and by members."
            ),
            ANCHORS["split"],
        ),
    ]
    for label, a, explanation in (
        (
            _("Budget: best- to least-resourced member"),
            m.budget,
            _("Ratio of band midpoints of the largest and smallest budget among active members."),
        ),
        (
            _("Staff: best- to least-resourced member"),
            m.staff,
            _("Ratio of band midpoints of the largest and smallest staff among active members."),
        ),
    ):
        figure = "—" if a.ratio is None else _("%(ratio)s×") % {"ratio": number(a.ratio, 0)}
        rows.append((label, figure, explanation, ANCHORS["budget"]))
    rows += [
        (
            _("Members in the lowest budget band"),
            _of(m.budget.lowest, m.budget.banded),
            _("Active members with a budget under 50,000 USD a year, of those with a band."),
            ANCHORS["budget"],
        ),
        (
            _("Members in the lowest staff band"),
            _of(m.staff.lowest, m.staff.banded),
            _("Active members with 1–5 staff, of those with a band."),
            ANCHORS["staff"],
        ),
        (
            _("Members with a budget band / a staff band"),
            f"{_of(m.budget.banded, m.budget.members)}; {_of(m.staff.banded, m.staff.members)}",
            _("How many active members recorded a band: the figures above rest on them."),
            ANCHORS["coverage"],
        ),
    ]
    return rows


def funder_rows(m: PowerAndMoney, names: dict[Any, str] | None = None) -> list[list[str]]:
    """The named rows (funder, flows, share, foreign) for roles that may read funding; empty
    otherwise. ``names`` replaces the names (a safe-mode report's aliases)."""
    if not m.named:
        return []
    return [
        [
            f.name if names is None else names.get(f.organisation, "?"),
            count(f.flows),
            _pct(f.share),
            _("yes") if f.foreign else _("no"),
        ]
        for f in m.top_funders
    ]

"""Reads from the directory, always scoped to one coalition."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from coalitionlens.coalitions.models import (
    Coalition,
    Funding,
    GovernmentSeat,
    Membership,
    Observation,
    Organisation,
    Partnership,
    Sector,
    Unit,
)
from coalitionlens.coalitions.vocab import FUNDING_READERS


def sectors_for(coalition: Coalition) -> QuerySet[Sector]:
    """The core taxonomy plus the coalition's own sub-sectors."""
    return Sector.objects.filter(Q(coalition__isnull=True) | Q(coalition=coalition)).select_related(
        "parent"
    )


def organisation_list(
    *,
    coalition: Coalition,
    q: str = "",
    sector: str = "",
    macro_sector: str = "",
    province: str = "",
) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(coalition=coalition).select_related("sector", "subsector")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q) | Q(city__icontains=q))
    if sector:
        qs = qs.filter(sector__code=sector)
    if macro_sector:
        qs = qs.filter(sector__macro_sector=macro_sector)
    if province:
        qs = qs.filter(province=province)
    return qs


def province_list(*, coalition: Coalition) -> list[str]:
    """The provinces the coalition's organisations name, in alphabetical order."""
    names = Organisation.objects.filter(coalition=coalition).exclude(province="")
    return sorted(set(names.values_list("province", flat=True)))


def membership_list(*, coalition: Coalition) -> QuerySet[Membership]:
    return Membership.objects.filter(coalition=coalition).select_related("organisation__sector")


def partnership_list(*, coalition: Coalition) -> QuerySet[Partnership]:
    return Partnership.objects.filter(coalition=coalition).select_related("organisation__sector")


def unit_list(*, coalition: Coalition) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(coalition=coalition)
        .annotate(n_members=Count("unit_members"))
        .order_by("kind", "name")
    )


def seat_list(*, coalition: Coalition) -> QuerySet[GovernmentSeat]:
    return GovernmentSeat.objects.filter(coalition=coalition).select_related(
        "body__sector", "held_by"
    )


def observation_list(*, coalition: Coalition) -> QuerySet[Observation]:
    return Observation.objects.filter(coalition=coalition)


#: The funding list's sort keys (none of them reads a field its readers may not read: the list is
#: for coordinators and analysts alone).
FUNDING_SORTS: dict[str, tuple[str, ...]] = {
    "funder": ("funder__name", "-started_on", "pk"),
    "recipient": ("recipient__name", "funder__name", "pk"),
    "band": ("amount_band", "funder__name", "pk"),
    "-started_on": ("-started_on", "funder__name", "pk"),
    "started_on": ("started_on", "funder__name", "pk"),
}


def funding_list(
    *,
    coalition: Coalition,
    role: str | None,
    funder: Organisation | None = None,
    recipient: Organisation | None = None,
    to_coalition: bool = False,
    band: str = "",
    active_on: dt.date | None = None,
    sort: str = "",
) -> QuerySet[Funding]:
    """The coalition's funding flows, for the roles that read them (coordinators and analysts;
    nothing for any other role, whatever it asks: the one selector of this confidential read).

    ``active_on`` keeps the flows running on that day (started on or before it, or with no start,
    and not ended before it); ``to_coalition`` those the coalition itself receives."""
    if role not in FUNDING_READERS:
        return Funding.objects.none()
    qs = Funding.objects.filter(coalition=coalition).select_related(
        "funder", "recipient", "partnership"
    )
    if funder is not None:
        qs = qs.filter(funder=funder)
    if recipient is not None:
        qs = qs.filter(recipient=recipient)
    elif to_coalition:
        qs = qs.filter(recipient__isnull=True)
    if band:
        qs = qs.filter(amount_band=band)
    if active_on is not None:
        qs = qs.active_on(active_on)
    return qs.order_by(*FUNDING_SORTS.get(sort, FUNDING_SORTS["funder"]))

"""Reads from the directory, always scoped to one coalition."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from coalitionlens.coalitions.models import (
    Coalition,
    GovernmentSeat,
    Membership,
    Observation,
    Organisation,
    Partnership,
    Sector,
    Unit,
)


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

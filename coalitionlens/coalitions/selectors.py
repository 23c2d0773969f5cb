"""Reads from the directory, always scoped to one coalition."""

from __future__ import annotations

from typing import Any

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
    *, coalition: Coalition, q: str = "", sector: str = "", macro_sector: str = ""
) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(coalition=coalition).select_related("sector", "subsector")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q) | Q(city__icontains=q))
    if sector:
        qs = qs.filter(sector__code=sector)
    if macro_sector:
        qs = qs.filter(sector__macro_sector=macro_sector)
    return qs


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


def coalition_counts(*, coalition: Coalition) -> dict[str, Any]:
    """The key counts shown on a coalition's home page, in a fixed number of queries."""
    from coalitionlens.engagements.models import Engagement
    from coalitionlens.tensions.models import Strategy, Tension

    orgs = Organisation.objects.filter(coalition=coalition)
    by_macro = dict(orgs.values_list("sector__macro_sector").annotate(n=Count("id")).order_by())
    members = Membership.objects.filter(coalition=coalition, status="ACTIVE")
    members_by_macro = dict(
        members.values_list("organisation__sector__macro_sector").annotate(n=Count("id")).order_by()
    )
    engagements = Engagement.objects.filter(coalition=coalition)
    by_practice = list(
        engagements.values_list("practice_type").annotate(n=Count("id")).order_by("-n")[:5]
    )
    return {
        "organisations": orgs.count(),
        "organisations_by_macro": by_macro,
        "active_members": sum(members_by_macro.values()),
        "members_by_macro": members_by_macro,
        "partnerships": Partnership.objects.filter(
            coalition=coalition, ended_on__isnull=True
        ).count(),
        "engagements": engagements.count(),
        "engagements_by_practice": by_practice,
        "units": Unit.objects.filter(coalition=coalition).count(),
        "open_tensions": Tension.objects.filter(coalition=coalition)
        .exclude(status="RESOLVED")
        .count(),
        "strategies": Strategy.objects.filter(coalition=coalition).count(),
    }

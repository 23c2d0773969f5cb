"""Reads for the directory's pages that gather several apps' records."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership, Unit
from coalitionlens.engagements.models import Engagement
from coalitionlens.tensions.models import Strategy, Tension


def coalition_counts(*, coalition: Coalition) -> dict[str, Any]:
    """The key counts shown on a coalition's home page, in a fixed number of queries."""
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

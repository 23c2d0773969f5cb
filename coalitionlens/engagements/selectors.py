"""Reads of the engagement log, scoped to one coalition and masked for the reader's role."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from coalitionlens.accounts.permissions import CONFIDENTIAL_READERS
from coalitionlens.coalitions.models import Coalition
from coalitionlens.engagements.models import Engagement, Participation, ParticipationRole


def readable_classes(role: str | None) -> list[str]:
    return [c for c, readers in CONFIDENTIAL_READERS.items() if role in readers]


def engagement_list(
    *,
    coalition: Coalition,
    role: str | None,
    q: str = "",
    practice_type: str = "",
    year: int | None = None,
    organisation_id: int | None = None,
) -> QuerySet[Engagement]:
    qs = Engagement.objects.filter(coalition=coalition).prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("organisation__sector").order_by(
                "role", "organisation__name"
            ),
        )
    )
    if q:
        qs = qs.filter(title__icontains=q)
    if practice_type:
        qs = qs.filter(practice_type=practice_type)
    if year:
        qs = qs.filter(date__year=year)
    if organisation_id:
        # A counterpart of an engagement the reader may not fully see must not be revealed by filtering.
        visible = Q(participations__organisation_id=organisation_id) & (
            Q(participations__role=ParticipationRole.LEAD)
            | Q(confidentiality__in=readable_classes(role))
        )
        qs = qs.filter(visible).distinct()
    return qs

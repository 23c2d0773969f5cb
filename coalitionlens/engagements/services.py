"""Writes to the engagement log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import FocalPoint, Organisation
from coalitionlens.engagements.models import Engagement, Participation, ParticipationRole
from coalitionlens.kit.audited import record_save


def engagement_save(
    *,
    engagement: Engagement,
    leads: Sequence[Organisation],
    counterparts: Sequence[Organisation],
    actor: Any,
    request: Any = None,
    focal_points: Sequence[FocalPoint] | None = None,
) -> Engagement:
    """Create or change an engagement with its lead and counterpart organisations, atomically."""
    if not leads:
        raise ValidationError({"leads": _("Name at least one lead organisation.")})
    both = {o.pk for o in leads} & {o.pk for o in counterparts}
    if both:
        raise ValidationError(
            {"counterparts": _("An organisation cannot be both lead and counterpart.")}
        )
    for org in [*leads, *counterparts]:
        if org.coalition_id != engagement.coalition_id:
            raise ValidationError({"leads": _("Every organisation must belong to this coalition.")})
    on_it = {o.pk for o in [*leads, *counterparts]}
    if focal_points and any(f.organisation_id not in on_it for f in focal_points):
        raise ValidationError(
            {
                "focal_points": _(
                    "A focal point must belong to one of the organisations on the engagement."
                )
            }
        )
    with transaction.atomic():
        record_save(instance=engagement, actor=actor, request=request)
        if focal_points is not None:
            engagement.focal_points.set(focal_points)
        wanted = {(o.pk, ParticipationRole.LEAD.value) for o in leads} | {
            (o.pk, ParticipationRole.COUNTERPART.value) for o in counterparts
        }
        current = set(engagement.participations.values_list("organisation_id", "role"))
        if wanted != current:
            audit_record(
                action=Action.UPDATE,
                actor=actor,
                coalition_id=engagement.coalition_id,
                obj=engagement,
                summary=f"participants of {engagement}"[:300],
                changes={"participants": [sorted(map(list, current)), sorted(map(list, wanted))]},
                request=request,
            )
            engagement.participations.all().delete()
            Participation.objects.bulk_create(
                Participation(
                    coalition_id=engagement.coalition_id,
                    engagement=engagement,
                    organisation_id=o,
                    role=r,
                )
                for o, r in sorted(wanted)
            )
        if focal_points is None:
            engagement.focal_points.remove(
                *engagement.focal_points.exclude(organisation_id__in=on_it)
            )
    return engagement

"""A coalition's records as plain tables (pandas), one query each, read as a role may see them.

Counterparts of an engagement the role may not fully read are left out, and so are the sensitive
fields of such an engagement (outcome, follow-up), so nothing built from these tables (a chart, a
map, a finding) can reveal them.
"""

from __future__ import annotations

import pandas as pd
from django.db.models import Q

from coalitionlens.accounts.permissions import may_read_sensitive
from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership
from coalitionlens.engagements.models import Engagement, Participation, ParticipationRole
from coalitionlens.engagements.selectors import readable_classes

__all__ = [
    "engagement_frame",
    "membership_frame",
    "organisation_table",
    "participation_frame",
    "partnership_frame",
]


def organisation_table(coalition: Coalition) -> pd.DataFrame:
    rows = list(
        Organisation.objects.filter(coalition=coalition)
        .order_by("pk")
        .values_list(
            "pk",
            "name",
            "sector__code",
            "sector__macro_sector",
            "at_risk",
            "origin",
            "scale",
            "survivor_led",
        )
    )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "name",
            "sector",
            "macro_sector",
            "at_risk",
            "origin",
            "scale",
            "survivor_led",
        ],
    )


def participation_frame(
    coalition: Coalition, role: str | None, *, practice: str = ""
) -> pd.DataFrame:
    """Who took part in which engagement (date, practice, role in it), without the counterparts of
    engagements the role may not read. One query."""
    qs = Participation.objects.filter(coalition=coalition).filter(
        Q(role=ParticipationRole.LEAD) | Q(engagement__confidentiality__in=readable_classes(role))
    )
    if practice:
        qs = qs.filter(engagement__practice_type=practice)
    rows = list(
        qs.values_list(
            "engagement_id",
            "organisation_id",
            "engagement__date",
            "role",
            "engagement__practice_type",
            "engagement__initiated_by",
            "organisation__sector__code",
            "organisation__sector__macro_sector",
        )
    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "engagement",
            "organisation",
            "date",
            "role",
            "practice",
            "initiated_by",
            "sector",
            "macro_sector",
        ],
    )
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def engagement_frame(coalition: Coalition, role: str | None) -> pd.DataFrame:
    """One row per engagement; ``outcome`` and ``follow_up_due`` empty where the role may not read
    them (``visible`` False)."""
    rows = list(
        Engagement.objects.filter(coalition=coalition).values_list(
            "pk",
            "date",
            "practice_type",
            "initiated_by",
            "outcome",
            "follow_up_due",
            "confidentiality",
            "title",
        )
    )
    out = []
    for pk, date, practice, initiated, outcome, due, conf, title in rows:
        visible = may_read_sensitive(role, conf)
        out.append(
            (
                pk,
                date,
                practice,
                initiated,
                outcome if visible else None,
                due if visible else None,
                visible,
                title if visible else None,
            )
        )
    frame = pd.DataFrame(
        out,
        columns=[
            "id",
            "date",
            "practice",
            "initiated_by",
            "outcome",
            "follow_up_due",
            "visible",
            "title",
        ],
    )
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def membership_frame(coalition: Coalition) -> pd.DataFrame:
    rows = list(
        Membership.objects.filter(coalition=coalition).values_list(
            "organisation_id",
            "status",
            "joined_on",
            "ended_on",
            "end_reason",
            "organisation__sector__code",
            "organisation__sector__macro_sector",
        )
    )
    return pd.DataFrame(
        rows,
        columns=[
            "organisation",
            "status",
            "joined_on",
            "ended_on",
            "end_reason",
            "sector",
            "macro_sector",
        ],
    )


def partnership_frame(coalition: Coalition) -> pd.DataFrame:
    rows = list(
        Partnership.objects.filter(coalition=coalition).values_list(
            "organisation_id",
            "partnership_type",
            "formality",
            "level",
            "started_on",
            "ended_on",
            "organisation__sector__code",
            "organisation__sector__macro_sector",
            "organisation__origin",
        )
    )
    return pd.DataFrame(
        rows,
        columns=[
            "organisation",
            "type",
            "formality",
            "level",
            "started_on",
            "ended_on",
            "sector",
            "macro_sector",
            "origin",
        ],
    )

"""A coalition's records as plain tables (pandas), one query each, read as a role may see them.

Engagements come from the one selector (:func:`coalitionlens.engagements.selectors.engagements_for`):
counterparts of an engagement the role may not fully read are left out, and so are the sensitive
fields of such an engagement (title, outcome, follow-up), so nothing built from these tables (a
chart, a map, a finding) can reveal them.
"""

from __future__ import annotations

import pandas as pd

from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership
from coalitionlens.engagements.selectors import engagements_for

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
    rows = engagements_for(coalition=coalition, role=role, practice_type=practice).participations(
        "engagement_id",
        "organisation_id",
        "engagement__date",
        "role",
        "engagement__practice_type",
        "engagement__initiated_by",
        "organisation__sector__code",
        "organisation__sector__macro_sector",
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
    fields = ("pk", "date", "practice_type", "initiated_by", "outcome", "follow_up_due", "title")
    rows = engagements_for(coalition=coalition, role=role).values(*fields)
    frame = pd.DataFrame(
        [[r[f] for f in (*fields[:6], "visible", "title")] for r in rows],
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
            "organisation__budget_band",
            "organisation__staff_band",
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
            "budget_band",
            "staff_band",
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

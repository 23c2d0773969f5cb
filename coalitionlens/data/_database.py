"""A coalition read from the database through the readers the pages use, so the frames are what
the role's pages show: the directory's selectors (:mod:`coalitionlens.coalitions.selectors`), the
one way in to engagements (:func:`coalitionlens.engagements.selectors.engagements_for`, masked for
the role) and the network page's analysed network (:func:`coalitionlens.insights.networks.network_view`,
its ties and its measure table)."""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd

from coalitionlens.data.dataset import CoalitionData, RoleRefused, SourceError
from coalitionlens.kit.setup import setup_django

setup_django()

from coalitionlens.coalitions import selectors as directory  # noqa: E402 -- after Django's setup
from coalitionlens.coalitions.models import Coalition  # noqa: E402
from coalitionlens.coalitions.vocab import Role  # noqa: E402
from coalitionlens.engagements.models import ParticipationRole  # noqa: E402
from coalitionlens.engagements.selectors import engagements_for  # noqa: E402
from coalitionlens.insights.networks import network_view  # noqa: E402
from coalitionlens.surveys import change as survey_change  # noqa: E402

__all__ = [
    "CHANGE_COLUMNS",
    "ENGAGEMENT_FIELDS",
    "load_from_database",
    "read_coalition",
    "refuse_unknown_role",
    "round_change_from_database",
]

ORGANISATION_FIELDS = {
    "id": "pk",
    "name": "name",
    "acronym": "acronym",
    "sector": "sector__code",
    "macro_sector": "sector__macro_sector",
    "subsector": "subsector__code",
    "faith_based": "faith_based",
    "survivor_led": "survivor_led",
    "scale": "scale",
    "origin": "origin",
    "at_risk": "at_risk",
    "city": "city",
}
MEMBERSHIP_FIELDS = {
    "id": "pk",
    "organisation": "organisation_id",
    "tier": "tier",
    "status": "status",
    "joined_on": "joined_on",
    "ended_on": "ended_on",
    "end_reason": "end_reason",
}
PARTNERSHIP_FIELDS = {
    "id": "pk",
    "organisation": "organisation_id",
    "type": "partnership_type",
    "formality": "formality",
    "level": "level",
    "purposes": "purposes",
    "started_on": "started_on",
    "ended_on": "ended_on",
}
#: The engagement columns, as the selector gives them (the sensitive ones masked for the role).
ENGAGEMENT_FIELDS = (
    "pk",
    "date",
    "end_date",
    "practice_type",
    "confidentiality",
    "initiated_by",
    "domains",
    "four_ps",
    "title",
    "description",
    "outcome",
    "outcome_notes",
    "follow_up",
    "follow_up_due",
)
DATES = ("date", "end_date", "follow_up_due")


def refuse_unknown_role(role: str) -> None:
    if role not in Role.values:
        raise RoleRefused(
            f"{role!r} is not a coalition role; one of {', '.join(map(repr, Role.values))}"
        )


def _frame(rows: object, columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows.values_list(*columns.values())), columns=list(columns))  # type: ignore[attr-defined]


def _engagements(coalition: Coalition, role: str) -> pd.DataFrame:
    readable = engagements_for(coalition=coalition, role=role, sort="date")
    rows = readable.values(*ENGAGEMENT_FIELDS)
    leads: dict[int, list[int]] = {}
    counterparts: dict[int, list[int]] = {}
    for engagement, organisation, kind in readable.participations(
        "engagement_id", "organisation_id", "role"
    ):
        side = leads if kind == ParticipationRole.LEAD else counterparts
        side.setdefault(engagement, []).append(organisation)
    # Rows as lists, not dicts: pandas reads a None in a dict as NaN, and a masked field is None.
    frame = pd.DataFrame(
        [
            [
                *(r[f] for f in ENGAGEMENT_FIELDS),
                r["visible"],
                tuple(leads.get(r["pk"], ())),
                tuple(counterparts.get(r["pk"], ())),
            ]
            for r in rows
        ],
        columns=["id", *ENGAGEMENT_FIELDS[1:], "visible", "leads", "counterparts"],
    )
    for column in DATES:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def read_coalition(coalition: Coalition, *, role: str, source: str) -> CoalitionData:
    """The frames of ``coalition`` for ``role``, read from the database Django is connected to."""
    refuse_unknown_role(role)
    view = network_view(coalition, role)
    return CoalitionData(
        slug=coalition.slug,
        name=coalition.name,
        role=role,
        source=source,
        organisations=_frame(
            directory.organisation_list(coalition=coalition).order_by("pk"), ORGANISATION_FIELDS
        ),
        memberships=_frame(
            directory.membership_list(coalition=coalition).order_by("pk"), MEMBERSHIP_FIELDS
        ),
        partnerships=_frame(
            directory.partnership_list(coalition=coalition).order_by("pk"), PARTNERSHIP_FIELDS
        ),
        engagements=_engagements(coalition, role),
        ties=view.ties.reset_index(drop=True).copy(),
        measures=view.organisations.copy(),
        summary=MappingProxyType(dict(view.summary)),
        secretariat=coalition.secretariat_id,
    )


#: The columns of :func:`coalitionlens.data.round_change`.
CHANGE_COLUMNS = (
    "table",
    "key",
    "measure",
    "before",
    "after",
    "change",
    "band_before",
    "band_after",
)


def _coalition(slug: str, source: str) -> Coalition:
    coalition = Coalition.objects.filter(slug=slug).first()
    if coalition is None:
        known = ", ".join(Coalition.objects.order_by("slug").values_list("slug", flat=True))
        raise SourceError(
            f"no coalition with the short name {slug!r} in the {source} ({known or 'none'})"
        )
    return coalition


def round_change_from_database(
    slug: str, *, role: str, before: int | None, after: int | None
) -> pd.DataFrame:
    """The change between two closed rounds, read by the page's selector
    (:func:`coalitionlens.surveys.change.round_change`, or :func:`~.change.latest_change` when no
    round is named)."""
    refuse_unknown_role(role)
    coalition = _coalition(slug, "database")
    if (before is None) != (after is None):
        raise SourceError("name both rounds (before and after), or neither")
    if before is None or after is None:
        shown = survey_change.latest_change(coalition=coalition)
        if shown is None:
            return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    else:
        found = survey_change.round_change(coalition=coalition, before=before, after=after)
        if found is None:
            rounds = ", ".join(
                str(pk) for pk, _t in survey_change.closed_rounds(coalition=coalition)
            )
            raise SourceError(
                f"rounds {before} and {after} are not two closed rounds of {slug!r} "
                f"(its closed rounds: {rounds or 'none'})"
            )
        shown = found
    frame = pd.DataFrame(
        [[getattr(c, column) for column in CHANGE_COLUMNS] for c in shown.changes],
        columns=list(CHANGE_COLUMNS),
    )
    frame.attrs.update(
        before_id=shown.before_pk,
        before_title=shown.before_title,
        after_id=shown.after_pk,
        after_title=shown.after_title,
    )
    return frame


def load_from_database(slug: str, *, role: str, source: str = "database") -> CoalitionData:
    refuse_unknown_role(role)
    coalition = _coalition(slug, source)
    return read_coalition(coalition, role=role, source=source)

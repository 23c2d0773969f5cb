"""The one way in to engagements and their participants, as a role may read them.

:func:`engagements_for` is the only reader of the engagement log for a role: the list page, its
search, filters, sort and pages, the organisation page, counts by practice, the insight tables, the
network and the exports all start from it. What it returns cannot be read unmasked:

* rows (iteration, slicing, :meth:`~ReadableEngagements.get`) are :class:`MaskedEngagement`;
* :meth:`~ReadableEngagements.values` gives plain values, a sensitive field empty (``None``) where
  the role may not read it — the database returns it empty, the real value never reaches Python;
* :meth:`~ReadableEngagements.participations` gives who took part, without the counterparts of an
  engagement the role may not fully read (leads always: the list pages show them to every role).

A field a role may not read is never searched, filtered, sorted, grouped or counted on for that
role: the search and the title sort read the title through the same "empty where hidden"
expression, the organisation filter matches only participations the role may see, and
:meth:`~ReadableEngagements.count_by` and the two value readers refuse sensitive fields outright.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Field,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable

from coalitionlens.accounts.permissions import CONFIDENTIAL_READERS
from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition
from coalitionlens.engagements.models import Engagement, Participation, ParticipationRole
from coalitionlens.engagements.policy import SENSITIVE_FIELDS, MaskedEngagement

__all__ = ["SORTS", "ReadableEngagements", "engagements_for", "readable_classes"]

#: Sort keys of the engagement log; each reads only what every role reads, except ``title``, which
#: reads the title as the role sees it (hidden titles sort last, newest first, whatever they say).
SORTS = ("-date", "date", "practice", "title")


def readable_classes(role: str | None) -> list[str]:
    """The confidentiality classes whose sensitive fields ``role`` reads."""
    return [c for c, readers in CONFIDENTIAL_READERS.items() if role in readers]


def _readable(role: str | None, prefix: str = "") -> Q:
    return Q(**{f"{prefix}confidentiality__in": readable_classes(role)})


def _masked(role: str | None, name: str) -> Combinable:
    """``name`` where the role may read it, else empty: the only way a sensitive column is read."""
    field = Engagement._meta.get_field(name)
    if not isinstance(field, Field):
        raise ValueError(f"{name!r} is not a column of an engagement")
    return Case(
        When(_readable(role), then=F(name)), default=Value(None), output_field=field.clone()
    )


def _check(names: tuple[str, ...]) -> None:
    for name in names:
        if set(name.split("__")) & SENSITIVE_FIELDS:
            raise ValueError(
                f"{name!r} is a confidential field: read it through values(), which masks it"
            )


class ReadableEngagements:
    """Engagements of one coalition as one role reads them; sliceable and countable, so a
    :class:`~django.core.paginator.Paginator` pages it in two queries."""

    #: Paginator asks; the order is always explicit (see :data:`SORTS`).
    ordered = True

    def __init__(self, queryset: QuerySet[Engagement], role: str | None) -> None:
        self._qs = queryset
        self._role = role

    # --- masked rows ----------------------------------------------------------------------

    def _rows(self) -> QuerySet[Engagement]:
        return self._qs.prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation__sector").order_by(
                    "role", "organisation__name"
                ),
            )
        )

    def __iter__(self) -> Iterator[MaskedEngagement]:
        return (MaskedEngagement(e, self._role) for e in self._rows())

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            return [MaskedEngagement(e, self._role) for e in self._rows()[key]]
        return MaskedEngagement(self._rows()[key], self._role)

    def get(self, pk: int) -> MaskedEngagement | None:
        found = self._rows().filter(pk=pk).first()
        return None if found is None else MaskedEngagement(found, self._role)

    # --- figures --------------------------------------------------------------------------

    def count(self) -> int:
        return self._qs.count()

    def __len__(self) -> int:
        return self.count()

    def count_by(self, field: str) -> list[tuple[Any, int]]:
        """``(value, n)`` per value of a field every role reads, most frequent first."""
        _check((field,))
        rows = self._qs.order_by().values_list(field).annotate(n=Count("id")).order_by("-n", field)
        return [(value, n) for value, n in rows]

    def values(self, *fields: str) -> list[dict[str, Any]]:
        """One dict per engagement with ``fields`` and ``visible`` (the role reads its sensitive
        fields); a sensitive field is ``None`` where ``visible`` is False."""
        plain = [f for f in fields if f not in SENSITIVE_FIELDS]
        masked = {f"_m_{f}": _masked(self._role, f) for f in fields if f in SENSITIVE_FIELDS}
        _check(tuple(plain))
        visible = Case(
            When(_readable(self._role), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        rows = self._qs.annotate(_m_visible=visible, **masked).values(*plain, *masked, "_m_visible")
        return [
            {f: row[f"_m_{f}" if f in SENSITIVE_FIELDS else f] for f in fields}
            | {"visible": row["_m_visible"]}
            for row in rows
        ]

    def participations(self, *fields: str) -> list[tuple[Any, ...]]:
        """``fields`` (paths from :class:`Participation`) of every participation the role may see
        in these engagements: leads always, counterparts where it reads the engagement. One query."""
        _check(fields)
        seen = Q(role=ParticipationRole.LEAD) | _readable(self._role, "engagement__")
        return list(
            Participation.objects.filter(engagement__in=self._qs.order_by().values("pk"))
            .filter(seen)
            .order_by("engagement_id", "role", "organisation_id")
            .values_list(*fields)
        )


def engagements_for(
    *,
    coalition: Coalition,
    role: str | None,
    q: str = "",
    practice_type: str = "",
    year: int | None = None,
    organisation_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    sort: str = "-date",
) -> ReadableEngagements:
    """The engagements of ``coalition`` as ``role`` reads them, searched, filtered and sorted only
    on what that role reads.

    ``q`` matches titles the role reads; ``organisation_id`` keeps engagements the organisation
    leads, or takes part in as a counterpart the role may see; ``start``/``end`` keep dates in
    ``[start, end)``; ``sort`` is one of :data:`SORTS` (anything else: newest first).
    """
    qs = Engagement.objects.filter(coalition=coalition)
    if q or sort == "title":
        qs = qs.annotate(_readable_title=_masked(role, "title"))
    if q:
        qs = qs.filter(**{"_readable_title__icontains": q})
    if practice_type:
        qs = qs.filter(practice_type=practice_type)
    if year:
        qs = qs.filter(date__year=year)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lt=end)
    if organisation_id:
        # Counterparts of an engagement the reader may not fully see are no filter: filtering by
        # one would reveal the tie. Both conditions hold for the same participation.
        seen = Q(participations__role=ParticipationRole.LEAD) | _readable(role)
        qs = qs.filter(Q(participations__organisation_id=organisation_id) & seen).distinct()
    if sort == "date":
        qs = qs.order_by("date", "id")
    elif sort == "practice":
        order = Case(
            *(When(practice_type=code, then=Value(i)) for i, code in enumerate(vocab.PracticeType)),
            default=Value(len(vocab.PracticeType)),
            output_field=IntegerField(),
        )
        qs = qs.order_by(order, "-date", "-id")
    elif sort == "title":
        qs = qs.order_by(F("_readable_title").asc(nulls_last=True), "-date", "-id")
    else:
        qs = qs.order_by("-date", "-id")
    return ReadableEngagements(qs, role)

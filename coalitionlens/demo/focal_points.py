"""Demo focal points (issue 18): fictional people, professional details only. In each coalition
one civil-society organisation's ties with government all run through one person, and the
secretariat's focal point is about to leave, so both continuity findings have something to say."""

from __future__ import annotations

import datetime as dt

from coalitionlens.coalitions.models import Coalition, FocalPoint, Organisation
from coalitionlens.engagements.models import Engagement

__all__ = ["write_focal_points"]

#: Fictional names (first name and an invented family name), no real person meant.
_PEOPLE = (
    ("Sreymom Vantara", "Government liaison officer", "km, en"),
    ("Tevita Fonuamei", "Executive coordinator", "en, to"),
    ("Amara Okelundi", "Referral focal point", "en, fr"),
    ("Bopha Sarethy", "Legal aid coordinator", "km, en"),
)


def write_focal_points(coalition: Coalition, *, today: dt.date | None = None) -> list[FocalPoint]:
    """Write the coalition's demo focal points; call inside a transaction."""
    today = today or dt.date.today()
    since = today - dt.timedelta(days=365)
    with_government: dict[int, list[Engagement]] = {}
    engagements = Engagement.objects.filter(
        coalition=coalition, date__gte=since, date__lte=today
    ).prefetch_related("participations__organisation__sector")
    for e in engagements:
        parts = [p.organisation for p in e.participations.all()]
        if any(o.sector.code == "GOVERNMENT" for o in parts):
            for o in parts:
                if o.sector.macro_sector == "CIVIL" and o.pk != coalition.secretariat_id:
                    with_government.setdefault(o.pk, []).append(e)
    made: list[FocalPoint] = []
    if with_government:
        org_id = max(sorted(with_government), key=lambda pk: len(with_government[pk]))
        name, role, languages = _PEOPLE[0]
        liaison = FocalPoint.objects.create(
            coalition=coalition,
            organisation_id=org_id,
            name=name,
            role_title=role,
            since=today - dt.timedelta(days=900),
            languages=languages,
        )
        for e in with_government[org_id]:
            e.focal_points.add(liaison)
        made.append(liaison)
    if coalition.secretariat_id is not None:
        name, role, languages = _PEOPLE[1]
        made.append(
            FocalPoint.objects.create(
                coalition=coalition,
                organisation_id=coalition.secretariat_id,
                name=name,
                role_title=role,
                since=today - dt.timedelta(days=1500),
                expected_until=today + dt.timedelta(days=45),
                languages=languages,
            )
        )
    others = Organisation.objects.filter(coalition=coalition, sector__macro_sector="CIVIL")
    others = others.exclude(pk__in=[f.organisation_id for f in made]).order_by("name")[:2]
    for org, (name, role, languages) in zip(others, _PEOPLE[2:], strict=False):
        made.append(
            FocalPoint.objects.create(
                coalition=coalition,
                organisation=org,
                name=name,
                role_title=role,
                since=today - dt.timedelta(days=400),
                languages=languages,
            )
        )
    return made

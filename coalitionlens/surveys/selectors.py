"""Reads for surveys, each scoped to a coalition; and the snapshot frozen at a round's close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.surveys.answering import hope_codes
from coalitionlens.surveys.instruments import load
from coalitionlens.surveys.models import Answer, Respondent, RoundStatus, SurveyRound
from coalitionlens.surveys.scoring import ALL, Results, RoundData, score_round
from coalitionlens.surveys.synthetic import snapshot_frame


def rounds_for(*, coalition: Coalition) -> QuerySet[SurveyRound]:
    return SurveyRound.objects.filter(coalition=coalition).annotate(
        n_invited=Count(
            "respondents", filter=Q(respondents__withdrawn_at__isnull=True), distinct=True
        ),
        n_responses=Count("responses", distinct=True),
    )


def roster(*, round: SurveyRound, exclude: int | None = None) -> QuerySet[Organisation]:
    """The organisations a respondent may rate: the coalition's, without their own."""
    qs = Organisation.objects.filter(coalition_id=round.coalition_id).select_related("sector")
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("sector__code", "name")


def invited_table(*, round: SurveyRound, submitted_only: bool = False) -> dict[str, list[Any]]:
    """Who was invited (not withdrawn), for which organisation, whether they answered anything
    (``submitted_only``: whether they submitted), whether they count towards k, and ``invitee``:
    ``False`` for a row that holds what an earlier link of an invitee submitted (it maps those
    answers to their organisation; the invitee's own row says whether they responded, so a new
    link changes no response figure)."""
    rows = (
        Respondent.objects.filter(round=round, withdrawn_at__isnull=True)
        .annotate(
            n=Count("response__answers"),
            submitted=Count("response", filter=Q(response__submitted_at__isnull=False)),
        )
        .values_list("pk", "organisation_id", "n", "submitted", "counts", "earlier_link_of_id")
        .order_by("pk")
    )
    out: dict[str, list[Any]] = {
        "respondent": [],
        "organisation": [],
        "responded": [],
        "counts": [],
        "invitee": [],
    }
    position: dict[int, int] = {}
    earlier: list[tuple[int, bool]] = []
    for pk, org, n, submitted, counts, earlier_of in rows:
        responded = bool(submitted) if submitted_only else bool(n)
        if earlier_of is not None:
            earlier.append((earlier_of, responded))
        else:
            position[pk] = len(out["respondent"])
        out["respondent"].append(pk)
        out["organisation"].append(org)
        out["responded"].append(responded)
        out["counts"].append(bool(counts))
        out["invitee"].append(earlier_of is None)
    for of, responded in earlier:
        if of in position and responded:
            out["responded"][position[of]] = True
    return out


def organisations_table(*, coalition_id: int) -> dict[str, list[Any]]:
    rows = Organisation.objects.filter(coalition_id=coalition_id).values_list(
        "pk", "name", "sector__code", "sector__macro_sector"
    )
    out: dict[str, list[Any]] = {"id": [], "name": [], "sector": [], "macro": []}
    for pk, name, sector, macro in rows.order_by("pk"):
        out["id"].append(pk)
        out["name"].append(name)
        out["sector"].append(sector)
        out["macro"].append(macro)
    return out


def round_snapshot(*, round: SurveyRound) -> dict[str, Any]:
    """Every answer of the round as plain columns, with the instrument structure scoring needs."""
    frame = snapshot_frame()
    versions = {k: int(v) for k, v in round.instruments.items()}
    frame["instruments"] = versions
    if "health" in versions:
        frame["factor_of"] = {
            i["code"]: i["factor"] for i in load("health", versions["health"]).items
        }
    if "hopes_fears" in versions:
        frame["hope_codes"] = hope_codes(load("hopes_fears", versions["hopes_fears"]))
    if "relationship" in versions:
        composites: dict[str, list[str]] = {}
        for spec in load("relationship", versions["relationship"]).items:
            if spec.get("composite"):
                composites.setdefault(spec["composite"], []).append(spec["code"])
        frame["composites"] = composites
    frame["organisations"] = organisations_table(coalition_id=round.coalition_id)
    frame["invited"] = invited_table(round=round)
    answers = (
        Answer.objects.filter(
            response__round=round, response__respondent__withdrawn_at__isnull=True
        )
        .values_list("response__respondent_id", "instrument", "item", "target_id", "about", "value")
        .order_by("response__respondent_id", "id")
    )
    rel_items = ["frequency", "level", *(i for v in frame["composites"].values() for i in v)]
    ratings: dict[tuple[int, int], dict[str, Any]] = {}
    chosen: dict[int, set[int]] = {}
    health: dict[str, list[Any]] = {"respondent": [], "item": [], "value": []}
    hopes: dict[str, list[Any]] = {"respondent": [], "about": [], "code": [], "strength": []}
    seen: dict[str, list[Any]] = {"respondent": [], "about": []}
    comments: dict[str, list[Any]] = {"respondent": [], "text": []}
    row: tuple[Any, ...]
    for row in answers:
        who, instrument, item, target, about, value = row
        if instrument == "relationship":
            if item == "partners":
                chosen[who] = {int(v) for v in value}
            elif item in rel_items and target is not None:
                ratings.setdefault((who, target), {})[item] = value
        elif instrument == "health":
            if item == "comment":
                comments["respondent"].append(who)
                comments["text"].append(str(value))
            else:
                health["respondent"].append(who)
                health["item"].append(item)
                health["value"].append(value)
        elif instrument == "hopes_fears":
            if item == "seen":
                seen["respondent"].append(who)
                seen["about"].append(about)
            else:
                hopes["respondent"].append(who)
                hopes["about"].append(about)
                hopes["code"].append(item)
                hopes["strength"].append(value)
    rel: dict[str, list[Any]] = {c: [] for c in ["respondent", "target", *rel_items]}
    for (who, target), values in sorted(ratings.items()):
        if target not in chosen.get(who, set()):
            continue
        rel["respondent"].append(who)
        rel["target"].append(target)
        for item in rel_items:
            rel[item].append(values.get(item))
    frame.update(relationship=rel, health=health, hopes=hopes, hopes_seen=seen, comments=comments)
    return frame


def round_xlsform(*, round: SurveyRound) -> bytes:
    """The round's XLSForm (see :mod:`coalitionlens.surveys.xlsform`), its roster as choices."""
    from coalitionlens.surveys.xlsform import build_xlsform

    orgs = list(
        Organisation.objects.filter(coalition_id=round.coalition_id)
        .order_by("name")
        .values_list("pk", "name")
    )
    versions = {k: int(v) for k, v in round.instruments.items()}
    return build_xlsform(
        title=round.title,
        form_id=f"coalitionlens_{round.coalition.slug.replace('-', '_')}_{round.pk}",
        version="-".join(f"{k}{v}" for k, v in sorted(versions.items())),
        instruments=versions,
        organisations=orgs,
    )


@dataclass(frozen=True)
class ClosedRound:
    """A closed round's published results: only what passed suppression (see :mod:`.scoring`)."""

    pk: int
    title: str
    closed_at: Any
    instruments: dict[str, int]
    results: Results
    #: Suppressed response figures: (people who responded, share of those invited), each ``None``
    #: when hidden (fewer than k behind it, or it would give away a hidden cell).
    responded: int | None
    rate: float | None


def _closed(round_: SurveyRound, k: int, bands: tuple[float, float]) -> ClosedRound:
    results = score_round(RoundData.from_snapshot(round_.snapshot), k=k, bands=bands)
    total = results.table("response").get((ALL,))
    values = total.values if total is not None else None
    return ClosedRound(
        pk=round_.pk,
        title=round_.title,
        closed_at=round_.closed_at,
        instruments={str(c): int(v) for c, v in (round_.instruments or {}).items()},
        results=results,
        responded=None if values is None else int(values["responded"]),
        rate=None if values is None else float(values["rate"]),
    )


def closed_rounds(*, coalition: Coalition, limit: int | None = None) -> list[ClosedRound]:
    """The coalition's closed rounds, the most recently closed first, as suppressed results only.

    One query. Scores come from each round's frozen snapshot through :func:`score_round` with the
    k and bands in force; nothing computed from raw answers, and no hidden cell, reaches a caller.
    """
    from coalitionlens.surveys.conf import survey_bands, survey_k

    k, bands = survey_k(), survey_bands()
    qs = SurveyRound.objects.filter(coalition=coalition, status=RoundStatus.CLOSED).order_by(
        "-closed_at", "-id"
    )
    rounds = list(qs[:limit] if limit else qs)
    return [_closed(r, k, bands) for r in rounds if r.snapshot]


def latest_closed_round(*, coalition: Coalition) -> ClosedRound | None:
    """The most recently closed round's suppressed results, or ``None`` when none has closed."""
    rounds = closed_rounds(coalition=coalition, limit=1)
    return rounds[0] if rounds else None

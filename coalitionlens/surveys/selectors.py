"""Reads for surveys, each scoped to a coalition; and the snapshot frozen at a round's close.

A round's published results are read only through :mod:`.published`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.surveys import snapshot
from coalitionlens.surveys.models import Answer, Respondent, SurveyRound


def rounds_for(*, coalition: Coalition) -> QuerySet[SurveyRound]:
    """The coalition's rounds with the people invited and the responses submitted (submitted
    only: a new link, which discards what an earlier one saved, changes neither count)."""
    # Ordered here: an aggregate's GROUP BY drops the model's ordering, and a page or an API page
    # of rows in no order can repeat or skip a round.
    rounds = SurveyRound.objects.filter(coalition=coalition).order_by("-opens_on", "-id")
    return rounds.annotate(
        n_invited=Count(
            "respondents",
            filter=Q(
                respondents__withdrawn_at__isnull=True, respondents__earlier_link_of__isnull=True
            ),
            distinct=True,
        ),
        n_responses=Count(
            "responses", filter=Q(responses__submitted_at__isnull=False), distinct=True
        ),
    )


def respondents_to_remind(*, round: SurveyRound, invited_before: Any) -> list[Respondent]:
    """Who a reminder of ``round`` goes to: invited people with a live link and an e-mail address,
    invited before ``invited_before``, who have neither withdrawn nor submitted (through their own
    link, or through an earlier one whose submission a new link put out of reach).

    Read only by :func:`.services.reminders_send`, which e-mails them and shows nobody who they
    are or how many: whether a given person answered is never shown (docs/surveys.md).
    """
    submitted = Respondent.objects.filter(round=round).filter(
        Q(response__submitted_at__isnull=False)
        | Q(earlier_links__response__submitted_at__isnull=False)
    )
    return list(
        Respondent.objects.filter(
            round=round,
            earlier_link_of__isnull=True,
            withdrawn_at__isnull=True,
            token_hash__isnull=False,
            invited_at__lte=invited_before,
        )
        .exclude(email="")
        .exclude(pk__in=submitted.values("pk"))
        .select_related("organisation")
        .order_by("pk")
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
    """Every answer of the round as plain columns, in the format of :mod:`.snapshot`."""
    versions = {k: int(v) for k, v in round.instruments.items()}
    frame = snapshot.frame(versions)
    frame.setdefault("composites", {})
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

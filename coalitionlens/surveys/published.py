"""A round's published results: the one way in (SAFETY.md "Survey confidentiality").

:func:`published_results` is the only function that turns a closed round into figures; the results
page, reports, insights (facts, findings, comparison) and everything they export call it or
:func:`closed_rounds`, which is built on the same scoring. A test checks that no other module
scores a snapshot. What it returns holds only cells that passed suppression:

* only respondents who count towards k are scored (the roster rule, :mod:`.counting`);
* every closed round of the coalition is scored together, in the order they closed
  (:func:`.scoring.score_rounds`): a round is suppressed against everything earlier rounds
  published, so no cell differenced with one of an earlier round gives an answer away, and a
  round's published cells never change when a later one closes;
* every variant a page or report offers (the target table for coordinators and analysts, the
  sector and macro-sector matrices, factor and hopes tables, the comparison's figures) is a subset
  of the same suppressed cells, so no variant can be subtracted from another.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from coalitionlens.coalitions.models import Coalition
from coalitionlens.surveys.conf import survey_bands, survey_k
from coalitionlens.surveys.models import LeftOut, Respondent, RoundStatus, SurveyRound
from coalitionlens.surveys.scoring import ALL, Results, RoundData, score_rounds

__all__ = [
    "Counting",
    "PublishedRound",
    "closed_rounds",
    "latest_closed_round",
    "published_results",
    "round_counting",
]


@dataclass(frozen=True)
class PublishedRound:
    """A closed round's published results: only what passed suppression (see :mod:`.scoring`)."""

    pk: int
    title: str
    closed_at: dt.datetime | None
    instruments: dict[str, int]
    results: Results
    #: Organisation id → name, as at the close (for labelling published cells).
    names: dict[int, str]
    #: People invited who count towards k, per sector code and ``"ALL"`` (invitations, no answer).
    invited: dict[str, int]
    #: Suppressed response figures: (people who responded, share of those invited), each ``None``
    #: when hidden (fewer than k behind it, or it would give away a hidden cell).
    responded: int | None
    rate: float | None


def _published(round_: SurveyRound, results: Results) -> PublishedRound:
    snap = round_.snapshot
    orgs = snap.get("organisations") or {}
    sector_of = dict(zip(orgs.get("id", []), orgs.get("sector", []), strict=True))
    invited = snap.get("invited") or {}
    n = len(invited.get("respondent", []))
    counts = invited.get("counts", [False] * n)
    invitee = invited.get("invitee", [True] * n)
    people = [
        o
        for o, c, i in zip(invited.get("organisation", []), counts, invitee, strict=True)
        if c and i
    ]
    by_sector = {str(s): m for s, m in Counter(sector_of.get(o) for o in people).items()}
    by_sector[ALL] = len(people)
    total = results.table("response").get((ALL,))
    values = total.values if total is not None else None
    return PublishedRound(
        pk=round_.pk,
        title=round_.title,
        closed_at=round_.closed_at,
        instruments={str(c): int(v) for c, v in (round_.instruments or {}).items()},
        results=results,
        names=dict(zip(orgs.get("id", []), orgs.get("name", []), strict=True)),
        invited=by_sector,
        responded=None if values is None else int(values["responded"]),
        rate=None if values is None else float(values["rate"]),
    )


def _score_closed(rounds: list[SurveyRound]) -> list[PublishedRound]:
    """``rounds`` in the order they closed, scored together with the k and bands in force."""
    rounds = [r for r in rounds if r.snapshot]
    results = score_rounds(
        [RoundData.from_snapshot(r.snapshot) for r in rounds], k=survey_k(), bands=survey_bands()
    )
    return [_published(r, res) for r, res in zip(rounds, results, strict=True)]


def _closed_in_order(coalition_id: int) -> list[SurveyRound]:
    return list(
        SurveyRound.objects.filter(coalition_id=coalition_id, status=RoundStatus.CLOSED).order_by(
            "closed_at", "id"
        )
    )


def published_results(*, round: SurveyRound) -> PublishedRound | None:
    """The published results of one closed round, or ``None`` when it has not closed. One query.

    The round is scored with every round of its coalition that closed before it (see the module
    docstring), so its figures are the ones every other page and report shows for it.
    """
    if round.status != RoundStatus.CLOSED or not round.snapshot:
        return None
    rounds = _closed_in_order(round.coalition_id)
    upto = next((i for i, r in enumerate(rounds) if r.pk == round.pk), None)
    if upto is None:
        return None
    scored = _score_closed(rounds[: upto + 1])
    return scored[-1] if scored and scored[-1].pk == round.pk else None


def closed_rounds(
    *, coalition: Coalition, limit: int | None = None, as_of: dt.date | None = None
) -> list[PublishedRound]:
    """The coalition's closed rounds, the most recently closed first, as published results only;
    with ``as_of``, those closed on or before that day (a report for a past day).

    One query; the same figures as :func:`published_results` gives for each round.
    """
    rounds = _closed_in_order(coalition.pk)
    if as_of is not None:
        rounds = [r for r in rounds if closed_by(r.closed_at, as_of)]
    scored = _score_closed(rounds)[::-1]
    return scored[:limit] if limit else scored


def closed_by(closed_at: dt.datetime | None, as_of: dt.date) -> bool:
    """Whether a round closed at ``closed_at`` had closed by the end of ``as_of`` (the
    coalition's local day); a closed round with no recorded time counts as closed all along."""
    return closed_at is None or timezone.localdate(closed_at) <= as_of


def latest_closed_round(
    *, coalition: Coalition, as_of: dt.date | None = None
) -> PublishedRound | None:
    """The most recently closed round's published results (with ``as_of``, of the rounds closed
    by that day), or ``None`` when none has closed."""
    rounds = closed_rounds(coalition=coalition, limit=1, as_of=as_of)
    return rounds[0] if rounds else None


@dataclass(frozen=True)
class Counting:
    """How many respondents of a round count towards k, and how many were left out and why.
    Counts only; shown on the round page to every role."""

    decided: bool  # False while the round is a draft: it is decided when the round opens
    counted: int  # people
    organisations: int  # organisations those people answer for (k counts organisations)
    left_out: tuple[tuple[str, int], ...]  # (reason, people), every reason that applies

    @property
    def left_out_total(self) -> int:
        return sum(n for _reason, n in self.left_out)


def round_counting(*, round: SurveyRound) -> Counting:
    """Who counts towards k in ``round``: invitations, not answers (withdrawn people and rows
    holding an earlier link's submission are not invitations). One query."""
    rows = (
        Respondent.objects.filter(round=round, withdrawn_at__isnull=True)
        .filter(earlier_link_of__isnull=True)
        .values("counts", "left_out")
        .annotate(people=Count("id"), orgs=Count("organisation", distinct=True))
    )
    counted = organisations = 0
    left: Counter[str] = Counter()
    undecided = False
    for row in rows:
        if row["counts"] is None:
            undecided = True
        elif row["counts"]:
            counted += row["people"]
            organisations += row["orgs"]
        else:
            left[row["left_out"] or LeftOut.ADDED_AFTER_OPENING] += row["people"]
    labels = dict(LeftOut.choices)
    return Counting(
        decided=round.status != RoundStatus.DRAFT and not undecided,
        counted=counted,
        organisations=organisations,
        left_out=tuple((str(labels[code]), n) for code, n in sorted(left.items())),
    )

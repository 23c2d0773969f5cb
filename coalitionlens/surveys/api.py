"""The survey endpoints of the REST API: the rounds, a closed round's published results, and the
reminder a coordinator sends to those who have not submitted (its answer, like the page's, says
neither who they are nor how many).

The results are the results page's tables (:func:`coalitionlens.surveys.presenting.result_tables`,
built on :func:`coalitionlens.surveys.published.published_results`, the one way in): only cells that
passed suppression, a hidden one as ``null``, the per-organisation table only for roles the page
shows it to. No endpoint returns an individual answer, a respondent or a roster. Reading results is
audited, as on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.kit.api import (
    READ_PROBLEMS,
    WRITE_PROBLEMS,
    ApiError,
    Page,
    PageParams,
    etagged,
    idempotent,
    json_response,
    paginate,
)
from coalitionlens.surveys import presenting, published, selectors, services
from coalitionlens.surveys.conf import survey_k, survey_reminder_interval
from coalitionlens.surveys.forms import INSTRUMENT_LABELS
from coalitionlens.surveys.models import RoundStatus, SurveyRound

__all__ = ["router"]

router = Router(tags=["surveys"])

ROUNDS = "/coalitions/{slug}/surveys/rounds"


# --- rounds ---------------------------------------------------------------------------------


class Instrument(Schema):
    code: str
    version: int
    label: str


class RoundOut(Schema):
    id: int
    title: str
    status: Literal["draft", "open", "closed"]
    status_label: str
    opens_on: dt.date
    closes_on: dt.date
    instruments: list[Instrument]
    has_results: bool = Field(description="Closed: its published results can be read.")


class LeftOut(Schema):
    reason: str
    people: int


class CountingOut(Schema):
    """Who counts towards k (counts only, as the round page shows every role)."""

    decided: bool
    counted: int
    organisations: int
    left_out: list[LeftOut]


class RoundDetailOut(RoundOut):
    k: int = Field(description="The fewest organisations behind any published figure.")
    counting: CountingOut


def round_out(r: SurveyRound) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "opens_on": r.opens_on,
        "closes_on": r.closes_on,
        "instruments": [
            {"code": c, "version": int(v), "label": str(INSTRUMENT_LABELS.get(c, c))}
            for c, v in (r.instruments or {}).items()
        ],
        "has_results": r.status == RoundStatus.CLOSED,
    }


def _round(request: HttpRequest, slug: str, pk: int, perm: str) -> tuple[Scope, SurveyRound]:
    """The round in the caller's coalition (else 404), then the permission (as the pages do)."""
    scope = get_scope(request, slug)
    round_ = SurveyRound.objects.filter(coalition=scope.coalition, pk=pk).first()
    if round_ is None:
        raise Http404
    scope.require(perm, request)
    return scope, round_


# --- results --------------------------------------------------------------------------------


class Figure(Schema):
    """One published figure as the page writes it; ``text`` null when hidden."""

    text: str | None
    band: Literal["strength", "watch", "concern"] | None = None


class RateRow(Schema):
    label: str
    invited: int
    responded: int | None
    rate: Figure
    total: bool


class NetworkFigures(Schema):
    trust: Figure
    value: Figure
    level: Figure


class TrustValue(Schema):
    trust: Figure
    value: Figure


class MacroRow(Schema):
    label: str
    cells: list[TrustValue]


class SectorRow(Schema):
    label: str
    cells: list[Figure]


class Gap(Schema):
    a: str
    b: str
    a_trusts_b: str | None
    b_trusts_a: str | None
    gap: str | None


class TargetRow(Schema):
    name: str
    trust: Figure
    value: Figure
    level: Figure


class ReciprocityRow(Schema):
    label: str
    differ: Figure
    gap: Figure


class Relationship(Schema):
    network: NetworkFigures
    macro_heads: list[str]
    macro_matrix: list[MacroRow]
    sector_heads: list[str]
    sector_matrix: list[SectorRow]
    gaps: list[Gap]
    targets: list[TargetRow] = Field(
        description="How partners see each organisation; empty for roles the page hides it from."
    )
    reciprocity: list[ReciprocityRow]
    ties: list[tuple[str, str]] = Field(description="Pairs that work together; no scores, no side.")


class FactorRow(Schema):
    label: str
    tensions: str
    figures: list[Figure]
    gap: str | None


class Factors(Schema):
    heads: list[str]
    rows: list[FactorRow]


class HopeCell(Schema):
    share: Figure
    strength: Figure


class HopeRow(Schema):
    kind: Literal["hope", "fear"]
    label: str
    figures: list[HopeCell]


class HopeBlock(Schema):
    label: str
    rows: list[HopeRow]


class Hopes(Schema):
    heads: list[str]
    blocks: list[HopeBlock]


class ResultsOut(Schema):
    round: RoundOut
    k: int
    closed_at: dt.datetime | None
    organisations_responding: int | None
    bands: tuple[float, float]
    rates: list[RateRow]
    relationship: Relationship | None
    factors: Factors | None
    hopes: Hopes | None
    comments: list[str] = Field(description="Only when enough organisations wrote one.")


def _fig(f: presenting.Figure) -> dict[str, Any]:
    return {"text": f.text, "band": f.band}


def results_out(
    round_: SurveyRound, shown: published.PublishedRound, tables: dict[str, Any]
) -> dict[str, Any]:
    """The results page's tables (:func:`~.presenting.result_tables`) in the API's shape."""
    results = shown.results
    out: dict[str, Any] = {
        "round": round_out(round_),
        "k": survey_k(),
        "closed_at": shown.closed_at,
        "organisations_responding": results.organisations_responding,
        "bands": results.bands,
        "rates": [{**r, "rate": _fig(r["rate"])} for r in tables["rates"]],
        "relationship": None,
        "factors": None,
        "hopes": None,
        "comments": list(results.comments or ()),
    }
    if "rel" in tables:
        rel = tables["rel"]
        out["relationship"] = {
            "network": {k: _fig(rel["network"][k]) for k in ("trust", "value", "level")},
            "macro_heads": rel["macro_heads"],
            "macro_matrix": [
                {"label": label, "cells": [{"trust": _fig(t), "value": _fig(v)} for t, v in cells]}
                for label, cells in rel["macro_matrix"]
            ],
            "sector_heads": rel["sector_heads"],
            "sector_matrix": [
                {"label": label, "cells": [_fig(f) for f in cells]}
                for label, cells in rel["sector_matrix"]
            ],
            "gaps": [
                {
                    "a": g["a"],
                    "b": g["b"],
                    "a_trusts_b": g["ab"],
                    "b_trusts_a": g["ba"],
                    "gap": g["gap"],
                }
                for g in rel["gaps"]
            ],
            "targets": [
                {"name": t["name"], **{k: _fig(t[k]) for k in ("trust", "value", "level")}}
                for t in rel["targets"]
            ],
            "reciprocity": [
                {"label": r["label"], "differ": _fig(r["differ"]), "gap": _fig(r["gap"])}
                for r in tables["reciprocity"]
            ],
            "ties": tables["ties"],
        }
    if "factors" in tables:
        factors = tables["factors"]
        out["factors"] = {
            "heads": factors["heads"],
            "rows": [{**r, "figures": [_fig(f) for f in r["figures"]]} for r in factors["rows"]],
        }
    if "hopes" in tables:
        out["hopes"] = {
            "heads": tables["macro_heads"],
            "blocks": [
                {
                    "label": b["label"],
                    "rows": [
                        {
                            "kind": r["kind"],
                            "label": r["label"],
                            "figures": [
                                {"share": _fig(share), "strength": _fig(strength)}
                                for share, strength in r["figures"]
                            ],
                        }
                        for r in b["rows"]
                    ],
                }
                for b in tables["hopes"]
            ],
        }
    return out


# --- the routes -----------------------------------------------------------------------------


@router.get(
    ROUNDS,
    response={200: Page[RoundOut], 304: None, **READ_PROBLEMS},
    url_name="api_survey_round_list",
    summary="The coalition's survey rounds",
)
def round_list(request: HttpRequest, slug: str, paging: Query[PageParams]) -> HttpResponse:
    """The coalition's survey rounds, as the surveys page lists them."""
    scope = get_scope(request, slug)
    scope.require("cl.view_coalition", request)
    rounds = selectors.rounds_for(coalition=scope.coalition)
    return etagged(request, Page[RoundOut], paginate(request, rounds, paging, round_out))


@router.get(
    ROUNDS + "/{pk}",
    response={200: RoundDetailOut, 304: None, **READ_PROBLEMS},
    url_name="api_survey_round_detail",
    summary="One survey round",
)
def round_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One round, and how many respondents count towards k (counts only, as its page shows every
    role)."""
    _scope, round_ = _round(request, slug, pk, "cl.view_coalition")
    counting = published.round_counting(round=round_)
    body = {
        **round_out(round_),
        "k": survey_k(),
        "counting": {
            "decided": counting.decided,
            "counted": counting.counted,
            "organisations": counting.organisations,
            "left_out": [{"reason": r, "people": n} for r, n in counting.left_out],
        },
    }
    return etagged(request, RoundDetailOut, body)


@router.get(
    ROUNDS + "/{pk}/results",
    response={200: ResultsOut, 304: None, **READ_PROBLEMS},
    url_name="api_survey_round_results",
    summary="A closed round's published results",
)
def round_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A closed round's published results as its results page shows them to the caller's role: a
    figure from fewer than k organisations, or one that would give a hidden figure away, is null;
    no answer of any one respondent is ever returned. 404 while the round is not closed."""
    scope, round_ = _round(request, slug, pk, "cl.view_survey_results")
    shown = published.published_results(round=round_)
    if shown is None:
        raise Http404
    tables = presenting.result_tables(shown, show_targets=scope.can("cl.view_survey_targets"))
    services.results_viewed(request=request, scope=scope, round=round_, how="api")
    return etagged(request, ResultsOut, results_out(round_, shown, tables))


# --- reminders ------------------------------------------------------------------------------


class RemindedOut(Schema):
    """What a reminder answers, the same whoever has answered: when it went and when the next may
    go. Never who was reminded, nor how many."""

    round: int
    reminded_at: dt.datetime
    next_reminder_from: dt.datetime
    detail: str


def reminded_out(round_: SurveyRound) -> dict[str, Any]:
    assert round_.reminded_at is not None
    return {
        "round": round_.pk,
        "reminded_at": round_.reminded_at,
        "next_reminder_from": round_.reminded_at + survey_reminder_interval(),
        "detail": _(
            "Reminders were e-mailed to the people invited by e-mail who have not submitted. "
            "Who they are, and how many, is not shown."
        ),
    }


#: A refused reminder's status by the service's code: a state of the round the caller can wait
#: out (409), or a mail server that is down (503).
_REMINDER_REFUSALS = {"too_soon": 409, "not_open": 409, "mail_unreachable": 503}


@router.post(
    ROUNDS + "/{pk}/reminders",
    response={200: RemindedOut, **WRITE_PROBLEMS},
    url_name="api_survey_round_remind",
    summary="E-mail a reminder to those who have not submitted",
)
def round_remind(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """E-mail a reminder of an open round to each person invited by e-mail who has not submitted
    (nor withdrawn), as the round page's button does (services.reminders_send). The answer is the
    same whoever has answered: it names nobody and counts nobody. At most once per
    ``COALITIONLENS_SURVEY_REMINDER_HOURS``: sooner, or a round that is not open, answers 409 saying
    why; a mail server that cannot be reached, 503. Coordinators only."""
    _scope, round_ = _round(request, slug, pk, "cl.manage_surveys")

    def run() -> HttpResponse:
        try:
            reminded = services.reminders_send(round=round_, actor=request.user, request=request)
        except ValidationError as exc:
            status = _REMINDER_REFUSALS.get(str(exc.code), 422)
            raise ApiError(status, " ".join(exc.messages)) from None
        return json_response(RemindedOut, reminded_out(reminded))

    def replay(_location: str) -> HttpResponse:
        round_.refresh_from_db()
        return json_response(RemindedOut, reminded_out(round_))

    return idempotent(request, run, replay=replay)

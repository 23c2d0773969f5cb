"""The tension and strategy endpoints of the REST API: read, create and change, as the pages do.

Reads use the same scoped queries as the list and detail pages (the :data:`~.views.TENSIONS` and
:data:`~.views.STRATEGIES` resources), with the same permissions and the same field rule (a strategy's
tensions only for roles that may see tensions). Writes are validated by the pages' forms (so a party
or a tension of another coalition is refused, whatever id is sent) and saved by the same services
(:mod:`coalitionlens.tensions.services`: one transaction, audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.coalitions import vocab
from coalitionlens.kit.api import (
    READ_PROBLEMS,
    WRITE_PROBLEMS,
    Page,
    PageParams,
    etagged,
    idempotent,
    json_response,
    paginate,
    submit,
)
from coalitionlens.kit.crud import Resource, resource_current
from coalitionlens.tensions.models import Strategy, Tension
from coalitionlens.tensions.views import STRATEGIES, TENSIONS

__all__ = ["router"]

router = Router(tags=["tensions"])

#: A record's id as the databases store it (a larger number is no id: 422, not an overflow).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


# --- schemas --------------------------------------------------------------------------------


class Coded(Schema):
    code: str
    label: str


class Ref(Schema):
    id: int
    name: str


class TitleRef(Schema):
    id: int
    title: str


class TensionOut(Schema):
    id: int
    title: str
    level: Coded
    category: Coded
    parties: list[Ref]
    status: Coded
    observed_on: dt.date
    resolved_on: dt.date | None
    description: str
    strategies: list[TitleRef] = Field(description="The strategies addressing it.")


class TensionIn(Schema):
    title: str = Field(max_length=200)
    level: vocab.TensionLevel
    category: vocab.TensionCategory
    parties: list[Id] = Field([], description="Ids of the organisations party to it.")
    status: vocab.TensionStatus = vocab.TensionStatus.OPEN
    observed_on: dt.date
    resolved_on: dt.date | None = None
    description: str = ""


class TensionPatch(Schema):
    """Only the fields sent are changed."""

    title: str | None = Field(None, max_length=200)
    level: vocab.TensionLevel | None = None
    category: vocab.TensionCategory | None = None
    parties: list[Id] | None = None
    status: vocab.TensionStatus | None = None
    observed_on: dt.date | None = None
    resolved_on: dt.date | None = None
    description: str | None = None


class StrategyOut(Schema):
    id: int
    title: str
    category: Coded
    status: Coded
    adopted_on: dt.date | None
    owner: Ref | None = Field(description="The organisation that leads the plan.")
    review_on: dt.date | None = Field(description="When the plan is next reviewed.")
    description: str
    tensions: list[TitleRef] | None = Field(
        description="The tensions it addresses; null for roles that may not see tensions."
    )


class StrategyIn(Schema):
    title: str = Field(max_length=200)
    category: vocab.StrategyCategory
    status: vocab.StrategyStatus = vocab.StrategyStatus.ACTIVE
    adopted_on: dt.date | None = None
    owner: Id | None = Field(None, description="Id of the organisation that leads the plan.")
    review_on: dt.date | None = None
    tensions: list[Id] = Field([], description="Ids of the tensions it addresses.")
    description: str = ""


class StrategyPatch(Schema):
    """Only the fields sent are changed."""

    title: str | None = Field(None, max_length=200)
    category: vocab.StrategyCategory | None = None
    status: vocab.StrategyStatus | None = None
    adopted_on: dt.date | None = None
    owner: Id | None = None
    review_on: dt.date | None = None
    tensions: list[Id] | None = None
    description: str | None = None


def _coded(obj: models.Model, name: str) -> dict[str, str]:
    return {"code": getattr(obj, name), "label": str(getattr(obj, f"get_{name}_display")())}


def tension_out(t: Tension) -> dict[str, Any]:
    return {
        "id": t.pk,
        "title": t.title,
        "level": _coded(t, "level"),
        "category": _coded(t, "category"),
        "parties": [{"id": o.pk, "name": o.name} for o in t.parties.all()],
        "status": _coded(t, "status"),
        "observed_on": t.observed_on,
        "resolved_on": t.resolved_on,
        "description": t.description,
        "strategies": [{"id": s.pk, "title": s.title} for s in t.strategies.all()],
    }


def strategy_out(s: Strategy, scope: Scope) -> dict[str, Any]:
    shows_tensions = "tensions" in STRATEGIES.visible_fields(scope)
    return {
        "id": s.pk,
        "title": s.title,
        "category": _coded(s, "category"),
        "status": _coded(s, "status"),
        "adopted_on": s.adopted_on,
        "owner": {"id": s.owner.pk, "name": s.owner.name} if s.owner else None,
        "review_on": s.review_on,
        "description": s.description,
        "tensions": (
            [{"id": t.pk, "title": t.title} for t in s.tensions.all()] if shows_tensions else None
        ),
    }


# --- reading and writing through the pages' resources ---------------------------------------


def _scope(request: HttpRequest, slug: str) -> Scope:
    return get_scope(request, slug)


def _get(resource: Resource, scope: Scope, pk: int) -> Any:
    """The record as its detail page finds it: in the caller's coalition, else 404."""
    obj = resource.objects(scope).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _created_at(location: str) -> int:
    """The id a write's ``Location`` (``…/tensions/<id>``) names."""
    return int(location.rstrip("/").rsplit("/", 1)[-1])


def _create(
    request: HttpRequest,
    scope: Scope,
    resource: Resource,
    sent: dict[str, Any],
    schema: type[Schema],
    present: Callable[[int], dict[str, Any] | None],
) -> HttpResponse:
    """Create through the page's form and service (:func:`~coalitionlens.kit.api.submit`), once
    per ``Idempotency-Key``: 201 with the new
    record and its ``Location``; a resend with the same key answers the same record again."""

    def run() -> HttpResponse:
        obj = submit(resource, scope, request, sent)
        response = json_response(schema, present(obj.pk), status=201)
        response["Location"] = f"{request.path.rstrip('/')}/{obj.pk}"
        return response

    def replay(location: str) -> HttpResponse:
        shown = present(_created_at(location))
        if shown is None:  # deleted since
            raise Http404
        return json_response(schema, shown, status=201)

    return idempotent(request, run, replay=replay)


def _change(
    request: HttpRequest,
    scope: Scope,
    resource: Resource,
    instance: models.Model,
    sent: dict[str, Any],
    schema: type[Schema],
    present: Callable[[int], dict[str, Any] | None],
) -> HttpResponse:
    """Change through the page's form and service, starting from the record's values, once per
    ``Idempotency-Key``."""

    def run() -> HttpResponse:
        data = resource_current(resource, scope, instance) | sent
        submit(resource, scope, request, data, instance=instance)
        return json_response(schema, present(instance.pk))

    def replay(location: str) -> HttpResponse:
        return json_response(schema, present(instance.pk))

    return idempotent(request, run, replay=replay)


def _tensions(scope: Scope) -> Any:
    return TENSIONS.rows(scope, {}).prefetch_related("strategies")


def _strategies(scope: Scope) -> Any:
    return STRATEGIES.rows(scope, {}).prefetch_related("tensions")


def _one_tension(scope: Scope) -> Callable[[int], dict[str, Any] | None]:
    def present(pk: int) -> dict[str, Any] | None:
        tension = _tensions(scope).filter(pk=pk).first()
        return None if tension is None else tension_out(tension)

    return present


def _one_strategy(scope: Scope) -> Callable[[int], dict[str, Any] | None]:
    def present(pk: int) -> dict[str, Any] | None:
        strategy = _strategies(scope).filter(pk=pk).first()
        return None if strategy is None else strategy_out(strategy, scope)

    return present


# --- tensions -------------------------------------------------------------------------------

TENSIONS_PATH = "/coalitions/{slug}/tensions"


@router.get(
    TENSIONS_PATH,
    response={200: Page[TensionOut], 304: None, **READ_PROBLEMS},
    url_name="api_tension_list",
    summary="The coalition's tensions",
)
def tension_list(request: HttpRequest, slug: str, paging: Query[PageParams]) -> HttpResponse:
    """The coalition's tensions, as the tensions page lists them (latest observed first;
    coordinators and analysts)."""
    scope = _scope(request, slug)
    scope.require(TENSIONS.view_perm, request)
    page = paginate(request, _tensions(scope), paging, tension_out)
    return etagged(request, Page[TensionOut], page)


@router.get(
    TENSIONS_PATH + "/{pk}",
    response={200: TensionOut, 304: None, **READ_PROBLEMS},
    url_name="api_tension_detail",
    summary="One tension",
)
def tension_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One tension, with its parties and the strategies addressing it."""
    scope = _scope(request, slug)
    tension = _get(TENSIONS, scope, pk)
    scope.require(TENSIONS.view_perm, request)
    return etagged(request, TensionOut, _one_tension(scope)(tension.pk))


@router.post(
    TENSIONS_PATH,
    response={201: TensionOut, **WRITE_PROBLEMS},
    url_name="api_tension_create",
    summary="Record a tension",
)
def tension_create(request: HttpRequest, slug: str, payload: TensionIn) -> HttpResponse:
    """Record a tension (coordinators), validated and audited as the tension form. Send an
    ``Idempotency-Key`` header to make a resend safe: it answers the tension it created."""
    scope = _scope(request, slug)
    scope.require(TENSIONS.edit_perm, request)
    sent = payload.model_dump()
    return _create(request, scope, TENSIONS, sent, TensionOut, _one_tension(scope))


@router.patch(
    TENSIONS_PATH + "/{pk}",
    response={200: TensionOut, **WRITE_PROBLEMS},
    url_name="api_tension_update",
    summary="Change a tension",
)
def tension_update(request: HttpRequest, slug: str, pk: int, payload: TensionPatch) -> HttpResponse:
    """Change a tension (coordinators): only the fields sent, validated and audited as the form."""
    scope = _scope(request, slug)
    tension = _get(TENSIONS, scope, pk)
    scope.require(TENSIONS.edit_perm, request)
    sent = payload.model_dump(exclude_unset=True)
    return _change(request, scope, TENSIONS, tension, sent, TensionOut, _one_tension(scope))


# --- strategies -----------------------------------------------------------------------------

STRATEGIES_PATH = "/coalitions/{slug}/strategies"


@router.get(
    STRATEGIES_PATH,
    response={200: Page[StrategyOut], 304: None, **READ_PROBLEMS},
    url_name="api_strategy_list",
    summary="The coalition's strategies",
)
def strategy_list(request: HttpRequest, slug: str, paging: Query[PageParams]) -> HttpResponse:
    """The coalition's strategies, as the strategies page lists them (latest adopted first)."""
    scope = _scope(request, slug)
    scope.require(STRATEGIES.view_perm, request)
    page = paginate(request, _strategies(scope), paging, lambda s: strategy_out(s, scope))
    return etagged(request, Page[StrategyOut], page)


@router.get(
    STRATEGIES_PATH + "/{pk}",
    response={200: StrategyOut, 304: None, **READ_PROBLEMS},
    url_name="api_strategy_detail",
    summary="One strategy",
)
def strategy_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One strategy, with the tensions it addresses for roles that may see tensions."""
    scope = _scope(request, slug)
    strategy = _get(STRATEGIES, scope, pk)
    scope.require(STRATEGIES.view_perm, request)
    return etagged(request, StrategyOut, _one_strategy(scope)(strategy.pk))


@router.post(
    STRATEGIES_PATH,
    response={201: StrategyOut, **WRITE_PROBLEMS},
    url_name="api_strategy_create",
    summary="Adopt a strategy",
)
def strategy_create(request: HttpRequest, slug: str, payload: StrategyIn) -> HttpResponse:
    """Adopt a strategy (coordinators), validated and audited as the strategy form. Send an
    ``Idempotency-Key`` header to make a resend safe: it answers the strategy it created."""
    scope = _scope(request, slug)
    scope.require(STRATEGIES.edit_perm, request)
    sent = payload.model_dump()
    return _create(request, scope, STRATEGIES, sent, StrategyOut, _one_strategy(scope))


@router.patch(
    STRATEGIES_PATH + "/{pk}",
    response={200: StrategyOut, **WRITE_PROBLEMS},
    url_name="api_strategy_update",
    summary="Change a strategy",
)
def strategy_update(
    request: HttpRequest, slug: str, pk: int, payload: StrategyPatch
) -> HttpResponse:
    """Change a strategy (coordinators): only the fields sent, validated and audited as the form."""
    scope = _scope(request, slug)
    strategy = _get(STRATEGIES, scope, pk)
    scope.require(STRATEGIES.edit_perm, request)
    sent = payload.model_dump(exclude_unset=True)
    return _change(request, scope, STRATEGIES, strategy, sent, StrategyOut, _one_strategy(scope))

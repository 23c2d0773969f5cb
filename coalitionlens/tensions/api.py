"""The tension and strategy endpoints of the REST API: read, create and change, as the pages do.

Reads use the same scoped queries as the list and detail pages (the :data:`~.views.TENSIONS` and
:data:`~.views.STRATEGIES` resources), with the same permissions and the same field rule (a strategy's
tensions only for roles that may see tensions). Writes are validated by the pages' forms (so a party
or a tension of another coalition is refused, whatever id is sent) and saved by the same services
(:mod:`coalitionlens.tensions.services`: one transaction, audited).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import ValidationError as RequestInvalid
from pydantic import Field

from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.coalitions import vocab
from coalitionlens.kit.api_shim import (
    READ_PROBLEMS,
    WRITE_PROBLEMS,
    Paging,
    page_of,
    paginate,
    read,
)
from coalitionlens.kit.crud import Resource
from coalitionlens.tensions.models import Strategy, Tension
from coalitionlens.tensions.views import STRATEGIES, TENSIONS

__all__ = ["router"]

router = Router(tags=["tensions"])


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
    parties: list[int] = Field([], description="Ids of the organisations party to it.")
    status: vocab.TensionStatus = vocab.TensionStatus.OPEN
    observed_on: dt.date
    resolved_on: dt.date | None = None
    description: str = ""


class TensionPatch(Schema):
    """Only the fields sent are changed."""

    title: str | None = Field(None, max_length=200)
    level: vocab.TensionLevel | None = None
    category: vocab.TensionCategory | None = None
    parties: list[int] | None = None
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
    description: str
    tensions: list[TitleRef] | None = Field(
        description="The tensions it addresses; null for roles that may not see tensions."
    )


class StrategyIn(Schema):
    title: str = Field(max_length=200)
    category: vocab.StrategyCategory
    status: vocab.StrategyStatus = vocab.StrategyStatus.ACTIVE
    adopted_on: dt.date | None = None
    tensions: list[int] = Field([], description="Ids of the tensions it addresses.")
    description: str = ""


class StrategyPatch(Schema):
    """Only the fields sent are changed."""

    title: str | None = Field(None, max_length=200)
    category: vocab.StrategyCategory | None = None
    status: vocab.StrategyStatus | None = None
    adopted_on: dt.date | None = None
    tensions: list[int] | None = None
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


def _invalid(errors: dict[str, list[str]]) -> RequestInvalid:
    """The form's or the model's errors, each at the field of the body it is about."""
    return RequestInvalid(
        [
            {
                "type": "value_error",
                "loc": ["body", "payload", *([name] if name != "__all__" else [])],
                "msg": msg,
            }
            for name, messages in errors.items()
            for msg in messages
        ]
    )


def _form_data(
    form_cls: type, instance: models.Model | None, sent: dict[str, Any]
) -> dict[str, Any]:
    """What the page's form would be sent: the record's current values (when changing it), then
    the fields the caller sent, as the form reads them."""
    fields = form_cls._meta.fields  # type: ignore[attr-defined]
    data = model_to_dict(instance, fields=fields) if instance is not None else {}
    data.update(sent)
    return {name: _as_sent(value) for name, value in data.items()}


def _as_sent(value: Any) -> Any:
    """A value as a browser would send it in the form."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v.pk if isinstance(v, models.Model) else v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write(
    request: HttpRequest,
    scope: Scope,
    resource: Resource,
    instance: models.Model | None,
    sent: dict[str, Any],
) -> Any:
    """Validate with the page's form and save as the page does (the resource's ``save``: the
    service, audited); a refusal names the field."""
    form = resource.form(
        data=_form_data(resource.form, instance, sent), instance=instance, coalition=scope.coalition
    )
    if not form.is_valid():
        raise _invalid({k: list(v) for k, v in form.errors.items()})
    try:
        return resource.save(scope, form, request)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise _invalid(errors) from exc


def _tensions(scope: Scope) -> Any:
    return TENSIONS.rows(scope, {}).prefetch_related("strategies")


def _strategies(scope: Scope) -> Any:
    return STRATEGIES.rows(scope, {}).prefetch_related("tensions")


# --- tensions -------------------------------------------------------------------------------

TENSIONS_PATH = "/coalitions/{slug}/tensions"


@router.get(TENSIONS_PATH, response={200: page_of(TensionOut), **READ_PROBLEMS})
def tension_list(request: HttpRequest, slug: str, paging: Query[Paging]) -> Any:
    """The coalition's tensions, as the tensions page lists them (latest observed first)."""
    scope = _scope(request, slug)
    scope.require(TENSIONS.view_perm, request)
    page = paginate(request, _tensions(scope), paging)
    page["results"] = [tension_out(t) for t in page["results"]]
    return read(request, page)


@router.get(TENSIONS_PATH + "/{pk}", response={200: TensionOut, **READ_PROBLEMS})
def tension_detail(request: HttpRequest, slug: str, pk: int) -> Any:
    """One tension, with its parties and the strategies addressing it."""
    scope = _scope(request, slug)
    tension = _get(TENSIONS, scope, pk)
    scope.require(TENSIONS.view_perm, request)
    return read(request, tension_out(_tensions(scope).get(pk=tension.pk)))


@router.post(TENSIONS_PATH, response={201: TensionOut, **WRITE_PROBLEMS})
def tension_create(request: HttpRequest, slug: str, payload: TensionIn) -> Any:
    """Record a tension (coordinators). Send an ``Idempotency-Key`` header to make a resend safe."""
    scope = _scope(request, slug)
    scope.require(TENSIONS.edit_perm, request)
    tension = _write(request, scope, TENSIONS, None, payload.model_dump(mode="json"))
    return Status(201, tension_out(_tensions(scope).get(pk=tension.pk)))


@router.patch(TENSIONS_PATH + "/{pk}", response={200: TensionOut, **WRITE_PROBLEMS})
def tension_update(request: HttpRequest, slug: str, pk: int, payload: TensionPatch) -> Any:
    """Change a tension (coordinators): only the fields sent."""
    scope = _scope(request, slug)
    tension = _get(TENSIONS, scope, pk)
    scope.require(TENSIONS.edit_perm, request)
    sent = payload.model_dump(mode="json", exclude_unset=True)
    _write(request, scope, TENSIONS, tension, sent)
    return Status(200, tension_out(_tensions(scope).get(pk=tension.pk)))


# --- strategies -----------------------------------------------------------------------------

STRATEGIES_PATH = "/coalitions/{slug}/strategies"


@router.get(STRATEGIES_PATH, response={200: page_of(StrategyOut), **READ_PROBLEMS})
def strategy_list(request: HttpRequest, slug: str, paging: Query[Paging]) -> Any:
    """The coalition's strategies, as the strategies page lists them (latest adopted first)."""
    scope = _scope(request, slug)
    scope.require(STRATEGIES.view_perm, request)
    page = paginate(request, _strategies(scope), paging)
    page["results"] = [strategy_out(s, scope) for s in page["results"]]
    return read(request, page)


@router.get(STRATEGIES_PATH + "/{pk}", response={200: StrategyOut, **READ_PROBLEMS})
def strategy_detail(request: HttpRequest, slug: str, pk: int) -> Any:
    """One strategy, with the tensions it addresses for roles that may see tensions."""
    scope = _scope(request, slug)
    strategy = _get(STRATEGIES, scope, pk)
    scope.require(STRATEGIES.view_perm, request)
    return read(request, strategy_out(_strategies(scope).get(pk=strategy.pk), scope))


@router.post(STRATEGIES_PATH, response={201: StrategyOut, **WRITE_PROBLEMS})
def strategy_create(request: HttpRequest, slug: str, payload: StrategyIn) -> Any:
    """Adopt a strategy (coordinators). Send an ``Idempotency-Key`` header to make a resend safe."""
    scope = _scope(request, slug)
    scope.require(STRATEGIES.edit_perm, request)
    sent = payload.model_dump(mode="json")
    strategy = _write(request, scope, STRATEGIES, None, sent)
    return Status(201, strategy_out(_strategies(scope).get(pk=strategy.pk), scope))


@router.patch(STRATEGIES_PATH + "/{pk}", response={200: StrategyOut, **WRITE_PROBLEMS})
def strategy_update(request: HttpRequest, slug: str, pk: int, payload: StrategyPatch) -> Any:
    """Change a strategy (coordinators): only the fields sent."""
    scope = _scope(request, slug)
    strategy = _get(STRATEGIES, scope, pk)
    scope.require(STRATEGIES.edit_perm, request)
    sent = payload.model_dump(mode="json", exclude_unset=True)
    _write(request, scope, STRATEGIES, strategy, sent)
    return Status(200, strategy_out(_strategies(scope).get(pk=strategy.pk), scope))

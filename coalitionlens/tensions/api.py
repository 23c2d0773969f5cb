"""The tension and strategy endpoints of the REST API: read, create and change, as the pages do.

Both are the pages' own scoped CRUD resources (:data:`~.views.TENSIONS`, :data:`~.views.STRATEGIES`)
served by :func:`coalitionlens.kit.api.resource_routes`, as the directory's are: the same scoped
queries, the same permissions, the same field rule (a strategy's tensions only for roles that may
see tensions), and writes validated by the pages' forms (a party or a tension of another coalition
is refused, whatever id is sent) and saved by the same services
(:mod:`coalitionlens.tensions.services`: one transaction, audited).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db import models
from ninja import Router, Schema
from pydantic import Field

from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.coalitions import vocab
from coalitionlens.kit.api import resource_routes
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


# --- routes ---------------------------------------------------------------------------------

resource_routes(
    router,
    TENSIONS,
    get_scope=get_scope,
    out=TensionOut,
    write=TensionIn,
    dump=lambda tension, scope: tension_out(tension),
)
resource_routes(
    router, STRATEGIES, get_scope=get_scope, out=StrategyOut, write=StrategyIn, dump=strategy_out
)

"""Tensions and strategies a coordinator records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coalitionlens.kit.crud import Column, Resource
from coalitionlens.kit.scoping import Scope
from coalitionlens.tensions import selectors, services
from coalitionlens.tensions.forms import StrategyActionForm, StrategyForm, TensionForm
from coalitionlens.tensions.models import Strategy, StrategyAction, Tension
from coalitionlens.tensions.services import strategy_save, tension_save


def _save_tension(scope: Scope, form: Any, request: HttpRequest) -> Tension:
    return tension_save(
        tension=form.save(commit=False),
        parties=list(form.cleaned_data["parties"]),
        actor=request.user,
        request=request,
    )


def _save_strategy(scope: Scope, form: Any, request: HttpRequest) -> Strategy:
    return strategy_save(
        strategy=form.save(commit=False),
        tensions=list(form.cleaned_data["tensions"]),
        actor=request.user,
        request=request,
    )


TENSIONS = Resource(
    noun="tension",
    plural="tensions",
    title=_("Tensions"),
    model=Tension,
    form=TensionForm,
    view_perm="cl.view_tensions",
    edit_perm="cl.edit_tensions",
    save=_save_tension,
    # The strategies too: the REST API's record lists them (one query for the page, not one a row).
    rows=lambda scope, p: Tension.objects.filter(coalition=scope.coalition).prefetch_related(
        "parties", "strategies"
    ),
    columns=[
        Column(_("Observed"), "observed_on", nowrap=True),
        Column(_("Title"), "title", link=True),
        Column(_("Level"), "get_level_display"),
        Column(_("Category"), "get_category_display"),
        Column(_("Parties"), "parties"),
        Column(_("Status"), "get_status_display"),
    ],
    detail_fields=[
        "title",
        "level",
        "category",
        "parties",
        "status",
        "observed_on",
        "resolved_on",
        "description",
        "strategies",
    ],
    labels={"strategies": _("Strategies addressing it")},
)


def _plan_context(strategy: Strategy, scope: Scope) -> dict[str, Any]:
    """The plan: its actions, and — for roles that read tensions, as the diagnostics page does —
    the findings it answers with their measures at adoption and now."""
    return {
        "actions": selectors.plan_actions(strategy),
        "today": dt.date.today(),
        "findings": (
            selectors.plan_findings(strategy, scope.role) if scope.can("cl.view_tensions") else []
        ),
    }


STRATEGIES = Resource(
    noun="strategy",
    plural="strategies",
    title=_("Strategies"),
    model=Strategy,
    form=StrategyForm,
    edit_perm="cl.edit_tensions",
    save=_save_strategy,
    rows=lambda scope, p: (
        Strategy.objects.filter(coalition=scope.coalition)
        .select_related("owner")
        .prefetch_related("tensions")
    ),
    columns=[
        Column(_("Adopted"), "adopted_on", nowrap=True),
        Column(_("Title"), "title", link=True),
        Column(_("Category"), "get_category_display"),
        Column(_("Owner"), "owner"),
        Column(_("Review"), "review_on", nowrap=True),
        Column(_("Status"), "get_status_display"),
    ],
    field_perms={"tensions": "cl.view_tensions"},
    detail_template="tensions/strategy_detail.html",
    extra_context=_plan_context,
)


def _action_save(scope: Scope, form: Any, request: HttpRequest) -> StrategyAction:
    d = form.cleaned_data
    return services.action_save(
        coalition=scope.coalition,
        strategy=d["strategy"],
        text=d["text"],
        due_on=d["due_on"],
        status=d["status"],
        done_on=d.get("done_on"),
        instance=form.instance if form.instance.pk else None,
        actor=request.user,
        request=request,
    )


def _action_delete(obj: Any, request: HttpRequest) -> None:
    services.action_delete(action=obj, actor=request.user, request=request)


ACTIONS = Resource(
    noun="action",
    plural="actions",
    title=_("Actions"),
    model=StrategyAction,
    form=StrategyActionForm,
    edit_perm="cl.edit_tensions",
    rows=lambda scope, p: StrategyAction.objects.filter(coalition=scope.coalition).select_related(
        "strategy"
    ),
    columns=[
        Column(_("Due"), "due_on", nowrap=True),
        Column(_("Action"), "text", link=True),
        Column(_("Strategy"), "strategy"),
        Column(_("Status"), "get_status_display"),
        Column(_("Done on"), "done_on", nowrap=True),
    ],
    save=_action_save,
    delete=_action_delete,
    initial_from_query=["strategy"],
)

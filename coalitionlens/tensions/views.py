"""Tensions and strategies a coordinator records."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coalitionlens.kit.crud import Column, Resource
from coalitionlens.kit.scoping import Scope
from coalitionlens.tensions.forms import StrategyForm, TensionForm
from coalitionlens.tensions.models import Strategy, Tension
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
    rows=lambda scope, p: Tension.objects.filter(coalition=scope.coalition).prefetch_related(
        "parties"
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

STRATEGIES = Resource(
    noun="strategy",
    plural="strategies",
    title=_("Strategies"),
    model=Strategy,
    form=StrategyForm,
    edit_perm="cl.edit_tensions",
    save=_save_strategy,
    rows=lambda scope, p: Strategy.objects.filter(coalition=scope.coalition),
    columns=[
        Column(_("Adopted"), "adopted_on", nowrap=True),
        Column(_("Title"), "title", link=True),
        Column(_("Category"), "get_category_display"),
        Column(_("Status"), "get_status_display"),
    ],
    field_perms={"tensions": "cl.view_tensions"},
)

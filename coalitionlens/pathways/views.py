"""Pathway pages: services and referral ties (scoped CRUD), the pathway view, the coverage matrix.

Everyone with a role in the coalition reads them, as they read the directory; coordinators write
them, and a member representative keeps their own organisation's services current (never creates or
deletes one), as on the organisation's own page.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.coalitions.vocab import Role
from coalitionlens.kit.crud import Column, Resource, coalition_rows
from coalitionlens.pathways import selectors, vocab
from coalitionlens.pathways.coverage_table import coverage_table
from coalitionlens.pathways.filters import PathwayFilter, ServiceFilter
from coalitionlens.pathways.forms import ReferralTieForm, ServiceForm, SubStageForm
from coalitionlens.pathways.models import ReferralTie, Service, SubStage

VIEW_PERM = "cl.view_coalition"
EDIT_PERM = "cl.edit_directory"


def _represents(scope: Scope, service: Service) -> bool:
    """A member representative keeps their own organisation's services current."""
    return (
        scope.role == Role.MEMBER
        and CoalitionRole.objects.filter(
            user=scope.user, coalition=scope.coalition, organisation_id=service.organisation_id
        ).exists()
    )


#: A pathway record's five pages: read by everyone with a role in the coalition and written by
#: coordinators, as the pathway and coverage pages are.
_pathway_resource = partial(Resource, view_perm=VIEW_PERM, edit_perm=EDIT_PERM)

SERVICES = _pathway_resource(
    noun="service",
    plural="services",
    title=_("Services"),
    model=Service,
    form=ServiceForm,
    filters=ServiceFilter,
    rows=coalition_rows(
        selectors.service_list, "stage", "trafficking_type", "population", "province"
    ),
    columns=[
        Column(_("Service"), "name", link=True),
        Column(_("Organisation"), "organisation"),
        Column(_("Stage"), "get_stage_display"),
        Column(_("Capacity"), "get_capacity_display"),
    ],
    code_lists={
        "trafficking_types": vocab.TraffickingType,
        "populations": vocab.Population,
    },
    initial_from_query=["organisation", "stage"],
    may_edit_object=_represents,
)

REFERRALS = _pathway_resource(
    noun="referral",
    plural="referrals",
    title=_("Referral ties"),
    model=ReferralTie,
    form=ReferralTieForm,
    rows=coalition_rows(selectors.referral_list),
    columns=[
        Column(_("Refers from"), "from_service", link=True),
        Column(_("Refers to"), "to_service"),
        Column(_("Kind"), "get_kind_display"),
        Column(_("Since"), "since", nowrap=True),
    ],
    # An engagement's title may be confidential: only coordinators, who read every class, see
    # which engagement a tie rests on.
    field_perms={"engagement": "cl.edit_engagements"},
    initial_from_query=["from_service", "to_service"],
)

SUBSTAGES = _pathway_resource(
    noun="substage",
    plural="sub-stages",
    title=_("Sub-stages of the pathway"),
    model=SubStage,
    form=SubStageForm,
    rows=coalition_rows(selectors.substage_list),
    columns=[Column(_("Name"), "name", link=True), Column(_("Stage"), "get_stage_display")],
)

RESOURCES = [SERVICES, REFERRALS, SUBSTAGES]


def filters_of(request: HttpRequest, scope: Scope) -> tuple[PathwayFilter, dict[str, Any]]:
    """The filter form of the pathway pages and the parameters it yields (the exports use them)."""
    form = PathwayFilter(request.GET or None, coalition=scope.coalition)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, {k: params.get(k, "") for k in ("province", "trafficking_type", "population")}


@login_required
@require_GET
def pathway_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Stages as columns, organisations as nodes, referral ties between them; the table below the
    board is the page without JavaScript (and what a screen reader reads)."""
    scope = get_scope(request, slug)
    scope.require(VIEW_PERM, request)
    form, params = filters_of(request, scope)
    board = selectors.pathway_board(scope.coalition, **params)
    return render(
        request,
        "pathways/pathway.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "filters": form,
            "board": board,
            "by_province": selectors.by_province(scope.coalition),
            "can_edit": scope.can(EDIT_PERM),
        },
    )


@login_required
@require_GET
def coverage_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Trafficking type × population × stage in one province (or the whole country), with the
    gaps, the cells that hang on one provider and the providers with no tie to the stage before."""
    scope = get_scope(request, slug)
    scope.require(VIEW_PERM, request)
    form, params = filters_of(request, scope)
    table = coverage_table(scope.coalition, **params)
    return render(
        request,
        "pathways/coverage.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "filters": form,
            "table": table,
            "by_province": selectors.by_province(scope.coalition),
            "can_export": scope.can("cl.export"),
        },
    )

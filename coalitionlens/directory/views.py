"""Directory pages: organisations, memberships, partnerships, structure, sectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.coalitions import selectors, vocab
from coalitionlens.coalitions.models import (
    FocalPoint,
    Funding,
    GovernmentSeat,
    Membership,
    Observation,
    Organisation,
    Partnership,
    Sector,
    Unit,
    UnitMember,
)
from coalitionlens.directory import forms
from coalitionlens.directory.filters import TO_COALITION, FundingFilter, OrganisationFilter
from coalitionlens.directory.selectors import coalition_counts
from coalitionlens.engagements.selectors import engagements_for
from coalitionlens.insights.next_steps import next_steps
from coalitionlens.kit.audited import record_save
from coalitionlens.kit.crud import Column, Resource
from coalitionlens.pathways import selectors as pathway_selectors
from coalitionlens.pathways.selectors import service_list
from coalitionlens.tensions.selectors import actions_due


@login_required
@require_GET
def coalition_home(request: HttpRequest, slug: str) -> HttpResponse:
    scope = get_scope(request, slug)
    counts = coalition_counts(coalition=scope.coalition, role=scope.role)
    macro_labels = dict(vocab.MacroSector.choices)
    practice_labels = dict(vocab.PracticeType.choices)
    modes = counts["modes"]
    composition = [
        {
            "code": code,
            "label": macro_labels[code],
            "organisations": counts["organisations_by_macro"].get(code, 0),
            "members": modes.count(code, "MEMBERSHIP"),
            "partners": modes.count(code, "PARTNERSHIP"),
            "counterparts": modes.count(code, "ENGAGEMENT_PRACTICE"),
        }
        for code in vocab.MacroSector.values
    ]
    practices = [
        (practice_labels.get(code, code), n) for code, n in counts["engagements_by_practice"]
    ]
    return render(
        request,
        "coalitions/home.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "counts": counts,
            "composition": composition,
            "practices": practices,
            "actions_due": actions_due(scope.coalition),
            "role_label": vocab.Role(scope.role).label,
            "next": next_steps(scope),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def coalition_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator edits the coalition's profile."""
    scope = get_scope(request, slug)
    scope.require("cl.edit_directory", request)
    form = forms.CoalitionSettingsForm(request.POST or None, instance=scope.coalition)
    if request.method == "POST" and form.is_valid():
        try:
            record_save(instance=form.save(commit=False), actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved: %(obj)s") % {"obj": scope.coalition})
            return redirect("coalition_home", slug=slug)
    return render(
        request,
        "coalitions/settings.html",
        {"scope": scope, "coalition": scope.coalition, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def organisation_pick(request: HttpRequest, slug: str) -> HttpResponse:
    """Search-as-you-type for the organisation picker: up to 15 matches as options of a listbox."""
    scope = get_scope(request, slug)
    q = request.GET.get("q", "").strip()[:100]
    rows = selectors.organisation_list(coalition=scope.coalition, q=q)[:15] if q else []
    return render(request, "coalitions/_pick.html", {"rows": rows, "q": q})


def _organisation_context(org: Organisation, scope: Scope) -> dict[str, Any]:
    return {
        "memberships": org.memberships.all(),
        "partnerships": org.partnerships.all(),
        "unit_seats": org.unit_seats.select_related("unit"),
        "services": service_list(coalition=scope.coalition, organisation=org),
        "can_add_service": scope.can("cl.edit_directory"),
        # Personal data: the names reach the page for coordinators alone.
        "focal_points": (org.focal_points.all() if scope.can("cl.view_focal_points") else None),
        # Confidential: the flows reach the page for coordinators and analysts alone.
        "fundings_given": (
            selectors.funding_list(coalition=scope.coalition, role=scope.role, funder=org)
            if scope.can("cl.view_funding")
            else None
        ),
        "fundings_received": (
            selectors.funding_list(coalition=scope.coalition, role=scope.role, recipient=org)
            if scope.can("cl.view_funding")
            else None
        ),
        "engagements": engagements_for(
            coalition=scope.coalition, role=scope.role, organisation_id=org.pk
        )[:20],
    }


def _represents(scope: Scope, org: Organisation) -> bool:
    """A member representative keeps their own organisation's profile current."""
    return (
        scope.role == vocab.Role.MEMBER
        and CoalitionRole.objects.filter(
            user=scope.user, coalition=scope.coalition, organisation=org
        ).exists()
    )


def _unit_context(unit: Unit, scope: Scope) -> dict[str, Any]:
    return {"unit_members": unit.unit_members.select_related("organisation__sector")}


ORGANISATIONS = Resource(
    noun="organisation",
    plural="organisations",
    title=_("Organisations"),
    model=Organisation,
    form=forms.OrganisationForm,
    filters=OrganisationFilter,
    rows=lambda scope, p: selectors.organisation_list(
        coalition=scope.coalition,
        q=p.get("q", ""),
        sector=p.get("sector", ""),
        macro_sector=p.get("macro_sector", ""),
        province=p.get("province", ""),
    ),
    columns=[
        Column(_("Name"), "name", link=True),
        Column(_("Acronym"), "acronym"),
        Column(_("Sector"), "sector"),
        Column(_("Macro-sector"), "sector.get_macro_sector_display"),
        Column(_("City or province"), "city"),
        Column(_("Province"), "province"),
        Column(_("Staff"), "get_staff_band_display"),
        Column(_("Annual budget"), "get_budget_band_display"),
    ],
    detail_template="coalitions/organisation_detail.html",
    extra_context=_organisation_context,
    may_edit_object=_represents,
    list_extra=lambda scope: {
        "list_extra_template": "pathways/_by_province.html",
        "by_province": pathway_selectors.by_province(scope.coalition),
    },
)

MEMBERSHIPS = Resource(
    noun="membership",
    plural="memberships",
    title=_("Memberships"),
    model=Membership,
    form=forms.MembershipForm,
    rows=lambda scope, p: selectors.membership_list(coalition=scope.coalition),
    columns=[
        Column(_("Organisation"), "organisation", link=True),
        Column(_("Sector"), "organisation.sector"),
        Column(_("Tier"), "get_tier_display"),
        Column(_("Status"), "get_status_display"),
        Column(_("Joined"), "joined_on"),
        Column(_("Ended"), "ended_on"),
    ],
    initial_from_query=["organisation"],
)

PARTNERSHIPS = Resource(
    noun="partnership",
    plural="partnerships",
    title=_("Partnerships"),
    model=Partnership,
    form=forms.PartnershipForm,
    rows=lambda scope, p: selectors.partnership_list(coalition=scope.coalition),
    columns=[
        Column(_("Partner"), "organisation", link=True),
        Column(_("Sector"), "organisation.sector"),
        Column(_("Type"), "get_partnership_type_display"),
        Column(_("Formality"), "get_formality_display"),
        Column(_("Level"), "get_level_display"),
        Column(_("Started"), "started_on"),
    ],
    code_lists={"purposes": vocab.ActivityDomain},
    initial_from_query=["organisation"],
)


def _funding_rows(scope: Scope, p: dict[str, Any]) -> Any:
    recipient = p.get("recipient")
    return selectors.funding_list(
        coalition=scope.coalition,
        role=scope.role,
        funder=p.get("funder"),
        recipient=recipient if isinstance(recipient, Organisation) else None,
        to_coalition=recipient == TO_COALITION,
        band=p.get("band", ""),
        active_on=p.get("active_on"),
        sort=p.get("sort", ""),
    )


FUNDINGS = Resource(
    noun="funding",
    plural="fundings",
    title=_("Funding"),
    model=Funding,
    form=forms.FundingForm,
    filters=FundingFilter,
    # Confidential: funders, amounts and bands are read by coordinators and analysts alone, and
    # written by coordinators; members and viewers see aggregate shares only.
    view_perm="cl.view_funding",
    rows=_funding_rows,
    columns=[
        Column(_("Funder"), "funder", link=True),
        Column(_("Recipient"), "recipient_label"),
        Column(_("Amount a year"), "get_amount_band_display"),
        Column(_("Started"), "started_on", nowrap=True),
        Column(_("Ended"), "ended_on", nowrap=True),
    ],
    initial_from_query=["funder", "recipient", "partnership"],
)

UNITS = Resource(
    noun="unit",
    plural="units",
    title=_("Structural units"),
    model=Unit,
    form=forms.UnitForm,
    rows=lambda scope, p: selectors.unit_list(coalition=scope.coalition),
    columns=[
        Column(_("Name"), "name", link=True),
        Column(_("Kind"), "get_kind_display"),
        Column(_("Members"), "n_members"),
        Column(_("Established"), "established_on"),
    ],
    detail_template="coalitions/unit_detail.html",
    extra_context=_unit_context,
)

UNIT_MEMBERS = Resource(
    noun="unitmember",
    plural="unit-members",
    title=_("Unit members"),
    model=UnitMember,
    form=forms.UnitMemberForm,
    rows=lambda scope, p: UnitMember.objects.filter(coalition=scope.coalition).select_related(
        "unit", "organisation"
    ),
    columns=[
        Column(_("Organisation"), "organisation", link=True),
        Column(_("Unit"), "unit"),
        Column(_("Role"), "get_role_display"),
        Column(_("Since"), "since"),
    ],
    initial_from_query=["unit", "organisation"],
)

FOCAL_POINTS = Resource(
    noun="focalpoint",
    plural="focal-points",
    title=_("Focal points"),
    model=FocalPoint,
    form=forms.FocalPointForm,
    # Personal data: listed, read and written by coordinators alone.
    view_perm="cl.view_focal_points",
    edit_perm="cl.view_focal_points",
    rows=lambda scope, p: FocalPoint.objects.filter(coalition=scope.coalition).select_related(
        "organisation"
    ),
    columns=[
        Column(_("Name"), "name", link=True),
        Column(_("Organisation"), "organisation"),
        Column(_("Role or title"), "role_title"),
        Column(_("Since"), "since"),
        Column(_("Expected to leave on"), "expected_until"),
    ],
    initial_from_query=["organisation"],
)

SEATS = Resource(
    noun="seat",
    plural="seats",
    title=_("Seats on government bodies"),
    model=GovernmentSeat,
    form=forms.GovernmentSeatForm,
    rows=lambda scope, p: selectors.seat_list(coalition=scope.coalition),
    columns=[
        Column(_("Government body"), "body", link=True),
        Column(_("Held by"), "held_by"),
        Column(_("Kind of seat"), "get_kind_display"),
        Column(_("Since"), "since"),
        Column(_("Until"), "until"),
    ],
)

OBSERVATIONS = Resource(
    noun="observation",
    plural="observations",
    title=_("Observations over time"),
    model=Observation,
    form=forms.ObservationForm,
    rows=lambda scope, p: selectors.observation_list(coalition=scope.coalition),
    columns=[
        Column(_("What"), "get_kind_display", link=True),
        Column(_("Date"), "observed_on", nowrap=True),
        Column(_("Value"), "value"),
        Column(_("Currency"), "currency"),
    ],
)

SECTORS = Resource(
    noun="sector",
    plural="sectors",
    title=_("Sub-sectors added by this coalition"),
    model=Sector,
    form=forms.SubsectorForm,
    rows=lambda scope, p: Sector.objects.filter(coalition=scope.coalition).select_related("parent"),
    columns=[
        Column(_("Name"), "name", link=True),
        Column(_("Code"), "code"),
        Column(_("Sector"), "parent"),
        Column(_("Macro-sector"), "get_macro_sector_display"),
    ],
    detail_fields=["name", "code", "parent", "macro_sector"],
)

RESOURCES = [
    ORGANISATIONS,
    MEMBERSHIPS,
    PARTNERSHIPS,
    FUNDINGS,
    UNITS,
    UNIT_MEMBERS,
    FOCAL_POINTS,
    SEATS,
    OBSERVATIONS,
    SECTORS,
]

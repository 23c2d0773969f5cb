"""The REST API's directory: organisations, memberships, partnerships, fundings (read and write;
fundings for coordinators and analysts alone), units and seats (read), under
``/api/v1/coalitions/{slug}/``.

Each is the resource its pages declare (``directory/views.py``): the same rows, filters, form and
save, so an API client reads what the list page lists and writes what the form would accept, audited
as the form's save is (:func:`coalitionlens.kit.api.resource_routes`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Router, Schema

from coalitionlens.accounts.scoping import get_scope
from coalitionlens.coalitions import vocab
from coalitionlens.directory import views
from coalitionlens.kit.api import resource_routes

__all__ = ["router"]

router = Router(tags=["directory"])


class OrganisationOut(Schema):
    id: int
    name: str
    acronym: str
    sector: int = Field(..., alias="sector_id")
    sector_code: str = Field(..., alias="sector.code")
    macro_sector: str = Field(..., alias="sector.macro_sector")
    subsector: int | None = Field(None, alias="subsector_id")
    faith_based: bool
    survivor_led: bool
    scale: str
    origin: str
    at_risk: bool
    staff_band: str
    budget_band: str
    city: str
    province: str
    district: str
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime


class OrganisationIn(Schema):
    """An organisation as its form takes it (``sector`` and ``subsector`` by id)."""

    name: str = Field(..., max_length=200)
    acronym: str = Field("", max_length=30)
    sector: int
    subsector: int | None = None
    faith_based: bool = False
    survivor_led: bool = False
    scale: vocab.Scale = vocab.Scale.NATIONAL
    origin: vocab.Origin = vocab.Origin.DOMESTIC
    at_risk: bool = False
    staff_band: vocab.StaffBand | Literal[""] = ""
    budget_band: vocab.BudgetBand | Literal[""] = ""
    city: str = Field("", max_length=120)
    province: str = Field("", max_length=120)
    district: str = Field("", max_length=120)
    notes: str = ""


class OrganisationQuery(Schema):
    """The organisation list page's filters."""

    q: str = Field("", max_length=100, description="Name, acronym or city")
    sector: str = Field("", description="A core sector's code")
    macro_sector: str = Field("", description="A macro-sector's code")
    province: str = Field("", max_length=120, description="A province the organisations name")


class MembershipOut(Schema):
    id: int
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str = Field(..., alias="organisation.name")
    tier: str
    status: str
    joined_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    notes: str


class MembershipIn(Schema):
    organisation: int
    tier: vocab.MembershipTier = vocab.MembershipTier.FULL
    status: vocab.MembershipStatus = vocab.MembershipStatus.ACTIVE
    joined_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str = Field("", max_length=30)
    notes: str = ""


class PartnershipOut(Schema):
    id: int
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str = Field(..., alias="organisation.name")
    partnership_type: str
    formality: str
    level: int
    purposes: list[str]
    started_on: dt.date | None
    ended_on: dt.date | None
    notes: str


class PartnershipIn(Schema):
    organisation: int
    partnership_type: vocab.PartnershipType
    formality: vocab.Formality = vocab.Formality.INFORMAL
    level: vocab.CollaborationLevel = vocab.CollaborationLevel.COOPERATION
    purposes: list[vocab.ActivityDomain] = []
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    notes: str = ""


class FundingOut(Schema):
    id: int
    funder: int = Field(..., alias="funder_id")
    funder_name: str = Field(..., alias="funder.name")
    recipient: int | None = Field(None, alias="recipient_id", description="Empty: the coalition")
    partnership: int | None = Field(None, alias="partnership_id")
    amount_band: str
    amount: float | None
    currency: str
    started_on: dt.date | None
    ended_on: dt.date | None
    notes: str


class FundingIn(Schema):
    """A funding flow as its form takes it (organisations and partnership by id; no recipient:
    the coalition itself receives it)."""

    funder: int
    recipient: int | None = None
    partnership: int | None = None
    amount_band: vocab.FundingBand
    amount: float | None = Field(None, ge=0, le=999_999_999_999)
    currency: str = Field("", max_length=3)
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    notes: str = ""


class FundingQuery(Schema):
    """The funding list page's filters and sort."""

    funder: int | None = Field(None, description="The funder's id")
    recipient: str = Field("", description='A recipient\'s id, or "coalition" for the coalition')
    band: str = Field("", description="An amount band's code")
    active_on: dt.date | None = Field(None, description="Flows running on this day")
    sort: str = Field("", description="funder (default), recipient, band, started_on, -started_on")


class UnitOut(Schema):
    id: int
    kind: str
    name: str
    description: str
    established_on: dt.date | None
    dissolved_on: dt.date | None
    members: int

    @staticmethod
    def resolve_members(unit: Any) -> int:
        # The list's rows count them in their query; one unit read alone counts its own.
        counted = getattr(unit, "n_members", None)
        return int(counted if counted is not None else unit.unit_members.count())


class SeatOut(Schema):
    id: int
    body: int = Field(..., alias="body_id")
    body_name: str = Field(..., alias="body.name")
    held_by: int | None = Field(None, alias="held_by_id")
    kind: str
    since: dt.date | None
    until: dt.date | None
    notes: str


resource_routes(
    router,
    views.ORGANISATIONS,
    get_scope=get_scope,
    out=OrganisationOut,
    write=OrganisationIn,
    filters=OrganisationQuery,
)
resource_routes(
    router, views.MEMBERSHIPS, get_scope=get_scope, out=MembershipOut, write=MembershipIn
)
resource_routes(
    router, views.PARTNERSHIPS, get_scope=get_scope, out=PartnershipOut, write=PartnershipIn
)
resource_routes(
    router,
    views.FUNDINGS,
    get_scope=get_scope,
    out=FundingOut,
    write=FundingIn,
    filters=FundingQuery,
)
resource_routes(router, views.UNITS, get_scope=get_scope, out=UnitOut)
resource_routes(router, views.SEATS, get_scope=get_scope, out=SeatOut)


class FocalPointOut(Schema):
    """A focal point: personal data, read by the coalition's coordinators alone (never in a safe
    file)."""

    id: int
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str = Field(..., alias="organisation.name")
    name: str
    role_title: str
    since: dt.date | None
    expected_until: dt.date | None
    languages: str
    work_email: str


resource_routes(router, views.FOCAL_POINTS, get_scope=get_scope, out=FocalPointOut)

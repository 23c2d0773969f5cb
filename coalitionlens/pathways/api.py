"""The REST API's pathway records, read only, under ``/api/v1/coalitions/{slug}/``: services,
referral ties and sub-stages (the resources their pages declare, :func:`coalitionlens.kit.api.
resource_routes`: the same rows, filters and permissions), and the coverage matrix the coverage page
shows (:func:`coalitionlens.pathways.coverage_table.coverage_table`)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from coalitionlens.accounts.scoping import get_scope
from coalitionlens.kit.api import READ_PROBLEMS, ApiError, etagged, resource_routes
from coalitionlens.pathways import views
from coalitionlens.pathways.coverage_table import coverage_table
from coalitionlens.pathways.filters import PathwayFilter

__all__ = ["router"]

router = Router(tags=["pathways"])


class ServiceOut(Schema):
    id: int
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str = Field(..., alias="organisation.name")
    name: str
    stage: str
    substage: int | None = Field(None, alias="substage_id")
    trafficking_types: list[str]
    populations: list[str]
    provinces: list[str] = Field(..., description="Empty for a service offered nationwide.")
    district: str
    capacity: str
    languages: list[str]
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ServiceQuery(Schema):
    """The service list page's filters."""

    stage: str = Field("", description="A stage's code")
    trafficking_type: str = Field("", description="A trafficking type's code")
    population: str = Field("", description="A population's code")
    province: str = Field("", max_length=120, description="A province the coalition names")


class ReferralOut(Schema):
    """A referral tie (the engagement it rests on is shown on its page to coordinators only)."""

    id: int
    from_service: int = Field(..., alias="from_service_id")
    to_service: int = Field(..., alias="to_service_id")
    kind: str
    partnership: int | None = Field(None, alias="partnership_id")
    since: dt.date | None
    notes: str


class SubStageOut(Schema):
    id: int
    stage: str
    name: str
    description: str


resource_routes(router, views.SERVICES, get_scope=get_scope, out=ServiceOut, filters=ServiceQuery)
resource_routes(router, views.REFERRALS, get_scope=get_scope, out=ReferralOut)
resource_routes(router, views.SUBSTAGES, get_scope=get_scope, out=SubStageOut)


class CoverageQuery(Schema):
    province: str = Field("", max_length=120, description="A province the coalition names")
    trafficking_type: str = Field("", description="A trafficking type's code")
    population: str = Field("", description="A population's code")


class CoverageCellOut(Schema):
    stage: str
    flag: str = Field(..., description="gap, fragile, unlinked, ok or unserved")
    providers: list[str] = Field(..., description="The providing organisations' names")


class CoverageRowOut(Schema):
    trafficking_type: str
    population: str
    cells: list[CoverageCellOut]


class CoverageOut(Schema):
    province: str
    counts: dict[str, int]
    rows: list[CoverageRowOut]


@router.get(
    "/coalitions/{slug}/coverage",
    response={200: CoverageOut, 304: None, **READ_PROBLEMS},
    url_name="api_pathway_coverage",
    summary="The coverage matrix",
)
def coverage(request: HttpRequest, slug: str, query: Query[CoverageQuery]) -> HttpResponse:
    """Trafficking type × population × stage, in one province or the whole country, as the
    coverage page shows it: the rows where a service is offered, each cell's flag and providers."""
    scope = get_scope(request, slug)
    scope.require(views.VIEW_PERM, request)
    sent = {k: v for k, v in query.model_dump().items() if v}
    form = PathwayFilter(sent, coalition=scope.coalition)
    if not form.is_valid():
        raise ApiError.from_form(form, where="query")
    table = coverage_table(
        scope.coalition,
        province=form.cleaned_data["province"],
        trafficking_type=form.cleaned_data["trafficking_type"],
        population=form.cleaned_data["population"],
    )
    data = {"province": table.province, "counts": table.counts, "rows": table.rows}
    return etagged(request, CoverageOut, data)

"""The insight endpoints of the REST API: the network, its measures table, the diagnostic findings
the comparison and the timeline, each as the caller's role may see it.

Every endpoint reads through the function its page uses (:mod:`coalitionlens.insights.selectors`):
the network the map draws (:func:`~.selectors.network_map`), the rows of the network page's table
(:func:`~.selectors.network_rows`), the findings as the diagnostics page lists them
(:func:`~.selectors.finding_rows`) and the comparison page's two tables
(:func:`~.selectors.comparison`), the timeline page's (:func:`.timeline.coalition_timeline`). None
of them has a query of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from coalitionlens.accounts.reauth import signed_in_recently
from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.coalitions import vocab
from coalitionlens.core.brokerage import ROLES
from coalitionlens.insights import selectors
from coalitionlens.insights import timeline as timelines
from coalitionlens.insights.comparison_file import coalition_alias
from coalitionlens.insights.forms import NetworkFilterForm
from coalitionlens.insights.networks import NetworkFilters
from coalitionlens.insights.services import comparison_file_export
from coalitionlens.kit.api import READ_PROBLEMS, ApiError, Page, PageParams, etagged, paginate

__all__ = ["router"]

router = Router(tags=["insights"])

BASE = "/coalitions/{slug}"


def _scope(request: HttpRequest, slug: str, perm: str = "cl.view_coalition") -> Scope:
    scope = get_scope(request, slug)
    scope.require(perm, request)
    return scope


# --- the network ----------------------------------------------------------------------------


class NetworkQuery(Schema):
    """The network page's filters."""

    start: dt.date | None = Field(None, description="Engagements from this date.")
    end: dt.date | None = Field(None, description="Engagements up to and including this date.")
    mode: Literal["all"] | vocab.EngagementMode | None = Field(
        None, description="One mode of engagement, or all three."
    )
    practice: vocab.PracticeType | None = Field(None, description="One practice type.")

    def filters(self) -> NetworkFilters:
        """The filters as the page's form reads them (one reading of a query)."""
        data = {k: v for k, v in self.model_dump(mode="json").items() if v is not None}
        form = NetworkFilterForm(data or None)
        if data and not form.is_valid():  # the page shows the whole network and says why
            raise ApiError.from_form(form, where="query")
        return form.filters()


class Measures(Schema):
    degree: float | None
    strength: float | None
    betweenness: float | None
    closeness: float | None
    eigenvector: float | None
    ei_index: float | None
    constraint: float | None
    effective_size: float | None
    brokerage_total: float | None


class BrokerageRoles(Schema):
    coordinator: int
    itinerant: int
    representative: int
    gatekeeper: int
    liaison: int


class NetworkNode(Schema):
    id: int
    name: str
    sector: str = Field(description="The sector's label in the request's language.")
    colour: str = Field(description="The map's colour of the organisation's macro-sector.")
    x: float
    y: float
    measures: Measures
    roles: BrokerageRoles = Field(description="Gould–Fernandez brokerage roles, raw counts.")
    dependence: float | None = Field(
        description="For the secretariat: the share of cross-sector shortest paths through it."
    )


class NetworkTie(Schema):
    source: int
    target: int
    weight: float


class NetworkOut(Schema):
    organisations: int
    ties: int
    nodes: list[NetworkNode]
    edges: list[NetworkTie]


def network_out(drawn: dict[str, Any]) -> dict[str, Any]:
    """The map's network (:func:`~.selectors.network_map`) in the API's shape."""
    nodes = [
        {
            "id": int(n["id"]),
            "name": n["label"],
            "sector": n["sector"],
            "colour": n["colour"],
            "x": n["x"],
            "y": n["y"],
            "measures": {m: n[m] for m in selectors.MEASURES},
            "roles": {r: n["roles"][r] for r in ROLES},
            "dependence": n["dependence"],
        }
        for n in drawn["nodes"]
    ]
    edges = [
        {"source": int(e["s"]), "target": int(e["t"]), "weight": e["w"]} for e in drawn["edges"]
    ]
    return {"organisations": len(nodes), "ties": len(edges), "nodes": nodes, "edges": edges}


class MeasureRow(Schema):
    id: int
    name: str
    sector: str
    degree: int
    betweenness: float | None
    ei_index: float | None
    constraint: float | None
    brokerage: int


def measure_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The network page's table rows (:func:`~.selectors.network_rows`) in the API's shape."""
    return [
        {
            "id": int(r["id"]),
            "name": r["name"],
            "sector": r["sector"],
            "degree": r["degree"],
            "betweenness": r["betweenness"],
            "ei_index": r["ei"],
            "constraint": r["constraint"],
            "brokerage": r["brokerage"],
        }
        for r in rows
    ]


# --- findings -------------------------------------------------------------------------------


class Coded(Schema):
    code: str
    label: str


class ExerciseRef(Schema):
    id: str
    title: str


class FindingOut(Schema):
    rule: str
    key: str = Field(description="Tells apart two findings of one rule (e.g. two organisations).")
    severity: Literal["high", "medium", "low"]
    title: str
    signal: str
    tension_level: Coded
    tension_category: Coded
    evidence: dict[str, float | int | None]
    strategies: list[Coded]
    exercises: list[ExerciseRef]


def finding_out(row: dict[str, Any]) -> dict[str, Any]:
    """A finding as the diagnostics page shows it (:func:`~.selectors.finding_rows`)."""
    f = row["finding"]
    return {
        "rule": f.rule,
        "key": f.key,
        "severity": f.severity,
        "title": str(f.title),
        "signal": f.signal,
        "tension_level": {"code": f.level, "label": str(row["level"])},
        "tension_category": {"code": f.category, "label": str(row["category"])},
        "evidence": {k: _plain(v) for k, v in f.evidence.items()},
        "strategies": [
            {"code": code, "label": str(label)}
            for code, label in zip(f.strategies, row["strategies"], strict=True)
        ],
        "exercises": [{"id": e, "title": str(t)} for e, t in row["exercises"]],
    }


# --- comparison -----------------------------------------------------------------------------


Value = str | int | float | None


class ComparisonRow(Schema):
    section: str
    measure: str
    values: list[Value] = Field(description="One per column; null where hidden or missing.")
    source: str = Field("", description="Where the row's figures come from.")


class ColumnRef(Schema):
    slug: str | None = Field(None, description="The coalition's short name (a local column).")
    id: int | None = Field(None, description="The coalition's id (a local column).")
    name: str | None = Field(None, description="The coalition's name (a local column).")


class ComparisonTableOut(Schema):
    columns: list[str]
    coalitions: list[ColumnRef] = Field(
        default_factory=list, description="What each column is; empty for the table of years."
    )
    rows: list[ComparisonRow]


class CoalitionRef(Schema):
    slug: str
    name: str


class ComparisonOut(Schema):
    compared: list[str] = Field(description="The slugs of the other coalitions compared.")
    available: list[CoalitionRef] = Field(
        description="The caller's other coalitions, any of which may be asked for with `with`."
    )
    coalitions: ComparisonTableOut = Field(description="The coalitions side by side.")
    periods: ComparisonTableOut = Field(description="This coalition per calendar year.")


def _plain(value: Any) -> Value:
    """A figure as JSON has it (a numpy number as a Python one; a lazy label as text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    return str(value)


def table_out(table: Any) -> dict[str, Any]:
    return {
        "columns": [str(c) for c in table.columns],
        "coalitions": [
            {"slug": r.get("slug"), "id": r.get("id"), "name": r.get("name")} for r in table.refs
        ],
        "rows": [
            {
                "section": str(s),
                "measure": str(m),
                "values": [_plain(v) for v in values],
                "source": str(n),
            }
            for s, m, values, n in table.lines
        ],
    }


def comparison_out(shown: selectors.Comparison) -> dict[str, Any]:
    others = sorted(shown.others, key=lambda c: c.slug)
    return {
        "compared": [c.slug for c in others if c.slug in shown.chosen],
        "available": [{"slug": c.slug, "name": c.name} for c in others],
        "coalitions": table_out(shown.table),
        "periods": table_out(shown.periods),
    }


def _language() -> str:
    return get_language() or "en"


# --- the routes -----------------------------------------------------------------------------


@router.get(
    f"{BASE}/network",
    response={200: NetworkOut, 304: None, **READ_PROBLEMS},
    url_name="api_network",
    summary="The network the map draws",
)
def network(request: HttpRequest, slug: str, query: Query[NetworkQuery]) -> HttpResponse:
    """The network the network page's map draws for the caller's role: its organisations, with
    their measures and brokerage roles, and its ties. Filtered like the page."""
    scope = _scope(request, slug)
    drawn = selectors.network_map(scope.coalition, scope.role, query.filters())
    return etagged(request, NetworkOut, network_out(drawn))


@router.get(
    f"{BASE}/network/measures",
    response={200: Page[MeasureRow], 304: None, **READ_PROBLEMS},
    url_name="api_network_measures",
    summary="The network page's measures table",
)
def measures(
    request: HttpRequest, slug: str, query: Query[NetworkQuery], paging: Query[PageParams]
) -> HttpResponse:
    """The network page's table: each organisation's degree, betweenness, E-I index, constraint
    and brokerage, highest betweenness first. Filtered like the page."""
    scope = _scope(request, slug)
    rows, _summary = selectors.network_rows(scope.coalition, scope.role, query.filters())
    return etagged(request, Page[MeasureRow], paginate(request, measure_rows(rows), paging))


@router.get(
    f"{BASE}/findings",
    response={200: Page[FindingOut], 304: None, **READ_PROBLEMS},
    url_name="api_findings",
    summary="The diagnostics page's findings",
)
def findings(request: HttpRequest, slug: str, paging: Query[PageParams]) -> HttpResponse:
    """The diagnostics page's findings, most severe first: the signal, the numbers behind it, the
    tension it points to, and the strategies and exercises that address it (coordinators and
    analysts, as the page)."""
    scope = _scope(request, slug, "cl.view_tensions")
    _facts, found = selectors.diagnosis(scope.coalition, scope.role)
    rows = selectors.finding_rows(found, _language())
    return etagged(request, Page[FindingOut], paginate(request, rows, paging, finding_out))


class ComparisonQuery(Schema):
    with_: list[str] | None = Field(
        None,
        alias="with",
        description="Slugs of the caller's other coalitions to compare with (default: all).",
    )


@router.get(
    f"{BASE}/comparison",
    response={200: ComparisonOut, 304: None, **READ_PROBLEMS},
    url_name="api_comparison",
    summary="The comparison page's tables",
)
def comparison(request: HttpRequest, slug: str, query: Query[ComparisonQuery]) -> HttpResponse:
    """The comparison page: this coalition beside the caller's other coalitions (each read as the
    caller's role there may see it), and against its own earlier years."""
    scope = _scope(request, slug)
    shown = selectors.comparison(
        coalition=scope.coalition,
        role=scope.role,
        user=request.user,
        chosen=set(query.with_) if query.with_ is not None else None,
    )
    return etagged(request, ComparisonOut, comparison_out(shown))


@router.get(
    f"{BASE}/comparison/column",
    response={200: dict[str, Any], **READ_PROBLEMS},
    url_name="api_comparison_column",
    summary="This coalition's comparison column as a safe file",
)
def comparison_column(request: HttpRequest, slug: str) -> HttpResponse:
    """The coalition's comparison column as a safe file, for a study across servers: the coalition
    under an alias, counts and codes, published survey figures with their respondents, no
    organisation named (the comparison page's export; coordinators only, recorded in the audit
    log). Another server's `compare --file` or comparison page reads it."""
    scope = _scope(request, slug, "cl.export_comparison")
    by_token = request.headers.get("Authorization", "").startswith("Bearer ")
    if not by_token and not signed_in_recently(request):
        # A browser session exports as the page does: after a recent sign-in.
        raise ApiError(403, _("Exports need a recent sign-in: please confirm it is you."))
    data = comparison_file_export(coalition=scope.coalition, actor=request.user, request=request)
    response = HttpResponse(data, content_type="application/json")
    name = f"comparison-column-{coalition_alias(scope.coalition)}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the timeline ---------------------------------------------------------------------------


class TimelineQuery(Schema):
    period: Literal["year", "quarter"] = Field("year", description="Per year or per quarter.")


class TimelinePeriod(Schema):
    label: str
    start: dt.date
    end: dt.date = Field(description="The first day after the period.")
    members_joined: int
    members_left: int
    partners_joined: int = Field(description="Partnerships begun in the period.")
    partners_left: int = Field(description="Partnerships ended in the period.")
    organisations: int = Field(description="Organisations with a tie in the period's network.")
    ties: int
    ties_gained: int = Field(description="Ties not in the period before.")
    ties_lost: int = Field(description="Ties of the period before no longer there.")
    ei_index: float | None


class TimelineSector(Schema):
    period: str
    sector: str
    organisations: int
    organisations_change: int
    internal: int
    internal_change: int
    external: int
    external_change: int
    ei: float | None
    ei_change: float | None


class TimelineOrganisation(Schema):
    period: str
    id: int
    name: str
    sector: str
    degree: float
    degree_change: float | None = Field(description="None where it had no tie the period before.")
    strength: float
    strength_change: float | None
    betweenness: float | None
    betweenness_change: float | None
    ei_index: float | None
    ei_index_change: float | None
    constraint: float | None
    constraint_change: float | None


class TimelineOut(Schema):
    period: str
    periods: list[TimelinePeriod]
    sectors: list[TimelineSector]
    organisations: list[TimelineOrganisation]


@router.get(
    f"{BASE}/timeline",
    response={200: TimelineOut, 304: None, **READ_PROBLEMS},
    url_name="api_timeline",
    summary="The timeline page's tables",
)
def timeline(request: HttpRequest, slug: str, query: Query[TimelineQuery]) -> HttpResponse:
    """The timeline page: per year or quarter, members and partners who joined and left, ties
    gained and lost, and each sector's and organisation's measures with their change from the
    period before, computed on the network the caller's role may see for each period."""
    scope = _scope(request, slug)
    shown = timelines.coalition_timeline(scope.coalition, scope.role, freq=query.period)
    tables = timelines.export_tables(shown)
    return etagged(request, TimelineOut, {"period": query.period, **tables})


# --- survivor inclusion ---------------------------------------------------------------------


class UnitSeatsOut(Schema):
    kind: Coded
    units: int
    seats: int = Field(description="Organisations seated on units of this kind.")
    survivor_seats: int = Field(description="Of them survivor-led.")
    share: float | None


class CentralityOut(Schema):
    measure: str = Field(description="A measure of the network page (degree, betweenness).")
    survivor_mean: float | None
    survivor_median: float | None
    others_mean: float | None
    others_median: float | None


class SurvivorInclusionOut(Schema):
    as_of: dt.date
    members: int = Field(description="Active members, the secretariat left out.")
    survivor_members: int
    member_share: float | None
    units: list[UnitSeatsOut]
    on_board: int = Field(description="Survivor-led members seated on the board.")
    seated: int = Field(description="Survivor-led members on the board or a working group.")
    seat_share: float | None = Field(
        description="Survivor-led share of the board and working-group seats."
    )
    engagements: int = Field(description="Engagements with a lead in the last 12 months.")
    survivor_led_engagements: int
    lead_share: float | None
    leading: int = Field(description="Survivor-led members that led one of them.")
    with_voice: int
    centrality: list[CentralityOut]


@router.get(
    f"{BASE}/survivor-inclusion",
    response={200: SurvivorInclusionOut, 304: None, **READ_PROBLEMS},
    url_name="api_survivor_inclusion",
    summary="Survivor inclusion",
)
def survivor_inclusion(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard's survivor-inclusion panel: survivor-led organisations' share of the members,
    of the seats on each kind of unit and of the engagements led in the last 12 months, and their
    centrality against the other members', as the caller's role may see them."""
    scope = _scope(request, slug)
    inc = selectors.survivor_inclusion(scope.coalition, scope.role)
    return etagged(request, SurvivorInclusionOut, inclusion_out(inc))


def inclusion_out(inc: Any) -> dict[str, Any]:
    return {
        "as_of": inc.as_of,
        "members": inc.members,
        "survivor_members": inc.survivor_members,
        "member_share": inc.member_share,
        "units": [
            {
                "kind": {"code": u.kind, "label": u.label},
                "units": u.units,
                "seats": u.seats,
                "survivor_seats": u.survivor_seats,
                "share": u.share,
            }
            for u in inc.units
        ],
        "on_board": inc.on_board,
        "seated": inc.seated,
        "seat_share": inc.seat_share,
        "engagements": inc.engagements,
        "survivor_led_engagements": inc.survivor_led_engagements,
        "lead_share": inc.lead_share,
        "leading": inc.leading,
        "with_voice": inc.with_voice,
        "centrality": [vars(c) for c in inc.centrality],
    }


# --- power and money ------------------------------------------------------------------------


class AsymmetryOut(Schema):
    members: int = Field(description="Active members, the secretariat left out.")
    banded: int = Field(description="Of them with this band recorded.")
    ratio: float | None = Field(
        description="Band midpoint of the best-resourced member over the least-resourced one's."
    )
    lowest: int = Field(description="Members in the vocabulary's lowest band.")
    lowest_share: float | None


class FunderShareOut(Schema):
    organisation: int
    name: str
    flows: int
    share: float = Field(description="The funder's share of all active funding.")
    foreign: bool


class PowerAndMoneyOut(Schema):
    as_of: dt.date
    flows: int = Field(description="Funding flows active on the day.")
    basis: Literal["bands", "exact"] = Field(
        description="Band midpoints (USD equivalents), or exact amounts when every flow has one "
        "in one currency."
    )
    currency: str
    total: float
    funders: int
    top_funder_share: float | None
    foreign_share: float | None
    to_coalition_share: float | None
    to_members_share: float | None
    budget: AsymmetryOut
    staff: AsymmetryOut
    organisations_banded: int
    organisations: int
    named: bool = Field(description="Whether your role reads which funder gives what.")
    top_funders: list[FunderShareOut] = Field(
        description="Each funder's share, largest first: empty for roles that may not read funding."
    )


@router.get(
    f"{BASE}/power-and-money",
    response={200: PowerAndMoneyOut, 304: None, **READ_PROBLEMS},
    url_name="api_power_and_money",
    summary="Power and money",
)
def power_and_money(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard's power-and-money panel: funding active today (dependence on the top funder,
    foreign funders' share, the coalition-itself and members split) and the resource asymmetry
    between members, from bands. Funders are named only for roles that may read funding."""
    scope = _scope(request, slug)
    return etagged(
        request, PowerAndMoneyOut, money_out(selectors.power_and_money(scope.coalition, scope.role))
    )


def money_out(m: Any) -> dict[str, Any]:
    def asym(a: Any) -> dict[str, Any]:
        return {**vars(a), "lowest_share": a.lowest_share}

    out = {k: v for k, v in vars(m).items() if k not in ("budget", "staff", "top_funders")}
    out["budget"], out["staff"] = asym(m.budget), asym(m.staff)
    out["top_funders"] = [vars(f) for f in m.top_funders] if m.named else []
    return out

"""Insight pages: dashboard and its charts, network map and its data, diagnostics, exercises,
comparison, and an organisation's place in the network. Every view resolves the coalition through
``get_scope`` (404 for anyone without a role there) and reads as the reader's role may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Organisation
from coalitionlens.insights import selectors
from coalitionlens.insights.caching import cached, chart_key, scoped_key
from coalitionlens.insights.evidence import evidence_lines
from coalitionlens.insights.exercises import KINDS, exercises
from coalitionlens.insights.forms import AdoptForm, NetworkFilterForm
from coalitionlens.insights.inclusion import inclusion_rows
from coalitionlens.insights.measures import DOCS, explained
from coalitionlens.insights.next_steps import cached_dashboard, cached_diagnosis
from coalitionlens.insights.palette import MACRO_COLOURS
from coalitionlens.insights.services import finding_adopt
from coalitionlens.kit.once import once
from coalitionlens.tensions.selectors import recorded_findings, tension_for_finding

GET = require_http_methods(["GET", "HEAD"])
#: The measures the network page (table and map panel) and an organisation's place show.
NETWORK_MEASURES = [
    "degree",
    "betweenness",
    "ei_index",
    "constraint",
    "effective_size",
    "brokerage_total",
]
PLACE_MEASURES = ["degree", "betweenness", "ei_index", "constraint"]
T = TypeVar("T")


def _scope(request: HttpRequest, slug: str, perm: str = "cl.view_coalition") -> Scope:
    scope = get_scope(request, slug)
    scope.require(perm, request)
    return scope


# The dashboard's and the diagnostics' data are read through next_steps, which the home page shares.
_dashboard = cached_dashboard
_diagnosis = cached_diagnosis


def _cached(kind: str, scope: Scope, *parts: Any, build: Callable[[], T]) -> T:
    """A part of a page computed for the reader's coalition, visibility class and language, cached
    until the coalition's data (or the date) changes; see :mod:`coalitionlens.insights.caching`."""
    return cached(scoped_key(kind, scope.coalition, scope.role, *parts), build)


# --- dashboard ------------------------------------------------------------------------------


@login_required
@GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    data = _dashboard(scope)
    charts = [
        (name, data.tables[name])
        for name in ("macro", "composition", "modes", "practices", "counterparts", "initiators")
    ]
    return render(
        request,
        "insights/dashboard.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "charts": charts,
            "data": data,
            "inclusion": inclusion_rows(selectors.survivor_inclusion(scope.coalition, scope.role)),
        },
    )


@login_required
@GET
def chart(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    data = _dashboard(scope)
    table = data.tables.get(request.GET.get("name", ""))
    size = request.GET.get("size", "wide")
    if table is None or size not in ("wide", "narrow"):
        raise Http404

    def draw() -> bytes:
        from coalitionlens.insights.charts import render_chart

        return render_chart(table, size)

    svg = cached(chart_key(table.signature(), size), draw)
    response = HttpResponse(svg, content_type="image/svg+xml")
    # Our own generated SVG: presentation styles only, no script, nothing fetched.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- network map ----------------------------------------------------------------------------


@login_required
@GET
def network(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    form = NetworkFilterForm(request.GET or None)
    filters = form.filters()

    def build() -> tuple[str, dict[str, Any]]:
        # The table is rendered here once and cached as HTML: with 2,000 organisations, rendering
        # its rows is most of the page's time.
        rows, summary = selectors.network_rows(scope.coalition, scope.role, filters)
        return render_to_string("insights/_network_rows.html", {"rows": rows}), summary

    rows, summary = _cached("network-rows", scope, filters.key(), build=build)
    return render(
        request,
        "insights/network.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "form": form,
            "rows": rows,
            "summary": summary,
            "query": request.GET.urlencode(),
            # ?ego=<id> opens the map on one organisation and its neighbours (a link can share it)
            "ego": ego if (ego := request.GET.get("ego", "")).isdigit() else "",
            "measures": explained(NETWORK_MEASURES, selectors.MEASURES),
            "measures_docs": DOCS,
            "colours": [(vocab.MacroSector(m).label, c) for m, c in MACRO_COLOURS.items()],
        },
    )


@login_required
@GET
def network_data(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    filters = NetworkFilterForm(request.GET or None).filters()
    body = _cached(
        "network-json",
        scope,
        filters.key(),
        build=lambda: selectors.network_json(scope.coalition, scope.role, filters),
    )
    return HttpResponse(body, content_type="application/json")


@login_required
@GET
def organisation_network(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = _scope(request, slug)
    org = Organisation.objects.filter(coalition=scope.coalition, pk=pk).first()
    if org is None:
        raise Http404
    place = selectors.organisation_place(scope.coalition, scope.role, pk)
    if place is None:
        raise Http404
    return render(
        request,
        "insights/_organisation_network.html",
        {
            "scope": scope,
            "org": org,
            "measures": explained(PLACE_MEASURES, selectors.MEASURES),
            "measures_docs": DOCS,
            **place,
        },
    )


# --- diagnostics ----------------------------------------------------------------------------


@login_required
@GET
def diagnostics(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug, "cl.view_tensions")
    facts, findings = selectors.diagnosis(scope.coalition, scope.role)
    recorded = recorded_findings(scope.coalition)
    items = []
    for row in selectors.finding_rows(findings, get_language() or "en"):
        f = row["finding"]
        initial = {"rule": f.rule, "key": f.key, "title": str(f.title), "strategy": f.strategies[0]}
        items.append(
            {
                **row,
                "evidence": evidence_lines(f.evidence, f.rule),
                "recorded": recorded.get((f.rule, f.key)),
                "form": AdoptForm(initial=initial, auto_id=f"id_{f.rule}_{f.key}_%s"),
            }
        )
    return render(
        request,
        "insights/diagnostics.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "items": items,
            "can_adopt": scope.can("cl.edit_tensions"),
            "modes": selectors.facts_modes(facts),
        },
    )


@login_required
@once
@require_POST
def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug, "cl.edit_tensions")
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The finding could not be recorded: %(e)s") % {"e": form.errors})
        return HttpResponseRedirect(reverse("insights_diagnostics", args=[slug]))
    d = form.cleaned_data
    # The finding is computed again here: level, category and evidence never come from the client.
    finding = next(
        (
            f
            for f in selectors.diagnosis(scope.coalition, scope.role, fresh=True)[1]
            if f.rule == d["rule"] and f.key == (d["key"] or "")
        ),
        None,
    )
    if finding is None:
        messages.error(request, _("This finding no longer holds; nothing was recorded."))
        return HttpResponseRedirect(reverse("insights_diagnostics", args=[slug]))
    already = tension_for_finding(scope.coalition, rule=finding.rule, key=finding.key)
    if already is not None:
        messages.info(request, _("This finding is already recorded: %(t)s") % {"t": already})
        return HttpResponseRedirect(reverse("tension_detail", args=[slug, already.pk]))
    tension, _strategy = finding_adopt(
        coalition=scope.coalition,
        finding=finding,
        title=d["title"],
        observed_on=dt.date.today(),
        strategy_category=d["strategy"] or "",
        actor=request.user,
        request=request,
    )
    messages.success(request, _("Recorded as a tension: %(t)s") % {"t": tension})
    return HttpResponseRedirect(reverse("tension_detail", args=[slug, tension.pk]))


# --- exercises ------------------------------------------------------------------------------


@login_required
@GET
def exercise_library(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    lang = get_language() or "en"
    category = request.GET.get("category", "")
    items = [
        {
            "id": e.id,
            "kind": e.kind,
            "minutes": e.minutes,
            "text": e.in_language(lang),
            "categories": [vocab.TensionCategory(c).label for c in e.categories],
            "strategies": [vocab.StrategyCategory(s).label for s in e.strategies],
        }
        for e in exercises()
        if not category or category in e.categories
    ]
    kinds = {
        "BUILDING": _("Building"),
        "EVALUATING": _("Evaluating"),
        "TROUBLESHOOTING": _("Trouble-shooting"),
    }
    for item in items:
        item["kind_label"] = kinds[str(item["kind"])]
    return render(
        request,
        "insights/exercises.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "items": items,
            "kinds": [(k, kinds[k]) for k in KINDS],
            "categories": vocab.TensionCategory.choices,
            "category": category,
        },
    )


# --- comparison -----------------------------------------------------------------------------


@login_required
@GET
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    chosen = set(request.GET.getlist("with")) if "with" in request.GET else None
    shown = selectors.comparison(
        coalition=scope.coalition, role=scope.role, user=request.user, chosen=chosen
    )
    return render(
        request,
        "insights/compare.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "others": shown.others,
            "chosen": shown.chosen,
            "table": shown.table,
            "periods": shown.periods,
        },
    )

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

from coalitionlens.accounts.reauth import confirm_first, signed_in_recently
from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Organisation
from coalitionlens.insights import selectors
from coalitionlens.insights import timeline as timelines
from coalitionlens.insights.caching import cached, chart_key, scoped_key
from coalitionlens.insights.comparison_file import (
    MAX_BYTES,
    ColumnFileError,
    coalition_alias,
    column_read,
)
from coalitionlens.insights.evidence import evidence_rows
from coalitionlens.insights.exercises import (
    KINDS,
    LANGUAGES,
    exercises,
)
from coalitionlens.insights.forms import AdoptForm, NetworkFilterForm
from coalitionlens.insights.handouts import (
    LANGUAGE_NAMES,
    exercise_asked,
    handout_language,
    kind_labels,
    sheet,
)
from coalitionlens.insights.inclusion import inclusion_rows
from coalitionlens.insights.measures import CHART_DOCS, anchor, explained
from coalitionlens.insights.metrics_doc import metrics_doc
from coalitionlens.insights.money import funder_rows, money_rows
from coalitionlens.insights.next_steps import cached_dashboard, cached_diagnosis
from coalitionlens.insights.palette import MACRO_COLOURS
from coalitionlens.insights.services import comparison_file_export, finding_adopt
from coalitionlens.insights.services import timeline_export as export_timeline
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
        (name, data.tables[name], anchor(CHART_DOCS[name]) if name in CHART_DOCS else "")
        for name in ("macro", "composition", "modes", "practices", "counterparts", "initiators")
    ]
    money = selectors.power_and_money(scope.coalition, scope.role)
    return render(
        request,
        "insights/dashboard.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "charts": charts,
            "data": data,
            "inclusion": inclusion_rows(selectors.survivor_inclusion(scope.coalition, scope.role)),
            "money": money_rows(money),
            "funders": funder_rows(money),
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
            "heads": {
                m["name"]: m["anchor"] for m in explained(NETWORK_MEASURES, selectors.MEASURES)
            },
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
            **place,
        },
    )


# --- help -----------------------------------------------------------------------------------


@login_required
@GET
def metrics_help(request: HttpRequest) -> HttpResponse:
    """docs/metrics.md as a page of the app, the same for every signed-in person (it holds no
    coalition's data): what each measure means and how it is computed."""
    return render(request, "insights/help_metrics.html", {"doc": metrics_doc()})


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
                "evidence": evidence_rows(f.evidence, f.rule),
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
    """The library, filtered by kind and by tension category (GET parameters; an unknown value is
    ignored, so a stale link shows the whole library rather than an error)."""
    scope = _scope(request, slug)
    lang = handout_language(None, get_language())
    kinds = kind_labels()
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds else ""
    category = request.GET.get("category", "")
    category = category if category in vocab.TensionCategory.values else ""
    items = [sheet(e, lang) for e in exercises(kind=kind, category=category)]
    return render(
        request,
        "insights/exercises.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "items": items,
            "kinds": [(k, kinds[k]) for k in KINDS],
            "kind": kind,
            "categories": vocab.TensionCategory.choices,
            "category": category,
        },
    )


@login_required
@GET
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One exercise as its one-page handout (``?id=``), printable from the browser; links to its
    PDF in each of the library's languages."""
    scope = _scope(request, slug)
    exercise = exercise_asked(request)
    lang = handout_language(None, get_language())
    return render(
        request,
        "insights/exercise.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "sheet": sheet(exercise, lang),
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        },
    )


# --- comparison -----------------------------------------------------------------------------


#: Files one comparison takes at most; each is also capped in size (``comparison_file.MAX_BYTES``).
MAX_FILES = 20


def _column_files(request: HttpRequest) -> tuple[list[Any], list[str]]:
    """The uploaded safe files, checked, and the errors of those refused (each names its file).
    Read into memory and dropped with the request: nothing of them is stored."""
    uploads = request.FILES.getlist("column")
    if len(uploads) > MAX_FILES:
        return [], [_("At most %(n)s files at a time.") % {"n": MAX_FILES}]
    files, errors = [], []
    for upload in uploads:
        name = str(upload.name or "")[:120]
        try:
            files.append(column_read(upload.read(MAX_BYTES + 1), name=name))
        except ColumnFileError as exc:
            errors.append(str(exc))
    return files, errors


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    data = request.POST if request.method == "POST" else request.GET
    chosen = set(data.getlist("with")) if "with" in data or request.method == "POST" else None
    files, errors = _column_files(request) if request.method == "POST" else ([], [])
    shown = selectors.comparison(
        coalition=scope.coalition,
        role=scope.role,
        user=request.user,
        chosen=chosen,
        files=[] if errors else files,
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
            "file_errors": errors,
            "files": [] if errors else files,
            "may_export": request.user.has_perm("cl.export_comparison", scope.coalition),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def compare_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The coalition's comparison column as a safe file (coordinators, after a recent sign-in)."""

    scope = _scope(request, slug, "cl.export_comparison")
    if not signed_in_recently(request):
        return confirm_first(request, reverse("insights_compare", args=[slug]))
    data = comparison_file_export(coalition=scope.coalition, actor=request.user, request=request)
    response = HttpResponse(data, content_type="application/json")
    name = f"comparison-column-{coalition_alias(scope.coalition)}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- timeline -------------------------------------------------------------------------------


def _freq(request: HttpRequest) -> str:
    freq = request.GET.get("period", "year")
    if freq not in timelines.FREQUENCIES:
        raise Http404
    return freq


@login_required
@GET
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """A coalition's timeline per year or quarter (``?period=``), one measure of each organisation
    at a time (``?measure=``)."""
    scope = _scope(request, slug)
    freq = _freq(request)
    measure = request.GET.get("measure", "degree")
    if measure not in timelines.ORGANISATION_MEASURES:
        raise Http404
    shown = timelines.coalition_timeline(scope.coalition, scope.role, freq=freq)
    return render(
        request,
        "insights/timeline.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "freq": freq,
            "frequencies": [("year", _("Per year")), ("quarter", _("Per quarter"))],
            "measure": measure,
            "measures": [(m, selectors.MEASURES[m]) for m in timelines.ORGANISATION_MEASURES],
            "labels": shown.labels,
            "periods": timelines.period_rows(shown),
            "sectors": timelines.sector_rows(shown),
            "organisations": timelines.organisation_rows(shown, measure),
            "chart_title": timelines.timeline_chart(shown).title,
            "may_export": scope.can("cl.export"),
        },
    )


@login_required
@GET
def timeline_chart(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    freq = _freq(request)
    size = request.GET.get("size", "wide")
    if size not in ("wide", "narrow"):
        raise Http404
    table = timelines.timeline_chart(
        timelines.coalition_timeline(scope.coalition, scope.role, freq=freq)
    )

    def draw() -> bytes:
        from coalitionlens.insights.charts import render_chart

        return render_chart(table, size)

    svg = cached(chart_key(table.signature(), size), draw)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@GET
def timeline_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The timeline's tables as CSV files (a zip) or an XLSX workbook (``?format=``; ``?safe=1``
    for aliases): the export permission, a recent sign-in, an audit entry, as every export."""
    scope = get_scope(request, slug)
    scope.require("cl.export", request)
    freq = _freq(request)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in timelines.EXPORT_FORMATS:
        raise Http404
    if not signed_in_recently(request):
        return confirm_first(request, request.get_full_path())
    safe = request.GET.get("safe") == "1"
    data = export_timeline(
        coalition=scope.coalition,
        role=scope.role,
        freq=freq,
        fmt=fmt,
        safe=safe,
        actor=request.user,
        request=request,
    )
    content_type, ext = timelines.EXPORT_FORMATS[fmt]
    response = HttpResponse(data, content_type=content_type)
    name = f"{scope.coalition.slug}-timeline-{freq}{'-safe' if safe else ''}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

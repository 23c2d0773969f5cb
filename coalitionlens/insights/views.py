"""Insight pages: dashboard and its charts, network map and its data, diagnostics, exercises,
comparison, and an organisation's place in the network. Every view resolves the coalition through
``get_scope`` (404 for anyone without a role there) and reads as the reader's role may see."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coalitionlens.accounts.permissions import roles_of
from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.core.brokerage import ROLES
from coalitionlens.insights.caching import cached, data_stamps, scoped_key, visibility
from coalitionlens.insights.exercises import KINDS, exercises
from coalitionlens.insights.networks import MODES, NetworkFilters, network_view
from coalitionlens.insights.services import finding_adopt

GET = require_http_methods(["GET", "HEAD"])
T = TypeVar("T")

MEASURES = {
    "degree": gettext_lazy("Degree"),
    "strength": gettext_lazy("Strength"),
    "betweenness": gettext_lazy("Betweenness"),
    "closeness": gettext_lazy("Closeness (harmonic)"),
    "eigenvector": gettext_lazy("Eigenvector"),
    "ei_index": gettext_lazy("E-I index"),
    "constraint": gettext_lazy("Constraint"),
    "effective_size": gettext_lazy("Effective size"),
    "brokerage_total": gettext_lazy("Brokerage (all roles)"),
}
ROLE_LABELS = {
    "coordinator": gettext_lazy("Coordinator"),
    "itinerant": gettext_lazy("Itinerant"),
    "representative": gettext_lazy("Representative"),
    "gatekeeper": gettext_lazy("Gatekeeper"),
    "liaison": gettext_lazy("Liaison"),
}
MACRO_COLOURS = {
    "PUBLIC": "#1f77b4",
    "PRIVATE": "#ff7f0e",
    "CIVIL": "#2ca02c",
    "INTERNATIONAL": "#9467bd",
}


def _scope(request: HttpRequest, slug: str, perm: str = "cl.view_coalition") -> Scope:
    scope = get_scope(request, slug)
    scope.require(perm, request)
    return scope


def _cached(kind: str, scope: Scope, *parts: Any, build: Callable[[], T]) -> T:
    """A part of a page computed for the reader's coalition, visibility class and language, cached
    until the coalition's data (or the date) changes; see :mod:`coalitionlens.insights.caching`."""
    return cached(scoped_key(kind, scope.coalition, scope.role, *parts), build)


def _dashboard(scope: Scope) -> Any:
    from coalitionlens.insights.dashboard import dashboard_data

    return _cached("dashboard", scope, build=lambda: dashboard_data(scope.coalition, scope.role))


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
        {"scope": scope, "coalition": scope.coalition, "charts": charts, "data": data},
    )


@login_required
@GET
def chart(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    data = _dashboard(scope)
    table = data.tables.get(request.GET.get("name", ""))
    if table is None:
        raise Http404
    key = (
        "insights:chart:"
        + hashlib.sha256(f"{get_language()}|{table.signature()}".encode()).hexdigest()
    )

    def draw() -> bytes:
        from coalitionlens.insights.charts import render_chart

        return render_chart(table)

    svg = cached(key, draw)
    response = HttpResponse(svg, content_type="image/svg+xml")
    # Our own generated SVG: presentation styles only, no script, nothing fetched.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- network map ----------------------------------------------------------------------------


class NetworkFilterForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Mode"),
        required=False,
        choices=[("all", gettext_lazy("All three modes")), *vocab.EngagementMode.choices],
    )
    practice = forms.ChoiceField(
        label=gettext_lazy("Practice"),
        required=False,
        choices=[("", gettext_lazy("Every practice")), *vocab.PracticeType.choices],
    )
    size = forms.ChoiceField(
        label=gettext_lazy("Size by"), required=False, choices=list(MEASURES.items())
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css + " form-select-sm form-control-sm"

    def filters(self) -> NetworkFilters:
        d = self.cleaned_data if self.is_valid() else {}
        mode = d.get("mode") or "all"
        return NetworkFilters(
            start=d.get("start"),
            end=d.get("end"),
            mode=mode if mode in MODES else "all",
            practice=d.get("practice") or "",
        )


def _num(x: Any) -> Any:
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if f != f else round(f, 4)


@login_required
@GET
def network(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    form = NetworkFilterForm(request.GET or None)
    filters = form.filters()

    def build() -> tuple[str, dict[str, Any]]:
        # The table is rendered here once and cached as HTML: with 2,000 organisations, rendering
        # its rows is most of the page's time.
        view = network_view(scope.coalition, scope.role, filters)
        orgs = view.organisations.sort_values("betweenness", ascending=False)
        rows = [
            {
                "id": pk,
                "url": reverse("organisation_detail", args=[slug, pk]),
                "name": r["name"],
                "sector": str(vocab.SECTOR_LABELS.get(r["sector"], r["sector"])),
                "degree": int(r["degree"]),
                "betweenness": _num(r["betweenness"]),
                "ei": _num(r["ei_index"]),
                "constraint": _num(r["constraint"]),
                "brokerage": int(r["brokerage_total"]),
            }
            for pk, r in orgs.iterrows()
        ]
        return render_to_string("insights/_network_rows.html", {"rows": rows}), view.summary

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
            "colours": [(vocab.MacroSector(m).label, c) for m, c in MACRO_COLOURS.items()],
        },
    )


@login_required
@GET
def network_data(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug)
    filters = NetworkFilterForm(request.GET or None).filters()
    body = _cached(
        "network-json", scope, filters.key(), build=lambda: _network_json(scope, filters)
    )
    return HttpResponse(body, content_type="application/json")


def _network_json(scope: Scope, filters: NetworkFilters) -> bytes:
    slug = scope.coalition.slug
    view = network_view(scope.coalition, scope.role, filters)
    nodes = []
    for pk, r in view.organisations.iterrows():
        x, y = view.positions.get(pk, (0.0, 0.0))
        nodes.append(
            {
                "id": str(pk),
                "label": r["name"],
                "sector": str(vocab.SECTOR_LABELS.get(r["sector"], r["sector"])),
                "colour": MACRO_COLOURS.get(r["macro_sector"], "#777777"),
                "x": x,
                "y": y,
                "url": reverse("organisation_detail", args=[slug, pk]),
                **{m: _num(r.get(m)) for m in MEASURES},
                "roles": {role: int(r[role]) for role in ROLES},
                "dependence": _num(view.dependence.get(pk)),
            }
        )
    edges = [
        {"s": str(s), "t": str(t), "w": round(float(w), 3)}
        for s, t, w in view.ties.itertuples(index=False)
    ]
    labels = {
        **{k: str(v) for k, v in MEASURES.items()},
        **{k: str(v) for k, v in ROLE_LABELS.items()},
        "sector": _("Sector"),
        "dependence": _("Cross-sector paths through it"),
        "roles": _("Brokerage roles"),
        "open": _("Open the organisation"),
    }
    return json.dumps({"nodes": nodes, "edges": edges, "labels": labels}).encode()


@login_required
@GET
def organisation_network(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = _scope(request, slug)
    org = Organisation.objects.filter(coalition=scope.coalition, pk=pk).first()
    if org is None:
        raise Http404
    today = dt.date.today()
    now = network_view(scope.coalition, scope.role)
    recent = network_view(
        scope.coalition,
        scope.role,
        NetworkFilters(start=today - dt.timedelta(days=365), end=today + dt.timedelta(days=1)),
    )
    before = network_view(
        scope.coalition,
        scope.role,
        NetworkFilters(start=today - dt.timedelta(days=730), end=today - dt.timedelta(days=365)),
    )
    table = now.organisations
    if pk not in table.index:
        raise Http404
    row = table.loc[pk]
    rank = int((table["betweenness"] > row["betweenness"]).sum()) + 1
    ties = now.ties
    neighbours = list(ties[ties["source"] == pk]["target"]) + list(
        ties[ties["target"] == pk]["source"]
    )
    sectors = table.loc[neighbours, "sector"].value_counts() if neighbours else None
    connects = [
        (vocab.SECTOR_LABELS.get(code, code), int(n))
        for code, n in (sectors.items() if sectors is not None else [])
    ]
    change = []
    for measure in ("degree", "betweenness", "ei_index", "constraint"):
        a = before.organisations[measure].get(pk) if pk in before.organisations.index else None
        b = recent.organisations[measure].get(pk) if pk in recent.organisations.index else None
        change.append((MEASURES[measure], _num(a), _num(b)))
    return render(
        request,
        "insights/_organisation_network.html",
        {
            "scope": scope,
            "org": org,
            "row": {m: _num(row[m]) for m in MEASURES},
            "roles": [(ROLE_LABELS[r], int(row[r])) for r in ROLES],  # type: ignore[arg-type]
            "rank": rank,
            "n": len(table),
            "connects": connects,
            "change": change,
            "dependence": _num(now.dependence.get(pk)),
        },
    )


# --- diagnostics ----------------------------------------------------------------------------


class AdoptForm(forms.Form):
    rule = forms.CharField(max_length=60, widget=forms.HiddenInput)
    key = forms.CharField(max_length=120, required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=gettext_lazy("Tension title"), max_length=200)
    strategy = forms.ChoiceField(
        label=gettext_lazy("Strategy to adopt"),
        required=False,
        choices=[("", gettext_lazy("None for now")), *vocab.StrategyCategory.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


def _findings(scope: Scope, *, fresh: bool = False) -> list[Any]:
    from coalitionlens.insights.diagnostics import configured_thresholds
    from coalitionlens.insights.facts import coalition_findings

    if fresh:
        return coalition_findings(scope.coalition, scope.role)
    thresholds = repr(sorted(configured_thresholds().items()))
    return _cached(
        "findings", scope, thresholds, build=lambda: coalition_findings(scope.coalition, scope.role)
    )


@login_required
@GET
def diagnostics(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _scope(request, slug, "cl.view_tensions")
    library = {e.id: e.in_language(get_language() or "en") for e in exercises()}
    items = []
    for f in _findings(scope):
        items.append(
            {
                "finding": f,
                "level": vocab.TensionLevel(f.level).label,
                "category": vocab.TensionCategory(f.category).label,
                "strategies": [vocab.StrategyCategory(s).label for s in f.strategies],
                "exercises": [(e, library[e]["title"]) for e in f.exercises if e in library],
                "form": AdoptForm(
                    initial={
                        "rule": f.rule,
                        "key": f.key,
                        "title": str(f.title),
                        "strategy": f.strategies[0],
                    },
                    auto_id=f"id_{f.rule}_{f.key}_%s",
                ),
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
        },
    )


@login_required
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
            for f in _findings(scope, fresh=True)
            if f.rule == d["rule"] and f.key == (d["key"] or "")
        ),
        None,
    )
    if finding is None:
        messages.error(request, _("This finding no longer holds; nothing was recorded."))
        return HttpResponseRedirect(reverse("insights_diagnostics", args=[slug]))
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
    from coalitionlens.insights.comparison import compare_coalitions, compare_periods

    scope = _scope(request, slug)
    mine = roles_of(request.user)
    others = list(Coalition.objects.filter(pk__in=list(mine)).exclude(pk=scope.coalition.pk))
    chosen = set(request.GET.getlist("with")) if "with" in request.GET else {c.slug for c in others}
    pairs: list[tuple[Coalition, str | None]] = [(scope.coalition, scope.role)]
    pairs += [(c, mine[c.pk]) for c in others if c.slug in chosen]
    stamps = data_stamps(c.pk for c, _role in pairs)
    today = dt.date.today()
    # Every column is read as the reader's role in that coalition: the key names each one's
    # visibility class and data stamp.
    key = scoped_key(
        "compare",
        scope.coalition,
        scope.role,
        [(c.pk, visibility(role), stamps[c.pk]) for c, role in pairs],
        stamp=stamps[scope.coalition.pk],
        today=today,
    )
    table, periods = cached(
        key,
        lambda: (
            compare_coalitions(pairs, today=today),
            compare_periods(scope.coalition, scope.role, today=today),
        ),
    )
    return render(
        request,
        "insights/compare.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "others": others,
            "chosen": chosen,
            "table": table,
            "periods": periods,
        },
    )

"""Reads for the insight pages and the API: the network table and map data, an organisation's
place in the network, the findings and the mode counts behind the diagnostics, the comparison. Each
reads the network the reader's role may see (:func:`~.networks.network_view`) and
returns plain rows for a template or JSON; the views only cache and render them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalitionlens.accounts.permissions import roles_of
from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition
from coalitionlens.core.brokerage import ROLES
from coalitionlens.core.modes import MODES
from coalitionlens.insights import money
from coalitionlens.insights.caching import cached, data_stamps, scoped_key, visibility
from coalitionlens.insights.exercises import exercises
from coalitionlens.insights.findings import Facts, Finding
from coalitionlens.insights.modes import window_label
from coalitionlens.insights.networks import NetworkFilters, network_view
from coalitionlens.insights.palette import MACRO_COLOURS

if TYPE_CHECKING:
    from coalitionlens.insights.comparison import ComparisonTable

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


def _num(x: Any) -> Any:
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if f != f else round(f, 4)


#: Measures that count something (ties): whole numbers on every page.
COUNTS = {"degree"}


def _value(measure: str, x: Any) -> Any:
    """A measure's value for a page: a count as an int (never 17.0), any other measure a float."""
    f = _num(x)
    return round(f) if f is not None and measure in COUNTS else f


def network_rows(
    coalition: Coalition, role: str, filters: NetworkFilters
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The network table's rows (by betweenness, highest first) and the network's summary."""
    view = network_view(coalition, role, filters)
    orgs = view.organisations.sort_values("betweenness", ascending=False)
    rows = [
        {
            "id": pk,
            "url": reverse("organisation_detail", args=[coalition.slug, pk]),
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
    return rows, view.summary


def network_map(coalition: Coalition, role: str, filters: NetworkFilters) -> dict[str, Any]:
    """The network the map draws: its nodes (with positions and measures), ties and labels. The
    map's JSON (:func:`network_json`) and the API's network are this."""
    slug = coalition.slug
    view = network_view(coalition, role, filters)
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
    return {"nodes": nodes, "edges": edges, "labels": labels}


def network_json(coalition: Coalition, role: str, filters: NetworkFilters) -> bytes:
    """The network map's nodes (with positions and measures), ties and labels, as JSON."""
    return json.dumps(network_map(coalition, role, filters)).encode()


def organisation_place(coalition: Coalition, role: str, pk: int) -> dict[str, Any] | None:
    """An organisation's place in the network its reader's role may see: its measures, brokerage
    roles, rank by betweenness, the sectors it connects and its change over the last two years.
    ``None`` when the organisation is not in that network."""
    today = dt.date.today()
    now = network_view(coalition, role)
    recent = network_view(
        coalition,
        role,
        NetworkFilters(start=today - dt.timedelta(days=365), end=today + dt.timedelta(days=1)),
    )
    before = network_view(
        coalition,
        role,
        NetworkFilters(start=today - dt.timedelta(days=730), end=today - dt.timedelta(days=365)),
    )
    table = now.organisations
    if pk not in table.index:
        return None
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
        change.append((MEASURES[measure], _value(measure, a), _value(measure, b)))
    return {
        "row": {m: _value(m, row[m]) for m in MEASURES},
        "roles": [(ROLE_LABELS[r], int(row[r])) for r in ROLES],  # type: ignore[arg-type]
        "rank": rank,
        "n": len(table),
        "connects": connects,
        "change": change,
        "dependence": _num(now.dependence.get(pk)),
    }


def facts_modes(facts: Facts) -> dict[str, Any]:
    """The mode counts the diagnostic rules read, as a table: macro-sector by mode, a row for all
    sectors, and the label that says what was counted."""
    rows = [
        [vocab.MacroSector(macro).label, *(counts.get(m, 0) for m in MODES)]
        for macro, counts in facts.modes.items()
        if macro in vocab.MacroSector.values
    ]
    if facts.mode_totals:
        rows.append([_("All sectors"), *(facts.mode_totals.get(m, 0) for m in MODES)])
    basis = (
        ""
        if facts.modes_window is None
        else window_label(facts.modes_window, secretariat_left_out=facts.modes_secretariat_left_out)
    )
    return {
        "basis": basis,
        "columns": [_("Macro-sector"), *(vocab.EngagementMode(m).label for m in MODES)],
        "rows": rows,
    }


def diagnosis(
    coalition: Coalition, role: str | None, *, fresh: bool = False
) -> tuple[Facts, list[Any]]:
    """The facts the diagnostic rules read and the findings they raise, for ``role``: from the cache
    until the coalition's data or the thresholds change (``fresh``: computed again)."""
    from coalitionlens.insights.diagnostics import configured_thresholds
    from coalitionlens.insights.facts import coalition_diagnosis

    if fresh:
        return coalition_diagnosis(coalition, role)
    thresholds = repr(sorted(configured_thresholds().items()))
    return cached(
        scoped_key("diagnosis", coalition, role, thresholds),
        lambda: coalition_diagnosis(coalition, role),
    )


def survivor_inclusion(coalition: Coalition, role: str | None) -> Any:
    """The survivor-inclusion indicator (:func:`coalitionlens.insights.inclusion.survivor_inclusion`)
    for ``role`` today, from the cache until the coalition's data changes."""
    from coalitionlens.insights.inclusion import survivor_inclusion as build

    today = dt.date.today()
    return cached(
        scoped_key("survivor-inclusion", coalition, role, today=today),
        lambda: build(coalition, role, today),
    )


def power_and_money(coalition: Coalition, role: str | None) -> money.PowerAndMoney:
    """Power and money (:func:`coalitionlens.insights.money.power_and_money`) for ``role`` today,
    from the cache until the coalition's data changes; keyed also by whether the role reads funders'
    names, so a named answer is never served to a role that may not read it."""
    today = dt.date.today()
    named = money.names_funders(role)
    return cached(
        scoped_key("power-and-money", coalition, role, named, today=today),
        lambda: money.power_and_money(coalition, role, today),
    )


def finding_rows(findings: list[Finding], lang: str) -> list[dict[str, Any]]:
    """The findings as the diagnostics page shows them: each with its tension level and category,
    its strategies (labels) and its exercises (id and title in ``lang``)."""
    library = {e.id: e.in_language(lang) for e in exercises()}
    return [
        {
            "finding": f,
            "level": vocab.TensionLevel(f.level).label,
            "category": vocab.TensionCategory(f.category).label,
            "strategies": [vocab.StrategyCategory(s).label for s in f.strategies],
            "exercises": [(e, library[e]["title"]) for e in f.exercises if e in library],
        }
        for f in findings
    ]


@dataclass(frozen=True)
class Comparison:
    """The comparison page's tables: the coalitions side by side and this one per year."""

    others: list[Coalition]  # the reader's other coalitions, which may be chosen
    chosen: set[str]  # the slugs compared
    table: ComparisonTable
    periods: ComparisonTable


def comparison(
    *,
    coalition: Coalition,
    role: str,
    user: Any,
    chosen: set[str] | None = None,
    files: list[Any] | None = None,
) -> Comparison:
    """``coalition`` beside the reader's other coalitions (``chosen`` slugs, by default every one),
    each read as the reader's role there may see it, then the columns of any checked safe files
    (:class:`.comparison_file.ColumnFile`), and against its own earlier years."""
    from coalitionlens.insights.comparison import compare_coalitions, compare_periods

    mine = roles_of(user)
    others = list(Coalition.objects.filter(pk__in=list(mine)).exclude(pk=coalition.pk))
    chosen = set(chosen) if chosen is not None else {c.slug for c in others}
    pairs: list[tuple[Coalition, str | None]] = [(coalition, role)]
    pairs += [(c, mine[c.pk]) for c in others if c.slug in chosen]
    stamps = data_stamps(c.pk for c, _role in pairs)
    files = list(files or [])
    today = dt.date.today()
    # Every column is read as the reader's role in that coalition: the key names each one's
    # visibility class and data stamp.
    key = scoped_key(
        "compare",
        coalition,
        role,
        [(c.pk, visibility(r), stamps[c.pk]) for c, r in pairs],
        stamp=stamps[coalition.pk],
        today=today,
    )
    table, periods = cached(
        key,
        lambda: (
            compare_coalitions(pairs, today=today),
            compare_periods(coalition, role, today=today),
        ),
    )
    if files:
        # Columns from uploaded files are shown once and kept nowhere, not even in the cache.
        table = compare_coalitions(pairs, today=today, files=files)
    return Comparison(others=others, chosen=chosen, table=table, periods=periods)

"""The paper's comparative table, generated from data: coalitions side by side, or one coalition
against its own earlier periods.

Each column is a coalition (or a year) as the reader's role there may see it; each row a measure.
Members, partners and counterparts come from :mod:`coalitionlens.insights.modes`, in the window its
section heading states.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition
from coalitionlens.insights.modes import basis_label, coalition_modes, default_window
from coalitionlens.insights.networks import NetworkFilters, network_view
from coalitionlens.insights.tables import participation_frame
from coalitionlens.kit.numbers import number
from coalitionlens.surveys.instruments import load

__all__ = ["ComparisonTable", "compare_coalitions", "compare_periods"]


@dataclass
class ComparisonTable:
    columns: list[str]
    #: (section, label, values per column)
    rows: list[tuple[str, str, list[Any]]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": self.columns,
            "rows": [{"section": s, "measure": m, "values": v} for s, m, v in self.rows],
        }


def _pct(n: int, total: int) -> str:
    return f"{n} ({round(100 * n / total)}%)" if total else "0"


def _round(x: Any, digits: int = 2) -> Any:
    return None if x is None else round(float(x), digits)


def _top(series: Any, labels: Any, k: int = 3) -> str:
    counts = series.value_counts().head(k)
    return ", ".join(f"{labels(code).label} ({int(n)})" for code, n in counts.items()) or "—"


BAND_LABELS = {
    "strength": gettext_lazy("strength"),
    "watch": gettext_lazy("watch"),
    "concern": gettext_lazy("concern"),
}


def _survey(coalition: Coalition) -> dict[str, Any]:
    """Survey figures of the closed rounds: published (suppressed) cells only. A hidden figure is
    ``None`` ("—"), like a missing one. One query."""
    from coalitionlens.surveys.published import closed_rounds
    from coalitionlens.surveys.scoring import ALL, band

    rounds = closed_rounds(coalition=coalition)
    if not rounds:
        return {}

    def responses(r: Any) -> str | None:
        if r.responded is None:
            return None
        return f"{r.responded} ({round(100 * r.rate)}%)" if r.rate is not None else str(r.responded)

    latest = rounds[0]
    col: dict[str, Any] = {
        "survey_round": latest.title,
        "survey_responses": responses(latest),
        "survey_organisations": latest.results.organisations_responding,
        "survey_rounds": "; ".join(f"{r.title}: {responses(r) or '—'}" for r in rounds),
        "factor_labels": {},
    }
    if "health" in latest.instruments:
        inst = load("health", latest.instruments["health"])
        lang = get_language() or "en"
        col["factor_labels"] = {f["code"]: inst.text(f, lang) for f in inst.factors}
    for factor in latest.results.factors:
        cell = latest.results.table(f"factor:{factor}").get((factor, ALL))
        value = None if cell is None or cell.values is None else cell.values.get("value")
        if value is None or value != value:
            continue
        name = band(value, latest.results.bands)
        col[f"factor:{factor}"] = f"{number(value)} ({BAND_LABELS[name] if name else '—'})"
    return col


# --- survivor inclusion (coalitionlens.insights.inclusion): its rows, computed by its one function ---


def _survivor_cells(coalition: Coalition, role: str | None, today: dt.date) -> dict[str, Any]:
    from coalitionlens.insights.inclusion import survivor_inclusion

    inc = survivor_inclusion(coalition, role, today)
    seats, board = inc.seats(), inc.seats((vocab.UnitKind.BOARD,))
    degree = next((c for c in inc.centrality if c.measure == "degree"), None)
    return {
        "survivor_members": _pct(inc.survivor_members, inc.members),
        "survivor_board": "—" if board is None else _pct(board.survivor_seats, board.seats),
        "survivor_seats": "—" if seats is None else _pct(seats.survivor_seats, seats.seats),
        "survivor_leads": _pct(inc.survivor_led_engagements, inc.engagements),
        "survivor_degree": None
        if degree is None
        else f"{number(degree.survivor_mean)} / {number(degree.others_mean)}",
    }


def _survivor_spec() -> list[tuple[str, str, str]]:
    section = _("Survivor inclusion")
    return [
        (section, _("Survivor-led members (share of active members)"), "survivor_members"),
        (section, _("Board seats held by survivor-led organisations"), "survivor_board"),
        (
            section,
            _("Board and working-group seats held by survivor-led organisations"),
            "survivor_seats",
        ),
        (
            section,
            _("Engagements led by survivor-led organisations (last 12 months)"),
            "survivor_leads",
        ),
        (section, _("Mean degree: survivor-led members / other members"), "survivor_degree"),
    ]


def _column(coalition: Coalition, role: str | None, today: dt.date) -> dict[str, Any]:
    counts = coalition_modes(coalition, role, window=default_window(today))
    view = network_view(coalition, role)
    s = view.summary
    col: dict[str, Any] = {
        "founded": coalition.founded,
        "origin": coalition.get_origin_sector_display(),
        "governance": coalition.get_governance_model_display(),
        "region": coalition.get_region_display(),
        "organisations": len(view.organisations),
        "members": counts.totals["MEMBERSHIP"],
        "_counts": counts,
    }
    n_members = col["members"]
    for macro in vocab.MacroSector.values:
        col[f"members_{macro}"] = _pct(counts.count(macro, "MEMBERSHIP"), n_members)
    partnerships = counts.rows["PARTNERSHIP"]
    counterparts = counts.rows["ENGAGEMENT_PRACTICE"]
    for macro in ("PUBLIC", "PRIVATE"):
        col[f"partners_{macro}"] = counts.count(macro, "PARTNERSHIP")
        col[f"partner_types_{macro}"] = _top(
            partnerships[partnerships["macro_sector"] == macro]["type"], vocab.PartnershipType
        )
        col[f"counterparts_{macro}"] = counts.count(macro, "ENGAGEMENT_PRACTICE")
        col[f"engagements_{macro}"] = int(counts.engagements[macro])
        with_macro = counterparts[counterparts["macro_sector"] == macro]
        col[f"practices_{macro}"] = _top(
            with_macro.drop_duplicates("engagement")["practice"], vocab.PracticeType
        )
    col.update(
        ties=s.get("ties"),
        density=_round(s.get("density"), 3),
        ei=_round(s.get("ei_index")),
        blau=_round(s.get("blau_macro_sector")),
        dependence=_round(s.get("dependence_on_secretariat")),
        fragility=_round(s.get("cross_sector_connected_after_removal")),
        communities=s.get("communities"),
        modularity=_round(s.get("modularity")),
    )
    col.update(_survey(coalition))
    col.update(_survivor_cells(coalition, role, today))
    return col


def _modes_section(columns: list[dict[str, Any]]) -> str:
    """The section's heading says what its figures count: the window is the same for every column;
    the secretariat is left out of each coalition's figures (said when any coalition names one)."""
    counts = [c["_counts"] for c in columns]
    named = next((c for c in counts if c.secretariat is not None), counts[0] if counts else None)
    heading = _("Modes of engagement")
    return heading if named is None else f"{heading} — {basis_label(named)}"


def _rows(columns: list[dict[str, Any]]) -> list[tuple[str, str, list[Any]]]:
    profile, comp, modes, net = (
        _("Profile"),
        _("Composition"),
        _modes_section(columns),
        _("Network"),
    )
    spec: list[tuple[str, str, str]] = [
        (profile, _("Founded"), "founded"),
        (profile, _("Founding sector"), "origin"),
        (profile, _("Governance"), "governance"),
        (profile, _("Region"), "region"),
        (comp, _("Organisations"), "organisations"),
        (modes, _("Active members"), "members"),
    ]
    for macro in vocab.MacroSector:
        spec.append(
            (modes, _("Members: %(macro)s") % {"macro": macro.label}, f"members_{macro.value}")
        )
    for macro in (vocab.MacroSector.PUBLIC, vocab.MacroSector.PRIVATE):
        label = {"macro": macro.label}
        spec += [
            (modes, _("Current partners: %(macro)s") % label, f"partners_{macro.value}"),
            (modes, _("Partnership types: %(macro)s") % label, f"partner_types_{macro.value}"),
            (modes, _("Counterparts: %(macro)s") % label, f"counterparts_{macro.value}"),
            (modes, _("Engagements with %(macro)s") % label, f"engagements_{macro.value}"),
            (modes, _("Main practices with %(macro)s") % label, f"practices_{macro.value}"),
        ]
    spec += [
        (net, _("Ties"), "ties"),
        (net, _("Density"), "density"),
        (net, _("E-I index (sectors)"), "ei"),
        (net, _("Diversity (Blau, macro-sectors)"), "blau"),
        (net, _("Dependence on the secretariat"), "dependence"),
        (net, _("Cross-sector pairs connected without the top 2 brokers"), "fragility"),
        (net, _("Communities"), "communities"),
        (net, _("Modularity"), "modularity"),
    ]
    spec += _survivor_spec()
    survey = _("Survey (last closed round; figures from fewer than k respondents hidden)")
    spec += [
        (survey, _("Round"), "survey_round"),
        (survey, _("People who responded (response rate)"), "survey_responses"),
        (survey, _("Organisations responding"), "survey_organisations"),
        (survey, _("Responses per closed round, latest first"), "survey_rounds"),
    ]
    labels: dict[str, str] = {}
    for c in columns:
        for code, label in c.get("factor_labels", {}).items():
            labels.setdefault(code, label)
    factors = list(
        dict.fromkeys(k.split(":", 1)[1] for c in columns for k in c if k.startswith("factor:"))
    )
    for code in sorted(factors, key=lambda f: list(labels).index(f) if f in labels else 99):
        spec.append(
            (
                survey,
                _("Factor: %(factor)s (1–5, band)") % {"factor": labels.get(code, code)},
                f"factor:{code}",
            )
        )
    return [(section, label, [c.get(key) for c in columns]) for section, label, key in spec]


def compare_coalitions(
    pairs: list[tuple[Coalition, str | None]], *, today: dt.date | None = None
) -> ComparisonTable:
    """Coalitions side by side; each read as the given role there may see it."""
    today = today or dt.date.today()
    columns = [_column(c, role, today) for c, role in pairs]
    return ComparisonTable(columns=[c.name for c, _ in pairs], rows=_rows(columns))


def compare_periods(
    coalition: Coalition, role: str | None, *, years: int = 3, today: dt.date | None = None
) -> ComparisonTable:
    """One coalition per calendar year (the last ``years``): network and engagement measures."""
    today = today or dt.date.today()
    parts = participation_frame(coalition, role)
    labels, columns = [], []
    for year in range(today.year - years + 1, today.year + 1):
        start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        view = network_view(coalition, role, NetworkFilters(start=start, end=end))
        in_year = parts[parts["date"].dt.year == year]
        cps = in_year[in_year["role"] == "COUNTERPART"].drop_duplicates(
            ["engagement", "macro_sector"]
        )
        s = view.summary
        labels.append(str(year))
        columns.append(
            {
                "engagements": int(in_year["engagement"].nunique()),
                "public": int(cps[cps["macro_sector"] == "PUBLIC"]["engagement"].nunique()),
                "private": int(cps[cps["macro_sector"] == "PRIVATE"]["engagement"].nunique()),
                "ties": s.get("ties"),
                "ei": _round(s.get("ei_index")),
                "dependence": _round(s.get("dependence_on_secretariat")),
                "fragility": _round(s.get("cross_sector_connected_after_removal")),
                "communities": s.get("communities"),
            }
        )
    section = _("Per year")
    spec = [
        (_("Engagements"), "engagements"),
        (_("Engagements with the public sector"), "public"),
        (_("Engagements with the private sector"), "private"),
        (_("Ties"), "ties"),
        (_("E-I index (sectors)"), "ei"),
        (_("Dependence on the secretariat"), "dependence"),
        (_("Cross-sector pairs connected without the top 2 brokers"), "fragility"),
        (_("Communities"), "communities"),
    ]
    return ComparisonTable(
        columns=labels, rows=[(section, label, [c[k] for c in columns]) for label, k in spec]
    )

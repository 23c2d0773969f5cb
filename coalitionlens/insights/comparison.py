"""The paper's comparative table, generated from data: coalitions side by side, or one coalition
against its own earlier periods.

Each column is a coalition (or a year) as the reader's role there may see it; each row a measure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition
from coalitionlens.insights.networks import NetworkFilters, network_view
from coalitionlens.insights.tables import membership_frame, participation_frame, partnership_frame

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


def _column(coalition: Coalition, role: str | None, today: dt.date) -> dict[str, Any]:
    members = membership_frame(coalition)
    partners = partnership_frame(coalition)
    parts = participation_frame(coalition, role)
    view = network_view(coalition, role)
    active = members[members["status"] == "ACTIVE"]
    current = partners[partners["ended_on"].isna() | (partners["ended_on"] >= today)]
    cps = parts[parts["role"] == "COUNTERPART"].drop_duplicates(["engagement", "macro_sector"])
    s = view.summary
    col: dict[str, Any] = {
        "founded": coalition.founded,
        "origin": coalition.get_origin_sector_display(),
        "governance": coalition.get_governance_model_display(),
        "region": coalition.get_region_display(),
        "organisations": len(view.organisations),
        "members": int(active["organisation"].nunique()),
    }
    n_members = col["members"]
    for macro in vocab.MacroSector.values:
        col[f"members_{macro}"] = _pct(
            int(active[active["macro_sector"] == macro]["organisation"].nunique()), n_members
        )
    for macro in ("PUBLIC", "PRIVATE"):
        p = current[current["macro_sector"] == macro]
        col[f"partners_{macro}"] = int(p["organisation"].nunique())
        col[f"partner_types_{macro}"] = _top(p["type"], vocab.PartnershipType)
        e = cps[cps["macro_sector"] == macro]
        col[f"engagements_{macro}"] = int(e["engagement"].nunique())
        col[f"practices_{macro}"] = _top(e["practice"], vocab.PracticeType)
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
    return col


def _rows(columns: list[dict[str, Any]]) -> list[tuple[str, str, list[Any]]]:
    profile, comp, modes, net = (
        _("Profile"),
        _("Composition"),
        _("Modes of engagement"),
        _("Network"),
    )
    spec: list[tuple[str, str, str]] = [
        (profile, _("Founded"), "founded"),
        (profile, _("Founding sector"), "origin"),
        (profile, _("Governance"), "governance"),
        (profile, _("Region"), "region"),
        (comp, _("Organisations"), "organisations"),
        (comp, _("Active members"), "members"),
    ]
    for macro in vocab.MacroSector:
        spec.append(
            (comp, _("Members: %(macro)s") % {"macro": macro.label}, f"members_{macro.value}")
        )
    for macro in (vocab.MacroSector.PUBLIC, vocab.MacroSector.PRIVATE):
        label = {"macro": macro.label}
        spec += [
            (modes, _("Current partners: %(macro)s") % label, f"partners_{macro.value}"),
            (modes, _("Partnership types: %(macro)s") % label, f"partner_types_{macro.value}"),
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

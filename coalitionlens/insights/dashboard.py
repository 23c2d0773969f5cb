"""The numbers of a coalition's dashboard: each chart's table, read in a fixed number of queries.

Members, partners and counterparts are counted by :mod:`coalitionlens.insights.modes` (the one
definition, with its label): by sector and macro-sector today, and per calendar year.

Counterpart sectors come only from engagements whose counterparts the role may read; practice
types, dates and initiators are not confidential and count every engagement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition
from coalitionlens.core.modes import MODES
from coalitionlens.core.taxonomy import SECTOR_TO_MACRO
from coalitionlens.insights.modes import (
    basis_label,
    counts_from_frames,
    default_window,
    year_window,
    yearly_basis_label,
)
from coalitionlens.insights.tables import (
    engagement_frame,
    membership_frame,
    participation_frame,
    partnership_frame,
)

__all__ = ["MODES", "Dashboard", "Table", "dashboard_data"]

MACROS = list(vocab.MacroSector.values)


@dataclass
class Table:
    """A chart's numbers: ``columns`` head the table, each row starts with its label."""

    name: str
    title: Any
    columns: list[Any]
    rows: list[list[Any]]
    extra: dict[str, Any] = field(default_factory=dict)
    #: What the figures count, when it needs saying (the window, the secretariat).
    basis: str = ""

    def signature(self) -> str:
        return repr((self.name, [str(c) for c in self.columns], self.rows, self.extra))


@dataclass
class Dashboard:
    tables: dict[str, Table]
    overdue: list[dict[str, Any]]
    years: list[int]


def _label(choices: Any, code: Any) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def _sector_label(code: str) -> str:
    return str(vocab.SECTOR_LABELS.get(code, code))


def dashboard_data(
    coalition: Coalition, role: str | None, *, today: dt.date | None = None
) -> Dashboard:
    from django.utils.translation import gettext as _

    today = today or dt.date.today()
    members = membership_frame(coalition)
    partners = partnership_frame(coalition)
    parts = participation_frame(coalition, role)
    engs = engagement_frame(coalition, role)

    window = default_window(today)
    by_macro = counts_from_frames(coalition, members, partners, parts, window=window)
    by_sector = counts_from_frames(coalition, members, partners, parts, window=window, by="sector")
    basis = basis_label(by_macro)

    present = by_sector.table[by_sector.table["ANY"] > 0]
    sectors = sorted(
        present.index,
        key=lambda c: (MACROS.index(SECTOR_TO_MACRO[c]) if c in SECTOR_TO_MACRO else 9, c),
    )
    composition_rows = [
        [_sector_label(code), *(by_sector.count(code, m) for m in MODES)] for code in sectors
    ]
    macro_rows = [
        [_label(vocab.MacroSector, macro), *(by_macro.count(macro, m) for m in MODES)]
        for macro in MACROS
    ]
    mode_cols = [_label(vocab.EngagementMode, m) for m in MODES]

    tables: dict[str, Table] = {
        "composition": Table(
            "composition", _("Members, partners and counterparts by sector"),
            [_("Sector"), *mode_cols], composition_rows, basis=basis,
        ),
        "macro": Table(
            "macro", _("Members, partners and counterparts by macro-sector"),
            [_("Macro-sector"), *mode_cols], macro_rows, basis=basis,
        ),
    }  # fmt: skip

    first_year = int(engs["date"].dt.year.min()) if len(engs) else today.year
    years = list(range(max(first_year, today.year - 5), today.year + 1))
    per_year = {
        year: counts_from_frames(
            coalition, members, partners, parts, window=year_window(year, today)
        )
        for year in years
    }
    mode_rows = [
        [
            f"{_label(vocab.MacroSector, macro)} {year}",
            *(per_year[year].count(macro, m) for m in MODES),
        ]
        for macro in MACROS
        for year in years
    ]
    tables["modes"] = Table(
        "modes",
        _("The three modes side by side, per macro-sector and year"),
        [_("Macro-sector and year"), *mode_cols],
        mode_rows,
        {"years": years, "macros": [_label(vocab.MacroSector, m) for m in MACROS]},
        basis=yearly_basis_label(by_macro),
    )

    engs_years = engs[engs["date"].dt.year.isin(years)]
    practices = [p for p in vocab.PracticeType.values if (engs_years["practice"] == p).any()]
    practice_rows = []
    for p in practices:
        by_year = engs_years[engs_years["practice"] == p]["date"].dt.year.value_counts()
        practice_rows.append(
            [_label(vocab.PracticeType, p), *[int(by_year.get(y, 0)) for y in years]]
        )
    tables["practices"] = Table(
        "practices", _("Engagements by practice type and year"),
        [_("Practice"), *years], practice_rows,
    )  # fmt: skip

    cp_rows = [
        [_label(vocab.MacroSector, m), *(int(per_year[y].engagements[m]) for y in years)]
        for m in MACROS
    ]
    tables["counterparts"] = Table(
        "counterparts", _("Engagements by counterpart macro-sector and year"),
        [_("Counterpart macro-sector"), *years], cp_rows,
    )  # fmt: skip

    init_rows = []
    for code in vocab.Initiator.values:
        sub = engs_years[engs_years["initiated_by"] == code]["date"].dt.year.value_counts()
        init_rows.append([_label(vocab.Initiator, code), *[int(sub.get(y, 0)) for y in years]])
    tables["initiators"] = Table(
        "initiators", _("Who initiates engagements, per year"),
        [_("Initiated by"), *years], init_rows,
    )  # fmt: skip

    due = engs[engs["visible"] & engs["follow_up_due"].notna() & (engs["outcome"] == "PENDING")]
    due = due[due["follow_up_due"] < today].sort_values("follow_up_due")
    overdue: list[dict[str, Any]] = [
        {
            "pk": int(pk),
            "date": day.date(),
            "title": title,
            "due": due_on,
            "days": (today - due_on).days,
            "practice": _label(vocab.PracticeType, practice),
        }
        for pk, day, title, due_on, practice in zip(
            due["id"].tolist(),
            due["date"].tolist(),
            due["title"].tolist(),
            due["follow_up_due"].tolist(),
            due["practice"].tolist(),
            strict=True,
        )
    ]
    return Dashboard(tables=tables, overdue=overdue, years=years)

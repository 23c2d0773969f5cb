"""The numbers of a coalition's dashboard: each chart's table, read in a fixed number of queries.

Counterpart sectors come only from engagements whose counterparts the role may read; practice
types, dates and initiators are not confidential and count every engagement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition
from coalitionlens.core.taxonomy import SECTOR_TO_MACRO
from coalitionlens.insights.tables import (
    engagement_frame,
    membership_frame,
    participation_frame,
    partnership_frame,
)

__all__ = ["MODES", "Dashboard", "Table", "dashboard_data"]

MACROS = list(vocab.MacroSector.values)
MODES = ("MEMBERSHIP", "PARTNERSHIP", "ENGAGEMENT_PRACTICE")


@dataclass
class Table:
    """A chart's numbers: ``columns`` head the table, each row starts with its label."""

    name: str
    title: Any
    columns: list[Any]
    rows: list[list[Any]]
    extra: dict[str, Any] = field(default_factory=dict)

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


def _active_in(frame: pd.DataFrame, start_col: str, end_col: str, year: int) -> pd.DataFrame:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    began = frame[start_col].isna() | (frame[start_col] <= last)
    going = frame[end_col].isna() | (frame[end_col] >= first)
    return frame[began & going]


def dashboard_data(
    coalition: Coalition, role: str | None, *, today: dt.date | None = None
) -> Dashboard:
    today = today or dt.date.today()
    members = membership_frame(coalition)
    partners = partnership_frame(coalition)
    parts = participation_frame(coalition, role)
    engs = engagement_frame(coalition, role)
    counterparts = parts[parts["role"] == "COUNTERPART"]
    secretariat = coalition.secretariat_id
    since = pd.Timestamp(today - dt.timedelta(days=730))

    active = members[(members["status"] == "ACTIVE") & (members["organisation"] != secretariat)]
    current = partners[partners["ended_on"].isna() | (partners["ended_on"] >= today)]
    recent_cp = counterparts[counterparts["date"] >= since]

    sectors = sorted(
        set(active["sector"]) | set(current["sector"]) | set(recent_cp["sector"]),
        key=lambda c: (MACROS.index(SECTOR_TO_MACRO[c]) if c in SECTOR_TO_MACRO else 9, c),
    )
    composition_rows = []
    for code in sectors:
        composition_rows.append(
            [
                _sector_label(code),
                int(active[active["sector"] == code]["organisation"].nunique()),
                int(current[current["sector"] == code]["organisation"].nunique()),
                int(recent_cp[recent_cp["sector"] == code]["organisation"].nunique()),
            ]
        )
    macro_rows = []
    for macro in MACROS:
        macro_rows.append(
            [
                _label(vocab.MacroSector, macro),
                int(active[active["macro_sector"] == macro]["organisation"].nunique()),
                int(current[current["macro_sector"] == macro]["organisation"].nunique()),
                int(recent_cp[recent_cp["macro_sector"] == macro]["organisation"].nunique()),
            ]
        )
    mode_cols = [
        _label(vocab.EngagementMode, "MEMBERSHIP"),
        _label(vocab.EngagementMode, "PARTNERSHIP"),
        _label(vocab.EngagementMode, "ENGAGEMENT_PRACTICE"),
    ]
    from django.utils.translation import gettext as _

    tables: dict[str, Table] = {
        "composition": Table(
            "composition", _("Members, partners and counterparts by sector"),
            [_("Sector"), *mode_cols], composition_rows,
        ),
        "macro": Table(
            "macro", _("Members, partners and counterparts by macro-sector"),
            [_("Macro-sector"), *mode_cols], macro_rows,
        ),
    }  # fmt: skip

    first_year = int(engs["date"].dt.year.min()) if len(engs) else today.year
    years = list(range(max(first_year, today.year - 5), today.year + 1))
    mode_rows = []
    for macro in MACROS:
        for year in years:
            cp = counterparts[(counterparts["date"].dt.year == year)]
            mode_rows.append(
                [
                    f"{_label(vocab.MacroSector, macro)} {year}",
                    int(
                        _active_in(
                            members[members["macro_sector"] == macro], "joined_on", "ended_on", year
                        )["organisation"].nunique()
                    ),
                    int(
                        _active_in(
                            partners[partners["macro_sector"] == macro],
                            "started_on",
                            "ended_on",
                            year,
                        )["organisation"].nunique()
                    ),
                    int(cp[cp["macro_sector"] == macro]["organisation"].nunique()),
                ]
            )
    tables["modes"] = Table(
        "modes",
        _("The three modes side by side, per macro-sector and year"),
        [_("Macro-sector and year"), *mode_cols],
        mode_rows,
        {"years": years, "macros": [_label(vocab.MacroSector, m) for m in MACROS]},
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

    cp_engs = counterparts.drop_duplicates(["engagement", "macro_sector"])
    cp_rows = []
    for macro in MACROS:
        sub = cp_engs[cp_engs["macro_sector"] == macro]["date"].dt.year.value_counts()
        cp_rows.append([_label(vocab.MacroSector, macro), *[int(sub.get(y, 0)) for y in years]])
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

"""A coalition's timeline: per year or per quarter, members and partners who joined and left, ties
gained and lost, and the measures of each organisation and each sector with their change from the
period before.

Each period's network is the one the network page shows for that window to the same role
(:func:`~.networks.network_for` with :class:`~.networks.NetworkFilters` ``start`` / ``end``): a
counterpart of an engagement the role may not fully read never enters it, so no tie, gain, loss or
measure here says more than the role's network page for that window. Two consecutive periods are
compared by the core (:func:`coalitionlens.core.change.compare`). The page, the report chapter, the
export and the API read :func:`coalition_timeline`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalitionlens.coalitions import selectors as directory
from coalitionlens.coalitions.models import Coalition
from coalitionlens.core.modes import ENDED_STATUSES
from coalitionlens.insights.caching import cached, scoped_key
from coalitionlens.insights.networks import NetworkFilters, network_for
from coalitionlens.insights.tables import organisation_table

__all__ = [
    "FREQUENCIES",
    "ORGANISATION_MEASURES",
    "PERIOD_FIGURES",
    "Timeline",
    "coalition_timeline",
    "periods",
]

#: The choice of period, and how many periods a timeline shows by default.
FREQUENCIES = {"year": 5, "quarter": 8}
#: The measures of each organisation per period (the core's change measures).
ORGANISATION_MEASURES = ("degree", "strength", "betweenness", "ei_index", "constraint")
#: The figures of each period, in the order the tables show them.
PERIOD_FIGURES = {
    "members_joined": gettext_lazy("Members who joined"),
    "members_left": gettext_lazy("Members who left"),
    "partners_joined": gettext_lazy("Partnerships begun"),
    "partners_left": gettext_lazy("Partnerships ended"),
    "organisations": gettext_lazy("Organisations with a tie"),
    "ties": gettext_lazy("Ties"),
    "ties_gained": gettext_lazy("Ties gained"),
    "ties_lost": gettext_lazy("Ties lost"),
    "ei_index": gettext_lazy("E-I index (sectors)"),
}


#: The columns of each exported table.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "periods": ("label", "start", "end", *PERIOD_FIGURES),
    "sectors": (
        "period",
        "sector",
        *(c for m in ("organisations", "internal", "external", "ei") for c in (m, f"{m}_change")),
    ),
    "organisations": (
        "period",
        "id",
        "name",
        "sector",
        *(c for m in ORGANISATION_MEASURES for c in (m, f"{m}_change")),
    ),
}


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date  # the first day after the period


@dataclass(frozen=True)
class Timeline:
    """What changed period by period, as one role may see it.

    ``periods``: one dict per period (``label``, ``start``, ``end`` and every key of
    :data:`PERIOD_FIGURES`). ``organisations``: one row per organisation with a tie in a period
    and per period: ``period``, ``id``, ``name``, ``sector``, each measure of
    :data:`ORGANISATION_MEASURES` and its ``<measure>_change`` from the period before (NaN where it
    had no tie then). ``sectors``: one row per sector and period: ``period``, ``sector``,
    ``organisations`` (with a tie), ``internal``, ``external``, ``ei`` and their ``_change``.
    """

    freq: str
    periods: list[dict[str, Any]]
    organisations: pd.DataFrame
    sectors: pd.DataFrame

    @property
    def labels(self) -> list[str]:
        return [p["label"] for p in self.periods]


def _label(freq: str, start: dt.date) -> str:
    if freq == "year":
        return str(start.year)
    return _("Q%(quarter)d %(year)d") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}


def periods(freq: str, count: int, today: dt.date) -> list[Period]:
    """The last ``count`` calendar periods (``"year"`` or ``"quarter"``) up to the one holding
    ``today``, oldest first."""
    if freq not in FREQUENCIES:
        raise ValueError(f"unknown period {freq!r}; one of {', '.join(FREQUENCIES)}")
    out: list[Period] = []
    if freq == "year":
        for year in range(today.year - count + 1, today.year + 1):
            start = dt.date(year, 1, 1)
            out.append(Period(_label(freq, start), start, dt.date(year + 1, 1, 1)))
        return out
    index = today.year * 4 + (today.month - 1) // 3
    for i in range(index - count + 1, index + 1):
        start = dt.date(i // 4, (i % 4) * 3 + 1, 1)
        nxt = i + 1
        out.append(Period(_label(freq, start), start, dt.date(nxt // 4, (nxt % 4) * 3 + 1, 1)))
    return out


def _counted(dates: pd.Series, span: Period) -> pd.Series:
    days = pd.to_datetime(dates)
    return (days >= pd.Timestamp(span.start)) & (days < pd.Timestamp(span.end))


def _build(
    coalition: Coalition, role: str | None, freq: str, count: int, today: dt.date
) -> Timeline:
    from coalitionlens.core.change import compare

    spans = periods(freq, count + 1, today)  # one more: the first shown period has a change too
    orgs = organisation_table(coalition)
    info = orgs.set_index("id")[["name", "sector"]]
    members = pd.DataFrame(
        list(
            directory.membership_list(coalition=coalition).values_list(
                "status", "joined_on", "ended_on"
            )
        ),
        columns=["status", "joined_on", "ended_on"],
    )
    partners = pd.DataFrame(
        list(directory.partnership_list(coalition=coalition).values_list("started_on", "ended_on")),
        columns=["started_on", "ended_on"],
    )
    nets = [
        network_for(
            coalition=coalition,
            role=role,
            filters=NetworkFilters(start=s.start, end=s.end),
            organisations=orgs,
            today=today,
        ).network
        for s in spans
    ]
    sample = None if len(orgs) <= 800 else 300
    rows: list[dict[str, Any]] = []
    org_frames: list[pd.DataFrame] = []
    sector_frames: list[pd.DataFrame] = []
    for span, before, after in zip(spans[1:], nets[:-1], nets[1:], strict=True):
        change = compare(before, after, by="sector", sample=sample)
        o = change.organisations
        tied_before, tied_after = o["degree_before"] > 0, o["degree_after"] > 0
        now = pd.DataFrame(index=o.index[tied_after])
        for m in ORGANISATION_MEASURES:
            now[m] = o.loc[tied_after, f"{m}_after"]
            now[f"{m}_change"] = o.loc[tied_after, f"{m}_delta"].where(tied_before[tied_after])
        now = now.join(info)
        now.insert(0, "period", span.label)
        org_frames.append(now.reset_index().rename(columns={"index": "id"}))
        active_before = info.loc[o.index[tied_before], "sector"].value_counts()
        active_after = info.loc[o.index[tied_after], "sector"].value_counts()
        sec = change.sectors
        groups = sec.index[(sec["internal_after"] + sec["external_after"]) > 0]
        table = pd.DataFrame(index=groups)
        table["organisations"] = active_after.reindex(groups).fillna(0).astype(int)
        table["organisations_change"] = table["organisations"] - active_before.reindex(
            groups
        ).fillna(0).astype(int)
        for column in ("internal", "external", "ei"):
            table[column] = sec.loc[groups, f"{column}_after"]
            table[f"{column}_change"] = sec.loc[groups, f"{column}_delta"]
        table.insert(0, "period", span.label)
        sector_frames.append(table.reset_index().rename(columns={"index": "sector"}))
        rows.append(
            {
                "label": span.label,
                "start": span.start,
                "end": span.end,
                "members_joined": int(
                    (
                        _counted(members["joined_on"], span) & (members["status"] != "APPLICANT")
                    ).sum()
                ),
                "members_left": int(
                    (
                        _counted(members["ended_on"], span) & members["status"].isin(ENDED_STATUSES)
                    ).sum()
                ),
                "partners_joined": int(_counted(partners["started_on"], span).sum()),
                "partners_left": int(_counted(partners["ended_on"], span).sum()),
                "organisations": int(tied_after.sum()),
                "ties": int(change.network["ties"]["after"]),
                "ties_gained": change.gained,
                "ties_lost": change.lost,
                "ei_index": change.network["ei_index"]["after"],
            }
        )
    org_columns, sector_columns = list(_COLUMNS["organisations"]), list(_COLUMNS["sectors"])
    organisations = (
        pd.concat(org_frames, ignore_index=True)[org_columns]
        if org_frames
        else pd.DataFrame(columns=org_columns)
    )
    sectors = (
        pd.concat(sector_frames, ignore_index=True)[sector_columns]
        if sector_frames
        else pd.DataFrame(columns=sector_columns)
    )
    return Timeline(freq=freq, periods=rows, organisations=organisations, sectors=sectors)


def coalition_timeline(
    coalition: Coalition,
    role: str | None,
    *,
    freq: str = "year",
    count: int | None = None,
    today: dt.date | None = None,
) -> Timeline:
    """The timeline of ``coalition`` for ``role``: the last ``count`` periods (by default
    :data:`FREQUENCIES`' number) of ``freq`` (``"year"`` or ``"quarter"``), from the cache until the
    coalition's data changes."""
    if freq not in FREQUENCIES:
        raise ValueError(f"unknown period {freq!r}; one of {', '.join(FREQUENCIES)}")
    count = count or FREQUENCIES[freq]
    today = today or dt.date.today()
    key = scoped_key("timeline", coalition, role, freq, count, today=today)
    return cached(key, lambda: _build(coalition, role, freq, count, today))


# --- the tables the page, the report and the export show ------------------------------------

#: The sector figures of the tables, in order.
SECTOR_FIGURES = {
    "organisations": gettext_lazy("Organisations with a tie"),
    "internal": gettext_lazy("Ties within the sector"),
    "external": gettext_lazy("Ties with other sectors"),
    "ei": gettext_lazy("E-I index"),
}


def _value(x: Any) -> Any:
    """A figure for a table: an integer stays an int, another number a float, NaN ``None``."""
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, (bool, np.bool_, int, np.integer)):
        return int(x)
    f = float(x)
    return None if f != f else f


def _count(x: Any) -> Any:
    v = _value(x)
    return None if v is None else int(v)


def period_rows(timeline: Timeline) -> list[tuple[str, list[Any]]]:
    """Each figure of :data:`PERIOD_FIGURES` with its value per period."""
    return [
        (str(label), [_value(p[key]) for p in timeline.periods])
        for key, label in PERIOD_FIGURES.items()
    ]


def sector_rows(timeline: Timeline) -> list[tuple[str, str, list[Any], Any]]:
    """Per sector and figure: (sector label, figure label, value per period, change in the last
    period); a period where the sector had no tie reads ``None``."""
    from coalitionlens.coalitions import vocab

    frame, labels = timeline.sectors, timeline.labels
    out = []
    named = {s: str(vocab.SECTOR_LABELS.get(s, s)) for s in frame["sector"].unique()}
    for sector in sorted(named, key=lambda s: named[s]):
        rows = frame[frame["sector"] == sector].set_index("period")
        for key, label in SECTOR_FIGURES.items():
            read = _value if key == "ei" else _count
            values = [read(rows.at[p, key]) if p in rows.index else None for p in labels]
            last = read(rows.at[labels[-1], f"{key}_change"]) if labels[-1] in rows.index else None
            out.append((named[sector], str(label), values, last))
    return out


def organisation_rows(timeline: Timeline, measure: str) -> list[tuple[Any, str, list[Any], Any]]:
    """Per organisation with a tie in any period: (id, name, ``measure`` per period, its change in
    the last period), by the last period's value, highest first."""
    if measure not in ORGANISATION_MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    frame, labels = timeline.organisations, timeline.labels
    read = _count if measure == "degree" else _value
    by_period = {p: group.set_index("id") for p, group in frame.groupby("period")}
    names = frame.drop_duplicates("id").set_index("id")["name"]
    last = by_period.get(labels[-1])
    out = []
    for pk in names.index:
        values = [
            read(by_period[p].at[pk, measure]) if p in by_period and pk in by_period[p].index
            else None
            for p in labels
        ]  # fmt: skip
        change = (
            read(last.at[pk, f"{measure}_change"])
            if last is not None and pk in last.index
            else None
        )
        out.append((pk, str(names[pk]), values, change))
    out.sort(key=lambda r: (r[2][-1] is None, -(r[2][-1] or 0), r[1]))
    return out


def timeline_chart(timeline: Timeline) -> Any:
    """The chart of the page and the report: joins, leaves, ties gained and lost per period (a
    dashboard :class:`~.dashboard.Table`, drawn as lines by :func:`.charts.render_chart`)."""
    from coalitionlens.insights.dashboard import Table

    shown = ("members_joined", "members_left", "partners_joined", "partners_left", "ties_gained",
             "ties_lost")  # fmt: skip
    return Table(
        name="timeline",
        title=_("Joined, left, gained and lost per period"),
        columns=["", *timeline.labels],
        rows=[[str(PERIOD_FIGURES[k]), *[p[k] for p in timeline.periods]] for k in shown],
    )


def export_tables(timeline: Timeline) -> dict[str, list[dict[str, Any]]]:
    """The timeline's three tables as rows for :mod:`coalitionlens.transfer.writers` (one sheet or
    CSV file each): ``periods``, ``sectors`` and ``organisations``."""

    def clean(record: Mapping[Any, Any]) -> dict[str, Any]:
        return {str(k): v if isinstance(v, str | dt.date) else _value(v) for k, v in record.items()}

    periods_ = [clean(p) for p in timeline.periods]
    return {
        "periods": periods_,
        "sectors": [clean(r) for r in timeline.sectors.to_dict("records")],
        "organisations": [clean(r) for r in timeline.organisations.to_dict("records")],
    }


#: The export formats of a timeline: content type and file extension.
EXPORT_FORMATS = {
    "csv": ("application/zip", "zip"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def timeline_bytes(
    *, coalition: Coalition, role: str | None, freq: str, fmt: str, safe: bool = False
) -> bytes:
    """The timeline's tables as an XLSX workbook or a zip of CSV files, written by the export's
    writers (:mod:`coalitionlens.transfer.writers`: formula-safe cells). ``safe``: organisation
    names replaced by their aliases, for sharing outside the coalition."""
    from coalitionlens.coalitions.aliases import alias_code, organisation_aliases
    from coalitionlens.transfer.writers import FIXED_ZIP_TIME, csv_text, write_xlsx

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
    tables = export_tables(coalition_timeline(coalition, role, freq=freq))
    if safe:
        aliases = organisation_aliases(coalition)
        for row in tables["organisations"]:
            row["name"] = aliases.get(row["id"], "?")
            row["id"] = alias_code(row["name"])
    columns = dict(_COLUMNS)
    if fmt == "xlsx":
        return write_xlsx(tables, columns)
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, rows in tables.items():
            info = zipfile.ZipInfo(f"timeline-{kind}.csv", date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, "\ufeff" + csv_text(kind, rows, columns))
    return out.getvalue()

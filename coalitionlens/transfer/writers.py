"""Export files: XLSX, CSV (a zip of one CSV per kind), JSON, GraphML and GEXF.

Spreadsheet cells that begin with ``= + - @``, a tab or a carriage return get a leading apostrophe
so no spreadsheet runs them as a formula (SAFETY.md); numbers stay numbers. The import removes that
apostrophe again, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections import defaultdict
from typing import Any

import networkx as nx
import pandas as pd

from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership
from coalitionlens.transfer.columns import COLUMNS
from coalitionlens.transfer.parse import DANGEROUS_START

__all__ = ["FORMATS", "safe_cell", "write_csv_zip", "write_json", "write_network", "write_xlsx"]

FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("application/zip", "zip"),
    "json": ("application/json", "json"),
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
}
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # the same bytes for the same data


def safe_cell(value: Any) -> Any:
    """A value ready for a spreadsheet cell: text starting like a formula is neutralised."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def _flat(value: Any) -> Any:
    """Lists become ``"a; b"``; booleans ``yes``/``no``; ``None`` an empty cell."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


Columns = dict[str, tuple[str, ...]]


def _keys(kind: str, columns: Columns | None) -> list[str]:
    """The columns written for ``kind``: the import's, unless the caller names fewer (safe mode)."""
    return list(columns[kind]) if columns is not None else [c.key for c in COLUMNS[kind]]


def write_xlsx(tables: dict[str, list[dict[str, Any]]], columns: Columns | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for kind, rows in tables.items():
        sheet = book.create_sheet(kind)
        keys = _keys(kind, columns)
        sheet.append(keys)
        for row in rows:
            cells = []
            for key in keys:
                value = safe_cell(_flat(row.get(key)))
                if isinstance(value, dt.date):
                    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
                    cell.number_format = "yyyy-mm-dd"
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(kind: str, rows: list[dict[str, Any]], columns: Columns | None = None) -> str:
    keys = _keys(kind, columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(keys)
    for row in rows:
        values = []
        for key in keys:
            value = safe_cell(_flat(row.get(key)))
            values.append(value.isoformat() if isinstance(value, dt.date) else value)
        writer.writerow(values)
    return out.getvalue()


def write_csv_zip(tables: dict[str, list[dict[str, Any]]], columns: Columns | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, rows in tables.items():
            info = zipfile.ZipInfo(f"{kind}.csv", date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, "\ufeff" + csv_text(kind, rows, columns))
    return out.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


def write_json(
    coalition: Coalition, tables: dict[str, list[dict[str, Any]]], *, safe: bool = False
) -> bytes:
    document: dict[str, Any] = {
        "format": "coalitionlens-export",
        "version": 1,
        "coalition": {"slug": coalition.slug, "name": coalition.name},
    }
    if safe:
        document["safe_mode"] = True
    document.update(tables)
    return json.dumps(document, default=_json_default, ensure_ascii=False, indent=1).encode()


def network_graph(coalition: Coalition, participation: list[dict[str, Any]]) -> nx.Graph:
    """Organisations as nodes; ties from shared engagements and from partnerships.

    Engagement ties come from the analytics core (:func:`coalitionlens.core.co_participation`);
    a partnership ties the partner to the coalition's secretariat, when one is named.
    """
    from coalitionlens.core import co_participation
    from coalitionlens.core.modes import active_memberships

    orgs = list(
        Organisation.objects.filter(coalition=coalition)
        .select_related("sector", "subsector")
        .order_by("pk")
    )
    # ``member``: an active member today, by the one definition the pages count with.
    memberships = pd.DataFrame(
        list(
            Membership.objects.filter(coalition=coalition).values_list(
                "organisation_id", "status", "joined_on", "ended_on"
            )
        ),
        columns=["organisation", "status", "joined_on", "ended_on"],
    )
    members = set(active_memberships(memberships, dt.date.today())["organisation"])
    graph = nx.Graph(name=coalition.name)
    for o in orgs:
        graph.add_node(
            str(o.pk),
            label=o.name,
            sector=o.sector.code,
            macro_sector=o.sector.macro_sector,
            subsector=o.subsector.code if o.subsector else "",
            faith_based=o.faith_based,
            survivor_led=o.survivor_led,
            scale=o.scale,
            origin=o.origin,
            at_risk=o.at_risk,
            member=o.pk in members,
            secretariat=o.pk == coalition.secretariat_id,
        )
    ties: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"engagements": 0, "partnerships": 0, "first": "", "last": ""}
    )
    if orgs and participation:
        table = pd.DataFrame({"id": [o.pk for o in orgs], "sector": [o.sector.code for o in orgs]})
        rows = pd.DataFrame(participation)
        net = co_participation(table, rows)
        for source, target, weight in net.ties[["source", "target", "weight"]].itertuples(
            index=False
        ):
            ties[_pair(source, target)]["engagements"] = int(weight)
        _tie_dates(ties, rows)
    if coalition.secretariat_id:
        for p in Partnership.objects.filter(coalition=coalition).order_by("pk"):
            if p.organisation_id != coalition.secretariat_id:
                tie = ties[_pair(coalition.secretariat_id, p.organisation_id)]
                tie["partnerships"] += 1
                tie["level"] = max(int(tie.get("level", 0)), int(p.level))
    for (a, b), tie in sorted(ties.items()):
        kinds = [k for k in ("engagements", "partnerships") if tie[k]]
        graph.add_edge(
            a,
            b,
            weight=float(tie["engagements"] + tie["partnerships"]),
            engagements=int(tie["engagements"]),
            partnerships=int(tie["partnerships"]),
            level=int(tie.get("level", 0)),
            kind="+".join(kinds),
            first=tie["first"],
            last=tie["last"],
        )
    return graph


def _pair(a: Any, b: Any) -> tuple[str, str]:
    x, y = str(a), str(b)
    return (x, y) if int(x) < int(y) else (y, x)


def _tie_dates(ties: dict[tuple[str, str], dict[str, Any]], rows: pd.DataFrame) -> None:
    by_engagement: dict[Any, tuple[Any, list[Any]]] = {}
    for e, o, d in rows[["engagement", "organisation", "date"]].itertuples(index=False):
        by_engagement.setdefault(e, (d, []))[1].append(o)
    for date, members in by_engagement.values():
        day = date.isoformat()
        unique = sorted(set(members))
        for i, a in enumerate(unique):
            for b in unique[i + 1 :]:
                tie = ties[_pair(a, b)]
                tie["first"] = min(tie["first"] or day, day)
                tie["last"] = max(tie["last"], day)


def write_network(graph: nx.Graph, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(graph, out, encoding="utf-8", prettyprint=True, version="1.2draft")
    else:
        raise ValueError(fmt)
    return out.getvalue()

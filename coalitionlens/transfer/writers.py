"""Export files: XLSX, CSV (a zip of one CSV per kind), JSON, GraphML and GEXF.

Spreadsheet cells that begin with ``= + - @``, a tab or a carriage return are never run as a
formula (SAFETY.md): in XLSX they are text cells with Excel's quote prefix (the cell shows
``-5 km`` as typed, no apostrophe); in CSV, which has no cell types, they get a leading apostrophe,
which the import removes again. Numbers stay numbers; an export imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from typing import Any

import networkx as nx
import pandas as pd

from coalitionlens.coalitions.models import Coalition, Membership, Organisation
from coalitionlens.core.construct import CoalitionNetwork
from coalitionlens.transfer.columns import COLUMNS
from coalitionlens.transfer.parse import DANGEROUS_START

__all__ = [
    "FORMATS",
    "network_csv",
    "network_graph",
    "safe_cell",
    "write_csv_zip",
    "write_json",
    "write_network",
    "write_xlsx",
]

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
    """The columns written for ``kind``: the import's, unless the caller names fewer (safe mode);
    the whole-coalition kinds (profile, units, ...) have theirs in ``whole.EXTRA_COLUMNS``."""
    from coalitionlens.transfer.whole import EXTRA_COLUMNS

    if columns is not None:
        return list(columns[kind])
    return [c.key for c in COLUMNS[kind]] if kind in COLUMNS else list(EXTRA_COLUMNS[kind])


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
                value = _flat(row.get(key))
                if isinstance(value, str) and value.startswith(DANGEROUS_START):
                    cells.append(_text_cell(sheet, value))
                elif isinstance(value, dt.date):
                    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
                    cell.number_format = "yyyy-mm-dd"
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(sheet: Any, text: str) -> Any:
    """A cell that holds ``text`` as text, shown as typed: a string cell with Excel's quote prefix
    (what Excel itself stores when one types ``'=1+1``), so it is never read as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


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


def write_csv_zip(
    tables: dict[str, list[dict[str, Any]]],
    columns: Columns | None = None,
    network: dict[str, str] | None = None,
) -> bytes:
    """One CSV per kind of record, and the network's two tables (:func:`network_csv`) if given."""
    files = {f"{kind}.csv": csv_text(kind, rows, columns) for kind, rows in tables.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**files, **(network or {})}.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, "\ufeff" + text)
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


def network_graph(coalition: Coalition, built: CoalitionNetwork) -> nx.Graph:
    """Organisations as nodes; the ties of ``built`` (``engagements.networks.network_for``, the
    network the map shows for the same role) as edges, with where each comes from.

    ``weight`` is the map's: shared engagements + 1 for a partnership + 1 for a membership (both
    tie the organisation to the secretariat).
    """
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
    columns = ("source", "target", "weight", "engagements", "partnerships", "membership", "level")
    values = [built.ties[c].tolist() for c in (*columns, "first", "last")]
    for source, target, weight, engagements, partnerships, membership, level, first, last in zip(
        *values, strict=True
    ):
        kinds = [
            k
            for k, n in (
                ("engagements", engagements),
                ("partnerships", partnerships),
                ("membership", membership),
            )
            if n
        ]
        graph.add_edge(
            str(source),
            str(target),
            weight=float(weight),
            engagements=int(engagements),
            partnerships=int(partnerships),
            membership=int(membership),
            level=int(level),
            kind="+".join(kinds),
            first=_day(first),
            last=_day(last),
        )
    return graph


def _day(value: Any) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def network_csv(graph: nx.Graph) -> dict[str, str]:
    """The network of ``graph`` as the two tables ``coalitionlens analyze --orgs/--ties`` reads:
    ``network-organisations.csv`` (``id``, ``name`` and every node attribute) and
    ``network-ties.csv`` (``source``, ``target`` and every edge attribute).

    Organisations are named, not numbered, as everywhere in the CSV export (the id *is* the name,
    unique in a coalition), so the same records give the same bytes in any database.
    """
    names = {n: str(d.get("label", n)) for n, d in graph.nodes(data=True)}
    node_keys = sorted({k for _n, d in graph.nodes(data=True) for k in d} - {"label"})
    edge_keys = sorted({k for _a, _b, d in graph.edges(data=True) for k in d})

    def text(header: list[str], rows: list[list[Any]]) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(
            [
                [safe_cell(_flat(v)) for v in row]
                for row in sorted(rows, key=lambda r: (str(r[0]), str(r[1])))
            ]
        )
        return out.getvalue()

    nodes = [
        [names[n], names[n], *(d.get(k) for k in node_keys)] for n, d in graph.nodes(data=True)
    ]
    edges = [
        [*sorted((names[a], names[b])), *(d.get(k) for k in edge_keys)]
        for a, b, d in graph.edges(data=True)
    ]
    return {
        "network-organisations.csv": text(["id", "name", *node_keys], nodes),
        "network-ties.csv": text(["source", "target", *edge_keys], edges),
    }


def write_network(graph: nx.Graph, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(graph, out, encoding="utf-8", prettyprint=True, version="1.2draft")
    else:
        raise ValueError(fmt)
    return out.getvalue()

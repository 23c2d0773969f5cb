"""One call per export format, as a role may read the coalition (used by the UI and the CLI)."""

from __future__ import annotations

from coalitionlens.coalitions.models import Coalition
from coalitionlens.transfer.selectors import export_tables, participation_rows
from coalitionlens.transfer.writers import (
    FORMATS,
    network_graph,
    write_csv_zip,
    write_json,
    write_network,
    write_xlsx,
)

__all__ = ["FORMATS", "export_bytes", "export_filename"]


def export_bytes(*, coalition: Coalition, role: str | None, fmt: str) -> bytes:
    """The coalition's records in ``fmt`` (one of :data:`FORMATS`). Writes nothing, audits nothing:
    callers that hand the bytes to someone go through ``services.export_run``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt in ("graphml", "gexf"):
        graph = network_graph(coalition, participation_rows(coalition=coalition, role=role))
        return write_network(graph, fmt)
    tables = export_tables(coalition=coalition, role=role)
    if fmt == "xlsx":
        return write_xlsx(tables)
    if fmt == "csv":
        return write_csv_zip(tables)
    return write_json(coalition, tables)


def export_filename(coalition: Coalition, fmt: str) -> str:
    return f"{coalition.slug}.{FORMATS[fmt][1]}"

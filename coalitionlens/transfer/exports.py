"""One call per export format, as a role may read the coalition (used by the UI and the CLI); in safe
mode every file goes through :mod:`.safe` on its way to the writer. The network files (and the CSV
zip's two network tables) hold the network the map shows to the same role: the one construction,
``engagements.networks.network_for``."""

from __future__ import annotations

import networkx as nx

from coalitionlens.coalitions.aliases import organisation_aliases
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.engagements.networks import network_for
from coalitionlens.transfer.safe import KEPT, safe_graph, safe_tables
from coalitionlens.transfer.selectors import export_tables
from coalitionlens.transfer.writers import (
    FORMATS,
    network_csv,
    network_graph,
    write_csv_zip,
    write_json,
    write_network,
    write_xlsx,
)

__all__ = ["FORMATS", "export_bytes", "export_filename"]


def export_bytes(*, coalition: Coalition, role: str | None, fmt: str, safe: bool = False) -> bytes:
    """The coalition's records in ``fmt`` (one of :data:`FORMATS`). Writes nothing, audits nothing:
    callers that hand the bytes to someone go through ``services.export_run``. ``safe``: for sharing
    outside the coalition (aliases in the active language, no at-risk flag, no free text)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt in ("graphml", "gexf"):
        return write_network(_graph(coalition, role, safe=safe), fmt)
    tables = export_tables(coalition=coalition, role=role)
    columns = None
    if safe:
        by_id = organisation_aliases(coalition)
        names = Organisation.objects.filter(coalition=coalition).values_list("id", "name")
        tables = safe_tables(tables, aliases={name: by_id[pk] for pk, name in names})
        columns = KEPT
    if fmt == "xlsx":
        return write_xlsx(tables, columns)
    if fmt == "csv":
        return write_csv_zip(tables, columns, network_csv(_graph(coalition, role, safe=safe)))
    return write_json(coalition, tables, safe=safe)


def _graph(coalition: Coalition, role: str | None, *, safe: bool) -> nx.Graph:
    """The network the map shows to ``role`` (aliases and only the kept attributes when safe)."""
    graph = network_graph(coalition, network_for(coalition=coalition, role=role))
    if safe:
        by_id = organisation_aliases(coalition)
        graph = safe_graph(graph, aliases={str(pk): a for pk, a in by_id.items()})
    return graph


def export_filename(coalition: Coalition, fmt: str, *, safe: bool = False) -> str:
    return f"{coalition.slug}{'-safe' if safe else ''}.{FORMATS[fmt][1]}"

"""One call per export format, as a role may read the coalition (used by the UI and the CLI); in safe
mode every file goes through :mod:`.safe` on its way to the writer. The network files (and the CSV
zip's two network tables) hold the network the map shows to the same role: the one construction,
``engagements.networks.network_for``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from coalitionlens.coalitions.aliases import organisation_aliases
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.engagements.networks import network_for
from coalitionlens.transfer.safe import KEPT, safe_graph, safe_tables
from coalitionlens.transfer.selectors import export_tables
from coalitionlens.transfer.whole import extra_tables, funding_table, pathway_tables
from coalitionlens.transfer.writers import (
    FORMATS,
    csv_text,
    network_csv,
    network_graph,
    write_csv_zip,
    write_json,
    write_network,
    write_xlsx,
)

__all__ = ["FORMATS", "export_bytes", "export_filename", "export_steps"]


#: The steps of an export that reads the records kind by kind (``export_steps``).
KIND_STEPS = 4


def export_steps(fmt: str, *, safe: bool = False) -> int:
    """How many times :func:`export_bytes` calls its ``on_step`` for ``fmt``: the network and its
    file; or the four kinds, the rest of the coalition (or the safe aliases), and the file (and
    the CSV zip's network)."""
    if fmt in ("graphml", "gexf"):
        return 2
    return KIND_STEPS + 2 + (1 if fmt == "csv" else 0)


def export_bytes(
    *,
    coalition: Coalition,
    role: str | None,
    fmt: str,
    safe: bool = False,
    kind: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> bytes:
    """The coalition's records in ``fmt`` (one of :data:`FORMATS`). Writes nothing, audits nothing:
    callers that hand the bytes to someone go through ``services.export_run``. ``safe``: for sharing
    outside the coalition (aliases in the active language, no at-risk flag, no free text).

    Beside the four import kinds, XLSX, JSON and the CSV zip carry the whole coalition
    (:func:`whole.extra_tables`: profile and secretariat, units, seats, observations, tensions,
    strategies), except in safe mode. ``kind`` (CSV only): that one kind as one CSV file.
    ``on_step(what)`` is told after each of the :func:`export_steps` steps (a progress bar)."""
    step = on_step or (lambda _what: None)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if kind is not None and fmt != "csv":
        raise ValueError("a single kind is exported as CSV only")
    if fmt in ("graphml", "gexf"):
        graph = _graph(coalition, role, safe=safe)
        step("network")
        data = write_network(graph, fmt)
        step("file")
        return data
    tables = export_tables(coalition=coalition, role=role, on_step=step)
    if not safe:
        tables = {**tables, **extra_tables(coalition=coalition, role=role)}
        step("whole coalition")
    else:
        # Of the whole coalition, a safe file carries the pathway's services and ties and, for the
        # roles that read them, the funding flows: by alias, without free text, funding in bands
        # (``safe.KEPT``).
        tables = {**tables, **pathway_safe_kinds(coalition)}
        fundings = funding_table(coalition=coalition, role=role)
        if fundings is not None:
            tables["fundings"] = fundings
    columns = None
    if safe:
        by_id = organisation_aliases(coalition)
        names = Organisation.objects.filter(coalition=coalition).values_list("id", "name")
        tables = safe_tables(tables, aliases={name: by_id[pk] for pk, name in names})
        columns = KEPT
        step("aliases")
    if kind is not None and kind not in tables:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(tables)}")
    if fmt == "xlsx":
        data = write_xlsx(tables, columns)
    elif fmt == "csv" and kind is not None:
        data = ("\ufeff" + csv_text(kind, tables[kind], columns)).encode()
        step("network")  # none in one kind's file: the step is counted all the same
    elif fmt == "csv":
        network = network_csv(_graph(coalition, role, safe=safe))
        step("network")
        data = write_csv_zip(tables, columns, network)
    else:
        data = write_json(coalition, tables, safe=safe)
    step("file")
    return data


def pathway_safe_kinds(coalition: Coalition) -> dict[str, list[dict[str, Any]]]:
    """The pathway records a safe file carries (services and referral ties; never sub-stages,
    whose names are the coalition's own words)."""
    tables = pathway_tables(coalition=coalition)
    return {k: tables[k] for k in ("services", "referral_ties")}


def _graph(coalition: Coalition, role: str | None, *, safe: bool) -> nx.Graph:
    """The network the map shows to ``role`` (aliases and only the kept attributes when safe)."""
    graph = network_graph(coalition, network_for(coalition=coalition, role=role))
    if safe:
        by_id = organisation_aliases(coalition)
        graph = safe_graph(graph, aliases={str(pk): a for pk, a in by_id.items()})
    return graph


def export_filename(
    coalition: Coalition, fmt: str, *, safe: bool = False, kind: str | None = None
) -> str:
    if kind is not None:
        return f"{coalition.slug}{'-safe' if safe else ''}-{kind}.csv"
    return f"{coalition.slug}{'-safe' if safe else ''}.{FORMATS[fmt][1]}"

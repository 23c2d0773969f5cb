"""Safe mode for export files: the one place that turns export rows and the network into safe ones.

A safe file may leave the coalition (SAFETY.md). Every organisation is named by its alias — the same
alias the safe reports give it (:mod:`coalitionlens.coalitions.aliases`) — and only the columns and
node attributes listed here are kept; everything else (names, acronyms, cities, the at-risk flag,
titles, notes and every other free text, where people's names and e-mails are written) is left out.
The lists say what is *kept*, so a column or attribute added later stays out of safe files until
someone decides it is safe.

Rows are put in the order of their aliases: the order of real names would hint at them. A coalition's
own sub-sectors are coalition-chosen words, so only the shared vocabulary's sub-sector codes stay.
A safe file is for reading, not for importing back: it has no names to match records by.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.aliases import alias_code

__all__ = ["EDGE_ATTRIBUTES", "KEPT", "NODE_ATTRIBUTES", "safe_graph", "safe_tables"]

Table = list[dict[str, Any]]

#: The columns a safe file keeps, per kind of record, in the order of ``columns.COLUMNS``.
KEPT: dict[str, tuple[str, ...]] = {
    "organisations": (
        "name",
        "sector",
        "subsector",
        "faith_based",
        "survivor_led",
        "scale",
        "origin",
        "staff_band",
        "budget_band",
    ),
    "memberships": ("organisation", "tier", "status", "joined_on", "ended_on", "end_reason"),
    "partnerships": (
        "organisation",
        "partnership_type",
        "formality",
        "level",
        "purposes",
        "started_on",
        "ended_on",
    ),
    "engagements": (
        "date",
        "end_date",
        "practice_type",
        "leads",
        "counterparts",
        "domains",
        "four_ps",
        "initiated_by",
        "outcome",
        "follow_up_due",
        "confidentiality",
    ),
    # Funding flows under the funder's and recipient's aliases, in bands: never the exact amount,
    # its currency (a rare currency names the funder's country), the partnership or the notes.
    "fundings": ("funder", "recipient", "amount_band", "started_on", "ended_on"),
}
# The referral pathway (issue 18): who offers which stage, for whom, in which provinces, and who
# refers to whom. A service's name and notes and the sub-stages are the coalition's own words (a
# name, a hotline's number, a person's e-mail can be in them): left out, as is the district (a
# finer place than the safe organisations' rows give, which have no city).
KEPT["services"] = (
    "organisation",
    "stage",
    "trafficking_types",
    "populations",
    "provinces",
    "capacity",
    "languages",
)
KEPT["referral_ties"] = ("from_organisation", "from_stage", "to_organisation", "to_stage", "kind",
                         "since")  # fmt: skip
#: Columns beside :data:`_NAMED`'s that name one organisation each.
_NAMED_MORE = {
    "services": ("organisation",),
    "referral_ties": ("from_organisation", "to_organisation"),
}

#: Columns that name one organisation, or a list of them.
_NAMED = {"organisations": "name", "memberships": "organisation", "partnerships": "organisation"}
_NAMED_LISTS = {"engagements": ("leads", "counterparts")}
#: Columns that name one organisation or none (a funding the coalition itself receives).
_NAMED_OR_EMPTY = {"fundings": ("funder", "recipient")}

NODE_ATTRIBUTES = (
    "label",
    "sector",
    "macro_sector",
    "subsector",
    "faith_based",
    "survivor_led",
    "scale",
    "origin",
    "member",
    "secretariat",
)
EDGE_ATTRIBUTES = (
    "weight",
    "engagements",
    "partnerships",
    "membership",
    "level",
    "kind",
    "first",
    "last",
)

_SHARED_SUBSECTORS = frozenset(code for subs in vocab.SUBSECTOR_LABELS.values() for code in subs)


def _subsector(code: Any) -> Any:
    return code if code in _SHARED_SUBSECTORS else ""


def _sort_key(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(
        ";".join(map(str, v)) if isinstance(v, list) else str("" if v is None else v)
        for v in row.values()
    )


def safe_tables(tables: dict[str, Table], *, aliases: dict[str, str]) -> dict[str, Table]:
    """The export tables with each organisation name replaced by ``aliases[name]`` and only the
    :data:`KEPT` columns. A name without an alias is never written: the row fails loudly instead."""
    out: dict[str, Table] = {}
    for kind, rows in tables.items():
        keep = KEPT.get(kind, ())
        safe_rows = []
        for row in rows:
            safe = {k: row.get(k) for k in keep}
            if kind in _NAMED:
                safe[_NAMED[kind]] = aliases[row[_NAMED[kind]]]
            for k in _NAMED_OR_EMPTY.get(kind, ()):
                safe[k] = aliases[row[k]] if row.get(k) else ""
            for k in _NAMED_LISTS.get(kind, ()):
                safe[k] = sorted(aliases[name] for name in row.get(k) or [])
            for k in _NAMED_MORE.get(kind, ()):
                safe[k] = aliases[row[k]]
            if "subsector" in safe:
                safe["subsector"] = _subsector(safe["subsector"])
            safe_rows.append(safe)
        out[kind] = sorted(safe_rows, key=_sort_key)
    return out


def safe_graph(graph: nx.Graph, *, aliases: dict[str, str]) -> nx.Graph:
    """The network with node ids and labels replaced by aliases (``aliases[node id]``; the id is the
    alias's code, the same in every language) and only the listed node and edge attributes."""
    code = {node: alias_code(aliases[node]) for node in graph.nodes}
    safe = nx.Graph(name=graph.graph.get("name", ""))
    for node, data in sorted(graph.nodes(data=True), key=lambda item: code[item[0]]):
        attrs = {k: data[k] for k in NODE_ATTRIBUTES if k in data}
        attrs["label"] = aliases[node]
        if "subsector" in attrs:
            attrs["subsector"] = _subsector(attrs["subsector"])
        safe.add_node(code[node], **attrs)
    edges = sorted(graph.edges(data=True), key=lambda e: tuple(sorted((code[e[0]], code[e[1]]))))
    for a, b, data in edges:
        x, y = sorted((code[a], code[b]))
        safe.add_edge(x, y, **{k: data[k] for k in EDGE_ATTRIBUTES if k in data})
    return safe

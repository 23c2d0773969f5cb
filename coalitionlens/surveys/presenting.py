"""Turn suppressed :class:`~coalitionlens.surveys.scoring.Results` into rows for templates.

Only cells that passed suppression reach here; a hidden cell reads as ``None`` and the template shows
it as "—" with the legend. Nothing here can produce a rater, a target and a score together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from coalitionlens.coalitions.vocab import SECTOR_LABELS, MacroSector
from coalitionlens.surveys.instruments import load
from coalitionlens.surveys.published import PublishedRound
from coalitionlens.surveys.scoring import ALL, Cell, Results, band

MACROS = list(MacroSector.values)


@dataclass(frozen=True)
class Figure:
    """One shown number: its text, or ``None`` when it is hidden."""

    text: str | None
    band: str | None = None

    @property
    def hidden(self) -> bool:
        return self.text is None


def _fmt(value: float | None, digits: int = 2) -> str | None:
    return None if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str | None:
    return None if value is None else f"{round(value * 100)}%"


def figure(cell: Cell | None, name: str, *, pct: bool = False, bands: Any = None) -> Figure:
    if cell is None or cell.values is None:
        return Figure(None)
    value = cell.values.get(name)
    if value is None or value != value:  # NaN: no answers for this item
        return Figure(None)
    return Figure(_pct(value) if pct else _fmt(value), band(value, bands) if bands else None)


def macro_label(code: str) -> str:
    return str(dict(MacroSector.choices).get(code, code)) if code != ALL else _("Everyone")


def sector_label(code: str) -> str:
    return str(SECTOR_LABELS.get(code, code))


def relationship_rows(results: Results, names: dict[int, str]) -> dict[str, Any]:
    network = results.table("network").get((ALL,))
    macro = results.table("macro_pair")
    sector = results.table("sector_pair")
    sectors = sorted({k[0] for k in sector} | {k[1] for k in sector})
    gaps = []
    for i, a in enumerate(MACROS):
        for b in MACROS[i + 1 :]:
            ab, ba = macro.get((a, b)), macro.get((b, a))
            if ab and ba and ab.values and ba.values:
                gaps.append(
                    {
                        "a": macro_label(a),
                        "b": macro_label(b),
                        "ab": _fmt(ab.values["trust"]),
                        "ba": _fmt(ba.values["trust"]),
                        "gap": _fmt(ab.values["trust"] - ba.values["trust"]),
                    }
                )
    targets = sorted(
        (
            {
                "name": names.get(int(key[0]), "?"),
                "trust": figure(cell, "trust"),
                "value": figure(cell, "value"),
                "level": figure(cell, "level"),
            }
            for key, cell in results.table("target").items()
        ),
        key=lambda r: str(r["name"]),
    )
    return {
        "network": {
            "trust": figure(network, "trust"),
            "value": figure(network, "value"),
            "level": figure(network, "level"),
            "n": network.n if network else None,
        },
        "macro_matrix": [
            (
                macro_label(a),
                [
                    (figure(macro.get((a, b)), "trust"), figure(macro.get((a, b)), "value"))
                    for b in MACROS
                ],
            )
            for a in MACROS
        ],
        "macro_heads": [macro_label(m) for m in MACROS],
        "sector_heads": [sector_label(s) for s in sectors],
        "sector_matrix": [
            (sector_label(a), [figure(sector.get((a, b)), "trust") for b in sectors])
            for a in sectors
        ],
        "gaps": gaps,
        "targets": targets,
    }


def reciprocity_rows(results: Results) -> list[dict[str, Any]]:
    rows = []
    for key, cell in sorted(
        results.table("reciprocity").items(), key=lambda kv: kv[0] != (ALL, ALL)
    ):
        label = (
            _("Whole network")
            if key == (ALL, ALL)
            else f"{macro_label(key[0])} – {macro_label(key[1])}"
        )
        rows.append(
            {"label": label, "differ": figure(cell, "differ", pct=True), "gap": figure(cell, "gap")}
        )
    return rows


def factor_rows(results: Results, version: int) -> dict[str, Any]:
    from coalitionlens.coalitions.vocab import TensionCategory

    inst = load("health", version)
    lang = get_language() or "en"
    tension = dict(TensionCategory.choices)
    rows = []
    for factor in inst.factors:
        table = results.table(f"factor:{factor['code']}")
        figures = [
            figure(table.get((factor["code"], g)), "value", bands=results.bands)
            for g in [ALL, *MACROS]
        ]
        shown = [float(f.text) for f in figures[1:] if f.text is not None]
        rows.append(
            {
                "label": inst.text(factor, lang),
                "tensions": ", ".join(str(tension.get(t, t)) for t in factor["tensions"]),
                "figures": figures,
                "gap": _fmt(max(shown) - min(shown)) if len(shown) >= 2 else None,
            }
        )
    return {"heads": [macro_label(g) for g in [ALL, *MACROS]], "rows": rows}


def hopes_rows(results: Results, version: int) -> list[dict[str, Any]]:
    inst = load("hopes_fears", version)
    lang = get_language() or "en"
    blocks = []
    for about in inst.data["about"]:
        table = results.table(f"hopes:{about['code']}")
        rows = []
        for kind, nodes in (("hope", inst.data["hopes"]), ("fear", inst.data["fears"])):
            for node in nodes:
                code = f"{kind}:{node['code']}"
                rows.append(
                    {
                        "kind": kind,
                        "label": inst.text(node, lang),
                        "figures": [
                            (
                                figure(table.get((about["code"], g)), f"{code}:share", pct=True),
                                figure(table.get((about["code"], g)), code),
                            )
                            for g in [ALL, *MACROS]
                        ],
                    }
                )
        blocks.append({"label": inst.text(about, lang), "rows": rows})
    return blocks


def hopes_fold(block: dict[str, Any], heads: list[str]) -> dict[str, Any]:
    """One hopes-and-fears block (of :func:`hopes_rows`) folded by :func:`fold_matrix`: its rows
    are ``(row, cells)`` with the row's ``kind`` and ``label``, its cells (share, strength)."""
    return fold_matrix(heads, [(r, r["figures"]) for r in block["rows"]])


def factors_fold(factors: dict[str, Any]) -> dict[str, Any]:
    """The collaboration-health table (of :func:`factor_rows`) folded by :func:`fold_matrix`: its
    rows are ``(row, figures)``, the row keeping its label, tensions and largest gap."""
    return fold_matrix(factors["heads"], [(r, r["figures"]) for r in factors["rows"]])


def response_rows(cells: dict[str, list[Cell]], invited: dict[str, int]) -> list[dict[str, Any]]:
    rows = []
    for cell in cells.get("response", []):
        code = cell.key[0]
        rows.append(
            {
                "label": _("All") if code == ALL else sector_label(code),
                "invited": invited.get(code, 0),
                "responded": None if cell.values is None else int(cell.values["responded"]),
                "rate": figure(cell, "rate", pct=True),
                "total": code == ALL,
            }
        )
    return sorted(rows, key=lambda r: (r["total"], r["label"]))


def suppression_legend(k: int) -> str:
    """What a dash means, for the results page and the report (one text for both): small cells
    and complementary suppression."""
    return _(
        "— marks a hidden figure. A figure drawn from fewer than %(k)s organisations is hidden "
        "(a small cell). Some figures from more organisations are hidden too (complementary "
        "suppression), so that no hidden figure can be worked out by subtracting the visible "
        "ones from a total."
    ) % {"k": k}


def _shown(cell: Figure | tuple[Figure, ...]) -> bool:
    """Whether a table cell shows a figure: a cell of several figures (a share and a strength)
    shows one when any of them is shown."""
    return any(not f.hidden for f in cell) if isinstance(cell, tuple) else not cell.hidden


def fold_matrix(heads: list[Any], rows: list[tuple[Any, list[Any]]]) -> dict[str, Any]:
    """A table with its fully hidden rows and columns (every figure in them hidden) left out:
    ``heads`` and ``rows`` as kept, and how many rows and columns were folded away. A cell is a
    :class:`Figure` or a tuple of them (hidden when all of them are)."""
    cols = [j for j in range(len(heads)) if any(_shown(r[1][j]) for r in rows)]
    kept = [(label, [cells[j] for j in cols]) for label, cells in rows if any(map(_shown, cells))]
    folded_rows, folded_columns = len(rows) - len(kept), len(heads) - len(cols)
    return {
        "heads": [heads[j] for j in cols],
        "rows": kept,
        "folded_rows": folded_rows,
        "folded_columns": folded_columns,
        "line": folded_line(folded_rows, folded_columns),
    }


def folded_line(rows: int, columns: int) -> str:
    """The one line that stands for a table's folded rows and columns (page and report), or
    ``""`` when nothing was folded."""
    if not rows and not columns:
        return ""
    return " ".join(
        [
            ngettext("%(n)s row", "%(n)s rows", rows) % {"n": rows} + ",",
            ngettext("%(n)s column", "%(n)s columns", columns) % {"n": columns},
            _("not shown: every figure in them is hidden (see the legend above)."),
        ]
    )


def fold_targets(targets: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The organisations some figure about which is shown, and how many were left out because
    every figure about them is hidden."""
    kept = [t for t in targets if not all(t[m].hidden for m in ("trust", "value", "level"))]
    return kept, len(targets) - len(kept)


def result_tables(shown: PublishedRound, *, show_targets: bool) -> dict[str, Any]:
    """Every table of a round's results page, from its published results: response rates, and per
    instrument of the round the relationship, factor and hopes-and-fears tables. ``show_targets``:
    whether the reader may see how partners rate each organisation (else that table is empty)."""
    results, names, versions = shown.results, shown.names, shown.instruments
    tables: dict[str, Any] = {}
    if "relationship" in versions:
        rel = relationship_rows(results, names)
        if not show_targets:
            rel["targets"] = []
        # fully hidden rows and columns are folded into one line that says how many and why
        rel["sector_fold"] = fold_matrix(rel["sector_heads"], rel["sector_matrix"])
        rel["macro_fold"] = fold_matrix(rel["macro_heads"], rel["macro_matrix"])
        rel["targets"], rel["targets_folded"] = fold_targets(rel["targets"])
        tables["rel"] = rel
        tables["reciprocity"] = reciprocity_rows(results)
        tables["ties"] = sorted((names.get(a, "?"), names.get(b, "?")) for a, b in results.ties)
    if "health" in versions:
        tables["factors"] = factor_rows(results, int(versions["health"]))
        tables["factors"]["fold"] = factors_fold(tables["factors"])
    if "hopes_fears" in versions:
        tables["hopes"] = hopes_rows(results, int(versions["hopes_fears"]))
        tables["macro_heads"] = [macro_label(g) for g in [ALL, *MACROS]]
        for block in tables["hopes"]:
            block["fold"] = hopes_fold(block, tables["macro_heads"])
    tables["rates"] = response_rows(
        {"response": list(results.tables.get("response", ()))}, shown.invited
    )
    tables["answered"] = answered(tables["rates"])
    return tables


def answered(rates: list[dict[str, Any]]) -> int | None:
    """How many people answered, as the response table's total row says it (``None`` when
    hidden): the one figure the results page's first line and that table's total both show."""
    return next((r["responded"] for r in rates if r["total"]), None)


def _signed(value: float, *, pct: bool = False) -> str:
    if pct:
        return f"{round(value * 100):+d}%"
    return f"{value:+.2f}"


def _change_row(c: Any, label: str, *, pct: bool = False) -> dict[str, Any]:
    text = _pct if pct else _fmt
    return {
        "label": label,
        "before": Figure(text(c.before), c.band_before),
        "after": Figure(text(c.after), c.band_after),
        "change": _signed(c.change, pct=pct),
        "direction": "up" if c.change > 1e-9 else "down" if c.change < -1e-9 else "same",
    }


def change_tables(change: Any) -> dict[str, Any]:
    """The tables of the "Compare rounds" page from a :class:`.change.RoundChange`: only cells
    published in both rounds reach here, each with its change."""
    names = {
        "trust": _("Trust"),
        "value": _("Value"),
        "level": _("Level of collaboration"),
        "differ": _("Pairs that differ"),
        "gap": _("Mean gap in levels"),
        "density": _("Density of the survey network"),
    }
    network = [
        _change_row(c, str(names[c.measure]), pct=c.measure in ("differ", "density"))
        for c in change.table("network") + change.table("density")
    ]
    network += [
        _change_row(
            c,
            f"{_('Reciprocity')}: {names[c.measure]}",
            pct=c.measure == "differ",
        )
        for c in change.table("reciprocity")
        if c.key == (ALL, ALL)
    ]
    sectors = [
        _change_row(c, f"{sector_label(c.key[0])} → {sector_label(c.key[1])}: {names[c.measure]}")
        for c in change.table("sector_pair")
    ]
    lang = get_language() or "en"
    factors: list[dict[str, Any]] = []
    if "health" in change.instruments:
        inst = load("health", int(change.instruments["health"]))
        label = {f["code"]: inst.text(f, lang) for f in inst.factors}
        factors = [
            _change_row(c, f"{label.get(c.key[0], c.key[0])} — {macro_label(c.key[1])}")
            for c in change.table("factor")
        ]
    hopes: list[dict[str, Any]] = []
    if "hopes_fears" in change.instruments:
        inst = load("hopes_fears", int(change.instruments["hopes_fears"]))
        about = {a["code"]: inst.text(a, lang) for a in inst.data["about"]}
        node = {
            f"{kind}:{n['code']}:share": (kind, inst.text(n, lang))
            for kind, nodes in (("hope", inst.data["hopes"]), ("fear", inst.data["fears"]))
            for n in nodes
        }
        for c in change.table("hopes"):
            if c.measure not in node:
                continue
            kind, text = node[c.measure]
            row = _change_row(
                c,
                f"{'⚠ ' if kind == 'fear' else ''}{text} — {about.get(c.key[0], c.key[0])}, "
                f"{macro_label(c.key[1])}",
                pct=True,
            )
            hopes.append(row)
    return {"network": network, "sectors": sectors, "factors": factors, "hopes": hopes}

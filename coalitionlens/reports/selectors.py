"""Gather a report's contents, as a role may see them, from the insights and surveys layers.

Nothing here reads a raw survey answer: survey figures come from the suppressed results of the last
closed round. In safe mode every organisation name becomes its alias (:mod:`coalitionlens.coalitions.aliases`), and free text
(engagement titles, notes, survey comments, the organisations named in a finding) is left out.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from coalitionlens.accounts.permissions import roles_read_by
from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.aliases import organisation_aliases, scrub
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.kit.numbers import number
from coalitionlens.reports.models import Report

__all__ = ["ReportData", "Section", "report_data", "reports_for"]

Progress = Callable[[int, str], None]


@dataclass
class Section:
    """One chapter: its anchor, its heading, and what the template draws."""

    anchor: str
    title: str
    tables: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, str]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class ReportData:
    coalition_name: str
    as_of: dt.date
    language: str
    safe: bool
    role: str
    sections: list[Section]
    #: Names that must never appear in a safe-mode output (for the tests and a last check).
    organisation_names: list[str] = field(default_factory=list)


def reports_for(*, coalition: Coalition, role: str | None) -> QuerySet[Report]:
    """The stored reports of ``coalition`` that ``role`` may list and download: those made for a
    role it reads at least as much as (``accounts.permissions.reads_at_least``). Without the file."""
    return Report.objects.filter(coalition=coalition, role__in=roles_read_by(role)).defer("content")


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _num(x: Any, digits: int = 2) -> str:
    if x is None:
        return "—"
    try:
        if x != x:  # NaN
            return "—"
    except TypeError:
        return str(x)
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def _table(
    caption: str, columns: list[Any], rows: list[list[Any]], *, basis: str = ""
) -> dict[str, Any]:
    """A table to print; ``basis`` says what its figures count when that needs saying."""
    return {
        "caption": caption,
        "basis": basis,
        "columns": [str(c) for c in columns],
        "rows": [[_num(v) for v in row] for row in rows],
    }


def _folded_table(
    section: Section,
    fold: dict[str, Any],
    caption: str,
    columns: list[Any],
    rows: list[list[Any]],
    *,
    lead: str = "",
) -> None:
    """A table folded by :func:`~coalitionlens.surveys.presenting.fold_matrix`, as the results page
    draws it: printed with the fold's line under its caption, or, when every row is hidden, only
    that line in the section's note (no header row over nothing), after ``lead`` or the caption."""
    if fold["rows"]:
        section.tables.append(_table(caption, columns, rows, basis=fold["line"]))
        return
    if fold["line"]:
        section.note = " ".join(
            p for p in [section.note, f"{lead or caption}: {fold['line']}"] if p
        )


def _label(choices: Any, code: Any) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def _names(coalition: Coalition, safe: bool) -> tuple[dict[Any, str], dict[str, str]]:
    """id → name to print, and (in safe mode) real name → alias for scrubbing text."""
    names = dict(Organisation.objects.filter(coalition=coalition).values_list("id", "name"))
    if not safe:
        return names, {}
    aliases = organisation_aliases(coalition)
    return aliases, {name: aliases[pk] for pk, name in names.items()}


def _dashboard_sections(coalition: Coalition, role: str, today: dt.date) -> list[Section]:
    from coalitionlens.insights.charts import render_chart
    from coalitionlens.insights.dashboard import dashboard_data

    board = dashboard_data(coalition, role, today=today)
    t = board.tables

    def chart(name: str) -> dict[str, str]:
        return {"src": _data_uri("image/svg+xml", render_chart(t[name])), "alt": str(t[name].title)}

    def table(name: str) -> dict[str, Any]:
        return _table(str(t[name].title), t[name].columns, t[name].rows, basis=t[name].basis)

    return [
        Section(
            "composition",
            _("Composition"),
            tables=[table("macro"), table("composition")],
            images=[chart("macro"), chart("composition")],
        ),
        Section(
            "modes",
            _("The three modes of engagement by sector"),
            tables=[table("modes")],
            images=[chart("modes")],
        ),
        Section(
            "practices",
            _("Engagement practices over time"),
            tables=[table("practices"), table("counterparts"), table("initiators")],
            images=[chart("practices"), chart("counterparts"), chart("initiators")],
        ),
    ]


def _network_section(view: Any, names: dict[Any, str]) -> Section:
    from coalitionlens.reports.images import network_png

    s = view.summary
    measures = [
        (_("Organisations"), s.get("organisations")),
        (_("Ties"), s.get("ties")),
        (_("Density"), s.get("density")),
        (_("E-I index (sectors)"), s.get("ei_index")),
        (_("Diversity (Blau, macro-sectors)"), s.get("blau_macro_sector")),
        (_("Assortativity by sector"), s.get("assortativity")),
        (_("Dependence on the secretariat"), s.get("dependence_on_secretariat")),
        (_("Cross-sector pairs connected"), view.cross_sector_connected),
        (
            _("Cross-sector pairs connected without the top 2 brokers"),
            s.get("cross_sector_connected_after_removal"),
        ),
        (_("Components"), s.get("components")),
        (_("Communities"), s.get("communities")),
        (_("Modularity"), s.get("modularity")),
    ]
    orgs = view.organisations
    rows = []
    if len(orgs) and "betweenness" in orgs:
        top = orgs.sort_values(["brokerage_total", "betweenness"], ascending=False).head(10)
        for pk, row in top.iterrows():
            rows.append(
                [
                    names.get(pk, "?"),
                    vocab.SECTOR_LABELS.get(row["sector"], row["sector"]),
                    int(row["degree"]),
                    row["betweenness"],
                    int(row["brokerage_total"]),
                ]
            )
    return Section(
        "network",
        _("Network and cross-sector measures"),
        tables=[
            _table(_("Network measures"), [_("Measure"), _("Value")], [list(m) for m in measures]),
            _table(
                _("The ten organisations that broker most between sectors"),
                [_("Organisation"), _("Sector"), _("Ties"), _("Betweenness"), _("Brokerage")],
                rows,
            ),
        ],
        images=[
            {
                "src": _data_uri("image/png", network_png(view)),
                "alt": _("Network map: organisations coloured by macro-sector"),
            }
        ],
        note=_(
            "Blue: public sector; orange: private sector; green: civil society; purple: "
            "international. Larger circles have more ties."
        ),
    )


def _survey_section(coalition: Coalition, as_of: dt.date | None = None) -> Section:
    """The last round closed by the report's day (``as_of`` ``None``: today), as its findings'
    survey facts read it."""
    from coalitionlens.surveys import presenting
    from coalitionlens.surveys.published import latest_closed_round
    from coalitionlens.surveys.scoring import ALL

    section = Section("survey", _("Collaboration-health survey"))
    shown = latest_closed_round(coalition=coalition, as_of=as_of)
    if shown is None:
        section.note = _("No survey round has closed yet.")
        return section
    results = shown.results
    which = (
        _("Results of “%(round)s”, the last closed round.") % {"round": shown.title}
        if as_of is None
        else _("Results of “%(round)s”, the last round closed by %(day)s.")
        % {"round": shown.title, "day": as_of.isoformat()}
    )
    section.note = " ".join([str(which), presenting.suppression_legend(results.k)])

    def fig(f: Any) -> str:
        return "—" if f.text is None else str(f.text)

    rates = presenting.response_rows({"response": list(results.tables.get("response", ()))}, {})
    section.tables.append(
        _table(
            _("Responses"),
            [_("Group"), _("Responded"), _("Rate")],
            [[r["label"], r["responded"], fig(r["rate"])] for r in rates],
        )
    )
    versions = shown.instruments
    if "relationship" in versions:
        rel = presenting.relationship_rows(results, {})
        # folded as on the results page: fully hidden rows and columns become one line
        trust = presenting.fold_matrix(
            rel["macro_heads"],
            [(label, [p[0] for p in cells]) for label, cells in rel["macro_matrix"]],
        )
        _folded_table(
            section,
            trust,
            _("Mean trust (1–4) between macro-sectors, rater's sector by row"),
            [_("Sector"), *trust["heads"]],
            [[label, *[fig(f) for f in cells]] for label, cells in trust["rows"]],
        )
        section.tables.append(
            _table(
                _("Reciprocity"),
                [_("Pair"), _("Ties rated differently"), _("Mean gap")],
                [
                    [r["label"], fig(r["differ"]), fig(r["gap"])]
                    for r in presenting.reciprocity_rows(results)
                ],
            )
        )
    if "health" in versions:
        health = presenting.factors_fold(presenting.factor_rows(results, int(versions["health"])))
        _folded_table(
            section,
            health,
            _("Collaboration health (1–5) by macro-sector"),
            [_("Factor"), *health["heads"]],
            [[r["label"], *[fig(f) for f in cells]] for r, cells in health["rows"]],
        )
    if "hopes_fears" in versions:
        heads = [presenting.macro_label(g) for g in [ALL, *presenting.MACROS]]
        for block in presenting.hopes_rows(results, int(versions["hopes_fears"])):
            # folded as on the results page: fully hidden rows and columns become one line
            fold = presenting.hopes_fold(block, heads)
            _folded_table(
                section,
                fold,
                _("Hopes and fears: %(about)s (share who picked each · mean strength 0–3)")
                % {"about": block["label"]},
                [_("Hope or fear"), *fold["heads"]],
                [
                    [
                        ("⚠ " if r["kind"] == "fear" else "") + r["label"],
                        *[f"{fig(share)} · {fig(strength)}" for share, strength in cells],
                    ]
                    for r, cells in fold["rows"]
                ],
                lead=str(block["label"]),
            )
    return section


def _round_change_section(coalition: Coalition, as_of: dt.date | None = None) -> Section:
    """Change since the last round: the two last closed rounds compared as the "Compare rounds"
    page compares them (:func:`coalitionlens.surveys.change.latest_change` and the page's tables,
    :func:`~coalitionlens.surveys.presenting.change_tables`): cells published in both rounds only."""
    from coalitionlens.surveys import presenting
    from coalitionlens.surveys.change import latest_change
    from coalitionlens.surveys.conf import survey_k

    section = Section("round-change", _("Change since the last round"))
    shown = latest_change(coalition=coalition, as_of=as_of)
    if shown is None:
        section.note = _("Fewer than two survey rounds have closed.")
        return section
    section.note = " ".join(
        [
            str(
                _(
                    "Only figures published in both rounds are compared; the change is the later "
                    "round minus the earlier one. A figure hidden in either round is left out."
                )
            ),
            presenting.suppression_legend(survey_k()),
        ]
    )
    tables = presenting.change_tables(shown)
    heads = [_("Measure"), shown.before_title, shown.after_title, _("Change")]
    parts = [
        ("network", _("Trust and value across the network")),
        ("sectors", _("Between sectors (row rates column)")),
        ("factors", _("Collaboration health")),
        ("hopes", _("Hopes and fears")),
    ]
    for key, caption in parts:
        rows = tables[key]
        if key == "factors" and "health" not in shown.instruments:
            continue
        if key == "hopes" and "hopes_fears" not in shown.instruments:
            continue
        section.tables.append(
            _table(
                str(caption),
                heads,
                [[r["label"], r["before"].text, r["after"].text, r["change"]] for r in rows],
            )
        )
    return section


def _timeline_section(
    coalition: Coalition, role: str, today: dt.date, names: dict[Any, str]
) -> Section:
    """The coalition's timeline per year (:func:`coalitionlens.insights.timeline.coalition_timeline`,
    the page's), with its chart; organisations by their names or, in safe mode, their aliases."""
    from coalitionlens.insights import timeline as timelines
    from coalitionlens.insights.charts import render_chart

    shown = timelines.coalition_timeline(coalition, role, freq="year", today=today)
    labels = shown.labels
    chart = timelines.timeline_chart(shown)
    last = _("Change in the last period")
    top = sorted(
        timelines.organisation_rows(shown, "degree"),
        key=lambda r: (r[2][-1] is None, -(r[2][-1] or 0), names.get(r[0], "")),
    )[:10]
    return Section(
        "timeline",
        _("Timeline"),
        tables=[
            _table(
                _("Per year"),
                [_("Measure"), *labels],
                [[label, *map(number, values)] for label, values in timelines.period_rows(shown)],
            ),
            _table(
                _("Per sector"),
                [_("Sector"), _("Measure"), *labels, last],
                [
                    [s, label, *map(number, values), number(change)]
                    for s, label, values, change in timelines.sector_rows(shown)
                ],
            ),
            _table(
                _("The ten organisations with the most ties this year"),
                [_("Organisation"), *labels, last],
                [
                    [names.get(pk, "?"), *map(number, values), number(change)]
                    for pk, _n, values, change in top
                ],
            ),
        ],
        images=[{"src": _data_uri("image/svg+xml", render_chart(chart)), "alt": str(chart.title)}],
        note=_(
            "Each period's network is the network map for that period. A change compares a "
            "period with the one before it."
        ),
    )


def _findings_section(
    coalition: Coalition,
    role: str,
    today: dt.date,
    lang: str,
    safe: bool,
    scrub_names: dict[str, str],
) -> Section:
    from coalitionlens.insights.exercises import exercise_by_id
    from coalitionlens.insights.facts import coalition_findings

    section = Section("findings", _("Findings, strategies and exercises"))
    for finding in coalition_findings(coalition, role, today=today):
        signal = finding.signal
        if safe:
            signal = scrub(signal, scrub_names)
        exercises = []
        for ex_id in finding.exercises:
            ex = exercise_by_id(ex_id)
            if ex is not None:
                text = ex.in_language(lang)
                exercises.append(
                    {"title": text["title"], "purpose": text["purpose"], "minutes": ex.minutes}
                )
        section.items.append(
            {
                "title": str(finding.title),
                "signal": signal,
                "severity": finding.severity,
                "level": _label(vocab.TensionLevel, finding.level),
                "category": _label(vocab.TensionCategory, finding.category),
                "strategies": [_label(vocab.StrategyCategory, s) for s in finding.strategies],
                "exercises": exercises,
            }
        )
    if not section.items:
        section.note = _("No rule raised a finding.")
    return section


def _inclusion_section(coalition: Coalition, role: str, today: dt.date) -> Section:
    """Survivor inclusion: the dashboard panel's figures (one definition,
    :func:`coalitionlens.insights.inclusion.survivor_inclusion`). Organisations only."""
    from coalitionlens.insights.inclusion import inclusion_rows, survivor_inclusion

    rows = inclusion_rows(survivor_inclusion(coalition, role, today))
    return Section(
        "survivor-inclusion",
        _("Survivor inclusion"),
        tables=[
            _table(
                _("Survivor-led organisations among the members, on units and as leads"),
                [_("Measure"), _("Figure"), _("What it measures")],
                [list(r) for r in rows],
            )
        ],
    )


def _coverage_section(
    coalition: Coalition, names: dict[Any, str], as_of: dt.date | None = None
) -> Section:
    """The referral pathway's coverage by province: the coverage page's matrix (one definition,
    :func:`coalitionlens.pathways.coverage_table.coverage_table`) for the whole country and each
    province the coalition names, its flags counted, then the gaps and single providers of each;
    providers by their names or, in safe mode, their aliases."""
    from coalitionlens.pathways.coverage_table import FLAGS, coverage_table
    from coalitionlens.pathways.models import Service
    from coalitionlens.pathways.selectors import provinces_of
    from coalitionlens.pathways.vocab import Stage

    section = Section("coverage", _("Coverage of the referral pathway"))
    if not Service.objects.filter(coalition=coalition).exists():
        section.note = _("No service has been recorded.")
        return section
    stages = dict(Stage.choices)
    places = [("", str(_("Whole country")))] + [(p, p) for p in provinces_of(coalition)]
    counted = ("gap", "fragile", "unlinked", "ok")
    overview = []
    details = []
    for code, label in places:
        table = coverage_table(coalition, province=code, names=names)
        overview.append([label, *[table.counts[f] for f in counted]])
        flagged = [
            [
                row["type_label"],
                row["population_label"],
                stages.get(cell["stage"], cell["stage"]),
                cell["flag_label"],
                "; ".join(cell["providers"]) or "—",
            ]
            for row in table.rows
            for cell in row["cells"]
            if cell["flag"] in ("gap", "fragile")
        ]
        if flagged:
            details.append(
                _table(
                    _("Gaps and single providers: %(place)s") % {"place": label},
                    [_("Trafficking type"), _("Population"), _("Stage"), _("Flag"),
                     _("Providers")],
                    flagged,
                )
            )  # fmt: skip
    section.tables.append(
        _table(
            _("Cells of the coverage matrix by province"),
            [_("Province"), *[FLAGS[f] for f in counted]],
            overview,
            basis=_(
                "A cell is a trafficking type, a population and a stage; a service with no "
                "province counts in every province."
            ),
        )
    )
    section.tables.extend(details)
    notes = [] if details else [str(_("No gap and no stage that hangs on one provider."))]
    if as_of is not None:  # services carry no dates: say the chapter is not the report's day
        notes.append(
            str(_("Services are not dated: this chapter shows the pathway as recorded today."))
        )
    section.note = " ".join(notes)
    return section


def _money_section(
    coalition: Coalition, role: str, today: dt.date, names: dict[Any, str]
) -> Section:
    """Power and money: the dashboard panel's figures (one definition,
    :func:`coalitionlens.insights.money.power_and_money`); the funders by name (or, in safe mode,
    alias) only in a report made for a role that may read funding."""
    from coalitionlens.insights.money import funder_rows, money_rows, power_and_money

    m = power_and_money(coalition, role, today)
    tables = [
        _table(
            _("Funding, dependence and the members' means"),
            [_("Measure"), _("Figure"), _("What it measures")],
            [list(r[:3]) for r in money_rows(m)],
        )
    ]
    funders = funder_rows(m, names)
    if funders:
        tables.append(
            _table(
                _("Funders by share of active funding (coordinators and analysts)"),
                [_("Funder"), _("Flows"), _("Share"), _("Foreign")],
                funders,
            )
        )
    return Section("power-and-money", _("Power and money"), tables=tables)


def _change_section(coalition: Coalition, role: str, today: dt.date) -> Section:
    from coalitionlens.insights.comparison import compare_periods

    table = compare_periods(coalition, role, years=2, today=today)
    return Section(
        "change",
        _("Change since the previous period"),
        tables=[
            _table(
                _("This year against the last"),
                [_("Measure"), *table.columns],
                [[label, *values] for _s, label, values in table.rows],
            )
        ],
    )


def _plans_section(
    coalition: Coalition, today: dt.date, names: dict[Any, str], scrub_names: dict[str, str]
) -> Section:
    """The action plans: each strategy's owner, review date and actions, and the actions overdue
    or falling due (``tensions.selectors.actions_due``, as on the home page)."""
    from coalitionlens.tensions.models import Strategy
    from coalitionlens.tensions.selectors import actions_due

    def text(s: str) -> str:
        return scrub(s, scrub_names) if scrub_names else s

    section = Section("plans", _("Action plans"))
    due = actions_due(coalition, today=today)
    strategies = Strategy.objects.filter(coalition=coalition).prefetch_related("actions")
    rows = []
    for st in strategies:
        actions = list(st.actions.all())
        rows.append(
            [
                text(st.title),
                _label(vocab.StrategyStatus, st.status),
                names.get(st.owner_id, "—") if st.owner_id else "—",
                st.review_on.isoformat() if st.review_on else "—",
                len(actions),
                sum(1 for a in actions if a.status == "DONE"),
                sum(1 for a in due.overdue if a.strategy_id == st.pk),
            ]
        )
    if rows:
        section.tables.append(
            _table(
                _("Strategies and their plans"),
                [_("Strategy"), _("Status"), _("Owner"), _("Review"), _("Actions"), _("Done"),
                 _("Overdue")],
                rows,
            )
        )  # fmt: skip
    listed = [(a, _("overdue")) for a in due.overdue] + [(a, _("due")) for a in due.due]
    if listed:
        section.tables.append(
            _table(
                _("Actions overdue or due in the next two weeks"),
                [_("Due"), _("Action"), _("Strategy"), _("Status")],
                [
                    [a.due_on.isoformat(), text(a.text), text(a.strategy.title), w]
                    for a, w in listed
                ],
            )
        )
    if not section.tables:
        section.note = _("No strategy has been recorded.")
    return section


def report_data(
    *,
    coalition: Coalition,
    role: str,
    lang: str,
    safe: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """Everything a report shows, as ``role`` may see it; call inside ``translation.override``."""
    from coalitionlens.insights.modes import basis_label, coalition_modes, default_window
    from coalitionlens.insights.networks import filters_as_of, network_view

    today = today or dt.date.today()
    past = today if today < dt.date.today() else None  # the survey chapters read that day's rounds
    step = progress or (lambda pct, what: None)
    names, scrub_names = _names(coalition, safe)
    step(5, _("Network"))
    # The network as it stood on the report's day, as the survivor-inclusion chapter reads it: a
    # report for a past year counts that year's ties beside that year's members.
    view = network_view(coalition, role, filters_as_of(today))
    s = view.summary
    modes = coalition_modes(coalition, role, window=default_window(today))
    summary = Section(
        "summary",
        _("Summary"),
        # Figures depend on the role: say whose, never what is left out.
        note=_("Computed from what the role “%(role)s” may see.")
        % {"role": _label(vocab.Role, role)},
        tables=[
            _table(
                _("At a glance"),
                [_("Measure"), _("Value")],
                [
                    [_("Organisations in the network"), s.get("organisations")],
                    [_("Active members"), modes.totals["MEMBERSHIP"]],
                    [_("Current partners"), modes.totals["PARTNERSHIP"]],
                    [_("Ties"), s.get("ties")],
                    [_("Sectors present"), s.get("sectors_present")],
                    [_("Dependence on the secretariat"), s.get("dependence_on_secretariat")],
                ],
                basis=basis_label(modes),
            )
        ],
    )
    step(20, _("Charts"))
    sections = [summary, *_dashboard_sections(coalition, role, today)]
    step(40, _("Network"))
    sections.append(_network_section(view, names))
    sections.append(_inclusion_section(coalition, role, today))
    sections.append(_coverage_section(coalition, names, past))
    sections.append(_money_section(coalition, role, today, names))
    step(55, _("Survey"))
    sections.append(_survey_section(coalition, past))
    step(65, _("Findings"))
    sections.append(_findings_section(coalition, role, today, lang, safe, scrub_names))
    step(70, _("Action plans"))
    sections.append(_plans_section(coalition, today, names, scrub_names))
    step(75, _("Change"))
    sections.append(_change_section(coalition, role, today))
    sections.append(_round_change_section(coalition, past))
    step(80, _("Timeline"))
    sections.append(_timeline_section(coalition, role, today, names))
    return ReportData(
        coalition_name=coalition.name,
        as_of=today,
        language=lang,
        safe=safe,
        role=role,
        sections=sections,
        organisation_names=sorted(scrub_names),
    )

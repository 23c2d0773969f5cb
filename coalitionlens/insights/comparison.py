"""The paper's comparative table, generated from data: coalitions side by side, or one coalition
against its own earlier periods.

Each column is a coalition (or a year) as the reader's role there may see it; each row a measure,
with a note saying where its figures come from. Members, partners and counterparts come from
:mod:`coalitionlens.insights.modes`, in the window its section heading states.

A coalition's column is first gathered as plain *facts* (:func:`column_facts`): numbers, codes of
the shared vocabularies and published survey cells, never a name or a free text but the survey
round's title. The table is drawn from facts alone, so a column read from another server's safe
file (:mod:`.comparison_file`) is drawn by the same code as a local one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition
from coalitionlens.insights.modes import basis_label, coalition_modes, default_window
from coalitionlens.insights.money import power_and_money
from coalitionlens.insights.networks import NetworkFilters, network_view
from coalitionlens.insights.tables import organisation_table, participation_frame
from coalitionlens.kit.numbers import number
from coalitionlens.surveys.instruments import load

__all__ = [
    "ComparisonTable",
    "column_facts",
    "compare_coalitions",
    "compare_columns",
    "compare_periods",
]


@dataclass
class ComparisonTable:
    columns: list[str]
    #: (section, label, values per column)
    rows: list[tuple[str, str, list[Any]]]
    #: Where each row's figures come from, one per row ("" where no note is kept).
    sources: list[str] = field(default_factory=list)
    #: What each column is: ``{"slug", "id", "name"}`` for a coalition of this server, ``{"file",
    #: "alias"}`` for a column read from a safe file; empty for the table of years.
    refs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def lines(self) -> list[tuple[str, str, list[Any], str]]:
        """The rows with their source notes: (section, label, values, source)."""
        notes = self.sources or [""] * len(self.rows)
        return [(s, m, v, n) for (s, m, v), n in zip(self.rows, notes, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": self.columns,
            "coalitions": self.refs,
            "rows": [
                {"section": s, "measure": m, "values": v, "source": n} for s, m, v, n in self.lines
            ],
        }


def _round(x: Any, digits: int = 2) -> Any:
    return None if x is None or x != x else round(float(x), digits)


def _top(series: Any, k: int = 3) -> list[list[Any]]:
    return [[str(code), int(n)] for code, n in series.value_counts().head(k).items()]


BAND_LABELS = {
    "strength": gettext_lazy("strength"),
    "watch": gettext_lazy("watch"),
    "concern": gettext_lazy("concern"),
}

#: Sectors of the shared vocabulary that give money; one of them is international when it is
#: multilateral or of foreign origin.
DONOR_SECTORS = ("DONOR_FOUNDATION", "DONOR_BILATERAL", "DONOR_MULTILATERAL")
INGO_SECTOR = "INTERNATIONAL_NGO"
#: Roles that read tensions, strategies and plans (``cl.view_tensions``).
TENSION_READERS = frozenset({vocab.Role.COORDINATOR, vocab.Role.ANALYST})


def _survey(coalition: Coalition) -> dict[str, Any]:
    """Survey facts of the closed rounds: published (suppressed) cells only, each with the ``n``
    it was published with. A hidden cell is left out, like a missing one. One query."""
    from coalitionlens.surveys.published import closed_rounds
    from coalitionlens.surveys.scoring import ALL, band

    rounds = closed_rounds(coalition=coalition)
    if not rounds:
        return {}

    def closed(r: Any) -> str | None:
        return r.closed_at.date().isoformat() if r.closed_at else None

    latest = rounds[0]
    facts: dict[str, Any] = {
        "survey_round": [latest.title, closed(latest)],
        "survey_responses": None
        if latest.responded is None
        else [latest.responded, _round(latest.rate, 4)],
        "survey_organisations": latest.results.organisations_responding,
        "survey_rounds": [[r.title, closed(r), r.responded, _round(r.rate, 4)] for r in rounds],
        "instruments": dict(latest.instruments),
    }
    for factor in latest.results.factors:
        cell = latest.results.table(f"factor:{factor}").get((factor, ALL))
        value = None if cell is None or cell.values is None else cell.values.get("value")
        if value is None or value != value or cell is None or cell.n is None:
            continue
        facts[f"factor:{factor}"] = [
            _round(value),
            band(value, latest.results.bands),
            int(cell.n),
        ]
    if "hopes_fears" in latest.instruments:
        inst = load("hopes_fears", latest.instruments["hopes_fears"])
        for about in inst.data["about"]:
            cell = latest.results.table(f"hopes:{about['code']}").get((about["code"], ALL))
            if cell is None or cell.values is None or cell.n is None:
                continue
            for kind in ("hope", "fear"):
                picked = [
                    [f"{kind}:{node['code']}", _round(share, 4)]
                    for node in inst.data[f"{kind}s"]
                    if (share := cell.values.get(f"{kind}:{node['code']}:share")) is not None
                    and share == share
                    and share > 0
                ]
                picked.sort(key=lambda p: (-p[1], p[0]))
                facts[f"{kind}s:{about['code']}"] = [picked[:3], int(cell.n)]
    return facts


def _records(coalition: Coalition, today: dt.date) -> dict[str, Any]:
    """Tensions, strategies and their plans as counts: by level, by category, by strategy and
    how the plans stand. Three queries."""
    from django.db.models import Count

    from coalitionlens.tensions.models import Strategy, StrategyAction, Tension

    facts: dict[str, Any] = {"tensions": 0}
    for row in (
        Tension.objects.filter(coalition=coalition)
        .values("level", "category")
        .annotate(n=Count("id"))
    ):
        facts["tensions"] += row["n"]
        for key in (f"tension_level:{row['level']}", f"tension:{row['category']}"):
            facts[key] = facts.get(key, 0) + row["n"]
    strategies = list(
        Strategy.objects.filter(coalition=coalition).values(
            "category", "status", "adopted_on", "owner_id", "review_on"
        )
    )
    adopted = [
        s
        for s in strategies
        if s["adopted_on"] is not None and s["status"] != vocab.StrategyStatus.PLANNED
    ]
    facts["strategies"] = len(adopted)
    for s in adopted:
        key = f"strategy:{s['category']}"
        facts[key] = facts.get(key, 0) + 1
    facts["plans_owned"] = [sum(s["owner_id"] is not None for s in adopted), len(adopted)]
    facts["plans_reviewed"] = [sum(s["review_on"] is not None for s in adopted), len(adopted)]
    actions = list(StrategyAction.objects.filter(coalition=coalition).values("status", "due_on"))
    pending = [a for a in actions if a["status"] in ("OPEN", "IN_PROGRESS")]
    facts["actions"] = [
        sum(a["status"] == "DONE" for a in actions),
        len(pending),
        sum(a["due_on"] < today for a in pending),
    ]
    return facts


def _local_global(counts: Any, view: Any, orgs: Any) -> dict[str, Any]:
    """Foreign and international weight: among the active members, among the current
    partnerships, and in the network's brokerage (betweenness)."""
    members = orgs[orgs["id"].isin(list(counts.organisations["MEMBERSHIP"]))]
    n = len(members)
    partnerships = counts.rows["PARTNERSHIP"]
    donor_orgs = orgs[
        orgs["sector"].isin(DONOR_SECTORS)
        & (
            (orgs["origin"] == vocab.Origin.FOREIGN)
            | (orgs["scale"] == vocab.Scale.INTERNATIONAL)
            | (orgs["sector"] == "DONOR_MULTILATERAL")
        )
    ]["id"]
    net = view.organisations
    share = None
    ingos = 0
    if len(net) and "betweenness" in net.columns:
        total = float(net["betweenness"].sum())
        is_ingo = net["sector"] == INGO_SECTOR
        ingos = int(is_ingo.sum())
        if total > 0:
            share = _round(float(net.loc[is_ingo, "betweenness"].sum()) / total, 4)
    return {
        "members_foreign": [int((members["origin"] == vocab.Origin.FOREIGN).sum()), n],
        "members_international_scale": [
            int((members["scale"] == vocab.Scale.INTERNATIONAL).sum()),
            n,
        ],
        "partnerships_international_donors": [
            int(partnerships["organisation"].isin(list(donor_orgs)).sum()),
            len(partnerships),
        ],
        "ingo_brokerage": None if share is None else [share, ingos],
    }


def column_facts(coalition: Coalition, role: str | None, today: dt.date) -> dict[str, Any]:
    """One coalition's column as plain facts, read as ``role`` there may see it (see the module
    docstring). Tensions, strategies and plans are left out for roles that may not read them."""
    counts = coalition_modes(coalition, role, window=default_window(today))
    view = network_view(coalition, role)
    s = view.summary
    facts: dict[str, Any] = {
        "founded": coalition.founded,
        "origin": coalition.origin_sector,
        "governance": coalition.governance_model,
        "region": coalition.region,
        "organisations": len(view.organisations),
        "members": int(counts.totals["MEMBERSHIP"]),
        "basis": basis_label(counts),
        "secretariat_named": counts.secretariat is not None,
    }
    for macro in vocab.MacroSector.values:
        facts[f"members_{macro}"] = [int(counts.count(macro, "MEMBERSHIP")), facts["members"]]
    partnerships = counts.rows["PARTNERSHIP"]
    counterparts = counts.rows["ENGAGEMENT_PRACTICE"]
    for macro in ("PUBLIC", "PRIVATE"):
        facts[f"partners_{macro}"] = int(counts.count(macro, "PARTNERSHIP"))
        facts[f"partner_types_{macro}"] = _top(
            partnerships[partnerships["macro_sector"] == macro]["type"]
        )
        facts[f"counterparts_{macro}"] = int(counts.count(macro, "ENGAGEMENT_PRACTICE"))
        facts[f"engagements_{macro}"] = int(counts.engagements[macro])
        with_macro = counterparts[counterparts["macro_sector"] == macro]
        facts[f"practices_{macro}"] = _top(with_macro.drop_duplicates("engagement")["practice"])
    facts.update(
        ties=None if s.get("ties") is None else int(s["ties"]),
        density=_round(s.get("density"), 3),
        ei=_round(s.get("ei_index")),
        blau=_round(s.get("blau_macro_sector")),
        dependence=_round(s.get("dependence_on_secretariat")),
        fragility=_round(s.get("cross_sector_connected_after_removal")),
        communities=None if s.get("communities") is None else int(s["communities"]),
        modularity=_round(s.get("modularity")),
    )
    facts.update(_local_global(counts, view, organisation_table(coalition)))
    if role in TENSION_READERS:
        facts.update(_records(coalition, today))
    facts.update(_survey(coalition))
    facts.update(_survivor_facts(coalition, role, today))
    facts.update(_money_facts(coalition, role, today))
    return facts


def _money_facts(coalition: Coalition, role: str | None, today: dt.date) -> dict[str, Any]:
    """Power and money as the dashboard's panel computes it (:mod:`.money`, its one function):
    shares and counts only, never a funder's name (the facts may leave the server in a file). The
    budget asymmetry as ``[ratio, members with a budget band]``."""
    m = power_and_money(coalition, role, today)
    return {
        "funding_top_share": _round(m.top_funder_share, 4),
        "funding_foreign_share": _round(m.foreign_share, 4),
        "funding_funders": m.funders if m.flows else None,
        "budget_asymmetry": None
        if m.budget.ratio is None
        else [_round(m.budget.ratio, 1), m.budget.banded],
    }


def _survivor_facts(coalition: Coalition, role: str | None, today: dt.date) -> dict[str, Any]:
    """Survivor inclusion as the dashboard's panel computes it (:mod:`.inclusion`, its one
    function): shares as ``[survivor-led, of all]``, mean degree as ``[survivor-led, others]``."""
    from coalitionlens.insights.inclusion import survivor_inclusion

    inc = survivor_inclusion(coalition, role, today)
    seats, board = inc.seats(), inc.seats((vocab.UnitKind.BOARD,))
    degree = next((c for c in inc.centrality if c.measure == "degree"), None)
    return {
        "survivor_members": [inc.survivor_members, inc.members],
        "survivor_board": None if board is None else [board.survivor_seats, board.seats],
        "survivor_seats": None if seats is None else [seats.survivor_seats, seats.seats],
        "survivor_leads": [inc.survivor_led_engagements, inc.engagements],
        "survivor_degree": None
        if degree is None or degree.survivor_mean is None
        else [_round(degree.survivor_mean), _round(degree.others_mean)],
    }


# --- drawing the table from facts ----------------------------------------------------------


def _share(v: list[int]) -> str:
    n, total = v
    return f"{n} ({round(100 * n / total)}%)" if total else "0"


def _choices(model_field: str) -> Callable[[Any], str]:
    labels = dict(getattr(Coalition._meta.get_field(model_field), "choices", None) or [])
    return lambda code: str(labels.get(code, code))


def _codes(vocabulary: Any) -> Callable[[Any], str]:
    labels = dict(vocabulary.choices)
    return lambda pairs: ", ".join(f"{labels.get(code, code)} ({n})" for code, n in pairs) or "—"


def _factor(v: list[Any]) -> str:
    value, name = v[0], v[1]  # a file's factor has no respondents (format 2)
    return f"{number(value)} ({BAND_LABELS.get(name, '—')})"


def _responses(v: list[Any]) -> str:
    responded, rate = v
    return f"{responded} ({round(100 * rate)}%)" if rate is not None else str(responded)


def _round_name(v: list[Any]) -> str:
    title, closed = v
    return str(title or closed or "—")


def _rounds(v: list[list[Any]]) -> str:
    parts = []
    for title, closed, responded, rate in v:
        shown = "—" if responded is None else _responses([responded, rate])
        parts.append(f"{title or closed or '—'}: {shown}")
    return "; ".join(parts)


def _actions(v: list[int]) -> str:
    done, pending, overdue = v
    return _("%(done)s done, %(pending)s to do (%(overdue)s overdue)") % {
        "done": done,
        "pending": pending,
        "overdue": overdue,
    }


def _ingo(v: list[Any]) -> str:
    share, n = v
    return _("%(share)s%% (%(n)s international NGOs)") % {"share": round(100 * share), "n": n}


def _pct(v: float) -> str:
    return f"{round(100 * v)}%"


def _ratio(v: list[Any]) -> str:
    ratio, banded = v
    return _("%(ratio)s× (%(n)s members with a band)") % {"ratio": number(ratio, 0), "n": banded}


def _plain(v: Any) -> Any:
    return v


def _means(v: list[Any]) -> str:
    survivors, others = v
    return f"{number(survivors)} / {'—' if others is None else number(others)}"


#: How a fact is shown, by the kind of its row.
SHOW: dict[str, Callable[[Any], Any]] = {
    "plain": _plain,
    "origin": _choices("origin_sector"),
    "governance": _choices("governance_model"),
    "region": _choices("region"),
    "share": _share,
    "partnership_types": _codes(vocab.PartnershipType),
    "practices": _codes(vocab.PracticeType),
    "factor": _factor,
    "responses": _responses,
    "round": _round_name,
    "rounds": _rounds,
    "actions": _actions,
    "ingo": _ingo,
    "means": _means,
    "pct": _pct,
    "ratio": _ratio,
}


@dataclass(frozen=True)
class Row:
    section: str
    label: str
    key: str
    kind: str
    source: str


def _hopes_labels(columns: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """Labels of the hopes-and-fears instrument the columns were answered with (about, item)."""
    lang = get_language() or "en"
    versions = {
        int(c["instruments"]["hopes_fears"])
        for c in columns
        if "hopes_fears" in (c.get("instruments") or {})
    }
    about: dict[str, str] = {}
    items: dict[str, str] = {}
    for version in sorted(versions):
        inst = load("hopes_fears", version)
        for a in inst.data["about"]:
            about.setdefault(a["code"], inst.text(a, lang))
        for kind in ("hope", "fear"):
            for node in inst.data[f"{kind}s"]:
                items.setdefault(f"{kind}:{node['code']}", inst.text(node, lang))
    return about, items


def _factor_labels(columns: list[dict[str, Any]]) -> dict[str, str]:
    lang = get_language() or "en"
    versions = {
        int(c["instruments"]["health"]) for c in columns if "health" in (c.get("instruments") or {})
    }
    labels: dict[str, str] = {}
    for version in sorted(versions):
        inst = load("health", version)
        for f in inst.factors:
            labels.setdefault(f["code"], inst.text(f, lang))
    return labels


def _present(columns: list[dict[str, Any]], prefix: str, order: list[str]) -> list[str]:
    found = {k.split(":", 1)[1] for c in columns for k in c if k.startswith(prefix)}
    return [code for code in order if code in found] + sorted(found - set(order))


def _modes_section(columns: list[dict[str, Any]]) -> str:
    """The section's heading says what its figures count: the window is the same for every column;
    the secretariat is left out of each coalition's figures (said when any coalition names one)."""
    named = next(
        (c for c in columns if c.get("secretariat_named")), columns[0] if columns else None
    )
    heading = _("Modes of engagement")
    return heading if named is None or not named.get("basis") else f"{heading} — {named['basis']}"


def _spec(columns: list[dict[str, Any]]) -> tuple[list[Row], dict[str, str]]:
    """The rows the columns call for, and the labels of the hopes and fears they name."""
    profile, comp, modes, net = (
        _("Profile"),
        _("Composition"),
        _modes_section(columns),
        _("Network"),
    )
    src_profile = _("The coalition's own record")
    src_directory = _("The directory: every organisation on record")
    src_modes = _("Memberships, partnerships and engagements in the window the section names")
    src_net = _("The network of engagements and partnerships, as your role there sees it")
    rows = [
        Row(profile, _("Founded"), "founded", "plain", src_profile),
        Row(profile, _("Founding sector"), "origin", "origin", src_profile),
        Row(profile, _("Governance"), "governance", "governance", src_profile),
        Row(profile, _("Region"), "region", "region", src_profile),
        Row(comp, _("Organisations"), "organisations", "plain", src_directory),
        Row(modes, _("Active members"), "members", "plain", src_modes),
    ]
    for macro in vocab.MacroSector:
        rows.append(
            Row(
                modes,
                _("Members: %(macro)s") % {"macro": macro.label},
                f"members_{macro.value}",
                "share",
                src_modes,
            )
        )
    for macro in (vocab.MacroSector.PUBLIC, vocab.MacroSector.PRIVATE):
        label = {"macro": macro.label}
        m = macro.value
        rows += [
            Row(
                modes, _("Current partners: %(macro)s") % label, f"partners_{m}", "plain", src_modes
            ),
            Row(
                modes,
                _("Partnership types: %(macro)s") % label,
                f"partner_types_{m}",
                "partnership_types",
                src_modes,
            ),
            Row(
                modes, _("Counterparts: %(macro)s") % label, f"counterparts_{m}", "plain", src_modes
            ),
            Row(
                modes,
                _("Engagements with %(macro)s") % label,
                f"engagements_{m}",
                "plain",
                src_modes,
            ),
            Row(
                modes,
                _("Main practices with %(macro)s") % label,
                f"practices_{m}",
                "practices",
                src_modes,
            ),
        ]
    rows += [
        Row(net, _("Ties"), "ties", "plain", src_net),
        Row(net, _("Density"), "density", "plain", src_net),
        Row(net, _("E-I index (sectors)"), "ei", "plain", src_net),
        Row(net, _("Diversity (Blau, macro-sectors)"), "blau", "plain", src_net),
        Row(net, _("Dependence on the secretariat"), "dependence", "plain", src_net),
        Row(
            net,
            _("Cross-sector pairs connected without the top 2 brokers"),
            "fragility",
            "plain",
            src_net,
        ),
        Row(net, _("Communities"), "communities", "plain", src_net),
        Row(net, _("Modularity"), "modularity", "plain", src_net),
    ]
    glob = _("Local–global dynamics")
    rows += [
        Row(
            glob,
            _("Active members of foreign origin"),
            "members_foreign",
            "share",
            _("The directory's origin flag of each active member"),
        ),
        Row(
            glob,
            _("Active members working at international scale"),
            "members_international_scale",
            "share",
            _("The directory's scale flag of each active member"),
        ),
        Row(
            glob,
            _("Current partnerships with international donors"),
            "partnerships_international_donors",
            "share",
            _(
                "Current partnerships whose partner is a donor that is multilateral, of foreign "
                "origin or working at international scale"
            ),
        ),
        Row(
            glob,
            _("International NGOs' share of brokerage"),
            "ingo_brokerage",
            "ingo",
            _("Betweenness in the network: the international NGOs' part of the total"),
        ),
    ]
    src_money = _(
        "Funding flows active today, by band midpoint or exact amount (the dashboard's power and "
        "money panel); shares only, no funder named"
    )
    rows += [
        Row(glob, _("Dependence on the top funder"), "funding_top_share", "pct", src_money),
        Row(glob, _("Funding from foreign donors"), "funding_foreign_share", "pct", src_money),
        Row(glob, _("Funders"), "funding_funders", "plain", src_money),
        Row(
            glob,
            _("Budget: best- to least-resourced member"),
            "budget_asymmetry",
            "ratio",
            _(
                "The budget bands of active members: ratio of the largest to the smallest band "
                "midpoint"
            ),
        ),
    ]
    inclusion = _("Survivor inclusion")
    src_inclusion = _(
        "Active members, seats on the coalition's units and engagements led in the last 12 months; "
        "degree in the network as your role there sees it"
    )
    rows += [
        Row(
            inclusion,
            _("Survivor-led members (share of active members)"),
            "survivor_members",
            "share",
            src_inclusion,
        ),
        Row(
            inclusion,
            _("Board seats held by survivor-led organisations"),
            "survivor_board",
            "share",
            src_inclusion,
        ),
        Row(
            inclusion,
            _("Board and working-group seats held by survivor-led organisations"),
            "survivor_seats",
            "share",
            src_inclusion,
        ),
        Row(
            inclusion,
            _("Engagements led by survivor-led organisations (last 12 months)"),
            "survivor_leads",
            "share",
            src_inclusion,
        ),
        Row(
            inclusion,
            _("Mean degree: survivor-led members / other members"),
            "survivor_degree",
            "means",
            src_inclusion,
        ),
    ]
    records = _("Tensions and strategies (coordinators and analysts)")
    src_tensions = _("Tensions the coordinators recorded, any status")
    rows.append(Row(records, _("Tensions recorded"), "tensions", "plain", src_tensions))
    levels = _present(columns, "tension_level:", list(vocab.TensionLevel.values))
    level_label = dict(vocab.TensionLevel.choices)
    for code in levels:
        rows.append(
            Row(
                records,
                _("Tensions at the %(level)s level") % {"level": level_label.get(code, code)},
                f"tension_level:{code}",
                "plain",
                src_tensions,
            )
        )
    category_label = dict(vocab.TensionCategory.choices)
    for code in _present(columns, "tension:", list(vocab.TensionCategory.values)):
        rows.append(
            Row(
                records,
                _("Tensions: %(category)s") % {"category": category_label.get(code, code)},
                f"tension:{code}",
                "plain",
                src_tensions,
            )
        )
    src_strategies = _("Strategies recorded as adopted (a date of adoption, not only planned)")
    rows.append(Row(records, _("Strategies adopted"), "strategies", "plain", src_strategies))
    strategy_label = dict(vocab.StrategyCategory.choices)
    for code in _present(columns, "strategy:", list(vocab.StrategyCategory.values)):
        rows.append(
            Row(
                records,
                _("Strategy: %(strategy)s") % {"strategy": strategy_label.get(code, code)},
                f"strategy:{code}",
                "plain",
                src_strategies,
            )
        )
    src_plans = _("The action plans of the adopted strategies: owner, review date, actions")
    rows += [
        Row(records, _("Adopted strategies with an owner"), "plans_owned", "share", src_plans),
        Row(
            records,
            _("Adopted strategies with a review date"),
            "plans_reviewed",
            "share",
            src_plans,
        ),
        Row(records, _("Plan actions"), "actions", "actions", src_plans),
    ]
    survey = _("Survey (last closed round; figures from fewer than k respondents hidden)")
    src_survey = _("The survey's published results: the cells its results page shows")
    rows += [
        Row(survey, _("Round"), "survey_round", "round", src_survey),
        Row(
            survey,
            _("People who responded (response rate)"),
            "survey_responses",
            "responses",
            src_survey,
        ),
        Row(survey, _("Organisations responding"), "survey_organisations", "plain", src_survey),
        Row(
            survey,
            _("Responses per closed round, latest first"),
            "survey_rounds",
            "rounds",
            src_survey,
        ),
    ]
    labels = _factor_labels(columns)
    for code in _present(columns, "factor:", list(labels)):
        rows.append(
            Row(
                survey,
                _("Factor: %(factor)s (1–5, band)") % {"factor": labels.get(code, code)},
                f"factor:{code}",
                "factor",
                src_survey,
            )
        )
    about, items = _hopes_labels(columns)
    hopes = _("Hopes and fears (last closed round; share of respondents who hold each)")
    src_hopes = _("The hopes-and-fears survey's published cells, everyone's answers together")
    held = _present(columns, "hopes:", list(about)) + _present(columns, "fears:", list(about))
    for code in dict.fromkeys(c for c in [*about, *held] if c in held):
        name = {"about": about.get(code, code)}
        rows.append(
            Row(hopes, _("Main hopes about %(about)s") % name, f"hopes:{code}", "hopes", src_hopes)
        )
        rows.append(
            Row(hopes, _("Main fears about %(about)s") % name, f"fears:{code}", "hopes", src_hopes)
        )
    return rows, items


def compare_columns(
    columns: list[dict[str, Any]], names: list[str], refs: list[dict[str, Any]]
) -> ComparisonTable:
    """The table drawn from columns of facts (local or from safe files), one per name."""
    spec, items = _spec(columns)

    def hopes(v: list[Any]) -> str:
        return ", ".join(f"{items.get(c, c)} {round(100 * s)}%" for c, s in v[0]) or "—"

    shows = {**SHOW, "hopes": hopes}
    rows = []
    for row in spec:
        show = shows[row.kind]
        values = [None if c.get(row.key) is None else show(c[row.key]) for c in columns]
        rows.append((row.section, row.label, values))
    return ComparisonTable(columns=names, rows=rows, sources=[r.source for r in spec], refs=refs)


def compare_coalitions(
    pairs: list[tuple[Coalition, str | None]],
    *,
    today: dt.date | None = None,
    files: list[Any] | None = None,
) -> ComparisonTable:
    """Coalitions side by side; each read as the given role there may see it, then the columns of
    any safe files (:class:`.comparison_file.ColumnFile`) after them."""
    today = today or dt.date.today()
    columns = [column_facts(c, role, today) for c, role in pairs]
    names = [c.name for c, _role in pairs]
    refs: list[dict[str, Any]] = [{"slug": c.slug, "id": c.pk, "name": c.name} for c, _r in pairs]
    for f in files or []:
        columns.append(f.facts)
        names.append(f.label)
        refs.append({"file": f.name, "alias": f.alias})
    return compare_columns(columns, names, refs)


def compare_periods(
    coalition: Coalition, role: str | None, *, years: int = 3, today: dt.date | None = None
) -> ComparisonTable:
    """One coalition per calendar year (the last ``years``): network and engagement measures."""
    today = today or dt.date.today()
    parts = participation_frame(coalition, role)
    labels, columns = [], []
    for year in range(today.year - years + 1, today.year + 1):
        start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        view = network_view(coalition, role, NetworkFilters(start=start, end=end))
        in_year = parts[parts["date"].dt.year == year]
        cps = in_year[in_year["role"] == "COUNTERPART"].drop_duplicates(
            ["engagement", "macro_sector"]
        )
        s = view.summary
        labels.append(str(year))
        columns.append(
            {
                "engagements": int(in_year["engagement"].nunique()),
                "public": int(cps[cps["macro_sector"] == "PUBLIC"]["engagement"].nunique()),
                "private": int(cps[cps["macro_sector"] == "PRIVATE"]["engagement"].nunique()),
                "ties": s.get("ties"),
                "ei": _round(s.get("ei_index")),
                "dependence": _round(s.get("dependence_on_secretariat")),
                "fragility": _round(s.get("cross_sector_connected_after_removal")),
                "communities": s.get("communities"),
            }
        )
    section = _("Per year")
    spec = [
        (_("Engagements"), "engagements"),
        (_("Engagements with the public sector"), "public"),
        (_("Engagements with the private sector"), "private"),
        (_("Ties"), "ties"),
        (_("E-I index (sectors)"), "ei"),
        (_("Dependence on the secretariat"), "dependence"),
        (_("Cross-sector pairs connected without the top 2 brokers"), "fragility"),
        (_("Communities"), "communities"),
    ]
    source = _("Engagements and their network in each calendar year, as your role sees them")
    return ComparisonTable(
        columns=labels,
        rows=[(section, label, [c[k] for c in columns]) for label, k in spec],
        sources=[source] * len(spec),
    )

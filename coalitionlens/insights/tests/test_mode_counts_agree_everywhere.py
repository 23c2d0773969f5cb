"""The paper's central measure (members, partners and counterparts per macro-sector) reads the same
wherever it is shown: home page, dashboard, diagnostics, comparison (page, ``compare --json`` and
``--format xlsx``), report and export, for every demo coalition and every role, and what
``coalitions --json`` and ``diagnose --json`` print in a real process.

Each place is read from what it renders (the page's HTML, the command's JSON and workbook, the
report's HTML, the export's GraphML), never by calling the definition again. Figures under the same label (the window
and whether the secretariat is counted) must be equal; every figure must carry a label.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from coalitionlens.cli.tests import test_every_command as every_command
from coalitionlens.cli.tests.test_every_command import BIN, _person_env

MACROS = {
    "Public sector": "PUBLIC",
    "Private sector": "PRIVATE",
    "Civil society": "CIVIL",
    "International": "INTERNATIONAL",
}
#: Column headings and row labels that name a mode, on any of the pages.
MODE_WORDS = {
    "Active members": "MEMBERSHIP",
    "Members": "MEMBERSHIP",
    "Membership": "MEMBERSHIP",
    "Current partners": "PARTNERSHIP",
    "Partners": "PARTNERSHIP",
    "Partnership": "PARTNERSHIP",
    "Counterparts": "ENGAGEMENT_PRACTICE",
    "Engagement practice": "ENGAGEMENT_PRACTICE",
}
ROLES = ("coordinator", "analyst", "member", "viewer")
SLUGS = ("lenhara", "marivo", "zembora")
#: What a label says about the window and the secretariat: "as of … secretariat".
BASIS = re.compile(r"as of .*?secretariat", re.IGNORECASE | re.DOTALL)

pytestmark = pytest.mark.slow

Key = tuple[str, str]  # (macro-sector code or "ALL", mode)


# --- reading HTML with the standard library -------------------------------------------------


@dataclass
class HtmlTable:
    attrs: dict[str, str]
    #: Text of the last element marked ``data-basis`` before the table, and the table's caption.
    basis: str
    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)


class _Tables(HTMLParser):
    """Every table of a page with its rows of cell texts; cards (``.card-body``) as (value, label)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[HtmlTable] = []
        self._stack: list[HtmlTable] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._basis_depth = 0
        self._basis: list[str] = []
        self.last_basis = ""
        self._depth = 0
        #: Each card's texts, after the label that applies to it.
        self.cards: list[tuple[str, list[str]]] = []
        self._card_depth: int | None = None
        self._card_div: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self._depth += 1
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            self._depth -= 1
        if "data-basis" in a and not self._basis_depth:
            self._basis_depth = self._depth
            self._basis = []
        if tag == "table":
            table = HtmlTable(attrs=a, basis=self.last_basis)
            self.tables.append(table)
            self._stack.append(table)
        elif tag == "tr" and self._stack:
            self._stack[-1].rows.append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []
        elif tag == "caption" and self._stack:
            self._caption = []
        if tag == "div" and "card-body" in a.get("class", ""):
            self._card_depth = self._depth
            self.cards.append((self.last_basis, []))
        elif tag == "div" and self._card_depth is not None:
            self._card_div = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._stack:
            self._stack[-1].rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption" and self._caption is not None and self._stack:
            self._stack[-1].caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "table" and self._stack:
            self._stack.pop()
        if tag == "div" and self._card_div is not None and self.cards:
            self.cards[-1][1].append(" ".join("".join(self._card_div).split()))
            self._card_div = None
        elif tag == "div" and self._card_depth == self._depth:
            self._card_depth = None
        if self._basis_depth == self._depth:
            self.last_basis = " ".join("".join(self._basis).split())
            self._basis_depth = 0
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._caption, self._card_div):
            if part is not None:
                part.append(data)
        if self._basis_depth:
            self._basis.append(data)


def parse(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


def _int(text: str) -> int:
    """``"41 (85%)"`` → 41."""
    match = re.match(r"\s*(\d+)", text)
    assert match, f"not a count: {text!r}"
    return int(match.group(1))


def _basis(*texts: str) -> str:
    for text in texts:
        match = BASIS.search(text or "")
        if match:
            return match.group(0)
    return ""


# --- one reading per place ------------------------------------------------------------------


@dataclass
class Reading:
    place: str
    figures: dict[Key, int]
    basis: str


def _macro_table(place: str, table: HtmlTable) -> Reading:
    """A table whose first column is the macro-sector and whose other columns include modes."""
    head, *body = table.rows
    modes = {i: MODE_WORDS[h] for i, h in enumerate(head) if h in MODE_WORDS}
    figures: dict[Key, int] = {}
    for row in body:
        macro = "ALL" if row[0] in ("All sectors", "Total") else MACROS.get(row[0])
        if macro is None:
            continue
        for i, mode in modes.items():
            figures[(macro, mode)] = _int(row[i])
    return Reading(place, figures, _basis(table.caption, table.basis))


def _first_table(page: _Tables, *, testid: str = "", first_header: str = "") -> HtmlTable | None:
    for t in page.tables:
        if testid and t.attrs.get("data-testid") == testid:
            return t
        if first_header and t.rows and t.rows[0] and t.rows[0][0] == first_header:
            return t
    return None


def read_home(client: Client, slug: str) -> list[Reading]:
    page = parse(client.get(reverse("coalition_home", args=[slug])).content.decode())
    out = []
    table = _first_table(page, testid="home-modes", first_header="Macro-sector")
    assert table is not None, "the home page shows no table by macro-sector"
    out.append(_macro_table("home page table", table))
    for basis, card in page.cards:
        if len(card) >= 2 and card[1] in MODE_WORDS:
            out.append(
                Reading(
                    "home page cards", {("ALL", MODE_WORDS[card[1]]): _int(card[0])}, _basis(basis)
                )
            )
    return out


def read_dashboard(client: Client, slug: str) -> list[Reading]:
    page = parse(client.get(reverse("insights_dashboard", args=[slug])).content.decode())
    table = _first_table(page, testid="table-macro")
    assert table is not None
    return [_macro_table("dashboard", table)]


def read_diagnostics(client: Client, slug: str) -> list[Reading]:
    page = parse(client.get(reverse("insights_diagnostics", args=[slug])).content.decode())
    out = []
    table = _first_table(page, testid="facts-modes")
    if table is not None:
        out.append(_macro_table("diagnostics figures", table))
    # The numbers behind each finding: active members wherever a rule quotes them.
    for t in page.tables:
        for row in t.rows:
            if len(row) == 2 and row[0] == "active_members":
                out.append(
                    Reading(
                        "diagnostics evidence",
                        {("ALL", "MEMBERSHIP"): _int(row[1])},
                        _basis(t.caption, t.basis),
                    )
                )
    return out


def _comparison_rows(place: str, rows: list[tuple[str, str, str]]) -> list[Reading]:
    """(section, measure, value) rows of one coalition's column → one reading per section."""
    by_section: dict[str, dict[Key, int]] = defaultdict(dict)
    for section, measure, value in rows:
        if value in (None, "", "—"):
            continue
        name, _, macro_label = measure.partition(": ")
        if measure in MODE_WORDS:
            by_section[section][("ALL", MODE_WORDS[measure])] = _int(str(value))
        elif name in MODE_WORDS and macro_label in MACROS:
            by_section[section][(MACROS[macro_label], MODE_WORDS[name])] = _int(str(value))
    return [Reading(f"{place} · {s}", f, _basis(s)) for s, f in by_section.items()]


def read_compare_page(client: Client, slug: str, name: str) -> list[Reading]:
    page = parse(client.get(reverse("insights_compare", args=[slug])).content.decode())
    table = _first_table(page, testid="compare-coalitions")
    assert table is not None
    head, *body = table.rows
    column = head.index(name)
    rows, section = [], ""
    for row in body:
        if len(row) == 1:
            section = row[0]
        else:
            rows.append((section, row[0], row[column]))
    return _comparison_rows("comparison page", rows)


def read_compare_output(doc: dict[str, Any], name: str, place: str) -> list[Reading]:
    """``compare --json`` (or the workbook of ``--format xlsx``, read into the same shape)."""
    column = doc["columns"].index(name)
    rows = [(r["section"], r["measure"], r["values"][column]) for r in doc["rows"]]
    return _comparison_rows(place, rows)


def read_report(coalition: Any, role: str) -> list[Reading]:
    from django.utils import translation

    from coalitionlens.reports.rendering import report_html
    from coalitionlens.reports.selectors import report_data

    with translation.override("en"):
        page = parse(report_html(report_data(coalition=coalition, role=role, lang="en")))
    out = []
    for t in page.tables:
        if t.rows and t.rows[0] and t.rows[0][0] == "Macro-sector":
            out.append(_macro_table(f"report · {t.caption[:40]}", t))
        for row in t.rows:
            if len(row) == 2 and row[0] in MODE_WORDS:
                out.append(
                    Reading(
                        f"report · {t.caption[:40]}",
                        {("ALL", MODE_WORDS[row[0]]): _int(row[1])},
                        _basis(t.caption, t.basis),
                    )
                )
    return out


def read_graphml_members(coalition: Any, role: str) -> dict[Key, int]:
    """Organisations the GraphML export flags as members, per macro-sector; the secretariat (which
    the export flags as such) left out."""
    import networkx as nx

    from coalitionlens.transfer.exports import export_bytes

    graph = nx.read_graphml(io.BytesIO(export_bytes(coalition=coalition, role=role, fmt="graphml")))
    counts: dict[Key, int] = defaultdict(int)
    for _node, data in graph.nodes(data=True):
        if data.get("member") and not data.get("secretariat"):
            counts[(data["macro_sector"], "MEMBERSHIP")] += 1
            counts[("ALL", "MEMBERSHIP")] += 1
    return dict(counts)


def read_coalitions_output(rows: list[dict[str, Any]], slug: str) -> list[Reading]:
    """``coalitions --json``: one coalition's members and partners, under the label it prints."""
    (row,) = (r for r in rows if r["slug"] == slug)
    figures = {("ALL", "MEMBERSHIP"): row["members"], ("ALL", "PARTNERSHIP"): row["partners"]}
    return [Reading("coalitions --json", figures, _basis(row["basis"]["label"]))]


def read_diagnose_output(doc: dict[str, Any]) -> list[Reading]:
    """``diagnose --json``: the mode counts the rules read, per macro-sector and for all sectors."""
    modes = doc["modes"]
    figures: dict[Key, int] = {
        (macro, mode): n
        for macro, counts in modes["by_macro_sector"].items()
        if macro in MACROS.values()
        for mode, n in counts.items()
    }
    figures |= {
        ("ALL", mode): n for mode, n in modes["totals"].items() if mode in MODE_WORDS.values()
    }
    return [Reading("diagnose --json", figures, _basis(modes["basis"]["label"]))]


# --- the commands in a real process, on a demo database of their own ------------------------

#: A data directory with a fresh demo loaded by `coalitionlens demo --no-serve` in its own process.
demo_data = every_command.demo_data


@pytest.fixture(scope="module")
def printed(demo_data: Path) -> dict[str, Any]:
    """What ``coalitionlens coalitions --json`` and ``coalitionlens diagnose SLUG --json`` print,
    each in its own process, on the fresh demo database of ``demo_data``. The demo is made from one
    seed, so that database holds the same coalitions as the suite's ``demo``."""

    def run(*args: str) -> Any:
        done = subprocess.run(
            [str(BIN / "coalitionlens"), *args],
            cwd=demo_data,
            env=_person_env(demo_data),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, (args, done.stderr)
        return json.loads(done.stdout)

    return {
        "coalitions": run("coalitions", "--json"),
        "diagnose": {slug: run("diagnose", slug, "--json") for slug in SLUGS},
    }


# --- the demo, loaded once for the module ---------------------------------------------------


@pytest.fixture(scope="module")
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[dict[str, Any]]:
    """The three demo coalitions, loaded once and rolled back after the module's last test, with
    what ``coalitionlens compare`` prints (JSON) and writes (a workbook) for them."""
    from openpyxl import load_workbook

    from coalitionlens.cli.main import app
    from coalitionlens.coalitions.models import Coalition
    from coalitionlens.demo.load import load_demo

    book = tmp_path_factory.mktemp("compare") / "compare.xlsx"
    from coalitionlens.conftest import _ensure_core_sectors

    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test earlier in the run may have flushed the seeded taxonomy.
        _ensure_core_sectors()
        load_demo()
        result = CliRunner().invoke(app, ["compare", *SLUGS, "--json"])
        assert result.exit_code == 0, result.output
        written = CliRunner().invoke(app, ["compare", *SLUGS, "--format", "xlsx", "-o", str(book)])
        assert written.exit_code == 0, written.output
        printed = CliRunner().invoke(app, ["compare", *SLUGS])
        assert printed.exit_code == 0, printed.output
        head, *rows = list(load_workbook(book).active.values)
        yield {
            "coalitions": {c.slug: c for c in Coalition.objects.filter(slug__in=SLUGS)},
            "compare_json": json.loads(result.stdout),
            "compare_printed": printed.stdout,
            "compare_xlsx": {
                "columns": list(head[2:]),
                "rows": [{"section": r[0], "measure": r[1], "values": list(r[2:])} for r in rows],
            },
        }
        transaction.set_rollback(True)


def _client(role: str, slug: str) -> Client:
    from coalitionlens.accounts.models import User
    from coalitionlens.conftest import passed_second_step

    user = User.objects.get(email=f"{role}@{slug}.demo")
    client = Client()
    client.force_login(user)
    passed_second_step(client, user)  # coordinators must have given a second factor
    return client


def _disagreements(readings: list[Reading]) -> list[str]:
    """Pairs of readings under the same label that give one key two different figures."""
    seen: dict[tuple[str, Key], tuple[int, str]] = {}
    out = []
    for r in readings:
        for key, value in sorted(r.figures.items()):
            first = seen.setdefault((r.basis, key), (value, r.place))
            if first[0] != value:
                out.append(
                    f"{key[0].lower()} {key[1].lower()}: {first[0]} ({first[1]}) vs {value} "
                    f"({r.place}) under the label {r.basis!r}"
                )
    return out


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_place_shows_the_same_mode_counts_under_the_same_label(
    demo: dict[str, Any], printed: dict[str, Any], db: Any, slug: str, role: str
) -> None:
    coalition = demo["coalitions"][slug]
    client = _client(role, slug)
    readings = [
        *read_home(client, slug),
        *read_dashboard(client, slug),
        *read_compare_page(client, slug, coalition.name),
    ]
    if role in ("coordinator", "analyst"):
        readings += read_diagnostics(client, slug)
        readings += read_report(coalition, role)
    if role == "coordinator":  # the command reads as a coordinator
        readings += read_compare_output(demo["compare_json"], coalition.name, "compare --json")
        readings += read_compare_output(
            demo["compare_xlsx"], coalition.name, "compare --format xlsx"
        )
        readings += read_coalitions_output(printed["coalitions"], slug)
        readings += read_diagnose_output(printed["diagnose"][slug])
    readings = [r for r in readings if r.figures]
    assert not _disagreements(readings), "\n".join(_disagreements(readings))
    unlabelled = [r.place for r in readings if not r.basis]
    assert not unlabelled, f"figures without a label saying their window: {unlabelled}"
    places = {r.place.split(" · ")[0] for r in readings}
    expected = {"home page table", "home page cards", "dashboard", "comparison page"}
    if role in ("coordinator", "analyst"):
        expected |= {"diagnostics figures", "report"}
    if role == "coordinator":
        expected |= {"compare --json", "compare --format xlsx", "coalitions --json"}
        expected |= {"diagnose --json"}
    assert expected <= places
    # Every mode is shown on the home page, the dashboard and the diagnostics for each macro-sector.
    for reading in readings:
        if reading.place in ("home page table", "dashboard", "diagnostics figures"):
            assert {k for k in reading.figures if k[0] != "ALL"} == {
                (m, mode) for m in MACROS.values() for mode in set(MODE_WORDS.values())
            }, reading.place


@pytest.mark.parametrize("role", ["coordinator", "analyst"])
@pytest.mark.parametrize("slug", SLUGS)
def test_the_export_flags_as_members_the_organisations_the_pages_count(
    demo: dict[str, Any], db: Any, slug: str, role: str
) -> None:
    coalition = demo["coalitions"][slug]
    exported = read_graphml_members(coalition, role)
    (table, *_rest) = read_home(_client(role, slug), slug)
    shown = {k: v for k, v in table.figures.items() if k[1] == "MEMBERSHIP"}
    assert {k: v for k, v in exported.items() if k[0] != "ALL"} == {
        k: v for k, v in shown.items() if v
    }


def test_a_membership_past_its_end_date_is_no_member_in_the_export_either(
    demo: dict[str, Any], db: Any
) -> None:
    """A membership whose end date has passed while its status still says ACTIVE (as an import may
    leave it) is not counted on the pages, nor flagged as a member in the export."""
    import datetime as dt

    from coalitionlens.coalitions.models import Membership

    coalition = demo["coalitions"]["marivo"]
    stale = (
        Membership.objects.filter(coalition=coalition, status="ACTIVE")
        .exclude(organisation_id=coalition.secretariat_id)
        .order_by("pk")
        .first()
    )
    assert stale is not None
    Membership.objects.filter(pk=stale.pk).update(ended_on=dt.date.today() - dt.timedelta(days=1))
    exported = read_graphml_members(coalition, "coordinator")
    (table, *_rest) = read_home(_client("coordinator", "marivo"), "marivo")
    shown = {k: v for k, v in table.figures.items() if k[1] == "MEMBERSHIP" and v}
    assert {k: v for k, v in exported.items() if k[0] != "ALL"} == shown


def test_the_dashboards_yearly_table_says_it_counts_another_window(
    demo: dict[str, Any], db: Any
) -> None:
    page = parse(
        _client("coordinator", "marivo")
        .get(reverse("insights_dashboard", args=["marivo"]))
        .content.decode()
    )
    macro = _first_table(page, testid="table-macro")
    yearly = _first_table(page, testid="table-modes")
    assert macro is not None
    assert yearly is not None
    assert _basis(macro.basis)
    assert yearly.basis
    assert yearly.basis != macro.basis
    assert "year" in yearly.basis


def test_the_compare_table_in_a_terminal_prints_the_label_of_its_modes(
    demo: dict[str, Any],
) -> None:
    # The terminal wraps the label inside its column: compare the words, not the lines.
    words = re.sub(r"[\s│┃]+", " ", demo["compare_printed"])
    assert re.search(r"Modes of engagement — Members and partners as of .*?secretariat\.", words)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_commands_in_a_real_process_count_as_the_home_page_and_say_in_which_window(
    demo: dict[str, Any], printed: dict[str, Any], db: Any, slug: str
) -> None:
    """Figures under different labels are never compared with each other, so here the label itself
    must be the home page's: the same day, the same counterpart months, the secretariat left out,
    as :mod:`coalitionlens.insights.modes` defines them."""
    from coalitionlens.insights.modes import COUNTERPART_MONTHS

    shown = read_home(_client("coordinator", slug), slug)  # the table and the cards
    home: dict[Key, int] = {}
    for reading in shown:
        assert reading.basis == shown[0].basis, reading.place
        home |= reading.figures
    (row,) = (r for r in printed["coalitions"] if r["slug"] == slug)
    diagnosed = printed["diagnose"][slug]
    for basis in (row["basis"], diagnosed["modes"]["basis"]):
        assert basis["as_of"] == dt.date.today().isoformat()
        assert basis["counterpart_months"] == COUNTERPART_MONTHS
        assert basis["secretariat"] == "left out"
        assert _basis(basis["label"]) == shown[0].basis
    assert diagnosed["as_of"] == dt.date.today().isoformat()
    assert row["members"] == home[("ALL", "MEMBERSHIP")]
    assert row["partners"] == home[("ALL", "PARTNERSHIP")]
    (diagnose_reading,) = read_diagnose_output(diagnosed)
    assert {k: v for k, v in diagnose_reading.figures.items() if k in home} == home

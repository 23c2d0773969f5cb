"""The results page of a demo round folds fully hidden rows and columns into one line that says how
many, loses no published figure and reveals no hidden one (compared with surveys/published.py)."""

from __future__ import annotations

import re
from html import unescape as html_unescape
from typing import Any

from django.urls import reverse

from coalitionlens.accounts.models import User
from coalitionlens.coalitions.models import Coalition
from coalitionlens.demo.load import load_demo
from coalitionlens.surveys.models import RoundStatus, SurveyRound
from coalitionlens.surveys.presenting import (
    MACROS,
    factor_rows,
    hopes_rows,
    macro_label,
    relationship_rows,
    suppression_legend,
)
from coalitionlens.surveys.published import published_results
from coalitionlens.surveys.scoring import ALL


def _table(html: str, testid: str) -> list[list[str]]:
    m = re.search(rf'<table[^>]*data-testid="{testid}".*?</table>', html, re.S)
    if m is None:
        return []
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(0), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([" ".join(html_unescape(re.sub(r"<[^>]+>", "", c)).split()) for c in cells])
    return rows


def test_the_results_page_folds_hidden_rows_and_keeps_every_published_figure(client, db):
    from coalitionlens.conftest import _ensure_core_sectors

    _ensure_core_sectors()
    load_demo(only=["marivo"])
    round_ = SurveyRound.objects.filter(coalition__slug="marivo", status=RoundStatus.CLOSED).first()
    shown = published_results(round=round_)
    client.force_login(User.objects.get(email="coordinator@marivo.demo"))
    html = client.get(reverse("survey_round_results", args=["marivo", round_.pk])).content.decode()

    # the unfolded tables: every sector pair and every organisation rated
    rel = relationship_rows(shown.results, shown.names)
    before = (1 + len(rel["sector_matrix"])) + (1 + len(rel["targets"]))
    sector = _table(html, "sector-matrix")
    targets = _table(html, "targets")
    after = len(sector) + len(targets)
    assert after < before / 2, (before, after)

    # no published sector-pair figure lost, no hidden one shown
    heads = sector[0][1:] if sector else []
    page = {(row[0], h): v for row in sector[1:] for h, v in zip(heads, row[1:], strict=True)}
    published = {
        (label, h): f.text
        for label, cells in rel["sector_matrix"]
        for h, f in zip(rel["sector_heads"], cells, strict=True)
    }
    for key, text in published.items():
        if text is not None:
            assert page.get(key) == text, key
    for key, text in page.items():
        assert text == (published[key] or "—"), key
    folded_rows = sum(all(f.hidden for f in cells) for _, cells in rel["sector_matrix"])
    assert folded_rows > 0
    assert f"{folded_rows} rows" in html

    # organisations: every one with a published figure is listed, with the same figures
    listed = {row[0]: row[1:] for row in targets[1:]}
    for t in rel["targets"]:
        figures = [t[m].text for m in ("trust", "value", "level")]
        if any(f is not None for f in figures):
            assert listed[t["name"]] == [f or "—" for f in figures], t["name"]
        else:
            assert t["name"] not in listed
    hidden_orgs = len(rel["targets"]) - len(listed)
    assert hidden_orgs > 0
    assert f"{hidden_orgs} organisations not listed" in html

    # the legend explains both kinds of suppression, in the same words as the report's
    legend = suppression_legend(shown.results.k)
    assert "complementary suppression" in legend
    assert "fewer than 5" in legend
    assert legend in html.replace("&#x27;", "'")


NOT_SHOWN = "not shown: every figure in them is hidden (see the legend above)."


def _demo_results(client: Any, slug: str) -> tuple[Any, str]:
    from coalitionlens.conftest import _ensure_core_sectors

    _ensure_core_sectors()
    load_demo(only=[slug])
    round_ = SurveyRound.objects.filter(coalition__slug=slug, status=RoundStatus.CLOSED).first()
    client.force_login(User.objects.get(email=f"coordinator@{slug}.demo"))
    html = client.get(reverse("survey_round_results", args=[slug, round_.pk])).content.decode()
    return published_results(round=round_), html


def test_the_hopes_tables_fold_their_hidden_columns_into_one_line(client, db):
    shown, html = _demo_results(client, "marivo")
    blocks = hopes_rows(shown.results, shown.instruments["hopes_fears"])
    heads = [macro_label(g) for g in [ALL, *MACROS]]
    pages = re.findall(r'<table[^>]*data-testid="hopes".*?</table>', html, re.S)
    assert len(pages) == len(blocks)
    for block, page in zip(blocks, pages, strict=True):
        table = _table(page, "hopes")
        shown_heads = table[0][1:]
        published = {
            (r["label"], h): cell
            for r in block["rows"]
            for h, cell in zip(heads, r["figures"], strict=True)
        }
        # every column with a published figure is on the page, every column on the page has one
        for h in heads:
            has_figure = any(
                not (s.hidden and m.hidden) for (_, h2), (s, m) in published.items() if h2 == h
            )
            assert (h in shown_heads) == has_figure, h
        for row in table[1:]:
            label = row[0].removeprefix("⚠ ")
            for h, text in zip(shown_heads, row[1:], strict=True):
                share, strength = published[(label, h)]
                assert text == f"{share.text or '—'} · {strength.text or '—'}", (label, h)
        folded = len(heads) - len(shown_heads)
        assert folded > 0
    lines = re.findall(r'data-testid="hopes-folded">([^<]*)<', html)
    assert lines == [f"0 rows, {folded} columns {NOT_SHOWN}"] * len(blocks)


def test_the_health_and_macro_sector_tables_fold_too(client, db):
    shown, html = _demo_results(client, "marivo")
    factors = factor_rows(shown.results, shown.instruments["health"])
    hidden_cols = sum(
        all(r["figures"][j].hidden for r in factors["rows"]) for j in range(len(factors["heads"]))
    )
    assert hidden_cols > 0
    assert len(_table(html, "factors")[0]) == 1 + len(factors["heads"]) - hidden_cols + 1
    assert re.search(rf'data-testid="factors-folded">0 rows, {hidden_cols} columns', html)


def test_the_report_folds_the_hopes_tables_as_the_page_does(db):
    from coalitionlens.conftest import _ensure_core_sectors
    from coalitionlens.reports.selectors import _survey_section

    _ensure_core_sectors()
    load_demo(only=["marivo"])
    section = _survey_section(Coalition.objects.get(slug="marivo"))
    hopes = [t for t in section.tables if t["caption"].startswith("Hopes and fears")]
    assert len(hopes) == 3
    for t in hopes:
        assert len(t["columns"]) < 1 + 1 + len(MACROS)
        assert "columns not shown: every figure in them is hidden" in t["basis"]
        assert all("— · —" not in v for row in t["rows"] for v in row[1:])
    assert "complementary suppression" in section.note


def test_the_first_line_and_the_response_table_give_the_same_number_answered(client, db):
    shown, html = _demo_results(client, "zembora")
    rates = _table(html, "response-rates")
    total = next(row for row in rates if row[0] == "All")
    line = re.search(
        r'data-testid="answered">(\d+) people answered, from (\d+) organisations', html
    )
    assert line is not None
    assert line.group(1) == total[2] == str(shown.responded)
    assert line.group(2) == str(shown.results.organisations_responding)

"""The results page of a demo round folds fully hidden rows and columns into one line that says how
many, loses no published figure and reveals no hidden one (compared with surveys/published.py)."""

from __future__ import annotations

import re

from django.urls import reverse

from coalitionlens.accounts.models import User
from coalitionlens.demo.load import load_demo
from coalitionlens.surveys.models import RoundStatus, SurveyRound
from coalitionlens.surveys.presenting import relationship_rows, suppression_legend
from coalitionlens.surveys.published import published_results


def _table(html: str, testid: str) -> list[list[str]]:
    m = re.search(rf'<table[^>]*data-testid="{testid}".*?</table>', html, re.S)
    if m is None:
        return []
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", m.group(0), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
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

"""On the demo, the comparison shows the paper's headline: the coalitions share their challenges
(tension categories recorded in all three) while the strategies they adopted differ."""

from __future__ import annotations

import pytest

from coalitionlens.coalitions.models import Coalition
from coalitionlens.demo.load import DEMO_SLUGS, load_demo
from coalitionlens.insights.comparison import compare_coalitions

pytestmark = pytest.mark.django_db


def test_the_demo_coalitions_share_tension_categories_and_differ_in_strategies() -> None:
    load_demo()
    coalitions = [Coalition.objects.get(slug=slug) for slug in DEMO_SLUGS]
    table = compare_coalitions([(c, "analyst") for c in coalitions])
    assert [r["slug"] for r in table.refs] == list(DEMO_SLUGS)
    rows = {m: v for _s, m, v in table.rows}
    shared = [m for m, v in rows.items() if m.startswith("Tensions: ") and all(v)]
    assert len(shared) >= 2, shared
    strategies = [
        {m for m, v in rows.items() if m.startswith("Strategy: ") and v[i]}
        for i in range(len(coalitions))
    ]
    assert all(strategies)
    assert len({frozenset(s) for s in strategies}) == len(coalitions)
    # Every row says where it comes from; the local-global and plan rows are filled in.
    assert all(table.sources)
    for measure in (
        "Current partnerships with international donors",
        "Active members of foreign origin",
        "Plan actions",
    ):
        assert all(v is not None for v in rows[measure]), measure
    # The hopes and fears rows come from published cells: present for the demo's rounds.
    assert any(m.startswith("Main fears about") and all(v) for m, v in rows.items())
    # A viewer reads no tension, strategy or plan of any coalition.
    seen = compare_coalitions([(c, "viewer") for c in coalitions])
    for _s, m, v in seen.rows:
        if m.startswith(("Tensions", "Strategy", "Strategies", "Plan", "Adopted")):
            assert v == [None, None, None], m

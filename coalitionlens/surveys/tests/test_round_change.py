"""Round against round (surveys/change.py): property tests on random pairs of rounds, no database.

Each example draws two rounds of ratings (rater × target atoms, matched across rounds by key, the
worst case: an organisation that answers the same way every round), builds the cells the results
page publishes (per target, per sector pair, the whole network), suppresses round two against round
one exactly as :func:`.scoring._score` does, and checks that

* no sensitive set of either round (a hidden cell of fewer than k raters, one rater's single
  answer) lies in the span of every cell published by either round plus every published change;
* the change view holds exactly the cells published in both rounds, each with the difference of the
  two published values.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coalitionlens.surveys import scoring
from coalitionlens.surveys.change import compare_results, density
from coalitionlens.surveys.scoring import ALL, Cell, Results
from coalitionlens.surveys.suppression import Family, determined, suppress

K = 3


@st.composite
def two_rounds(draw):
    n_orgs = draw(st.integers(3, 8))
    sector = draw(st.lists(st.sampled_from("abc"), min_size=n_orgs, max_size=n_orgs))
    pairs = [(r, t) for r in range(n_orgs) for t in range(n_orgs) if r != t]
    rounds = []
    for _ in range(2):
        picked = draw(
            st.lists(st.sampled_from(pairs), min_size=1, max_size=len(pairs), unique=True)
        )
        trust = draw(st.lists(st.integers(1, 4), min_size=len(picked), max_size=len(picked)))
        rounds.append(sorted(zip(picked, trust, strict=True)))
    return sector, rounds


def _family(sector, atoms):
    """The relationship family of one round: the cells the results page publishes."""
    keys = [key for key, _v in atoms]
    trust = np.array([v for _k, v in atoms], dtype=float)
    fam = Family(n_atoms=len(keys), contributors=np.array([r for r, _t in keys])[:, None])
    values = []

    def add(table, key, idx):
        fam.add(table, key, idx)
        values.append({"trust": float(trust[idx].mean())})

    groups: dict[tuple, list[int]] = {}
    for i, (r, t) in enumerate(keys):
        groups.setdefault(("target", (str(t),)), []).append(i)
        groups.setdefault(("sector_pair", (sector[r], sector[t])), []).append(i)
    for (table, key), idx in sorted(groups.items()):
        add(table, key, np.asarray(idx))
    add("network", (ALL,), np.arange(len(keys)))
    for r in sorted({r for r, _t in keys}):
        fam.protect([i for i, (rr, _t) in enumerate(keys) if rr == r])
    return fam, values, keys


def _score_pair(sector, rounds):
    """Both rounds scored as :func:`.scoring._score` scores them (round two against round one)."""
    out = []
    earlier: list = []
    for atoms in rounds:
        fam, values, keys = _family(sector, atoms)
        joint, known = scoring._against(fam, keys, earlier)
        hidden = suppress(joint, K, known)
        tables = scoring._publish(fam, hidden, values)
        results = Results(
            k=K,
            bands=(4.0, 3.0),
            organisations_responding=None,
            tables={name: tuple(cells) for name, cells in tables.items()},
            comments=None,
            ties=(),
        )
        out.append((fam, keys, hidden, results))
        earlier = earlier + scoring._footprint(fam, keys, hidden, K)
    return out


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(two_rounds())
def test_no_hidden_cell_of_either_round_is_determined(data):
    sector, rounds = data
    (fa, ka, ha, ra), (fb, kb, hb, rb) = _score_pair(sector, rounds)
    changes = compare_results(ra, rb)

    # One atom space for both rounds: the same key is the same answer (the worst case).
    index: dict[tuple, int] = {}
    for key in [*ka, *kb]:
        index.setdefault(key, len(index))
    rater = np.array([r for (r, _t) in index], dtype=np.int64)
    union = Family(n_atoms=len(index), contributors=rater[:, None])
    hidden = []
    sensitive = []
    for fam, keys, hid in ((fa, ka, ha), (fb, kb, hb)):
        counts = fam.counts()
        for i, members in enumerate(fam.members):
            atoms = [index[keys[a]] for a in members]
            union.add(fam.tables[i], fam.keys[i], atoms)
            hidden.append(bool(hid[i]))
            if hid[i] and counts[i] < K:
                sensitive.append(np.asarray(sorted(atoms), dtype=np.int64))
    # A published change is after − before of two published cells: its vector lies in the span of
    # the two cells, so the visible cells span everything the change view adds.
    shown = {(c.table, c.key) for c in changes}
    visible_both = {
        (t, c.key)
        for t in ra.tables
        if t != "target"  # how partners see one organisation: not compared across rounds
        for c in ra.tables[t]
        if not c.hidden and (rb.table(t).get(c.key) is not None) and not rb.table(t)[c.key].hidden
    }
    assert shown == visible_both
    sensitive += [np.asarray([i], dtype=np.int64) for i in range(len(index))]
    # What round one's own publication already gives away cannot be taken back by round two; that
    # case is the open finding of test_round_one_alone_can_give_away_one_raters_combination.
    assume(not _given_away_by_round_one(fa, ka, ha, index, sensitive))
    found = determined(union, np.asarray(hidden), sensitive)
    assert not found.any(), [sensitive[i].tolist() for i in np.flatnonzero(found)]


def _given_away_by_round_one(fam, keys, hidden, index, sensitive) -> bool:
    """Whether round one's published cells alone (in the two rounds' atom space) determine a
    sensitive set of round two: a combination of one rater's answers that round one's own
    suppression does not count as sensitive, because it is no cell of round one."""
    alone = Family(n_atoms=len(index), contributors=np.array([r for (r, _t) in index])[:, None])
    for i, members in enumerate(fam.members):
        alone.add(fam.tables[i], fam.keys[i], [index[keys[a]] for a in members])
    return bool(determined(alone, np.asarray(hidden, dtype=bool), sensitive).any())


#: Found by the property test above (2 December 2026): two rounds of four organisations.
ONE_RATERS_COMBINATION = (
    ["b", "b", "a", "b"],
    [
        [((0, 1), 1), ((0, 2), 1), ((1, 0), 1), ((1, 2), 1), ((2, 0), 1), ((2, 1), 1),
         ((2, 3), 1), ((3, 0), 1), ((3, 1), 1)],
        [((0, 1), 1), ((0, 2), 1), ((2, 0), 1), ((2, 1), 1)],
    ],
)  # fmt: skip


@pytest.mark.xfail(
    strict=True,
    reason="open confidentiality finding: a cell-by-cell suppression protects the hidden cells "
    "and single answers, not every combination of one rater's answers (docs/surveys.md)",
)
def test_round_one_alone_can_give_away_one_raters_combination():
    """Round one publishes targets 0 and 1 (three raters each) and the b-to-b sector pair (three
    raters): target 0 + target 1 - (b, b) is organisation 2's two answers about 0 and 1, one
    rater's figure. Round two's a-to-b cell is exactly those two answers, hidden (one rater); if
    organisation 2 answers as before, round one has already published it."""
    sector, rounds = ONE_RATERS_COMBINATION
    (fa, ka, ha, _ra), (fb, kb, hb, _rb) = _score_pair(sector, rounds)
    index = {key: i for i, key in enumerate(ka)}
    assert all(key in index for key in kb)
    pair = next(i for i, key in enumerate(fb.keys) if key == ("a", "b"))
    assert hb[pair]
    one_rater = [np.asarray(sorted(index[kb[a]] for a in fb.members[pair]), dtype=np.int64)]
    assert one_rater[0].tolist() == [index[(2, 0)], index[(2, 1)]]
    assert not _given_away_by_round_one(fa, ka, ha, index, one_rater)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_rounds())
def test_changes_are_the_differences_of_cells_published_in_both(data):
    sector, rounds = data
    (_fa, _ka, _ha, ra), (_fb, _kb, _hb, rb) = _score_pair(sector, rounds)
    changes = compare_results(ra, rb)
    for c in changes:
        a, b = ra.table(c.table)[c.key], rb.table(c.table)[c.key]
        assert a.values is not None
        assert b.values is not None
        assert c.before == a.values[c.measure]
        assert c.after == b.values[c.measure]
        assert c.change == b.values[c.measure] - a.values[c.measure]
    for table in ra.tables:
        for cell in ra.tables[table]:
            other = rb.table(table).get(cell.key)
            if cell.hidden or other is None or other.hidden:
                assert not [c for c in changes if (c.table, c.key) == (table, cell.key)]


def test_a_cell_hidden_in_one_round_gives_no_change():
    shown = Cell(key=("a", "b"), n=4, values={"trust": 3.0, "value": 2.0})
    hidden = Cell(key=("a", "b"), n=None, values=None)

    def res(cell):
        return Results(3, (4.0, 3.0), None, {"sector_pair": (cell,)}, None, ())

    assert compare_results(res(shown), res(hidden)) == []
    assert compare_results(res(hidden), res(shown)) == []
    both = compare_results(res(shown), res(shown))
    assert [(c.measure, c.change) for c in both] == [("trust", 0.0), ("value", 0.0)]


def test_density_needs_published_ties():
    assert density([], 5) is None
    assert density([(1, 2), (2, 3)], 4) == pytest.approx(2 / 6)


# --- the selector and the page, on the database -------------------------------------------------


def _two_closed_rounds(cast):
    from coalitionlens.surveys import services
    from coalitionlens.surveys.tests.factories import (
        SurveyRoundFactory,
        rate,
        shelters_and_ministry,
    )

    shelters, ministry = shelters_and_ministry(cast.lens)
    out = []
    for title, levels in (("Round A", [2, 3, 3, 4, 2]), ("Round B", [4, 4, 3, 4, 3])):
        r = SurveyRoundFactory(coalition=cast.lens, title=title)
        for org, level in zip(shelters, levels, strict=True):
            rate(r, org, ministry, level)
        out.append(services.round_close(round=r, actor=cast.alice))
    return out


def test_the_compare_page_shows_the_change_of_cells_published_in_both(client, cast):
    from django.urls import reverse

    from coalitionlens.audit.models import AuditEntry
    from coalitionlens.surveys.change import round_change
    from coalitionlens.surveys.published import published_results

    a, b = _two_closed_rounds(cast)
    shown = round_change(coalition=cast.lens, before=b.pk, after=a.pk)  # either order
    assert shown is not None
    assert (shown.before_pk, shown.after_pk) == (a.pk, b.pk)
    pa, pb = published_results(round=a), published_results(round=b)
    assert pa is not None
    assert pb is not None
    net = [c for c in shown.changes if c.table == "network" and c.measure == "trust"]
    assert net, shown.changes
    assert net[0].before == pa.results.table("network")[("ALL",)].values["trust"]
    assert net[0].change == pytest.approx(
        pb.results.table("network")[("ALL",)].values["trust"] - net[0].before
    )
    client.force_login(cast.vic)  # a viewer reads results, so reads the comparison
    page = client.get(reverse("survey_round_compare", args=["lens", b.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="change-network"' in html
    assert f"{net[0].change:+.2f}" in html
    assert "Ministry M" not in html  # no per-organisation figure is compared
    assert AuditEntry.objects.filter(
        action="view_confidential",
        object_id=str(b.pk),
        summary=f"viewed the results of {b.title} compared with {a.title}",
    ).exists()
    # a round that is not another closed round of this coalition is not found
    missing = client.get(reverse("survey_round_compare", args=["lens", b.pk]) + "?against=999999")
    assert missing.status_code == 404


def test_a_round_with_nothing_to_compare_says_so(client, cast):
    from django.urls import reverse

    from coalitionlens.surveys import services
    from coalitionlens.surveys.tests.factories import SurveyRoundFactory

    r = services.round_close(round=SurveyRoundFactory(coalition=cast.lens), actor=cast.alice)
    client.force_login(cast.alice)
    page = client.get(reverse("survey_round_compare", args=["lens", r.pk]))
    assert page.status_code == 200
    assert 'data-testid="change-network"' not in page.content.decode()
    draft = SurveyRoundFactory(coalition=cast.lens)
    assert client.get(reverse("survey_round_compare", args=["lens", draft.pk])).status_code == 404


def test_each_demo_coalition_shows_published_changes_between_its_two_closed_rounds(db):
    from coalitionlens.coalitions.models import Coalition
    from coalitionlens.conftest import _ensure_core_sectors
    from coalitionlens.demo.load import DEMO_SLUGS, load_demo
    from coalitionlens.surveys.change import round_change
    from coalitionlens.surveys.models import RoundStatus, SurveyRound

    _ensure_core_sectors()
    load_demo()
    seen: set[str] = set()
    for slug in DEMO_SLUGS:
        coalition = Coalition.objects.get(slug=slug)
        closed = list(
            SurveyRound.objects.filter(coalition=coalition, status=RoundStatus.CLOSED).order_by(
                "closed_at"
            )
        )
        assert len(closed) == 2, slug
        shown = round_change(coalition=coalition, before=closed[0].pk, after=closed[1].pk)
        assert shown is not None
        tables = {c.table.split(":")[0] for c in shown.changes}
        assert {"network", "factor", "hopes"} <= tables, (slug, tables)
        assert any(abs(c.change) > 0 for c in shown.changes), slug
        seen |= tables
    # the small marivo publishes no sector pair in its first round; the larger two do in both
    assert "sector_pair" in seen

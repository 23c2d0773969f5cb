"""Suppression, proved on random rounds (SAFETY.md): every visible cell has n ≥ k, and nothing from
fewer than k raters — a hidden cell, one answer, one rater's answers — can be worked out from the
visible cells. The check here is independent of the implementation: plain matrix ranks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalitionlens.surveys.scoring import RoundData, families, score_round
from coalitionlens.surveys.suppression import Family, check_k, suppress
from coalitionlens.surveys.synthetic import random_snapshot


def _rank(m: np.ndarray) -> int:
    return int(np.linalg.matrix_rank(m)) if m.size else 0


def _solvable(visible: np.ndarray, atoms: np.ndarray, n_atoms: int) -> bool:
    u = np.zeros(n_atoms)
    u[atoms] = 1
    return _rank(np.vstack([visible, u])) == _rank(visible)


def assert_safe(fam: Family, hidden: np.ndarray, k: int) -> None:
    a = fam.matrix().toarray()
    counts = fam.counts()
    assert (counts[~hidden] >= k).all(), "a visible cell has fewer than k raters"
    visible = a[~hidden] if (~hidden).any() else np.zeros((0, fam.n_atoms))
    sensitive = [fam.members[i] for i in np.flatnonzero(hidden) if counts[i] < k]
    sensitive += [p for p in fam.protected if fam.n_of(p) < k]
    sensitive += [np.array([i]) for i in range(fam.n_atoms) if fam.n_of(np.array([i])) < k]
    for table in set(fam.tables):
        idx = [i for i in np.flatnonzero(hidden) if fam.tables[i] == table]
        if len(idx) > 1:
            union = np.unique(np.concatenate([fam.members[i] for i in idx]))
            if fam.n_of(union) < k:
                sensitive.append(union)
    for atoms in sensitive:
        if atoms.size:
            assert not _solvable(visible, atoms, fam.n_atoms), "a sensitive set can be worked out"


@st.composite
def random_families(draw):
    n_atoms = draw(st.integers(1, 30))
    raters = draw(st.integers(1, 15))
    contributors = np.array(
        draw(st.lists(st.integers(0, raters - 1), min_size=n_atoms, max_size=n_atoms))
    )
    fam = Family(n_atoms=n_atoms, contributors=contributors[:, None])
    for t in range(draw(st.integers(1, 3))):
        groups = draw(st.integers(1, 5))
        label = np.array(
            draw(st.lists(st.integers(0, groups - 1), min_size=n_atoms, max_size=n_atoms))
        )
        spare = draw(st.booleans())  # a finer table, hidden first (factor scores per sector)
        for g in range(groups):
            if (label == g).any():
                fam.add(f"t{t}", (str(g),), np.flatnonzero(label == g), spare=spare)
    fam.add("total", ("all",), np.arange(n_atoms))
    for r in range(raters):
        if (contributors == r).any():
            fam.protect(np.flatnonzero(contributors == r))
    return fam


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fam=random_families(), k=st.integers(3, 6))
def test_random_groupings_leave_nothing_below_k_visible_or_solvable(fam, k):
    assert_safe(fam, suppress(fam, k), k)


def test_a_spare_cell_goes_before_a_coarser_one_of_fewer_raters():
    """Government (8 raters) and police (1 < k = 4) are the public sector, beside another
    macro-sector (4) and the total (13): total − other − government gives the police away. By the
    fewest raters the other macro-sector would go; government, a spare (finer) cell, goes instead."""

    def family(spare: bool) -> Family:
        fam = Family(n_atoms=13, contributors=np.arange(13)[:, None])
        fam.add("sector", ("GOVERNMENT",), range(8), spare=spare)
        fam.add("sector", ("LAW_ENFORCEMENT",), [8], spare=spare)
        fam.add("macro", ("OTHER",), range(9, 13))
        fam.add("total", ("all",), range(13))
        return fam

    assert suppress(family(False), k=4).tolist() == [False, True, True, False]
    assert suppress(family(True), k=4).tolist() == [True, True, False, False]
    assert_safe(family(True), suppress(family(True), k=4), 4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    organisations=st.integers(4, 24),
    respondents=st.integers(2, 24),
    partners=st.integers(1, 5),
    sectors=st.integers(1, 8),
    k=st.integers(3, 6),
)
def test_random_rounds_leave_nothing_below_k_visible_or_solvable(
    seed, organisations, respondents, partners, sectors, k
):
    snap = random_snapshot(
        seed=seed,
        organisations=organisations,
        respondents=respondents,
        partners=partners,
        sectors=sectors,
    )
    data = RoundData.from_snapshot(snap)
    for fam, _values in families(data).values():
        assert_safe(fam, suppress(fam, k), k)
    results = score_round(data, k=k)
    for cell in results.cells():
        assert cell.hidden or cell.n >= k
        assert (cell.n is None) == cell.hidden


def test_a_lone_small_group_takes_a_second_cell_with_it():
    fam = Family(n_atoms=10, contributors=np.arange(10)[:, None])
    fam.add("g", ("a",), range(5))
    fam.add("g", ("b",), range(5, 8))
    fam.add("g", ("c",), range(8, 10))
    fam.add("g", ("all",), range(10))
    hidden = suppress(fam, 3)
    assert hidden[2]
    assert hidden[:3].sum() >= 2
    assert_safe(fam, hidden, 3)


def test_one_rater_alone_in_a_sector_cannot_be_recovered_from_the_total():
    # three raters in sector X rate target 1; one rater in sector Y rates it: T1 and the sector
    # row X are visible, so Y's rating would be T1 − X unless something more is hidden.
    fam = Family(n_atoms=4, contributors=np.array([[0], [1], [2], [3]]))
    fam.add("target", ("1",), range(4))
    fam.add("sector", ("X",), [0, 1, 2])
    fam.add("sector", ("Y",), [3])
    hidden = suppress(fam, 3)
    assert hidden[2]
    assert hidden[0] or hidden[1]
    assert_safe(fam, hidden, 3)


@pytest.mark.parametrize("k", [2, 0, -1, 2.5, True, "5"])
def test_k_below_three_or_not_a_whole_number_is_refused(k):
    with pytest.raises(ValueError, match="at least 3"):
        check_k(k)

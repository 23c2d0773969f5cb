"""Suppression, proved on random rounds (SAFETY.md): every visible cell has n ≥ k, and nothing from
fewer than k raters — a hidden cell, one answer, one rater's answers — can be worked out from the
visible cells. The check here is independent of the implementation: plain matrix ranks."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalitionlens.surveys.suppression import Family, suppress


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

"""Cell suppression for survey statistics (SAFETY.md "Survey confidentiality"). No Django import.

A *family* is every statistic computed over one set of *atoms* (a rater's rating of one target, a
rater's factor score, an invitee's response). Each published cell is a sum or mean over a subset of
the atoms, and ``n`` counts the distinct contributors (raters) behind it. Suppression hides:

1. every cell with ``n < k`` (primary suppression);
2. more cells, until nothing sensitive can be worked out from what is visible (complementary
   suppression). *Sensitive* means a set of atoms from fewer than ``k`` contributors: a hidden cell,
   a single atom, any extra set the caller names (one rater's ratings, a rater-sector × target
   block), and the union of the hidden cells of each table.

A set ``u`` can be worked out exactly when its indicator vector lies in the span of the visible
cells' vectors: then its sum (of any per-atom value, trust or value alike) is a linear combination of
visible sums. That is tested on the Gram matrix of the visible cells, so the work grows with the
number of cells, not of atoms.

>>> import numpy as np
>>> fam = Family(n_atoms=12, contributors=np.arange(12)[:, None])
>>> for key, atoms in {"a": range(0, 4), "b": range(4, 10), "c": [10, 11]}.items():
...     _ = fam.add("group", (key,), list(atoms))
>>> _ = fam.add("all", ("all",), range(12))
>>> suppress(fam, k=3).tolist()  # c has two raters; all - a - b would give it away, so a goes too
[True, False, True, False]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import linalg, sparse

__all__ = ["MIN_K", "Family", "check_k", "determined", "suppress"]

#: k may be raised by a setting but never below this.
MIN_K = 3
_TOL = 1e-8


def check_k(k: int) -> int:
    """Return ``k`` when it is a whole number of at least :data:`MIN_K`; raise otherwise."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < MIN_K:
        raise ValueError(f"k must be a whole number of at least {MIN_K}, not {k!r}")
    return int(k)


@dataclass
class Family:
    """Atoms ``0..n_atoms-1``; ``contributors[i]`` lists the raters behind atom i (-1 pads)."""

    n_atoms: int
    contributors: NDArray[Any]
    tables: list[str] = field(default_factory=list)
    keys: list[tuple[str, ...]] = field(default_factory=list)
    members: list[NDArray[np.int64]] = field(default_factory=list)
    protected: list[NDArray[np.int64]] = field(default_factory=list)
    #: Per cell: hidden first when one of several cells must go (a finer grouping that only adds
    #: detail to coarser cells, such as a factor score per sector beside the one per macro-sector).
    spare: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        c = np.asarray(self.contributors)
        c = c.reshape(self.n_atoms, c.shape[-1] if c.ndim > 1 else 1)
        self.contributors = c
        codes = np.full(c.shape, -1, dtype=np.int64)
        valid = c >= 0
        if valid.any():
            codes[valid] = np.unique(c[valid], return_inverse=True)[1]
        self._codes = codes
        self._seen = np.zeros(int(codes.max(initial=-1)) + 1, dtype=bool)

    def add(self, table: str, key: tuple[str, ...], atoms: Any, *, spare: bool = False) -> int:
        """A published cell; returns its index. A ``spare`` cell is the one hidden when it and a
        cell that is not spare could each keep a sensitive set from being worked out."""
        self.spare.append(spare)
        self.tables.append(table)
        self.keys.append(key)
        self.members.append(np.unique(np.asarray(atoms, dtype=np.int64)))
        return len(self.keys) - 1

    def protect(self, atoms: Any) -> None:
        """A set that is never published but must not be worked out when it has fewer than k raters."""
        self.protected.append(np.unique(np.asarray(atoms, dtype=np.int64)))

    def n_of(self, atoms: NDArray[np.int64]) -> int:
        if atoms.size == 0:
            return 0
        who = self._codes[atoms].ravel()
        who = who[who >= 0]
        self._seen[who] = True
        n = int(np.count_nonzero(self._seen))
        self._seen[who] = False
        return n

    def counts(self) -> NDArray[np.int64]:
        return np.array([self.n_of(m) for m in self.members], dtype=np.int64)

    def matrix(self) -> sparse.csr_matrix:
        rows = np.repeat(np.arange(len(self.members)), [m.size for m in self.members])
        cols = np.concatenate(self.members) if self.members else np.zeros(0, dtype=np.int64)
        data = np.ones(rows.size)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(self.members), self.n_atoms))


class _Span:
    """Projection onto the row space of the visible cells, for many membership tests at once."""

    def __init__(self, a_visible: sparse.csr_matrix) -> None:
        self.a = a_visible
        gram = (a_visible @ a_visible.T).toarray()
        scale = 1.0 / np.sqrt(np.maximum(np.diag(gram), 1e-300))
        self.scale = scale
        gram = gram * scale[:, None] * scale[None, :]
        if gram.size:
            w, v = linalg.eigh(gram, driver="evd", check_finite=False)
            keep = w > max(float(w.max()), 1.0) * 1e-10
            self.pinv = (v[:, keep] / w[keep]) @ v[:, keep].T
        else:
            self.pinv = gram

    @staticmethod
    def indicator(sets: Sequence[NDArray[np.int64]], n_atoms: int) -> sparse.csr_matrix:
        rows = np.repeat(np.arange(len(sets)), [s.size for s in sets])
        cols = np.concatenate(sets) if sets else np.zeros(0, dtype=np.int64)
        return sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(len(sets), n_atoms))

    def determined(
        self, u: sparse.csr_matrix, chunk: int = 2048
    ) -> tuple[NDArray[np.bool_], list[NDArray[np.float64]]]:
        """For each row of ``u``: is it in the span, and (when it is) the coefficients that show it.

        ``u @ Aᵀ`` stays sparse (a set touches few cells), so the cost is its non-zeros × cells.
        """
        n = u.shape[0]
        found = np.zeros(n, dtype=bool)
        coefs: list[NDArray[np.float64]] = [np.zeros(0)] * n
        if self.pinv.size == 0 or n == 0:
            return found, coefs
        size = np.asarray(u.sum(axis=1)).ravel()
        b_all = (u @ self.a.T).tocsr().multiply(self.scale[None, :]).tocsr()
        b_all.sort_indices()
        # Sets that meet the same cells in the same way share one answer (e.g. every rating of one
        # target by raters of one sector): project each distinct row once.
        keys: dict[bytes, int] = {}
        first = np.empty(n, dtype=np.int64)
        ptr, ind, dat = b_all.indptr, b_all.indices, b_all.data
        for row in range(n):
            key = ind[ptr[row] : ptr[row + 1]].tobytes() + dat[ptr[row] : ptr[row + 1]].tobytes()
            first[row] = keys.setdefault(key, row)
        distinct = np.unique(first)
        groups: dict[int, list[int]] = {}
        for row, head in enumerate(first.tolist()):
            groups.setdefault(head, []).append(row)
        b_distinct = b_all[distinct]
        for start in range(0, distinct.size, chunk):
            b = b_distinct[start : start + chunk]
            x = b @ self.pinv
            proj = np.asarray(b.multiply(x).sum(axis=1)).ravel()
            rows = distinct[start : start + chunk]
            for j in np.flatnonzero(proj >= size[rows] * (1 - _TOL) - _TOL):
                same = np.asarray(groups[int(rows[j])])
                hit = same[np.isclose(size[same], size[rows[j]])]
                found[hit] = True
                for r in hit:
                    coefs[r] = np.asarray(x[j]).ravel()
        return found, coefs
        size = np.asarray(u.sum(axis=1)).ravel()
        b_all = (u @ self.a.T).tocsr().multiply(self.scale[None, :]).tocsr()
        for start in range(0, n, chunk):
            b = b_all[start : start + chunk]
            x = b @ self.pinv
            proj = np.asarray(b.multiply(x).sum(axis=1)).ravel()
            hit = proj >= size[start : start + chunk] * (1 - _TOL) - _TOL
            found[start : start + chunk] = hit
            for row in np.flatnonzero(hit):
                coefs[start + row] = np.asarray(x[row]).ravel()
        return found, coefs


def _distinct_per_row(c: NDArray[Any]) -> NDArray[np.int64]:
    """How many distinct non-negative values each row holds."""
    c = np.sort(np.asarray(c).reshape(len(c), -1), axis=1)
    valid = c >= 0
    new = np.ones_like(valid)
    new[:, 1:] = c[:, 1:] != c[:, :-1]
    return (valid & new).sum(axis=1)


def determined(
    family: Family, hidden: NDArray[np.bool_], sets: Sequence[NDArray[np.int64]]
) -> NDArray[np.bool_]:
    """Which of ``sets`` can be worked out exactly from the cells not ``hidden``."""
    a = family.matrix()
    visible = np.flatnonzero(~hidden)
    span = _Span(a[visible])
    return span.determined(_Span.indicator(list(sets), family.n_atoms))[0]


def suppress(family: Family, k: int, known: Sequence[NDArray[np.int64]] = ()) -> NDArray[np.bool_]:
    """Which cells of ``family`` to hide so that no set from fewer than ``k`` raters is visible or
    can be worked out from the visible cells.

    ``known`` are sets of atoms whose sums a reader already has and which cannot be taken back
    (the cells another round published, its atoms matched to these): they count as visible cells
    that cannot be hidden, so only cells of ``family`` are hidden to keep them from giving anything
    away together.

    >>> fam = Family(n_atoms=6, contributors=np.arange(6)[:, None])
    >>> _ = fam.add("t", ("all",), range(6))
    >>> suppress(fam, k=5).tolist(), suppress(fam, k=5, known=[np.arange(5)]).tolist()
    ([False], [True])
    """
    k = check_k(k)
    n_cells = len(family.members)
    counts = family.counts()
    spare = np.asarray(family.spare, dtype=bool)
    hidden = counts < k
    if n_cells == 0:
        return hidden
    a = family.matrix()
    fixed = [np.unique(np.asarray(f, dtype=np.int64)) for f in known if len(f)]
    if fixed:
        a = sparse.vstack([a, _Span.indicator(fixed, family.n_atoms)]).tocsr()
    all_hidden = np.concatenate([hidden, np.zeros(len(fixed), dtype=bool)])
    protected = [p for p in family.protected if p.size and family.n_of(p) < k]
    # Single atoms are checked last: each is one rater's answer (or one pair's), so each is sensitive.
    atoms = np.arange(family.n_atoms)
    single = [atoms[i : i + 1] for i in np.flatnonzero(_distinct_per_row(family.contributors) < k)]
    # Repeated until no sensitive set is determined; each pass hides at least one more cell.
    for _ in range(n_cells + 1):
        all_hidden[:n_cells] = hidden
        visible = np.flatnonzero(~all_hidden)
        if visible.size == 0:
            break
        span = _Span(a[visible])
        sensitive: list[NDArray[np.int64]] = [
            family.members[i]
            for i in np.flatnonzero(hidden)
            if family.members[i].size and counts[i] < k
        ]
        sensitive += protected
        for table in sorted(set(family.tables)):
            idx = [
                i
                for i in np.flatnonzero(hidden)
                if family.tables[i] == table and family.members[i].size
            ]
            if len(idx) > 1:
                union = np.unique(np.concatenate([family.members[i] for i in idx]))
                if family.n_of(union) < k:
                    sensitive.append(union)
        to_hide: set[int] = set()
        for group in (sensitive, single):
            if to_hide or not group:
                continue
            found, coefs = span.determined(_Span.indicator(group, family.n_atoms))
            for row in np.flatnonzero(found):
                involved = visible[np.abs(coefs[row]) > 1e-9]
                # a known set cannot be hidden: what it gives away with no cell of this family
                # was given away before, and hiding a cell of this family would not take it back
                involved = involved[involved < n_cells]
                if not involved.size or to_hide.intersection(involved.tolist()):
                    continue
                # a spare cell first, then the one of fewest raters
                order = np.lexsort((involved, counts[involved], ~spare[involved]))
                to_hide.add(int(involved[order[0]]))
        if not to_hide:
            break
        hidden[list(to_hide)] = True
    return hidden

"""The :class:`Network`: an organisation table and its aggregated ties, keyed by organisation id.

Rules that every measure inherits (see ``docs/metrics.md``):

* ties whose two ends are the same organisation (self-loops) are dropped and counted;
* duplicate ties are merged into one tie whose weight is the sum of their weights; in an undirected
  network ``a-b`` and ``b-a`` are the same tie;
* organisations with no tie stay in the network as isolates;
* path measures (betweenness, closeness, dependence, fragility) count hops on the undirected view;
  direction is used by in/out degree, the mixing matrix of a directed network and brokerage.

Nothing public returns igraph objects or vertex indices, but the conversions an analyst asks for
(:mod:`coalitionlens.core.graphs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coalitionlens.core.errors import InputError
from coalitionlens.core.taxonomy import MACRO_SECTORS, SECTOR_TO_MACRO, SECTORS, normalise_code

__all__ = ["Network", "OrgId"]

OrgId = Any
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_ORG_REQUIRED = ("id", "sector")
_TIE_REQUIRED = ("source", "target")


def _row(position: int) -> int:
    """Spreadsheet row of a record: the header is row 1."""
    return int(position) + 2


def _first_bad(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])


def _require_columns(frame: pd.DataFrame, required: tuple[str, ...], label: str) -> None:
    for column in required:
        if column not in frame.columns:
            raise InputError(
                label,
                column=column,
                expected=f"a column named {column!r} (columns are: {', '.join(map(str, frame.columns))})",
            )


def _clean_organisations(organisations: pd.DataFrame, label: str) -> pd.DataFrame:
    frame = organisations.reset_index(drop=True) if "id" in organisations.columns else None
    if frame is None:
        if organisations.index.name == "id":
            frame = organisations.reset_index()
        else:
            _require_columns(organisations, _ORG_REQUIRED, label)
            raise AssertionError  # pragma: no cover - _require_columns raised
    _require_columns(frame, _ORG_REQUIRED, label)
    ids = frame["id"]
    missing = ids.isna().to_numpy()
    if missing.any():
        raise InputError(label, row=_row(_first_bad(missing)), column="id", expected="an id")
    duplicated = ids.duplicated().to_numpy()
    if duplicated.any():
        at = _first_bad(duplicated)
        raise InputError(
            label, row=_row(at), column="id", expected="a unique id", found=ids.iloc[at]
        )
    sectors = frame["sector"]
    missing = sectors.isna().to_numpy()
    if missing.any():
        raise InputError(label, row=_row(_first_bad(missing)), column="sector", expected="a sector")
    # Normalise each distinct spelling once (a table of 50,000 rows holds a few dozen).
    sector_codes = _normalised(sectors)
    derived = sector_codes.map(dict(SECTOR_TO_MACRO))
    if "macro_sector" in frame.columns:
        given = frame["macro_sector"]
        has_given = given.notna().to_numpy()
        given_codes = _normalised(given.where(given.notna(), ""))
        bad = has_given & ~given_codes.isin(MACRO_SECTORS).to_numpy()
        if bad.any():
            at = _first_bad(bad)
            raise InputError(
                label,
                row=_row(at),
                column="macro_sector",
                expected=f"one of {', '.join(MACRO_SECTORS)}",
                found=given.iloc[at],
            )
    else:
        has_given = np.zeros(len(frame), dtype=bool)
        given_codes = derived
    unknown = ~has_given & derived.isna().to_numpy()
    if unknown.any():
        at = _first_bad(unknown)
        raise InputError(
            label,
            row=_row(at),
            column="sector",
            expected=(
                f"a sector code ({', '.join(SECTORS)}) or a macro_sector column "
                "for a sector outside the taxonomy"
            ),
            found=sectors.iloc[at],
        )
    macros = np.where(has_given, given_codes.to_numpy(dtype=object), derived.to_numpy(dtype=object))
    cleaned = frame.copy()
    cleaned["sector"] = sector_codes.to_numpy(dtype=object)
    cleaned["macro_sector"] = macros
    if "name" not in cleaned.columns:
        cleaned["name"] = cleaned["id"].astype(str)
    else:
        unnamed = cleaned["name"].isna()
        if unnamed.any():
            cleaned["name"] = cleaned["name"].where(~unnamed, cleaned["id"].astype(str))
    front = ["id", "name", "sector", "macro_sector"]
    cleaned = cleaned[front + [c for c in cleaned.columns if c not in front]]
    return cleaned.set_index("id")


def _normalised(values: pd.Series) -> pd.Series:
    """:func:`normalise_code` of each value as text, computed once per distinct value."""
    # The distinct spellings and each row's one in a single hashing pass (a dict map of the
    # column hashes it again, through pandas' slower path for text).
    codes, distinct = pd.factorize(values.astype(str).to_numpy(dtype=object), use_na_sentinel=False)
    normalised = np.array([normalise_code(value) for value in distinct], dtype=object)
    return pd.Series(normalised[codes], index=values.index, dtype=object)


def _tie_weights(ties: pd.DataFrame, label: str) -> FloatArray:
    if "weight" not in ties.columns:
        return np.ones(len(ties), dtype=np.float64)
    raw = ties["weight"]
    numeric = pd.to_numeric(raw, errors="coerce")
    bad = (numeric.isna() & raw.notna()).to_numpy()
    if bad.any():
        at = _first_bad(bad)
        raise InputError(
            label, row=_row(at), column="weight", expected="a number", found=raw.iloc[at]
        )
    weights = numeric.fillna(1.0).to_numpy(dtype=np.float64)
    bad = ~np.isfinite(weights) | (weights < 0)
    if bad.any():
        at = _first_bad(bad)
        raise InputError(
            label,
            row=_row(at),
            column="weight",
            expected="a finite number ≥ 0",
            found=raw.iloc[at],
        )
    return weights


def _tie_dates(ties: pd.DataFrame, label: str) -> pd.Series:
    if "date" not in ties.columns:
        raise InputError(label, column="date", expected="a 'date' column to select a time window")
    raw = ties["date"]
    parsed = pd.to_datetime(raw, errors="coerce")
    bad = (parsed.isna() & raw.notna()).to_numpy()
    if bad.any():
        at = _first_bad(bad)
        raise InputError(
            label, row=_row(at), column="date", expected="a date (YYYY-MM-DD)", found=raw.iloc[at]
        )
    return parsed


def _positions(ids: pd.Series, index: pd.Index, label: str, column: str) -> IntArray:
    positions = np.asarray(index.get_indexer(pd.Index(ids)), dtype=np.int64)
    unknown = positions < 0
    if unknown.any():  # only then tell a missing id from an unknown one (isna costs a pass)
        missing = ids.isna().to_numpy()
        at = _first_bad(unknown)
        if missing[: at + 1].any():
            raise InputError(
                label, row=_row(_first_bad(missing)), column=column, expected="an organisation id"
            )
        raise InputError(
            label,
            row=_row(at),
            column=column,
            expected="the id of an organisation in the organisations table",
            found=ids.iloc[at],
        )
    return positions


@dataclass(frozen=True, eq=False)
class Network:
    """Organisations and their ties, validated and aggregated; build it with :meth:`from_tables`.

    Attributes
    ----------
    organisations : pandas.DataFrame
        Indexed by organisation id; columns ``name``, ``sector``, ``macro_sector`` (codes from
        :mod:`coalitionlens.core.taxonomy`) and any flag columns given.
    ties : pandas.DataFrame
        One row per distinct tie: ``source``, ``target``, ``weight`` (the sum over merged duplicates).
    directed : bool
        Whether ``source → target`` differs from ``target → source``.
    self_loops_dropped : int
        Input ties from an organisation to itself, which no measure uses.
    duplicates_merged : int
        Input ties folded into another tie between the same organisations.

    Examples
    --------
    >>> orgs = pd.DataFrame({"id": ["a", "b"], "sector": ["GOVERNMENT", "BUSINESS"]})
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"]})
    >>> net = Network.from_tables(orgs, ties)
    >>> net.ties.to_dict("records")
    [{'source': 'a', 'target': 'b', 'weight': 2.0}]
    >>> net.duplicates_merged
    1
    """

    organisations: pd.DataFrame
    ties: pd.DataFrame
    directed: bool = False
    self_loops_dropped: int = 0
    duplicates_merged: int = 0

    @classmethod
    def from_tables(
        cls,
        organisations: pd.DataFrame,
        ties: pd.DataFrame | None = None,
        *,
        directed: bool = False,
        start: object = None,
        end: object = None,
        half_life_days: float | None = None,
        as_of: object = None,
        organisations_label: str = "organisations",
        ties_label: str = "ties",
    ) -> Network:
        """Validate an organisation table and a tie table and build the network.

        Parameters
        ----------
        organisations : pandas.DataFrame
            Columns ``id`` and ``sector`` (a code of the taxonomy, or any code with a
            ``macro_sector`` column); optional ``name``, ``macro_sector`` and flag columns.
        ties : pandas.DataFrame, optional
            Columns ``source`` and ``target`` (organisation ids); optional ``weight`` (default 1),
            ``date`` and ``type``. ``None`` builds a network of isolates.
        directed : bool
            Keep the direction of ties (survey nominations) or not (co-participation).
        start, end : date-like, optional
            Keep ties dated on or after ``start`` and before ``end``; undated ties are then left out.
        half_life_days : float, optional
            Decay each tie's weight by ``0.5 ** (age / half_life_days)``, its age counted back from
            ``as_of`` (default: ``end``, else the latest tie date). Needs a ``date`` column.
        organisations_label, ties_label : str
            How errors name the two tables (the file names, when read from files).

        Returns
        -------
        Network

        Raises
        ------
        InputError
            A missing column, an unknown id in the ties, a non-numeric weight, a bad date or sector.

        Examples
        --------
        >>> orgs = pd.DataFrame({"id": [1, 2, 3], "sector": ["MEDIA", "ACADEMIA", "ACADEMIA"]})
        >>> ties = pd.DataFrame({"source": [1, 2], "target": [2, 2]})
        >>> net = Network.from_tables(orgs, ties)
        >>> (len(net.ties), net.self_loops_dropped)
        (1, 1)
        """
        orgs = _clean_organisations(organisations, organisations_label)
        if ties is None:
            ties = pd.DataFrame({"source": [], "target": []})
        _require_columns(ties, _TIE_REQUIRED, ties_label)
        ties = ties.reset_index(drop=True)
        weights = _tie_weights(ties, ties_label)
        src = _positions(ties["source"], orgs.index, ties_label, "source")
        dst = _positions(ties["target"], orgs.index, ties_label, "target")
        if start is not None or end is not None or half_life_days is not None:
            dates = _tie_dates(ties, ties_label)
            keep = dates.notna().to_numpy().copy()
            if start is not None:
                keep &= (dates >= pd.Timestamp(start)).to_numpy()  # type: ignore[arg-type]
            if end is not None:
                keep &= (dates < pd.Timestamp(end)).to_numpy()  # type: ignore[arg-type]
            if half_life_days is not None:
                if half_life_days <= 0:
                    raise InputError(ties_label, expected="a half-life > 0 days")
                reference = as_of if as_of is not None else end
                ref = pd.Timestamp(reference) if reference is not None else dates[keep].max()  # type: ignore[arg-type]
                ages = ((ref - dates).dt.total_seconds() / 86400.0).to_numpy(dtype=np.float64)
                ages = np.clip(np.nan_to_num(ages, nan=0.0), 0.0, None)
                weights = weights * np.power(0.5, ages / half_life_days)
            src, dst, weights = src[keep], dst[keep], weights[keep]
        return cls._from_positions(orgs, src, dst, weights, directed=directed)

    @classmethod
    def _from_positions(
        cls,
        orgs: pd.DataFrame,
        src: IntArray,
        dst: IntArray,
        weights: FloatArray,
        *,
        directed: bool,
    ) -> Network:
        from coalitionlens.core._kernels import merge_ties  # numba loads on first use

        # Self-loops dropped and duplicates summed in one counting pass by row (no sort of the
        # 2 × m keys); the result lists the ties by source, then target.
        a, b, summed, loops = merge_ties(len(orgs), src, dst, weights, undirected=not directed)
        index = orgs.index
        # The columns are new arrays, so the frame need not copy them again (it would by default:
        # a tenth of the construction at 50,000 organisations); the weights are the frame's own.
        tie_table = pd.DataFrame(
            {"source": index.take(a), "target": index.take(b), "weight": summed.copy()},
            copy=False,
        )
        network = cls(
            organisations=orgs,
            ties=tie_table,
            directed=directed,
            self_loops_dropped=loops,
            duplicates_merged=int(len(src) - loops - len(a)),
        )
        object.__setattr__(network, "_arrays", (a, b, summed))
        return network

    # --- internal views (positions are private to the core) -------------------------------

    @cached_property
    def _edges(self) -> tuple[IntArray, IntArray, FloatArray]:
        cached = self.__dict__.get("_arrays")
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        index = self.organisations.index
        a = np.asarray(index.get_indexer(pd.Index(self.ties["source"])), dtype=np.int64)
        b = np.asarray(index.get_indexer(pd.Index(self.ties["target"])), dtype=np.int64)
        return a, b, self.ties["weight"].to_numpy(dtype=np.float64)

    @cached_property
    def _undirected_edges(self) -> tuple[IntArray, IntArray, FloatArray]:
        """Distinct unordered pairs ``u < v`` with summed weight."""
        a, b, w = self._edges
        if not self.directed:
            return a, b, w
        from coalitionlens.core._kernels import merge_ties  # numba loads on first use

        # a → b and b → a fold into one tie (their weights summed in the order of the arcs).
        u, v, summed, _ = merge_ties(self.n, a, b, w, undirected=True)
        return u, v, summed

    @cached_property
    def _compact_indices(self) -> npt.NDArray[np.uint16] | npt.NDArray[np.int32]:
        """:attr:`_csr`'s column indices as the searches read them, once per network: 16-bit up
        to 65,536 organisations, else 32-bit (:func:`~coalitionlens.core._kernels.compact_indices`)
        — a quarter or a half of the memory traffic of the int64 CSR, read once per arc per pass."""
        from coalitionlens.core._kernels import compact_indices  # numba loads on first use

        return compact_indices(self._csr[1], self.n)

    @cached_property
    def _compact_out_indices(self) -> npt.NDArray[np.uint16] | npt.NDArray[np.int32]:
        """:attr:`_csr_out`'s column indices, compact as :attr:`_compact_indices` (the same array
        when the network is undirected)."""
        if not self.directed:
            return self._compact_indices
        from coalitionlens.core._kernels import compact_indices  # numba loads on first use

        return compact_indices(self._csr_out[1], self.n)

    def _mix(self, by: str) -> tuple[IntArray, IntArray, IntArray]:
        """One pass over the undirected ties, memoised: per organisation its partners in its own
        group; the symmetric group-by-group matrix of arcs (each tie counted from both ends, so a
        tie inside a group counts twice on the diagonal); the organisations per group."""
        cache: dict[str, tuple[IntArray, IntArray, IntArray]] = self.__dict__.setdefault(
            "_mix_cache", {}
        )
        if by not in cache:
            from coalitionlens.core._kernels import mix_counts  # numba loads on first use

            codes, labels = self._codes(by)
            u, v, _ = self._undirected_edges
            k = len(labels)
            inside, arcs, sizes = mix_counts(u, v, codes, k)
            cache[by] = inside, arcs[:k, :k], sizes[:k]
        return cache[by]

    @cached_property
    def _csr(self) -> tuple[IntArray, IntArray, FloatArray]:
        """Symmetric adjacency in CSR form: ``indptr``, ``indices`` (sorted per row), ``weights``."""
        from coalitionlens.core._kernels import symmetric_csr  # numba loads on first use

        u, v, w = self._undirected_edges
        built = symmetric_csr(self.n, u, v, w)  # the ties are already sorted: no sort needed
        if built is not None:
            return built
        return _csr(self.n, np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w]))

    @cached_property
    def _csr_out(self) -> tuple[IntArray, IntArray, FloatArray]:
        """Out-adjacency in CSR form; an undirected tie counts in both directions."""
        if not self.directed:
            return self._csr
        a, b, w = self._edges
        return _csr(self.n, a, b, w)

    def _codes(self, by: str = "sector") -> tuple[IntArray, tuple[str, ...]]:
        """Integer group code per organisation and the group labels, in taxonomy order."""
        if by not in ("sector", "macro_sector"):
            raise ValueError("by must be 'sector' or 'macro_sector'")
        cache: dict[str, tuple[IntArray, tuple[str, ...]]] = self.__dict__.setdefault(
            "_codes_cache", {}
        )
        if by not in cache:
            cache[by] = self._compute_codes(by)
        return cache[by]

    def _compute_codes(self, by: str) -> tuple[IntArray, tuple[str, ...]]:
        values = self.organisations[by].astype(str)
        order = SECTORS if by == "sector" else MACRO_SECTORS
        # The distinct codes in one hashing pass in C (a Python set() of the column iterates it
        # element by element: a quarter of a second at 50,000 organisations).
        present = {str(code) for code in pd.unique(values.to_numpy(dtype=object))}
        labels = tuple(code for code in order if code in present) + tuple(
            sorted(present.difference(order))
        )
        codes = pd.Categorical(values, categories=list(labels)).codes
        return np.asarray(codes, dtype=np.int64), labels

    # --- public conveniences --------------------------------------------------------------

    @property
    def n(self) -> int:
        """Number of organisations."""
        return len(self.organisations)

    @property
    def ids(self) -> list[OrgId]:
        """Organisation ids in table order."""
        return list(self.organisations.index)

    def without(self, ids: list[OrgId]) -> Network:
        """The network with these organisations and their ties removed.

        Examples
        --------
        >>> orgs = pd.DataFrame({"id": ["a", "b", "c"], "sector": ["MEDIA"] * 3})
        >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]})
        >>> Network.from_tables(orgs, ties).without(["b"]).ties.shape[0]
        0
        """
        drop = np.zeros(self.n, dtype=bool)
        drop[self.organisations.index.get_indexer(pd.Index(ids))] = True
        keep_positions = np.flatnonzero(~drop)
        remap = np.full(self.n, -1, dtype=np.int64)
        remap[keep_positions] = np.arange(len(keep_positions))
        a, b, w = self._edges
        keep = ~drop[a] & ~drop[b]
        return Network._from_positions(
            self.organisations.iloc[keep_positions],
            remap[a[keep]],
            remap[b[keep]],
            w[keep],
            directed=self.directed,
        )


def _csr(
    n: int, rows: IntArray, cols: IntArray, weights: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """CSR arrays of the arcs ``rows[e] → cols[e]``, column indices sorted within each row and the
    weights of repeated arcs summed."""
    from scipy.sparse import coo_matrix  # loaded on first use

    matrix = coo_matrix((weights, (rows, cols)), shape=(n, n)).tocsr()
    matrix.sum_duplicates()  # also sorts the indices of each row
    return (
        np.asarray(matrix.indptr, dtype=np.int64),
        np.ascontiguousarray(matrix.indices, dtype=np.int64),
        np.ascontiguousarray(matrix.data, dtype=np.float64),
    )

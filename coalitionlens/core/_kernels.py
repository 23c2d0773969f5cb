"""Compiled loops (numba) for the measures that walk two-paths or run many breadth-first searches.

Every kernel takes the network as CSR arrays (``indptr``, ``indices`` sorted per row, no self-loops,
no duplicates) and allocates only O(n) work arrays: no dense n-by-n array anywhere. The kernels are
cached on disk after their first compilation, and :func:`coalitionlens.core.warmup.warm_kernels`
compiles them ahead of the first page (``coalitionlens warm``, ``demo`` and ``serve`` call it).

Where the cache lives: ``$NUMBA_CACHE_DIR`` when set; otherwise numba's own place, ``__pycache__``
beside this file (a checkout, or an install the server's user can write to) or else the user's
cache directory; and when neither can be written (a read-only install and no writable home, as in a
locked-down container), ``$COALITIONLENS_DATA_DIR/cache/numba``, which the product must be able to
write anyway. See :func:`cache_dir`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt
from numba.np.random.random_methods import random_interval as _numba_random_interval

__all__ = [
    "COMPACT_LIMIT",
    "arcs_searched",
    "brokerage_counts",
    "compact_indices",
    "component_labels",
    "core_numbers",
    "ei_split",
    "harmonic_sums",
    "merge_ties",
    "mix_counts",
    "pagerank_scores",
    "passes_floor",
    "shortest_path_sums",
    "shuffled_crossings",
    "small_codes",
    "structural_holes",
    "symmetric_csr",
]

F = TypeVar("F", bound=Callable[..., Any])
IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]
#: Column indices as the searches read them: uint16 up to 65,536 vertices, int32 beyond
#: (:func:`compact_indices`).
CompactArray = npt.NDArray[np.uint16] | npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
SmallIntArray = npt.NDArray[Any]  # int8 or int16 group codes: the smallest that holds them

#: numba's translation of numpy's ``random_interval`` (the draw of ``Generator.shuffle``),
#: compiled into the kernels that must shuffle exactly as numpy does.
random_interval = cast(Callable[[Any, int], int], _numba_random_interval)


_CONFIG: Any = numba.config  # its settings are read from the environment at run time


def _writable(path: Path) -> bool:
    """Whether a cache directory can be made or written here (its nearest existing ancestor)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return os.access(path, os.W_OK)


def _choose_cache_dir(writable: Callable[[Path], bool] = _writable) -> None:
    """Point numba at ``$COALITIONLENS_DATA_DIR/cache/numba`` when none of its own places can be
    written (so the kernels are compiled once, not in every process). Runs before any kernel is
    decorated: numba picks a cache location when it decorates."""
    if _CONFIG.CACHE_DIR:  # NUMBA_CACHE_DIR: the operator's choice
        return
    data = os.environ.get("COALITIONLENS_DATA_DIR")
    if not data:
        return
    home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    if writable(Path(__file__).parent) or writable(home_cache):
        return
    _CONFIG.CACHE_DIR = str(Path(data) / "cache" / "numba")


_choose_cache_dir()


def cache_dir() -> Path:
    """The directory where numba keeps this module's compiled kernels (their ``.nbi`` index and
    ``.nbc`` code files)."""
    return Path(
        cast(Any, _brokerage_kernel)._cache.cache_path
    )  # one place for every kernel of this module


def dispatchers() -> dict[str, Any]:
    """Every compiled kernel of the core by name — this module's and Leiden's
    (:mod:`coalitionlens.core._leiden`) — as numba dispatchers: ``.signatures`` lists what is
    compiled, ``.stats`` the cache hits and misses."""
    from coalitionlens.core import _leiden  # it compiles with this module's _jit

    return {
        name: value
        for module in (globals(), vars(_leiden))
        for name, value in module.items()
        if isinstance(value, numba.core.dispatcher.Dispatcher)
    }


#: The most vertices whose numbers fit in 16 bits (0 .. 65,535).
COMPACT_LIMIT = 1 << 16


def compact_indices(indices: IntArray | CompactArray, n: int) -> CompactArray:
    """A CSR's column indices in the type the kernels walk fastest: uint16 when every vertex
    number fits (``n`` ≤ :data:`COMPACT_LIMIT`: every coalition and most federations), else int32.

    Two bytes an arc instead of four: at 50,000 organisations (1.65 M arcs) the rows a search
    walks no longer stream from the L3 cache at twice the size, and a sampled betweenness source
    costs about 28 % less (at 5,000, 11 %; docs/performance.md). An array that is already uint16
    (with ``n`` in range) or int32 is returned as given, so a caller can ask for the 32-bit kernels
    on a small graph (the warm-up compiles both).
    """
    if indices.flags.c_contiguous and (
        indices.dtype == np.int32 or (indices.dtype == np.uint16 and n <= COMPACT_LIMIT)
    ):
        return cast(CompactArray, indices)
    return cast(
        CompactArray,
        np.ascontiguousarray(indices, dtype=np.uint16 if n <= COMPACT_LIMIT else np.int32),
    )


def _jit(func: F) -> F:
    return cast(F, numba.njit(cache=True, nogil=True)(func))


@_jit
def _brokerage_kernel(
    indptr: IntArray,
    indices: CompactArray,
    arc_code: Int32Array,
    in_ptr: IntArray,
    in_idx: Int32Array,
    in_code: Int32Array,
    codes: Int32Array,
    groups: int,
) -> IntArray:
    n = indptr.shape[0] - 1
    # Columns: coordinator, itinerant, representative, gatekeeper, liaison (sna's order).
    out = np.zeros((n, 5), dtype=np.int64)
    # ``mark`` is the only per-vertex array read once per two-path (4 bytes a vertex: it stays in
    # the cache at 50,000 organisations); the groups of the arcs' ends are read from ``arc_code``
    # and ``in_code``, gathered once in the arcs' order, so they stream with the rows.
    mark = np.full(n, -1, dtype=np.int32)
    out_in_group = np.zeros(groups, dtype=np.int64)
    for j in range(n):
        start, end = indptr[j], indptr[j + 1]
        if start == end or in_ptr[j] == in_ptr[j + 1]:
            continue
        c = codes[j]
        for t in range(start, end):
            mark[indices[t]] = j
            out_in_group[arc_code[t]] += 1
        out_total = end - start
        out_same = out_in_group[c]
        coord = itin = rep = gate = liaison = 0
        for t in range(in_ptr[j], in_ptr[j + 1]):
            i = in_idx[t]
            a = in_code[t]
            back = 1 if mark[i] == j else 0  # i → j → i is not a two-path
            if a == c:
                coord += out_same - back
                rep += out_total - out_same
            else:
                gate += out_same
                itin += out_in_group[a] - back
                liaison += out_total - out_same - out_in_group[a]
            for t2 in range(indptr[i], indptr[i + 1]):
                if mark[indices[t2]] == j:  # i → k closes the two-path i → j → k
                    b = arc_code[t2]
                    if a == c:
                        if b == c:
                            coord -= 1
                        else:
                            rep -= 1
                    elif b == c:
                        gate -= 1
                    elif a == b:
                        itin -= 1
                    else:
                        liaison -= 1
        out[j, 0] = coord
        out[j, 1] = itin
        out[j, 2] = rep
        out[j, 3] = gate
        out[j, 4] = liaison
        for t in range(start, end):
            out_in_group[arc_code[t]] -= 1
    return out


@_jit
def _role(a: int, b: int, c: int) -> int:
    """The column of a two-path ``i → j → k`` with groups ``a``, ``c``, ``b`` (sna's order)."""
    if a == c:
        return 0 if b == c else 2
    if b == c:
        return 3
    return 1 if a == b else 4


@_jit
def _brokerage_symmetric_kernel(
    indptr: IntArray, indices: CompactArray, arc_code: Int32Array, codes: Int32Array, groups: int
) -> IntArray:
    # An undirected network: broker j with partner i, and broker i with partner j, close their
    # two-paths through the same shared partners k, so one walk of the larger end's row counts
    # both (half the rows fetched from memory); the open two-paths are counted as above.
    n = indptr.shape[0] - 1
    out = np.zeros((n, 5), dtype=np.int64)
    mark = np.full(n, -1, dtype=np.int32)
    out_in_group = np.zeros(groups, dtype=np.int64)
    closed = np.zeros(5, dtype=np.int64)
    for j in range(n):
        start, end = indptr[j], indptr[j + 1]
        if start == end:
            continue
        c = codes[j]
        for t in range(start, end):
            mark[indices[t]] = j
            out_in_group[arc_code[t]] += 1
        out_total = end - start
        out_same = out_in_group[c]
        coord = itin = rep = gate = liaison = 0
        closed[:] = 0
        for t in range(start, end):
            i = indices[t]
            a = arc_code[t]
            if a == c:  # i → j → i is not a two-path
                coord += out_same - 1
                rep += out_total - out_same
            else:
                gate += out_same
                itin += out_in_group[a] - 1
                liaison += out_total - out_same - out_in_group[a]
            if i < j:
                continue
            for t2 in range(indptr[i], indptr[i + 1]):
                if mark[indices[t2]] == j:  # i – k closes i → j → k and j → i → k
                    b = arc_code[t2]
                    closed[_role(a, b, c)] += 1
                    out[i, _role(c, b, a)] -= 1
        out[j, 0] += coord - closed[0]
        out[j, 1] += itin - closed[1]
        out[j, 2] += rep - closed[2]
        out[j, 3] += gate - closed[3]
        out[j, 4] += liaison - closed[4]
        for t in range(start, end):
            out_in_group[arc_code[t]] -= 1
    return out


def brokerage_counts(
    indptr: IntArray,
    indices: IntArray | CompactArray,
    codes: IntArray,
    *,
    symmetric: bool = False,
) -> IntArray:
    """Gould-Fernandez role counts per vertex, columns in ``sna::brokerage`` order.

    The columns are coordinator (w_I), itinerant (w_O), representative (b_IO), gatekeeper (b_OI)
    and liaison (b_O); each counts open two-paths ``i → j → k`` (``i ≠ k``, no tie ``i → k``).
    ``symmetric``: the CSR is its own transpose (an undirected network), so the in-arcs are the
    out-arcs (no sort) and each tie's closed two-paths are found once for both its ends.
    """
    n = indptr.shape[0] - 1
    arcs_to = compact_indices(indices, n)
    code32 = np.ascontiguousarray(codes, dtype=np.int32)
    arc_code = code32[arcs_to]
    groups = int(code32.max()) + 1 if n > 0 else 1
    if symmetric:
        return _brokerage_symmetric_kernel(indptr, arcs_to, arc_code, code32, groups)
    rows = np.repeat(np.arange(n, dtype=np.int32), np.diff(indptr))
    order = np.argsort(arcs_to, kind="stable")
    in_idx = np.ascontiguousarray(rows[order])
    in_code = code32[in_idx]
    in_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(arcs_to, minlength=n), out=in_ptr[1:])
    return _brokerage_kernel(indptr, arcs_to, arc_code, in_ptr, in_idx, in_code, code32, groups)


@_jit
def _holes_kernel(
    indptr: IntArray, indices: CompactArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    n = indptr.shape[0] - 1
    m = indices.shape[0]
    strength = np.zeros(n)
    largest = np.zeros(n)
    for v in range(n):
        for t in range(indptr[v], indptr[v + 1]):
            strength[v] += weights[t]
            largest[v] = max(largest[v], weights[t])
    # Per arc (v, u): Σ_q p_vq p_qu (``indirect``) and Σ_q p_vq m_uq (``redundant``). Both
    # directions of a tie sum over the same shared partners q, so one walk of the larger end's
    # row (u > v) fills the arc and its reverse: half the rows fetched from memory. The terms are
    # added in increasing q, the order of a walk of row u, so every sum is bitwise the one a
    # walk per direction gives.
    indirect = np.zeros(m)
    redundant = np.zeros(m)
    mark = np.full(n, -1, dtype=np.int32)  # 4 bytes a vertex: stays in the cache at 50,000
    ego = np.zeros((n, 2))  # p_vq and the weight of v–q, side by side: one cache line per read
    for v in range(n):
        start, end = indptr[v], indptr[v + 1]
        for t in range(start, end):
            q = indices[t]
            mark[q] = v
            ego[q, 0] = weights[t] / strength[v]
            ego[q, 1] = weights[t]
        for t in range(start, end):
            u = indices[t]
            if u < v:
                continue
            forward_i = forward_r = back_i = back_r = 0.0
            top_u = largest[u]
            top_v = largest[v]
            s_u = strength[u]
            reverse = -1
            for t2 in range(indptr[u], indptr[u + 1]):
                q = indices[t2]
                if mark[q] == v:
                    p_vq = ego[q, 0]
                    w_vq = ego[q, 1]
                    w_uq = weights[t2]
                    s_q = strength[q]
                    forward_i += p_vq * w_uq / s_q
                    forward_r += p_vq * w_uq / top_u
                    p_uq = w_uq / s_u
                    back_i += p_uq * w_vq / s_q
                    back_r += p_uq * w_vq / top_v
                elif q == v:
                    reverse = t2
            indirect[t] = forward_i
            redundant[t] = forward_r
            indirect[reverse] = back_i
            redundant[reverse] = back_r
    constraint = np.full(n, np.nan)
    effective = np.full(n, np.nan)
    for v in range(n):
        start, end = indptr[v], indptr[v + 1]
        if start == end:
            continue
        total_constraint = 0.0
        total_effective = 0.0
        for t in range(start, end):
            total_constraint += (weights[t] / strength[v] + indirect[t]) ** 2
            total_effective += 1.0 - redundant[t]
        constraint[v] = total_constraint
        effective[v] = total_effective
    return constraint, effective


def structural_holes(
    indptr: IntArray, indices: IntArray | CompactArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Burt's constraint and effective size per vertex of an undirected weighted CSR graph.

    Isolates get NaN (both measures are undefined without a contact).
    """
    return _holes_kernel(indptr, compact_indices(indices, indptr.shape[0] - 1), weights)


_PUSH = 2  # a pushed arc reads a distance and writes a sum: about twice a pulled arc's cost


@numba.njit(cache=True, nogil=True)
def _brandes_chunk(
    indptr: IntArray,
    indices: CompactArray,
    sources: IntArray,
    codes: IntArray,
    broker: int,
    broker_dist: IntArray,
    broker_sigma: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    n = indptr.shape[0] - 1
    arcs = indices.shape[0]
    between = np.zeros(n)
    harmonic = np.zeros(n)
    # summed fraction through the broker, pairs, pairs only through it; arcs the searches read
    dependence = np.zeros(4)
    dist = np.full(n, -1, dtype=np.int32)
    sigma = np.zeros(n)
    coefficient = np.zeros(n)
    pending = np.zeros(n)  # one level's values, written once the level is complete
    order = np.empty(n, dtype=np.int32)
    unvisited = np.empty(n, dtype=np.int32)
    starts = np.zeros(n + 3, dtype=np.int64)  # where each level begins in ``order``
    level_arcs = np.zeros(n + 2, dtype=np.int64)  # the arcs of each level's rows
    # zero between uses: a level's coefficients pushed up by the level below, or the paths a
    # large frontier scatters
    gathered = np.zeros(n)
    for s in sources:
        dist[s] = 0
        sigma[s] = 1.0
        order[0] = s
        low, high = 0, 1
        level = 0
        starts[0], starts[1] = 0, 1
        remaining = -1  # the list of unvisited vertices, built on the first bottom-up level
        frontier_arcs = indptr[s + 1] - indptr[s]
        level_arcs[0] = frontier_arcs
        visited_arcs = frontier_arcs  # the arcs of the rows of every vertex found so far
        # Level by level (Beamer's direction-optimising search): a small frontier pushes its
        # paths to its neighbours; once the frontier holds a quarter of the arcs, each unvisited
        # vertex pulls from its neighbours on the frontier instead (reads only, no random writes),
        # unless the unexplored rows hold more than twice the frontier's arcs: then the frontier
        # scatters its paths (below).
        while low < high:
            next_level = level + 1
            tail = high
            if frontier_arcs * 4 < arcs or remaining == 0:
                dependence[3] += frontier_arcs
                for position in range(low, high):
                    v = order[position]
                    paths = sigma[v]
                    for t in range(indptr[v], indptr[v + 1]):
                        w = indices[t]
                        found = dist[w]
                        if found < 0:
                            dist[w] = next_level
                            order[tail] = w
                            tail += 1
                            found = next_level
                        # A select rather than a branch: the comparison is unpredictable.
                        sigma[w] += paths if found == next_level else 0.0
                if (tail - high) * 32 > n:
                    # A large level found top-down is in no order: list it again in vertex order,
                    # so the next level and the accumulation read its rows of arcs in memory
                    # order rather than one cache miss per row (one sequential pass over dist).
                    tail = high
                    for x in range(n):
                        if dist[x] == next_level:
                            order[tail] = x
                            tail += 1
            elif arcs - visited_arcs > _PUSH * frontier_arcs:
                # A large frontier whose rows are fewer than half the rows still unexplored (the
                # third level of a 50,000-organisation federation: 30 % of the vertices, 70 % left):
                # pulling would read every unexplored row in full, for path counts need every
                # neighbour. Instead the frontier scatters its paths into every neighbour, found or
                # not, with no test per arc, and one sequential pass keeps the unvisited ones in
                # vertex order (and clears the rest). Path counts are integers: exact in any order.
                dependence[3] += frontier_arcs
                for position in range(low, high):
                    v = order[position]
                    paths = sigma[v]
                    for t in range(indptr[v], indptr[v + 1]):
                        gathered[indices[t]] += paths
                for x in range(n):
                    total = gathered[x]
                    if total > 0.0:
                        gathered[x] = 0.0
                        if dist[x] < 0:
                            dist[x] = next_level
                            sigma[x] = total
                            order[tail] = x
                            tail += 1
            else:
                if remaining < 0:
                    remaining = 0
                    for x in range(n):
                        if dist[x] < 0:
                            unvisited[remaining] = x
                            remaining += 1
                kept = 0
                for q in range(remaining):
                    w = unvisited[q]
                    if dist[w] >= 0:  # reached by a top-down level since the list was made
                        continue
                    # An unvisited vertex's visited neighbours are all on the frontier (a nearer
                    # one would have reached it already) and its unvisited ones hold no paths yet
                    # (this level's are written after the loop): sum every neighbour, no test.
                    total = 0.0
                    dependence[3] += indptr[w + 1] - indptr[w]
                    for t in range(indptr[w], indptr[w + 1]):
                        total += sigma[indices[t]]
                    if total > 0.0:
                        pending[tail] = total
                        order[tail] = w
                        tail += 1
                    else:
                        unvisited[kept] = w
                        kept += 1
                for position in range(high, tail):
                    dist[order[position]] = next_level
                    sigma[order[position]] = pending[position]
                remaining = kept
            frontier_arcs = 0
            for position in range(high, tail):
                frontier_arcs += indptr[order[position] + 1] - indptr[order[position]]
            low, high = high, tail
            level = next_level
            starts[level + 1] = tail
            level_arcs[level] = frontier_arcs
            visited_arcs += frontier_arcs
        starts[level + 2] = tail
        tail = high
        # The broker's dependence is summed level by level in the accumulation below, which
        # reads each reached vertex's paths anyway (no pass of its own over the search).
        track = broker >= 0 and s != broker
        via = dist[broker] if track else -1
        code_s = codes[s]
        broker_paths = sigma[broker] if track else 0.0
        # Brandes' accumulation, deepest level first: each vertex of a level sums the
        # coefficients (1 + delta) / sigma of its neighbours on the level below, in whichever
        # direction reads fewer arcs. Pulled, each vertex sums all its neighbours' coefficients:
        # only the level below has one yet (a level's are written once the whole level is done,
        # shallower levels are still zero), so no distance is read per arc. Pushed (the level
        # below has the fewer arcs: the deepest levels of a small-world network, whose last
        # large level would otherwise read every row to find the few vertices beneath it), each
        # vertex of the level below adds its coefficient to its neighbours on this level.
        # The sources (level 0) need no accumulation.
        for depth in range(level - 1, 0, -1):
            first, last = starts[depth], starts[depth + 1]
            if level_arcs[depth + 1] * _PUSH < level_arcs[depth]:
                dependence[3] += level_arcs[depth + 1]
                for position in range(last, starts[depth + 2]):
                    u = order[position]
                    value = coefficient[u]
                    for t in range(indptr[u], indptr[u + 1]):
                        w = indices[t]
                        gathered[w] += value if dist[w] == depth else 0.0
                for position in range(first, last):
                    w = order[position]
                    pending[position] = gathered[w]
                    gathered[w] = 0.0
            else:
                dependence[3] += level_arcs[depth]
                for position in range(first, last):
                    w = order[position]
                    total = 0.0
                    for t in range(indptr[w], indptr[w + 1]):
                        total += coefficient[indices[t]]
                    pending[position] = total
            step = 1.0 / depth
            for position in range(first, last):
                w = order[position]
                paths = sigma[w]
                dependency = paths * pending[position]
                between[w] += dependency
                harmonic[w] += step
                pending[position] = (1.0 + dependency) / paths
                if track and w != broker and codes[w] != code_s:
                    # A pair (s, w) in another group: the share of its shortest paths through
                    # the broker (every one of them when the broker lies on each).
                    dependence[1] += 1.0
                    reach = broker_dist[w]
                    if via >= 0 and reach >= 0 and via + reach == depth:
                        fraction = broker_paths * broker_sigma[w] / paths
                        dependence[0] += fraction
                        if fraction >= 1.0 - 1e-12:
                            dependence[2] += 1.0
            for position in range(first, last):
                coefficient[order[position]] = pending[position]
        for position in range(tail):  # reset only what this search touched
            w = order[position]
            dist[w] = -1
            sigma[w] = 0.0
            coefficient[w] = 0.0
    return between, harmonic, dependence


@numba.njit(cache=True, nogil=True)
def _harmonic_kernel(indptr: IntArray, indices: CompactArray, sources: IntArray) -> FloatArray:
    """Distances only: a direction-optimising search per source, whose bottom-up levels stop at
    the first neighbour found on the frontier (no path counts are needed)."""
    n = indptr.shape[0] - 1
    arcs = indices.shape[0]
    harmonic = np.zeros(n)
    dist = np.full(n, -1, dtype=np.int32)
    order = np.empty(n, dtype=np.int32)
    unvisited = np.empty(n, dtype=np.int32)
    for s in sources:
        dist[s] = 0
        order[0] = s
        low, high = 0, 1
        level = 0
        remaining = -1
        frontier_arcs = indptr[s + 1] - indptr[s]
        while low < high:
            next_level = level + 1
            tail = high
            if frontier_arcs * 4 < arcs or remaining == 0:
                for position in range(low, high):
                    v = order[position]
                    for t in range(indptr[v], indptr[v + 1]):
                        w = indices[t]
                        if dist[w] < 0:
                            dist[w] = next_level
                            order[tail] = w
                            tail += 1
                if (tail - high) * 32 > n:  # as in _brandes_chunk: a large level in vertex order
                    tail = high
                    for x in range(n):
                        if dist[x] == next_level:
                            order[tail] = x
                            tail += 1
            else:
                if remaining < 0:
                    remaining = 0
                    for x in range(n):
                        if dist[x] < 0:
                            unvisited[remaining] = x
                            remaining += 1
                kept = 0
                for q in range(remaining):
                    w = unvisited[q]
                    if dist[w] >= 0:  # reached by a top-down level since the list was made
                        continue
                    hit = False
                    for t in range(indptr[w], indptr[w + 1]):
                        if dist[indices[t]] == level:
                            hit = True
                            break
                    if hit:
                        order[tail] = w
                        tail += 1
                    else:
                        unvisited[kept] = w
                        kept += 1
                for position in range(high, tail):
                    dist[order[position]] = next_level
                remaining = kept
            frontier_arcs = 0
            for position in range(high, tail):
                frontier_arcs += indptr[order[position] + 1] - indptr[order[position]]
            low, high = high, tail
            level = next_level
        for position in range(1, high):
            w = order[position]
            harmonic[w] += 1.0 / dist[w]
        for position in range(high):
            dist[order[position]] = -1
    return harmonic


def harmonic_sums(
    indptr: IntArray, indices: IntArray | CompactArray, sources: IntArray
) -> FloatArray:
    """Per vertex, the summed ``1 / d(s, v)`` over the sources ``s`` that reach it (undirected,
    unweighted CSR): closeness without Brandes' path counts and accumulation."""
    result: FloatArray = _harmonic_kernel(
        indptr,
        compact_indices(indices, indptr.shape[0] - 1),
        np.ascontiguousarray(sources, dtype=np.int64),
    )
    return result


@numba.njit(cache=True, nogil=True)
def _passes_floor(indptr: IntArray, indices: CompactArray, rounds: int) -> float:
    n = indptr.shape[0] - 1
    first = np.ones(n)
    second = np.ones(n)
    total = 0.0
    for _ in range(rounds):
        for t in range(indices.shape[0]):
            total += first[indices[t]]
        for t in range(indices.shape[0]):
            total += second[indices[t]]
    return total


def passes_floor(indptr: IntArray, indices: IntArray | CompactArray, rounds: int) -> float:
    """Two compiled passes over the arcs per round, each reading one value per arc's head: what
    any search that visits every arc forward and back costs at least (the bench's floor)."""
    return float(_passes_floor(indptr, compact_indices(indices, indptr.shape[0] - 1), rounds))


@numba.njit(cache=True, parallel=True)
def _brandes_parallel(
    indptr: IntArray,
    indices: CompactArray,
    sources: IntArray,
    chunks: int,
    codes: IntArray,
    broker: int,
    broker_dist: IntArray,
    broker_sigma: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    n = indptr.shape[0] - 1
    between = np.zeros((chunks, n))
    harmonic = np.zeros((chunks, n))
    dependence = np.zeros((chunks, 4))
    size = (sources.shape[0] + chunks - 1) // chunks
    for c in numba.prange(chunks):
        part_b, part_h, part_d = _brandes_chunk(
            indptr,
            indices,
            sources[c * size : min((c + 1) * size, sources.shape[0])],
            codes,
            broker,
            broker_dist,
            broker_sigma,
        )
        between[c] = part_b
        harmonic[c] = part_h
        dependence[c] = part_d
    return between.sum(axis=0), harmonic.sum(axis=0), dependence.sum(axis=0)


@_jit
def _bfs_counts(
    indptr: IntArray, indices: IntArray | CompactArray, source: int
) -> tuple[IntArray, FloatArray]:
    n = indptr.shape[0] - 1
    dist = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    queue = np.empty(n, dtype=np.int64)
    dist[source] = 0
    sigma[source] = 1.0
    queue[0] = source
    head, tail = 0, 1
    while head < tail:
        v = queue[head]
        head += 1
        for t in range(indptr[v], indptr[v + 1]):
            w = indices[t]
            if dist[w] < 0:
                dist[w] = dist[v] + 1
                queue[tail] = w
                tail += 1
            if dist[w] == dist[v] + 1:
                sigma[w] += sigma[v]
    return dist, sigma


def shortest_path_sums(
    indptr: IntArray,
    indices: IntArray | CompactArray,
    sources: IntArray,
    codes: IntArray | None = None,
    broker: int = -1,
) -> tuple[FloatArray, FloatArray, tuple[float, int, int]]:
    """Brandes' accumulation from each source of an undirected unweighted CSR graph.

    Returns, per vertex, the summed dependency ``Σ_s δ_s(v)`` over the sources (halve it for
    undirected betweenness) and the summed ``1 / d(s, v)`` over the sources that reach it; and,
    when ``broker`` is a vertex, its dependence triple: over ordered pairs ``(s, v)`` with ``s`` a
    source, ``v`` reachable in another group (``codes``), neither the broker, the summed fraction
    of shortest paths through the broker, the number of pairs, and the pairs whose every shortest
    path passes through it. The sources are split over numba's threads.
    """
    between, harmonic, dependence = _searches(indptr, indices, sources, codes, broker)
    through, pairs, only, _ = dependence
    return between, harmonic, (float(through), int(pairs), int(only))


def _searches(
    indptr: IntArray,
    indices: IntArray | CompactArray,
    sources: IntArray,
    codes: IntArray | None,
    broker: int,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The Brandes pass behind :func:`shortest_path_sums` and :func:`arcs_searched`: the sums, and
    the broker's triple with the arcs read."""
    n = indptr.shape[0] - 1
    indices = compact_indices(indices, n)
    if codes is None or broker < 0:
        codes = np.zeros(n, dtype=np.int64)
        broker = -1
        broker_dist, broker_sigma = np.zeros(n, dtype=np.int64), np.zeros(n)
    else:
        broker_dist, broker_sigma = _bfs_counts(indptr, indices, broker)
    chunks = max(1, min(numba.get_num_threads(), len(sources)))
    result: tuple[FloatArray, FloatArray, FloatArray] = _brandes_parallel(
        indptr,
        indices,
        np.ascontiguousarray(sources, dtype=np.int64),
        chunks,
        np.ascontiguousarray(codes, dtype=np.int64),
        int(broker),
        broker_dist,
        broker_sigma,
    )
    return result


def arcs_searched(indptr: IntArray, indices: IntArray | CompactArray, sources: IntArray) -> int:
    """How many arcs :func:`shortest_path_sums`' searches from ``sources`` read, forward and in
    the accumulation (a row read top-down or bottom-up, a level pulled or pushed): the work a
    sampled betweenness does, which a direction-optimising search keeps below two passes over the
    arcs per source (the bench prints it per source and per arc)."""
    return int(_searches(indptr, indices, sources, None, -1)[2][3])


def small_codes(codes: IntArray, groups: int) -> SmallIntArray:
    """Group codes ``0 .. groups - 1`` in the smallest integer type that holds them (int8, int16,
    else int32): the kernels that gather a code per tie read a quarter or an eighth of the bytes.

    >>> small_codes(np.array([0, 200]), 201).dtype.name
    'int16'
    """
    kind = np.int8 if groups <= 127 else np.int16 if groups <= 32_767 else np.int32
    return np.ascontiguousarray(codes, dtype=kind)


@_jit
def _shuffled_crossings(
    rng: np.random.Generator,
    u: IntArray,
    v: IntArray,
    codes: SmallIntArray,
    rounds: int,
    width: int,
) -> IntArray:
    # Round r shuffles a copy of the codes exactly as ``rng.permuted`` shuffles row r of a
    # (rounds, n) table (Fisher-Yates from the last position, one ``random_interval`` per
    # position on the generator's own bits), so the test draws what it always drew. The shuffled
    # rows are then stored side by side per vertex, `width` rounds at a time: a tie compares its
    # two ends' codes for every round of the block in one vector pass, and the ties are read once
    # per block instead of once per round.
    n = codes.shape[0]
    m = u.shape[0]
    out = np.empty(rounds, dtype=np.int64)
    row = np.empty(n, dtype=codes.dtype)
    table = np.empty((n, width), dtype=codes.dtype)
    inside = np.empty(width, dtype=np.int64)
    bits = rng.bit_generator
    for first in range(0, rounds, width):
        block = min(width, rounds - first)
        table[:, :] = 0  # the unused rounds of a last block compare equal: never read
        for r in range(block):
            row[:] = codes
            for i in range(n - 1, 0, -1):
                j = np.intp(random_interval(bits, i))
                held = row[j]
                row[j] = row[i]
                row[i] = held
            for x in range(n):
                table[x, r] = row[x]
        inside[:] = 0
        for e in range(m):
            mine = table[u[e]]
            theirs = table[v[e]]
            for r in range(width):
                inside[r] += mine[r] == theirs[r]
        for r in range(block):
            out[first + r] = m - inside[r]
    return out


def shuffled_crossings(
    rng: np.random.Generator, u: IntArray, v: IntArray, codes: IntArray, rounds: int
) -> IntArray:
    """For each of ``rounds`` shuffles of ``codes`` among the vertices, the ties ``u[e] – v[e]``
    whose two ends hold different codes.

    The shuffles are the rows of ``rng.permuted(np.broadcast_to(codes, (rounds, n)), axis=1)``,
    drawn from ``rng`` in the same order (its state advances the same way).
    """
    n = len(codes)
    # Blocks of a multiple of 16 rounds, at most 128 and about 8 MB of codes.
    width = max(16, min(128, (8_000_000 // max(n, 1)) // 16 * 16, -(-rounds // 16) * 16))
    result: IntArray = _shuffled_crossings(
        rng,
        np.ascontiguousarray(u, dtype=np.int64),
        np.ascontiguousarray(v, dtype=np.int64),
        small_codes(codes, int(codes.max(initial=0)) + 1),
        int(rounds),
        int(width),
    )
    return result


@_jit
def _mix_counts(
    u: IntArray,
    v: IntArray,
    codes: SmallIntArray,
    groups: int,
) -> tuple[IntArray, IntArray, IntArray]:
    # The ties come grouped by `u` (the network lists them by source): the partners `u` shares a
    # group with are summed in a register over its run of ties and stored once, where an
    # increment in memory per tie would wait on the previous one (store-to-load forwarding), and
    # the matrix cells alternate between two copies for the same reason.
    n = codes.shape[0]
    inside = np.zeros(n, dtype=np.int64)
    cells = groups * groups
    table = np.zeros(2 * cells, dtype=np.int64)
    sizes = np.zeros(groups, dtype=np.int64)
    for w in range(n):
        sizes[codes[w]] += 1
    m = u.shape[0]
    x = u[0] if m else np.int64(0)
    mine = codes[x] if m else 0
    own = np.int64(0)
    for e in range(m):
        if u[e] != x:
            inside[x] += own
            own = np.int64(0)
            x = u[e]
            mine = codes[x]
        y = v[e]
        theirs = codes[y]
        table[(e & 1) * cells + mine * groups + theirs] += 1
        same = np.int64(mine == theirs)
        own += same
        inside[y] += same
    if m:
        inside[x] += own
    half = (table[:cells] + table[cells:]).reshape(groups, groups)
    return inside, half + half.T, sizes


def mix_counts(
    u: IntArray, v: IntArray, codes: IntArray, groups: int
) -> tuple[IntArray, IntArray, IntArray]:
    """One pass over the undirected ties ``u[e] – v[e]``: per vertex its partners in its own
    group; the symmetric group-by-group count of arcs (each tie counted from both ends, so a tie
    inside a group counts twice on the diagonal); and the vertices per group. The mixing matrix,
    the E-I index and assortativity all read these arrays."""
    result: tuple[IntArray, IntArray, IntArray] = _mix_counts(
        np.ascontiguousarray(u, dtype=np.int64),
        np.ascontiguousarray(v, dtype=np.int64),
        small_codes(codes, groups),
        max(groups, 1),
    )
    return result


@_jit
def _ei_split(totals: IntArray, inside: IntArray) -> tuple[IntArray, FloatArray]:
    n = inside.shape[0]
    counts = np.empty((2, n), dtype=np.int64)
    ratio = np.empty(n)
    for x in range(n):
        external = totals[x] - inside[x]
        counts[0, x] = inside[x]
        counts[1, x] = external
        ratio[x] = (external - inside[x]) / totals[x] if totals[x] > 0 else np.nan
    return counts, ratio


def ei_split(totals: IntArray, inside: IntArray) -> tuple[IntArray, FloatArray]:
    """For each unit (an organisation, a group) with ``totals`` ties of which ``inside`` stay in
    its own group: the rows ``[inside, external]`` of one (2, n) block, and the E-I ratio
    ``(external - inside) / totals`` (NaN where there is no tie), in one pass that allocates the
    two results only (numpy's expression of it takes six temporaries of n).

    >>> counts, ratio = ei_split(np.array([4, 0]), np.array([3, 0]))
    >>> counts.tolist(), ratio.tolist()[0]
    ([[3, 0], [1, 0]], -0.5)
    """
    result: tuple[IntArray, FloatArray] = _ei_split(
        np.ascontiguousarray(totals, dtype=np.int64), np.ascontiguousarray(inside, dtype=np.int64)
    )
    return result


@_jit
def _core_numbers(indptr: IntArray, indices: IntArray) -> IntArray:
    # Batagelj and Zaversnik (2003): vertices kept sorted by current degree in bins, O(m).
    n = indptr.shape[0] - 1
    degree = np.empty(n, dtype=np.int64)
    top = 0
    for v in range(n):
        degree[v] = indptr[v + 1] - indptr[v]
        top = max(top, degree[v])
    start = np.zeros(top + 2, dtype=np.int64)
    for v in range(n):
        start[degree[v] + 1] += 1
    for d in range(1, top + 2):
        start[d] += start[d - 1]
    position = np.empty(n, dtype=np.int64)
    vertex = np.empty(n, dtype=np.int64)
    fill = start[: top + 1].copy()
    for v in range(n):
        position[v] = fill[degree[v]]
        vertex[position[v]] = v
        fill[degree[v]] += 1
    for i in range(n):
        v = vertex[i]
        for t in range(indptr[v], indptr[v + 1]):
            u = indices[t]
            if degree[u] > degree[v]:
                du = degree[u]
                pu = position[u]
                pw = start[du]
                w = vertex[pw]
                if u != w:
                    vertex[pu] = w
                    position[w] = pu
                    vertex[pw] = u
                    position[u] = pw
                start[du] += 1
                degree[u] -= 1
    return degree


def core_numbers(indptr: IntArray, indices: IntArray) -> IntArray:
    """Core number of each vertex of an undirected simple CSR graph (isolates: 0)."""
    result: IntArray = _core_numbers(indptr, indices)
    return result


@_jit
def _pagerank(
    in_ptr: IntArray,
    in_idx: IntArray,
    in_weight: FloatArray,
    out_strength: FloatArray,
    damping: float,
    tolerance: float,
    max_iterations: int,
) -> tuple[FloatArray, int]:
    n = in_ptr.shape[0] - 1
    rank = np.full(n, 1.0 / n)
    spread = np.empty(n)  # rank / out-strength: what each vertex sends along one unit of weight
    for iteration in range(1, max_iterations + 1):
        lost = 0.0
        for v in range(n):
            if out_strength[v] > 0.0:
                spread[v] = rank[v] / out_strength[v]
            else:
                spread[v] = 0.0
                lost += rank[v]
        base = (1.0 - damping) / n + damping * lost / n
        change = 0.0
        for v in range(n):
            total = 0.0
            for t in range(in_ptr[v], in_ptr[v + 1]):
                total += spread[in_idx[t]] * in_weight[t]
            value = base + damping * total
            change += abs(value - rank[v])
            rank[v] = value  # spread holds the previous ranks: this is still a Jacobi step
        if change < tolerance:
            return rank, iteration
    return rank, max_iterations


def pagerank_scores(
    in_ptr: IntArray,
    in_idx: IntArray,
    in_weight: FloatArray,
    out_strength: FloatArray,
    damping: float,
    tolerance: float,
    max_iterations: int,
) -> tuple[FloatArray, int]:
    """Power iteration of weighted PageRank over in-arcs in CSR form (row ``v``: the arcs into
    ``v``); the rank of vertices without out-weight is spread evenly. Returns the ranks and the
    iterations run."""
    result: tuple[FloatArray, int] = _pagerank(
        in_ptr, in_idx, in_weight, out_strength, damping, tolerance, max_iterations
    )
    return result


@_jit
def _component_labels(
    indptr: IntArray, indices: IntArray | CompactArray, keep: npt.NDArray[np.bool_]
) -> IntArray:
    # Union-find over the rows in vertex order (each row's arcs are read in memory order, where a
    # breadth-first search jumps to a new row, a cache miss, per vertex). Every root is its
    # component's lowest vertex: a union links the higher root under the lower one, so the root
    # of the row's own vertex is found once per row and only lowered by its unions.
    n = indptr.shape[0] - 1
    parent = np.arange(n, dtype=np.int32)
    for v in range(n):
        if not keep[v]:
            continue
        a = v
        while parent[a] != a:  # path halving
            parent[a] = parent[parent[a]]
            a = parent[a]
        for t in range(indptr[v], indptr[v + 1]):
            w = indices[t]
            if w <= v or not keep[w]:
                continue
            b = w
            while parent[b] != b:
                parent[b] = parent[parent[b]]
                b = parent[b]
            if a < b:
                parent[b] = a
            elif b < a:
                parent[a] = b
                a = b
    label = np.full(n, -1, dtype=np.int64)
    count = 0
    for v in range(n):
        if not keep[v]:
            continue
        root = parent[v]
        while parent[root] != root:
            root = parent[root]
        if root == v:
            label[v] = count
            count += 1
        else:
            label[v] = label[root]  # root < v: labelled already
    return label


def component_labels(
    indptr: IntArray,
    indices: IntArray | CompactArray,
    keep: npt.NDArray[np.bool_] | None = None,
) -> IntArray:
    """Connected component of each vertex of an undirected CSR graph, numbered 0, 1, … in order
    of each component's lowest vertex; with ``keep``, of the subgraph of the kept vertices (the
    others: -1), without building it."""
    n = indptr.shape[0] - 1
    mask = np.ones(n, dtype=np.bool_) if keep is None else np.ascontiguousarray(keep, np.bool_)
    result: IntArray = _component_labels(indptr, compact_indices(indices, n), mask)
    return result


@_jit
def _merge_ties(
    n: int, rows: IntArray, cols: IntArray, weights: FloatArray, undirected: bool
) -> tuple[IntArray, IntArray, FloatArray, int]:
    m = rows.shape[0]
    # One counting pass by row: each row's entries in input order (an undirected tie's row is its
    # smaller end), self-loops left out.
    start = np.zeros(n + 1, dtype=np.int64)
    loops = 0
    for e in range(m):
        a, b = rows[e], cols[e]
        if a == b:
            loops += 1
        else:
            start[(min(a, b) if undirected else a) + 1] += 1
    longest = 0
    for r in range(n):
        longest = max(longest, start[r + 1])
        start[r + 1] += start[r]
    filled = start[:n].copy()
    by_row = np.empty(m - loops, dtype=np.int64)
    by_row_w = np.empty(m - loops)
    for e in range(m):
        a, b = rows[e], cols[e]
        if a != b:
            if undirected and b < a:
                a, b = b, a
            by_row[filled[a]] = b
            by_row_w[filled[a]] = weights[e]
            filled[a] += 1
    # Per row, the distinct columns (a stamp per column: no sort of the repeats), their weights
    # summed in input order, then the row's few distinct columns sorted.
    stamp = np.full(n, -1, dtype=np.int64)
    slot = np.empty(n, dtype=np.int64)
    distinct = np.empty(longest, dtype=np.int64)
    summed = np.empty(longest)
    # The distinct ties overwrite the entries by row in place: the ties of rows before r number
    # at most their entries, and row r is read into ``distinct`` and ``summed`` before it is
    # written.
    out_a = np.empty(m - loops, dtype=np.int64)
    out_b = by_row
    out_w = by_row_w
    out = 0
    for r in range(n):
        k = 0
        for p in range(start[r], start[r + 1]):
            c = by_row[p]
            if stamp[c] != r:
                stamp[c] = r
                slot[c] = k
                distinct[k] = c
                summed[k] = by_row_w[p]
                k += 1
            else:
                summed[slot[c]] += by_row_w[p]
        if k > 32:
            distinct[:k] = np.sort(distinct[:k])
        else:
            for i in range(1, k):  # insertion sort: a row holds a few dozen columns
                c = distinct[i]
                j = i - 1
                while j >= 0 and distinct[j] > c:
                    distinct[j + 1] = distinct[j]
                    j -= 1
                distinct[j + 1] = c
        for i in range(k):
            c = distinct[i]
            total = summed[slot[c]]
            if total > 0:  # a tie whose weights sum to 0 (e.g. fully decayed) carries no relation
                out_a[out] = r
                out_b[out] = c
                out_w[out] = total
                out += 1
    return out_a[:out], out_b[:out], out_w[:out], loops


def merge_ties(
    n: int, rows: IntArray, cols: IntArray, weights: FloatArray, *, undirected: bool
) -> tuple[IntArray, IntArray, FloatArray, int]:
    """The distinct ties ``rows[e] → cols[e]`` (``u < v`` if ``undirected``) listed in order of
    ``(row, column)``, with the weights of repeats summed in input order, ties whose weights sum
    to 0 dropped, and the number of self-loops left out: one counting pass by row, then a stamp
    per column, with no sort of the repeats (a row's distinct columns are sorted among
    themselves)."""
    # Writable arrays only (a read-only one, as pandas hands out, is copied): numba compiles one
    # version per flag, and a second one would be loaded in the middle of the first snapshot.
    a, b, w, loops = _merge_ties(
        n,
        np.require(rows, np.int64, ["C", "W"]),
        np.require(cols, np.int64, ["C", "W"]),
        np.require(weights, np.float64, ["C", "W"]),
        undirected,
    )
    return a, b, w, int(loops)


@_jit
def _symmetric_csr(
    n: int, u: IntArray, v: IntArray, w: FloatArray
) -> tuple[bool, IntArray, IntArray, FloatArray]:
    m = u.shape[0]
    for e in range(m):
        if not (0 <= u[e] < v[e] < n):
            return False, np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0)
        if e > 0 and (u[e] < u[e - 1] or (u[e] == u[e - 1] and v[e] <= v[e - 1])):
            return False, np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0)
    lower = np.zeros(n, dtype=np.int64)  # per row, its neighbours with a smaller position
    indptr = np.zeros(n + 1, dtype=np.int64)
    for e in range(m):
        indptr[u[e] + 1] += 1
        indptr[v[e] + 1] += 1
        lower[v[e]] += 1
    for r in range(n):
        indptr[r + 1] += indptr[r]
    indices = np.empty(2 * m, dtype=np.int64)
    weights = np.empty(2 * m)
    low = indptr[:n].copy()  # the smaller neighbours fill each row first, in ascending order
    high = indptr[:n] + lower  # then the larger ones, also ascending
    for e in range(m):
        a, b = u[e], v[e]
        indices[low[b]] = a
        weights[low[b]] = w[e]
        low[b] += 1
        indices[high[a]] = b
        weights[high[a]] = w[e]
        high[a] += 1
    return True, indptr, indices, weights


def symmetric_csr(
    n: int, u: IntArray, v: IntArray, w: FloatArray
) -> tuple[IntArray, IntArray, FloatArray] | None:
    """The symmetric CSR arrays (column indices sorted per row) of the undirected ties
    ``u[e] – v[e]``, in one counting pass without a sort, when the ties are distinct, ``u < v``
    and listed in order of ``(u, v)``; ``None`` otherwise (the caller then sorts)."""
    ok, indptr, indices, weights = _symmetric_csr(
        n,
        np.ascontiguousarray(u, dtype=np.int64),
        np.ascontiguousarray(v, dtype=np.int64),
        np.ascontiguousarray(w, dtype=np.float64),
    )
    return (indptr, indices, weights) if ok else None

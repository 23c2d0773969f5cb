"""The compiled Brandes kernel equals a plain search, level by level, on awkward graphs.

The kernel chooses a direction per level twice: forward (push from a small frontier, pull into
the unvisited vertices from a large one) and in the accumulation (pull the level below's
coefficients, or push them up when the level below has the fewer arcs, as the deepest levels of a
small-world network do). A plain breadth-first search with exact integer path counts and
predecessor lists, written here in Python, gives the same sums from any source: on a sparse
clustered network, on a disconnected one with a long path (many small levels) and isolates among
the sources, with the sources split into chunks that do not divide the sample, for the dependence
on a broker, and whatever the tie weights (paths count hops).
"""

from __future__ import annotations

from collections import deque

import numpy as np
import pandas as pd
import pytest

from coalitionlens.core._kernels import (
    _bfs_counts,
    _brandes_parallel,
    arcs_searched,
    shortest_path_sums,
)
from coalitionlens.core.network import Network
from coalitionlens.core.taxonomy import SECTORS
from coalitionlens.core.tests.helpers import clustered_network

Sums = tuple[np.ndarray, np.ndarray, tuple[float, int, int]]


def _search(
    indptr: np.ndarray, indices: np.ndarray, s: int
) -> tuple[list[int], list[int], list[int]]:
    n = len(indptr) - 1
    dist, sigma, order = [-1] * n, [0] * n, []
    dist[s], sigma[s] = 0, 1
    queue = deque([s])
    while queue:
        v = queue.popleft()
        order.append(v)
        for w in indices[indptr[v] : indptr[v + 1]].tolist():
            if dist[w] < 0:
                dist[w] = dist[v] + 1
                queue.append(w)
            if dist[w] == dist[v] + 1:
                sigma[w] += sigma[v]
    return dist, sigma, order


def _reference(
    indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray, codes: np.ndarray, broker: int
) -> Sums:
    """Brandes (2001) with predecessor lists, and the dependence triple as documented."""
    n = len(indptr) - 1
    between, harmonic = np.zeros(n), np.zeros(n)
    through, pairs, only = 0.0, 0, 0
    broker_dist, broker_sigma, _ = _search(indptr, indices, broker) if broker >= 0 else ([], [], [])
    for s in sources.tolist():
        dist, sigma, order = _search(indptr, indices, s)
        delta = [0.0] * n
        for w in reversed(order):
            for v in indices[indptr[w] : indptr[w + 1]].tolist():
                if dist[v] == dist[w] - 1:
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w])
            if w != s:
                between[w] += delta[w]
                harmonic[w] += 1.0 / dist[w]
        if broker < 0 or s == broker:
            continue
        via = dist[broker]
        for v in order[1:]:
            if v == broker or codes[v] == codes[s]:
                continue
            pairs += 1
            if via >= 0 and broker_dist[v] >= 0 and via + broker_dist[v] == dist[v]:
                fraction = sigma[broker] * broker_sigma[v] / sigma[v]
                through += fraction
                only += fraction >= 1.0 - 1e-12
    return between, harmonic, (through, pairs, only)


def _assert_equal(got: Sums, expected: Sums) -> None:
    np.testing.assert_allclose(got[0], expected[0], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-12, atol=1e-12)
    assert got[2][0] == pytest.approx(expected[2][0], rel=1e-12, abs=1e-12)
    assert got[2][1:] == expected[2][1:]


def _scattered(seed: int, *, weighted: bool) -> Network:
    """Three pieces: a random sparse one, a path of 60 (60 small levels), a triangle; and
    isolates."""
    rng = np.random.default_rng(seed)
    n = 300
    src = rng.integers(0, 160, size=260)
    dst = rng.integers(0, 160, size=260)
    path = np.arange(160, 219)
    src = np.concatenate([src, path, [220, 221, 222]])
    dst = np.concatenate([dst, path + 1, [221, 222, 220]])
    ids = np.array([f"o{i}" for i in range(n)])
    orgs = pd.DataFrame({"id": ids, "sector": rng.choice(np.array(SECTORS[:3]), size=n)})
    ties = pd.DataFrame({"source": ids[src], "target": ids[dst]})
    if weighted:
        ties["weight"] = rng.integers(1, 9, size=len(ties)).astype(float)
    return Network.from_tables(orgs, ties)


def _sums(
    network: Network, sources: np.ndarray, broker: int, *, wide: bool = False
) -> tuple[Sums, Sums]:
    indptr, indices = network._csr[0], network._compact_indices
    if wide:  # the 32-bit indices a network beyond 65,536 organisations is searched with
        indices = indices.astype(np.int32)
    codes = network._codes("sector")[0]
    got = shortest_path_sums(indptr, indices, sources, codes, broker)
    return got, _reference(indptr, indices, sources, codes, broker)


@pytest.mark.parametrize("wide", [False, True], ids=["16-bit", "32-bit"])
@pytest.mark.parametrize("broker", [-1, 0, 17])
def test_the_kernel_equals_a_plain_search_on_a_large_sparse_network(
    broker: int, wide: bool
) -> None:
    network = clustered_network(6)
    assert network._compact_indices.dtype == np.uint16
    sources = np.random.default_rng(6).choice(network.n, size=25, replace=False)
    _assert_equal(*_sums(network, sources, broker, wide=wide))


def test_a_network_beyond_65536_organisations_is_searched_with_32_bit_indices() -> None:
    """Two rings of 35,000 organisations, one tie across: vertex numbers above 65,535, which 16
    bits would wrap onto the first ring."""
    half = 35_000
    n = 2 * half
    ring = np.arange(half)
    src = np.concatenate([ring, ring + half, [0]])
    dst = np.concatenate([(ring + 1) % half, (ring + 1) % half + half, [n - 1]])
    ids = np.array([f"o{i}" for i in range(n)])
    network = Network.from_tables(
        pd.DataFrame({"id": ids, "sector": np.where(np.arange(n) < half, SECTORS[0], SECTORS[1])}),
        pd.DataFrame({"source": ids[src], "target": ids[dst]}),
    )
    assert network._compact_indices.dtype == np.int32
    assert int(network._compact_indices.max()) == n - 1
    sources = np.array([0, half + 7, n - 1], dtype=np.int64)
    _assert_equal(*_sums(network, sources, broker=half))


@pytest.mark.parametrize("broker", [-1, 3, 170])
def test_the_kernel_equals_a_plain_search_on_a_disconnected_network(broker: int) -> None:
    network = _scattered(1, weighted=False)
    degrees = np.diff(network._csr[0])
    isolated = np.flatnonzero(degrees == 0)
    assert len(isolated) > 50
    # Sources in every piece: the random one, the path (its middle and its end), the
    # triangle, and isolates.
    sources = np.array([0, 5, 160, 190, 219, 221, *isolated[:3].tolist(), 40, 77], dtype=np.int64)
    _assert_equal(*_sums(network, sources, broker))


def test_tie_weights_change_no_path_sum() -> None:
    sources = np.arange(0, 300, 7, dtype=np.int64)
    plain, _ = _sums(_scattered(2, weighted=False), sources, 4)
    weighted, expected = _sums(_scattered(2, weighted=True), sources, 4)
    _assert_equal(weighted, expected)
    _assert_equal(weighted, plain)


@pytest.mark.parametrize("chunks", [1, 3, 7])
def test_chunks_that_do_not_divide_the_sample_give_the_same_sums(chunks: int) -> None:
    network = clustered_network(7, n=600, ties=1500)
    indptr, indices = network._csr[0], network._compact_indices
    codes = network._codes("sector")[0]
    sources = np.random.default_rng(7).choice(network.n, size=40, replace=False)
    broker_dist, broker_sigma = _bfs_counts(indptr, indices, 9)
    between, harmonic, (through, pairs, only, _) = _brandes_parallel(
        indptr, indices, sources, chunks, codes, 9, broker_dist, broker_sigma
    )
    _assert_equal(
        (between, harmonic, (float(through), int(pairs), int(only))),
        _reference(indptr, indices, sources, codes, 9),
    )


def test_the_arcs_a_search_reads_are_counted_level_by_level() -> None:
    """From a leaf of a star of five (8 arcs): forward, the leaf's row top-down (1 arc); the hub's
    level holds half the arcs, so the three unvisited leaves pull, one arc each (3); the last
    level, nothing left to find, pushes its 3 arcs. Back: the leaves' level has no level below
    (push, 0 arcs); the hub's level pulls its 4 arcs rather than have the 3 leaves push (3 × 2 is
    not below 4). 1 + 3 + 3 + 0 + 4 = 11."""
    from coalitionlens.core.examples import star

    network = star()
    indptr, indices = network._csr[0], network._compact_indices
    leaf = int(network.organisations.index.get_loc("a"))
    assert arcs_searched(indptr, indices, np.array([leaf])) == 11
    sources = np.arange(network.n)
    assert arcs_searched(indptr, indices, sources) == sum(
        arcs_searched(indptr, indices, np.array([s])) for s in sources
    )


def _layers() -> Network:
    """A source ``s`` tied to three ``a``; each ``a`` to two of six ``b``; every ``b`` to each of
    nine ``c``, which are all tied to each other (198 arcs). From ``s`` the ``b`` level has 60
    arcs, fewer than half the 126 of the ``c`` rows still unexplored, and more than a quarter of
    all: the level the kernel scatters from rather than have every ``c`` pull."""
    a = [f"a{i}" for i in range(3)]
    b = [f"b{i}" for i in range(6)]
    c = [f"c{i}" for i in range(9)]
    ties = [("s", x) for x in a] + [(a[i // 2], x) for i, x in enumerate(b)]
    ties += [(x, y) for x in b for y in c]
    ties += [(c[i], c[j]) for i in range(9) for j in range(i + 1, 9)]
    ids = ["s", *a, *b, *c]
    sectors = ["CIVIL_SOCIETY", "GOVERNMENT", "BUSINESS"]
    orgs = pd.DataFrame({"id": ids, "sector": [sectors[i % 3] for i in range(len(ids))]})
    return Network.from_tables(orgs, pd.DataFrame(ties, columns=["source", "target"]))


@pytest.mark.parametrize("broker", [-1, 4])
def test_a_large_frontier_with_few_arcs_scatters_its_paths_and_gives_the_same_sums(
    broker: int,
) -> None:
    """Forward from ``s``: 3 + 9 arcs top-down, the ``b`` level scattered (60, where pulling
    would read the 126 of the ``c`` rows), the ``c`` level finds nobody left (0); back, the ``c``
    level has no level below (0), ``b`` and ``a`` pull (60 + 9): 141 arcs."""
    network = _layers()
    indptr, indices = network._csr[0], network._compact_indices
    assert len(indices) == 198
    s = int(network.organisations.index.get_loc("s"))
    assert arcs_searched(indptr, indices, np.array([s])) == 141
    _assert_equal(*_sums(network, np.arange(network.n), broker))
    _assert_equal(*_sums(network, np.array([s]), broker))

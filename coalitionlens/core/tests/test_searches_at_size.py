"""The fast paths of the shortest-path kernels and of the CSR construction give the plain results.

The oracle tests elsewhere run on graphs of 40 to 60 organisations, where every breadth-first level
is "large"; here a sparse clustered network of 1,200 organisations has small levels pushed
top-down, large ones listed again in vertex order, and bottom-up levels, and the sampled
betweenness and closeness must still equal networkx on the same sources.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.sparse import coo_matrix

from coalitionlens.core import betweenness, harmonic_closeness
from coalitionlens.core._kernels import component_labels, symmetric_csr
from coalitionlens.core.network import Network
from coalitionlens.core.tests.helpers import clustered_network, random_network, to_networkx


@pytest.mark.parametrize("seed", range(2))
def test_sampled_betweenness_on_a_large_sparse_network_equals_networkx(seed: int) -> None:
    network = clustered_network(seed)
    result = betweenness(network, sample=40, seed=seed)
    sources = np.random.default_rng(seed).choice(network.n, size=40, replace=False)
    ids = network.ids
    partial = nx.betweenness_centrality_subset(
        to_networkx(network), sources=[ids[i] for i in sources], targets=ids, normalized=False
    )
    expected = {key: value * network.n / 40 for key, value in partial.items()}
    assert result.scores["betweenness"].to_dict() == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_sampled_harmonic_closeness_on_a_large_sparse_network_equals_networkx() -> None:
    network = clustered_network(3)
    got = harmonic_closeness(network, sample=30, seed=3)["closeness"].to_dict()
    sources = np.random.default_rng(3).choice(network.n, size=30, replace=False)
    ids = network.ids
    chosen = {ids[i] for i in sources}
    sums = nx.harmonic_centrality(to_networkx(network), sources=chosen)
    expected = {key: value / (30 - (key in chosen)) for key, value in sums.items()}
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def _sorted_csr(n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray) -> list[np.ndarray]:
    matrix = coo_matrix(
        (np.concatenate([w, w]), (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(n, n)
    ).tocsr()
    matrix.sum_duplicates()
    return [matrix.indptr, matrix.indices, matrix.data]


@pytest.mark.parametrize("directed", [False, True])
def test_the_counting_csr_equals_the_sorted_one(directed: bool) -> None:
    network = clustered_network(5, directed=directed)
    u, v, w = network._undirected_edges
    built = symmetric_csr(network.n, u, v, w)
    assert built is not None
    for mine, theirs in zip(built, _sorted_csr(network.n, u, v, w), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    for mine, theirs in zip(network._csr, built, strict=True):
        np.testing.assert_array_equal(mine, theirs)


def test_ties_out_of_order_fall_back_to_the_sorted_csr() -> None:
    u, v, w = np.array([2, 0, 0]), np.array([3, 3, 1]), np.array([1.0, 2.0, 3.0])
    assert symmetric_csr(4, u, v, w) is None  # not in (u, v) order
    assert symmetric_csr(4, np.array([1]), np.array([1]), np.array([1.0])) is None  # a loop
    assert symmetric_csr(4, np.array([0, 0]), np.array([1, 1]), np.ones(2)) is None  # repeated
    # A network whose tie table is not in position order (built directly) still gets its CSR.
    plain = random_network(2)
    shuffled = Network(
        organisations=plain.organisations, ties=plain.ties.sample(frac=1.0, random_state=1)
    )
    for mine, theirs in zip(shuffled._csr, plain._csr, strict=True):
        np.testing.assert_array_equal(mine, theirs)


def test_component_labels_number_the_components_by_their_lowest_organisation() -> None:
    # Three interleaved pieces (position mod 3) and a few isolates: unions reach across the rows.
    rng = np.random.default_rng(4)
    n = 900
    src = rng.integers(0, n - 30, size=2000)
    dst = np.minimum(src + 3 * rng.integers(1, 40, size=2000), n - 31 - (n - 31 - src) % 3)
    ids = np.array([f"o{i}" for i in range(n)])
    orgs = pd.DataFrame({"id": ids, "sector": "MEDIA"})
    network = Network.from_tables(orgs, pd.DataFrame({"source": ids[src], "target": ids[dst]}))
    labels = component_labels(network._csr[0], network._compact_indices)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    pieces = sorted(nx.connected_components(graph), key=min)
    expected = np.empty(n, dtype=np.int64)
    for number, piece in enumerate(pieces):
        expected[list(piece)] = number
    assert len(pieces) > 3
    np.testing.assert_array_equal(labels, expected)

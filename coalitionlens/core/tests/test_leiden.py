"""The compiled Leiden (``core/_leiden.py``) against igraph's and against what Leiden guarantees."""

from __future__ import annotations

import random
import subprocess
import sys

import igraph as ig
import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from coalitionlens.core import Network, communities
from coalitionlens.core._leiden import leiden_labels
from coalitionlens.core.examples import two_cliques
from coalitionlens.core.groups import _modularity
from coalitionlens.core.tests.helpers import clustered_network, random_network


def _labels(network: Network, **options: object) -> np.ndarray:
    indptr, indices, weights = network._csr
    seed = int(options.pop("seed", 0))  # type: ignore[call-overload]
    return leiden_labels(indptr, indices, weights, seed=seed, **options)  # type: ignore[arg-type]


def _igraph_modularity(network: Network, seed: int, resolution: float = 1.0) -> float:
    u, v, w = network._undirected_edges
    graph = ig.Graph(n=network.n, edges=np.column_stack([u, v]).tolist())
    ig.set_random_number_generator(random.Random(seed))
    try:
        found = graph.community_leiden(
            objective_function="modularity", weights=w, resolution=resolution, n_iterations=2
        )
    finally:
        ig.set_random_number_generator(random)
    return _modularity(network, np.asarray(found.membership, dtype=np.int64), resolution)


def _disconnected_communities(network: Network, labels: np.ndarray) -> list[int]:
    indptr, indices, weights = network._csr
    rows = np.repeat(np.arange(network.n), np.diff(indptr))
    keep = labels[rows] == labels[indices]
    inside = csr_matrix((weights[keep], (rows[keep], indices[keep])), shape=(network.n,) * 2)
    _, parts = connected_components(inside, directed=False)
    return [c for c in np.unique(labels) if len(np.unique(parts[labels == c])) > 1]


@pytest.mark.parametrize("seed", range(13, 21))
def test_every_community_is_connected(seed: int) -> None:
    # Sparse: without the refinement (Louvain), seeds 13, 16, 17 and 20 leave a community in
    # pieces after two iterations.
    network = clustered_network(seed, n=3000, ties=6000)
    for iterations in (1, 2, -1):
        labels = _labels(network, seed=seed, iterations=iterations)
        assert _disconnected_communities(network, labels) == []


@pytest.mark.parametrize("graph", range(4))
def test_modularity_is_igraphs_on_random_graphs(graph: int) -> None:
    # One seed's modularity swings by a few 10⁻³ on graphs this small, for both: compare the
    # means over six seeds.
    for network in (
        clustered_network(graph, n=3000, ties=15000),
        random_network(graph, n=400, p=0.03, weighted=True),
    ):
        mine = np.mean([_modularity(network, _labels(network, seed=s)) for s in range(6)])
        theirs = np.mean([_igraph_modularity(network, s) for s in range(6)])
        assert mine == pytest.approx(theirs, abs=0.002)


def test_modularity_is_igraphs_on_a_federation() -> None:
    # The bench's size (5,000 organisations, 20 ties each, in clusters), made by the tests' own
    # generator: importing bench/analytics.py would set NUMBA_NUM_THREADS for the whole test
    # process, and numba refuses a thread count that changes once its threads have started.
    network = clustered_network(0, n=5000, ties=100_000)
    mine = _modularity(network, _labels(network, seed=0))
    assert mine == pytest.approx(_igraph_modularity(network, 0), abs=0.002)


def test_two_cliques_joined_by_one_tie_are_two_communities() -> None:
    network = two_cliques()
    for seed in range(10):
        labels = _labels(network, seed=seed)
        assert labels.tolist() == [0, 0, 0, 0, 1, 1, 1, 1]


def test_the_same_seed_gives_the_same_partition() -> None:
    network = clustered_network(7)
    first = _labels(network, seed=11)
    assert np.array_equal(first, _labels(network, seed=11))
    others = [_labels(network, seed=s) for s in range(12, 16)]
    assert any(not np.array_equal(first, other) for other in others)  # the seed is used


def test_disconnected_graphs_and_isolates() -> None:
    orgs = pd.DataFrame({"id": list("abcdefgh"), "sector": ["GOVERNMENT"] * 8})
    ties = pd.DataFrame({"source": list("abdef"), "target": list("bcefd")})  # a-b-c, d-e-f, g, h
    network = Network.from_tables(orgs, ties)
    labels = _labels(network)
    assert labels.tolist() == [0, 0, 0, 1, 1, 1, 2, 3]
    result = communities(network, seed=0)
    assert result.count == 4
    assert result.make_up["size"].tolist() == [3, 3, 1, 1]


def test_a_higher_resolution_gives_more_communities() -> None:
    network = clustered_network(3)
    counts = [len(np.unique(_labels(network, resolution=r))) for r in (0.5, 1.0, 2.0, 4.0)]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1]


def test_weights_change_the_partition() -> None:
    # A six-cycle a..f: unweighted, its two halves tie with the other split; heavy ties a-b,
    # c-d, e-f make three pairs the optimum, heavy b-c, d-e, f-a the other three pairs.
    orgs = pd.DataFrame({"id": list("abcdef"), "sector": ["GOVERNMENT"] * 6})
    pairs = list(zip("abcdef", "bcdefa", strict=True))
    ties = pd.DataFrame(pairs, columns=["source", "target"])
    first = ties.assign(weight=[10.0, 1.0, 10.0, 1.0, 10.0, 1.0])
    second = ties.assign(weight=[1.0, 10.0, 1.0, 10.0, 1.0, 10.0])
    assert _labels(Network.from_tables(orgs, first)).tolist() == [0, 0, 1, 1, 2, 2]
    assert _labels(Network.from_tables(orgs, second)).tolist() == [0, 1, 1, 2, 2, 0]


def test_communities_load_no_igraph() -> None:
    code = (
        "import sys\n"
        "from coalitionlens.core import communities\n"
        "from coalitionlens.core.examples import two_cliques\n"
        "assert communities(two_cliques(), seed=0).count == 2\n"
        "print('igraph' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip() == "False"

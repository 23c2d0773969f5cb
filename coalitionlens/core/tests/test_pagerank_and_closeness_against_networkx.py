"""PageRank and the distances-only harmonic closeness equal networkx on bounded random networks.

Closeness is checked on a fresh network (no betweenness pass to share, so its own breadth-first
searches run) and after a betweenness pass from the same sources (the shared sums): both must agree
with networkx and with each other.
"""

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionlens.core import Network, betweenness, harmonic_closeness, pagerank
from coalitionlens.core.tests.helpers import random_network, to_networkx

NETWORKS = st.builds(
    random_network,
    seed=st.integers(0, 10_000),
    n=st.integers(1, 45),
    p=st.floats(0.0, 0.4),
    directed=st.booleans(),
    weighted=st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(network=NETWORKS, damping=st.sampled_from([0.5, 0.85, 0.95]))
def test_pagerank_equals_networkx(network: Network, damping: float) -> None:
    expected = nx.pagerank(
        to_networkx(network), alpha=damping, weight="weight", tol=1e-12, max_iter=10_000
    )
    scores = pagerank(network, damping=damping)["pagerank"]
    assert scores.to_dict() == pytest.approx(expected, abs=1e-8)
    assert float(scores.sum()) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(network=NETWORKS)
def test_harmonic_closeness_without_a_betweenness_pass_equals_networkx(network: Network) -> None:
    n = network.n
    graph = to_networkx(network).to_undirected()  # paths count hops on the undirected view
    expected = {
        key: (value / (n - 1) if n > 1 else 0.0)
        for key, value in nx.harmonic_centrality(graph).items()
    }
    alone = harmonic_closeness(network)["closeness"]
    assert not network.__dict__.get("_path_cache")  # no betweenness pass ran
    assert alone.to_dict() == pytest.approx(expected)
    betweenness(network)
    shared = harmonic_closeness(network)["closeness"]
    assert shared.to_dict() == pytest.approx(alone.to_dict())


@settings(max_examples=25, deadline=None)
@given(network=NETWORKS, sample=st.integers(1, 20), seed=st.integers(0, 100))
def test_sampled_closeness_alone_equals_closeness_after_sampled_betweenness(
    network: Network, sample: int, seed: int
) -> None:
    alone = harmonic_closeness(network, sample=sample, seed=seed)["closeness"].to_numpy()
    betweenness(network, sample=sample, seed=seed)
    shared = harmonic_closeness(network, sample=sample, seed=seed)["closeness"].to_numpy()
    np.testing.assert_allclose(alone, shared)


def test_searches_that_go_bottom_up_top_down_and_bottom_up_again_count_each_path_once() -> None:
    # Two cliques of six joined through one go-between: from inside a clique the frontier holds
    # more than a quarter of the arcs (bottom-up), then one organisation (top-down), then the
    # other clique (bottom-up again), where a stale list of unvisited organisations once counted
    # the ones reached top-down a second time.
    ids = [f"o{i}" for i in range(13)]
    orgs = pd.DataFrame({"id": ids, "sector": ["MEDIA"] * 13})
    left = [(ids[i], ids[j]) for i in range(6) for j in range(i + 1, 6)]
    right = [(ids[i], ids[j]) for i in range(7, 13) for j in range(i + 1, 13)]
    ties = pd.DataFrame(
        [*left, (ids[5], ids[6]), (ids[6], ids[7]), *right], columns=["source", "target"]
    )
    network = Network.from_tables(orgs, ties)
    graph = to_networkx(network)
    assert betweenness(network).scores["betweenness"].to_dict() == pytest.approx(
        nx.betweenness_centrality(graph, normalized=False)
    )
    fresh = Network.from_tables(orgs, ties)
    expected = {key: value / 12 for key, value in nx.harmonic_centrality(graph).items()}
    assert harmonic_closeness(fresh)["closeness"].to_dict() == pytest.approx(expected)

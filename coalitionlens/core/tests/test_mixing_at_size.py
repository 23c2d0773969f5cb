"""The compiled passes behind mixing, the E-I permutation test and fragility give the plain results.

The oracle tests elsewhere check the measures on networks of 40 to 60 organisations; here the
kernels run on 1,200 (several blocks of shuffles, ties out of order, a network that falls apart)
and are compared with a plain numpy or networkx computation of the same thing.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from coalitionlens.core import ei_index, fragility
from coalitionlens.core._kernels import component_labels, mix_counts, shuffled_crossings
from coalitionlens.core.network import Network
from coalitionlens.core.tests.helpers import clustered_network, to_networkx


def _plain_crossings(u: np.ndarray, v: np.ndarray, codes: np.ndarray, rounds: int, seed: int):
    rng = np.random.default_rng(seed)
    labels = rng.permuted(np.broadcast_to(codes, (rounds, len(codes))), axis=1)
    return (labels[:, u] != labels[:, v]).sum(axis=1), rng


@pytest.mark.parametrize("rounds", [1, 37, 150])
def test_the_shuffles_are_numpys_and_leave_the_generator_where_numpy_would(rounds: int) -> None:
    network = clustered_network(1)
    u, v, _ = network._undirected_edges
    codes = network._codes("sector")[0]
    expected, after = _plain_crossings(u, v, codes, rounds, seed=5)
    rng = np.random.default_rng(5)
    np.testing.assert_array_equal(shuffled_crossings(rng, u, v, codes, rounds), expected)
    assert rng.bit_generator.state == after.bit_generator.state


def test_the_shuffles_of_more_than_127_codes_are_counted_too() -> None:
    rng = np.random.default_rng(2)
    n = 900
    codes = rng.integers(0, 200, size=n)
    u = rng.integers(0, n - 1, size=3000)
    v = rng.integers(u + 1, n)
    expected, _ = _plain_crossings(u, v, codes, 20, seed=9)
    got = shuffled_crossings(np.random.default_rng(9), u, v, codes, 20)
    np.testing.assert_array_equal(got, expected)


def test_the_permutation_p_value_is_the_one_numpys_shuffles_give() -> None:
    network = clustered_network(4)
    u, v, _ = network._undirected_edges
    codes = network._codes("sector")[0]
    result = ei_index(network, permutations=99, seed=3)
    crossings, _ = _plain_crossings(u, v, codes, 99, seed=3)
    values = (2 * crossings - len(u)) / len(u)
    assert result.expected is not None
    assert result.network is not None
    gap = abs(result.network - result.expected)
    extreme = np.count_nonzero(np.abs(values - result.expected) >= gap - 1e-12)
    assert result.p_value == (extreme + 1) / 100


def test_the_mixing_counts_equal_a_plain_count_with_ties_out_of_order() -> None:
    rng = np.random.default_rng(6)
    n, k = 700, 5
    codes = rng.integers(0, k, size=n)
    u = rng.integers(0, n - 1, size=4000)
    v = rng.integers(u + 1, n)
    order = rng.permutation(len(u))  # not grouped by u: the runs are short
    inside, arcs, sizes = mix_counts(u[order], v[order], codes, k)
    half = np.bincount(codes[u] * k + codes[v], minlength=k * k).reshape(k, k)
    np.testing.assert_array_equal(arcs[:k, :k], half + half.T)
    same = codes[u] == codes[v]
    np.testing.assert_array_equal(
        inside, np.bincount(u[same], minlength=n) + np.bincount(v[same], minlength=n)
    )
    np.testing.assert_array_equal(sizes[:k], np.bincount(codes, minlength=k))


def _sparse_network() -> Network:
    """1,200 organisations and 1,300 ties in blocks of 40: it falls apart as brokers leave."""
    return clustered_network(8, n=1200, ties=1300)


def test_the_components_of_the_kept_organisations_equal_networkx() -> None:
    network = _sparse_network()
    keep = np.random.default_rng(3).random(network.n) > 0.2
    labels = component_labels(network._csr[0], network._compact_indices, keep)
    graph = nx.Graph()
    graph.add_nodes_from(np.flatnonzero(keep).tolist())
    u, v, _ = network._undirected_edges
    both = keep[u] & keep[v]
    graph.add_edges_from(zip(u[both].tolist(), v[both].tolist(), strict=True))
    expected = np.full(network.n, -1, dtype=np.int64)
    for number, piece in enumerate(sorted(nx.connected_components(graph), key=min)):
        expected[list(piece)] = number
    assert expected.max() > 10
    np.testing.assert_array_equal(labels, expected)


def test_each_fragility_step_equals_networkx_on_what_remains() -> None:
    network = _sparse_network()
    graph = to_networkx(network)
    sector = network.organisations["sector"].to_dict()
    busiest = np.argsort(-np.diff(network._csr[0]), kind="stable")[:5]
    removed = list(network.organisations.index[busiest])
    steps = fragility(network, remove=removed).steps
    for step, row in steps.iterrows():
        left = graph.subgraph([org for org in graph if org not in removed[: int(step)]])
        pieces = list(nx.connected_components(left))
        orgs = list(left)
        by_sector = pd.Series([sector[org] for org in orgs]).value_counts()
        all_cross = (len(orgs) ** 2 - float((by_sector**2).sum())) / 2
        reached = sum(
            (
                len(piece) ** 2
                - float((pd.Series([sector[o] for o in piece]).value_counts() ** 2).sum())
            )
            / 2
            for piece in pieces
        )
        assert row["components"] == len(pieces)
        assert row["largest_component_share"] == pytest.approx(max(map(len, pieces)) / len(orgs))
        assert row["cross_sector_connected"] == pytest.approx(reached / all_cross)
    assert steps["components"].is_monotonic_increasing
    assert steps["components"].nunique() > 1

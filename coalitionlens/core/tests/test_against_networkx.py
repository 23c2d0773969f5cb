"""Every centrality, structural-hole and group measure equals networkx on seeded random graphs."""

import networkx as nx
import numpy as np
import pytest

from coalitionlens.core import (
    assortativity,
    betweenness,
    components,
    degree,
    eigenvector,
    harmonic_closeness,
    k_cores,
    structural_holes,
)
from coalitionlens.core.tests.helpers import random_network, to_networkx

SEEDS = range(8)


@pytest.mark.parametrize("seed", SEEDS)
def test_degree_and_strength_equal_networkx(seed: int) -> None:
    network = random_network(seed, weighted=True)
    graph = to_networkx(network)
    table = degree(network)
    assert table["degree"].to_dict() == dict(graph.degree())
    assert table["strength"].to_dict() == pytest.approx(dict(graph.degree(weight="weight")))


@pytest.mark.parametrize("seed", SEEDS)
def test_exact_betweenness_equals_networkx(seed: int) -> None:
    network = random_network(seed, weighted=True)
    expected = nx.betweenness_centrality(to_networkx(network), normalized=False)
    assert betweenness(network).scores["betweenness"].to_dict() == pytest.approx(expected)
    normalised = nx.betweenness_centrality(to_networkx(network), normalized=True)
    got = betweenness(network, normalized=True).scores["betweenness"].to_dict()
    assert got == pytest.approx(normalised)


@pytest.mark.parametrize("seed", SEEDS)
def test_sampled_betweenness_equals_networkx_on_the_same_sources_scaled(seed: int) -> None:
    network = random_network(seed, n=60)
    result = betweenness(network, sample=15, seed=seed)
    sources = np.random.default_rng(seed).choice(network.n, size=15, replace=False)
    ids = network.ids
    partial = nx.betweenness_centrality_subset(
        to_networkx(network), sources=[ids[i] for i in sources], targets=ids, normalized=False
    )
    expected = {key: value * network.n / 15 for key, value in partial.items()}
    assert (result.sources, result.exact) == (15, False)
    assert result.scores["betweenness"].to_dict() == pytest.approx(expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_harmonic_closeness_equals_networkx_divided_by_n_minus_one(seed: int) -> None:
    network = random_network(seed, p=0.06)  # sparse: several components
    expected = {
        key: value / (network.n - 1)
        for key, value in nx.harmonic_centrality(to_networkx(network)).items()
    }
    assert harmonic_closeness(network)["closeness"].to_dict() == pytest.approx(expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_eigenvector_equals_networkx_scaled_to_max_one(seed: int) -> None:
    network = random_network(seed, p=0.2, weighted=True)
    graph = to_networkx(network)
    assert nx.is_connected(graph)
    reference = nx.eigenvector_centrality_numpy(graph, weight="weight")
    top = max(reference.values())
    expected = {key: abs(value) / abs(top) for key, value in reference.items()}
    got = eigenvector(network)["eigenvector"].to_dict()
    assert got == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("weighted", [False, True])
def test_constraint_and_effective_size_equal_networkx(seed: int, weighted: bool) -> None:
    network = random_network(seed, p=0.08, weighted=weighted)
    graph = to_networkx(network)
    weight = "weight" if weighted else None
    nodes = list(graph)  # the per-node path: networkx's sparse path differs only in speed
    constraint = nx.constraint(graph, nodes=nodes, weight=weight)
    effective = nx.effective_size(graph, nodes=nodes, weight=weight)
    holes = structural_holes(network)
    assert holes["constraint"].to_dict() == pytest.approx(constraint, nan_ok=True)
    assert holes["effective_size"].to_dict() == pytest.approx(effective, nan_ok=True)


@pytest.mark.parametrize("seed", SEEDS)
def test_sector_assortativity_equals_networkx(seed: int) -> None:
    network = random_network(seed, weighted=True)
    graph = to_networkx(network)
    nx.set_node_attributes(graph, network.organisations["sector"].to_dict(), "sector")
    expected = nx.attribute_assortativity_coefficient(graph, "sector")
    assert assortativity(network) == pytest.approx(expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_k_cores_and_components_equal_networkx(seed: int) -> None:
    network = random_network(seed, p=0.05)
    graph = to_networkx(network)
    assert k_cores(network)["core"].to_dict() == nx.core_number(graph)
    table = components(network)
    expected = sorted(sorted(c) for c in nx.connected_components(graph))
    found = sorted(sorted(group.index) for _, group in table.groupby("component"))
    assert found == expected
    for members in nx.connected_components(graph):
        assert set(table.loc[list(members), "component_size"]) == {len(members)}


@pytest.mark.parametrize("seed", SEEDS)
def test_sampled_harmonic_closeness_is_the_mean_over_networkx_sampled_sources(seed: int) -> None:
    network = random_network(seed, n=50, p=0.08)
    sources = np.random.default_rng(seed).choice(network.n, size=12, replace=False)
    ids = network.ids
    chosen = {ids[i] for i in sources}
    sums = nx.harmonic_centrality(to_networkx(network), sources=chosen)
    expected = {key: value / (12 - (key in chosen)) for key, value in sums.items()}
    got = harmonic_closeness(network, sample=12, seed=seed)["closeness"].to_dict()
    assert got == pytest.approx(expected)

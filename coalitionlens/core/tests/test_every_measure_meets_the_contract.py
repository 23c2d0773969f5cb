"""One contract for every measure: index equals the organisation set, no NaN where a value is
defined, native Python types in dataclasses, and a defined result on awkward networks.
"""

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coalitionlens.core import (
    Network,
    analyze_network,
    betweenness,
    brokerage,
    centralisation,
    communities,
    components,
    composition,
    degree,
    ei_index,
    eigenvector,
    fragility,
    harmonic_closeness,
    k_cores,
    pagerank,
    structural_holes,
)
from coalitionlens.core.tests.helpers import random_network


def _isolates_and_loops() -> Network:
    orgs = pd.DataFrame(
        {"id": list("abcde"), "sector": ["MEDIA", "MEDIA", "ACADEMIA", "BUSINESS", "MEDIA"]}
    )
    ties = pd.DataFrame({"source": ["a", "a", "b", "c"], "target": ["b", "b", "a", "c"]})
    return Network.from_tables(orgs, ties)


NETWORKS: dict[str, Callable[[], Network]] = {
    "empty": lambda: Network.from_tables(pd.DataFrame({"id": [], "sector": []})),
    "one organisation": lambda: Network.from_tables(
        pd.DataFrame({"id": ["x"], "sector": ["MEDIA"]})
    ),
    "isolates, self-loop and duplicates": _isolates_and_loops,
    "single sector": lambda: random_network(5, n=12, p=0.3, groups=1),
    "random undirected": lambda: random_network(7, n=30, weighted=True),
    "random directed": lambda: random_network(8, n=30, directed=True),
}

# Per-organisation tables, and the columns that are undefined (NaN) for isolates only.
MEASURES: dict[str, tuple[Callable[[Network], pd.DataFrame], set[str]]] = {
    "degree": (degree, set()),
    "betweenness": (lambda net: betweenness(net).scores, set()),
    "sampled betweenness": (lambda net: betweenness(net, sample=3, seed=1).scores, set()),
    "closeness": (harmonic_closeness, set()),
    "sampled closeness": (lambda net: harmonic_closeness(net, sample=3, seed=1), set()),
    "pagerank": (pagerank, set()),
    "eigenvector": (eigenvector, set()),
    "structural holes": (structural_holes, {"constraint", "effective_size", "efficiency"}),
    "E-I per organisation": (lambda net: ei_index(net).by_organisation, {"ei"}),
    "brokerage raw": (lambda net: brokerage(net).raw, set()),
    "brokerage expected": (lambda net: brokerage(net).expected, set()),
    "components": (components, set()),
    "k-cores": (k_cores, set()),
    "communities": (lambda net: communities(net, seed=1).membership, set()),
}


def _assert_native(value: Any, where: str) -> None:
    if isinstance(value, pd.DataFrame | pd.Series):
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _assert_native(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _assert_native(item, f"{where}[{key!r}]")
    elif isinstance(value, list | tuple):
        for item in value:
            _assert_native(item, where)
    else:
        assert not isinstance(value, np.generic), f"{where} is a numpy scalar"
        assert value is None or isinstance(value, str | int | float | bool), where


@pytest.mark.parametrize("network_name", NETWORKS)
@pytest.mark.parametrize("measure_name", MEASURES)
def test_every_per_organisation_measure_is_keyed_by_organisation_id(
    network_name: str, measure_name: str
) -> None:
    network = NETWORKS[network_name]()
    measure, undefined_for_isolates = MEASURES[measure_name]
    table = measure(network)
    assert list(table.index) == network.ids
    isolates = degree(network)["degree"].eq(0)
    for column in table.columns:
        values = table[column]
        assert values.dtype.kind in "biuf", f"{column} is not numeric"
        if column in undefined_for_isolates:
            assert values[~isolates].notna().all(), column
            assert values[isolates].isna().all(), column
        else:
            assert values.notna().all(), column


@pytest.mark.parametrize("network_name", NETWORKS)
def test_every_dataclass_result_holds_native_python_values(network_name: str) -> None:
    network = NETWORKS[network_name]()
    results = [
        composition(network),
        composition(network, by="macro_sector"),
        ei_index(network, permutations=9, seed=1),
        brokerage(network),
        betweenness(network),
        centralisation(network),
        fragility(network, top_k=2),
        communities(network, seed=1),
        analyze_network(network, permutations=9),
    ]
    for result in results:
        _assert_native(result, type(result).__name__)


@pytest.mark.parametrize("network_name", NETWORKS)
def test_the_suite_document_is_plain_json(network_name: str) -> None:
    import json

    document = analyze_network(NETWORKS[network_name](), permutations=9).to_dict()
    text = json.dumps(document, allow_nan=False)
    assert json.loads(text)["network"]["organisations"] == len(document["organisations"])


def test_self_loops_are_dropped_and_duplicates_merged_by_summing_weights() -> None:
    network = _isolates_and_loops()
    assert (network.self_loops_dropped, network.duplicates_merged) == (1, 2)
    assert network.ties.to_dict("records") == [{"source": "a", "target": "b", "weight": 3.0}]


def test_an_empty_network_has_defined_whole_network_results() -> None:
    result = analyze_network(NETWORKS["empty"](), permutations=9)
    assert result.summary["organisations"] == 0
    assert result.summary["ei_index"] is None
    assert result.summary["assortativity"] is None
    assert result.summary["density"] is None
    assert result.organisations.empty


def test_a_single_sector_network_has_ei_minus_one_and_no_assortativity() -> None:
    network = NETWORKS["single sector"]()
    assert ei_index(network).network == -1.0
    assert analyze_network(network, permutations=9).summary["assortativity"] is None
    assert composition(network).blau == 0.0
    raw = brokerage(network).raw
    assert raw[["itinerant", "representative", "gatekeeper", "liaison"]].eq(0).all().all()


def test_the_permutation_test_is_seeded() -> None:
    network = random_network(3, n=30)
    first = ei_index(network, permutations=199, seed=5).p_value
    assert first == ei_index(network, permutations=199, seed=5).p_value
    assert first is not None
    assert 0 < first <= 1
    assert not math.isnan(first)

"""The two-path kernels (brokerage, constraint and effective size) on a sparse clustered network
of 1,200 organisations equal networkx and a plain walk per direction, bit for bit.

The oracle tests elsewhere use 40 to 60 organisations; here rows are long and mostly unshared, the
constraint kernel fills both directions of a tie from one walk of the larger end's row, and an
undirected network's brokerage reads its in-arcs from the out-arcs without a sort.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from coalitionlens.core import brokerage, structural_holes
from coalitionlens.core._kernels import brokerage_counts
from coalitionlens.core.network import FloatArray, IntArray
from coalitionlens.core.tests.helpers import clustered_network, to_networkx


def _holes_per_direction(
    indptr: IntArray, indices: IntArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The walk the kernel replaced: for each organisation, each partner's whole row."""
    n = len(indptr) - 1
    strength = np.array([weights[indptr[v] : indptr[v + 1]].sum() for v in range(n)])
    largest = np.array([weights[indptr[v] : indptr[v + 1]].max(initial=0.0) for v in range(n)])
    constraint, effective = np.full(n, np.nan), np.full(n, np.nan)
    for v in range(n):
        row = range(indptr[v], indptr[v + 1])
        if not row:
            continue
        share = {int(indices[t]): weights[t] / strength[v] for t in row}
        total_c = total_e = 0.0
        for t in row:
            u = int(indices[t])
            indirect = redundancy = 0.0
            for t2 in range(indptr[u], indptr[u + 1]):
                w = int(indices[t2])
                if w in share:
                    indirect += share[w] * weights[t2] / strength[w]
                    redundancy += share[w] * weights[t2] / largest[u]
            total_c += (share[u] + indirect) ** 2
            total_e += 1.0 - redundancy
        constraint[v], effective[v] = total_c, total_e
    return constraint, effective


def _brokerage_by_listing(indptr: IntArray, indices: IntArray, codes: IntArray) -> IntArray:
    """Every open two-path i → j → k listed and classified (sna's columns)."""
    n = len(indptr) - 1
    out = [set(indices[indptr[v] : indptr[v + 1]].tolist()) for v in range(n)]
    into: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        for k in out[i]:
            into[k].append(i)
    counts = np.zeros((n, 5), dtype=np.int64)
    for j in range(n):
        c = codes[j]
        for i in into[j]:
            for k in out[j]:
                if k == i or k in out[i]:
                    continue
                a, b = codes[i], codes[k]
                role = (0 if b == c else 2) if a == c else 3 if b == c else 1 if a == b else 4
                counts[j, role] += 1
    return counts


@pytest.mark.parametrize("seed", range(2))
def test_constraint_and_effective_size_at_size_equal_networkx_and_the_per_direction_walk(
    seed: int,
) -> None:
    network = clustered_network(seed)
    got = structural_holes(network)
    constraint, effective = _holes_per_direction(*network._csr)
    assert np.array_equal(got["constraint"].to_numpy(), constraint, equal_nan=True)
    assert np.array_equal(got["effective_size"].to_numpy(), effective, equal_nan=True)
    graph = to_networkx(network)
    nodes = list(graph)  # networkx's per-node path, as in test_against_networkx
    assert got["constraint"].to_dict() == pytest.approx(
        nx.constraint(graph, nodes=nodes, weight="weight"), rel=1e-12, nan_ok=True
    )
    assert got["effective_size"].to_dict() == pytest.approx(
        nx.effective_size(graph, nodes=nodes, weight="weight"), rel=1e-12, nan_ok=True
    )


@pytest.mark.parametrize("directed", [False, True])
def test_brokerage_at_size_equals_every_open_two_path_listed(directed: bool) -> None:
    network = clustered_network(4, directed=directed)
    indptr, indices, _ = network._csr_out
    codes, _ = network._codes("sector")
    expected = _brokerage_by_listing(indptr, indices, codes)
    assert expected.sum() > 10_000  # every role occurs, many times over
    assert (expected.sum(axis=0) > 0).all()
    assert np.array_equal(brokerage(network).raw.to_numpy()[:, :5], expected)
    # The symmetric shortcut and the sorted transpose agree wherever both apply.
    if not directed:
        assert np.array_equal(brokerage_counts(indptr, indices, codes, symmetric=False), expected)

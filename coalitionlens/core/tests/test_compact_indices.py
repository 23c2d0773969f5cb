"""The kernels read a CSR's column indices in 16 bits up to 65,536 vertices and in 32 beyond, and
give the same answers either way."""

from __future__ import annotations

import numpy as np
import pytest

from coalitionlens.core._kernels import (
    COMPACT_LIMIT,
    brokerage_counts,
    compact_indices,
    component_labels,
    harmonic_sums,
    structural_holes,
)
from coalitionlens.core._leiden import leiden_labels
from coalitionlens.core.tests.helpers import clustered_network


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, np.uint16), (COMPACT_LIMIT, np.uint16), (COMPACT_LIMIT + 1, np.int32)],
)
def test_the_smallest_type_that_numbers_every_vertex(n: int, expected: type) -> None:
    indices = np.array([0, n - 1], dtype=np.int64)
    got = compact_indices(indices, n)
    assert got.dtype == expected
    assert got.tolist() == [0, n - 1]


def test_an_array_already_compact_is_kept_and_a_16_bit_one_too_small_is_widened() -> None:
    wide = np.array([0, 3], dtype=np.int32)
    assert compact_indices(wide, 4) is wide  # a caller asked for the 32-bit kernels
    narrow = np.array([0, 3], dtype=np.uint16)
    assert compact_indices(narrow, 4) is narrow
    assert compact_indices(narrow, COMPACT_LIMIT + 1).dtype == np.int32
    strided = np.arange(8, dtype=np.uint16)[::2]
    kept = compact_indices(strided, 8)
    assert kept.flags.c_contiguous
    assert kept.tolist() == [0, 2, 4, 6]


def test_every_kernel_gives_the_same_answer_on_16_and_32_bit_indices() -> None:
    network = clustered_network(11, n=800, ties=2400)
    indptr, indices, weights = network._csr
    narrow = network._compact_indices
    wide = narrow.astype(np.int32)
    assert narrow.dtype == np.uint16
    codes = network._codes("sector")[0]
    sources = np.arange(0, network.n, 9, dtype=np.int64)
    keep = np.arange(network.n) % 5 != 0
    for a, b in [
        (harmonic_sums(indptr, narrow, sources), harmonic_sums(indptr, wide, sources)),
        (component_labels(indptr, narrow, keep), component_labels(indptr, wide, keep)),
        (
            brokerage_counts(indptr, narrow, codes, symmetric=True),
            brokerage_counts(indptr, wide, codes, symmetric=True),
        ),
        (
            brokerage_counts(indptr, narrow, codes, symmetric=False),
            brokerage_counts(indptr, wide, codes, symmetric=False),
        ),
        (
            leiden_labels(indptr, narrow, weights, seed=3),
            leiden_labels(indptr, wide, weights, seed=3),
        ),
        *zip(
            structural_holes(indptr, narrow, weights),
            structural_holes(indptr, wide, weights),
            strict=True,
        ),
    ]:
        np.testing.assert_array_equal(a, b)
    # And as the int64 CSR itself would give (each wrapper compacts what it is handed).
    np.testing.assert_array_equal(
        harmonic_sums(indptr, indices, sources), harmonic_sums(indptr, narrow, sources)
    )


@pytest.mark.parametrize("directed", [False, True])
def test_every_measure_reads_the_networks_cached_compact_indices(
    monkeypatch: pytest.MonkeyPatch, directed: bool
) -> None:
    """No measure converts the int64 CSR again on each call: each hands its kernel the copy the
    network made once (a 16-bit copy of the indices costs about 2 ms at 50,000 organisations)."""
    from coalitionlens.core import (
        _kernels,
        _leiden,
        betweenness,
        brokerage,
        communities,
        components,
        harmonic_closeness,
    )
    from coalitionlens.core import (
        structural_holes as holes,
    )

    network = clustered_network(5, 300, 1200, directed=directed)
    copies: list[str] = []
    real = _kernels.compact_indices

    def spy(indices: np.ndarray, n: int) -> np.ndarray:
        got = real(indices, n)
        if got is not indices:
            copies.append(str(indices.dtype))
        return got

    made = (network._compact_indices, network._compact_out_indices)  # the network's own, once
    assert all(array.dtype == np.uint16 for array in made)
    monkeypatch.setattr(_kernels, "compact_indices", spy)
    monkeypatch.setattr(_leiden, "compact_indices", spy)
    holes(network)
    brokerage(network)
    communities(network, seed=0)
    components(network)
    betweenness(network, sample=20, seed=0)
    harmonic_closeness(network, sample=20, seed=0)
    assert copies == []

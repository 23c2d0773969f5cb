"""Compile the numba kernels before anyone waits for them.

A kernel is compiled the first time it is called with a given signature, and numba keeps the result
on disk (see :func:`coalitionlens.core._kernels.cache_dir`); compiling all of them takes about half
a minute of CPU, which used to land on the first Diagnostics page after ``make demo``.
:func:`warm_kernels` calls every measure the pages call, with the same options and so the same
argument types, on tiny fictional networks: afterwards each kernel is compiled in this process and
cached on disk, and a later process loads it from there in well under a second.
``coalitionlens warm``, ``coalitionlens demo`` and ``coalitionlens serve`` call it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["warm_kernels"]


def warm_kernels() -> dict[str, int]:
    """Compile (or load from the disk cache) the kernels every page reaches; return each kernel's
    name with the number of signatures it now has compiled in this process.

    The calls mirror ``coalitionlens.insights.networks``: the exact and the sampled betweenness,
    the E-I permutation test, the fragility run with a secretariat, communities, the map's layout,
    then PageRank and harmonic closeness on their own (Leiden's kernels, of
    :mod:`coalitionlens.core._leiden`, are listed with the others). One kernel no page reaches stays
    uncompiled: ``_passes_floor`` (the benchmark's floor).

    Examples
    --------
    >>> compiled = warm_kernels()
    >>> compiled["_brokerage_kernel"] >= 1 and compiled["_brokerage_symmetric_kernel"] >= 1
    True
    """
    from coalitionlens.core import _kernels
    from coalitionlens.core.centrality import harmonic_closeness, pagerank
    from coalitionlens.core.examples import sector_path, two_cliques
    from coalitionlens.core.layout import layout_positions
    from coalitionlens.core.suite import analyze_network

    for build in (two_cliques, sector_path):
        network = build()
        first = network.organisations.index[0]
        analyze_network(network, secretariat=first, permutations=9, top_k=2)
        analyze_network(build(), betweenness_sample=3, permutations=0, top_k=2)
        layout_positions(network)
        pagerank(build())
        harmonic_closeness(build())  # on a fresh network: distances only, not the shared sums
        # A directed network's brokerage walks each broker's in-arcs (the pages above are
        # undirected, which takes the symmetric kernel).
        indptr, indices, _ = network._csr_out
        _kernels.brokerage_counts(indptr, indices, network._codes("sector")[0], symmetric=False)
    _warm_wide(_kernels, two_cliques())
    return {name: len(kernel.signatures) for name, kernel in _kernels.dispatchers().items()}


def _warm_wide(kernels: Any, network: Any) -> None:
    """Compile the kernels a network beyond 65,536 organisations reaches: its searches read 32-bit
    column indices where a smaller one's read 16-bit (:func:`~coalitionlens.core._kernels.
    compact_indices`), a second signature of each. Called on a tiny network with the indices made
    32-bit by hand, which the kernels' wrappers keep as given."""
    from coalitionlens.core._leiden import leiden_labels

    indptr, indices, weights = network._csr
    wide = np.ascontiguousarray(indices, dtype=np.int32)
    codes = network._codes("sector")[0]
    sources = np.arange(network.n, dtype=np.int64)
    kernels.shortest_path_sums(indptr, wide, sources, codes, 0)  # with a broker: its own search
    kernels.harmonic_sums(indptr, wide, sources)
    kernels.component_labels(indptr, wide)
    kernels.structural_holes(indptr, wide, weights)
    kernels.brokerage_counts(indptr, wide, codes, symmetric=True)
    leiden_labels(indptr, wide, weights, seed=0)
    out_indptr, out_indices, _ = network._csr_out
    kernels.brokerage_counts(
        out_indptr, np.ascontiguousarray(out_indices, dtype=np.int32), codes, symmetric=False
    )

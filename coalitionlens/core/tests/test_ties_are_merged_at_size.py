"""Construction merges repeated ties the way a plain loop over the tie table would, at a size where
rows are long: one hub tied to every organisation, 20 ties per organisation, fractional weights
(some 0) and self-loops, undirected and directed, and the directed network's undirected view.

The reference adds each tie's weight to its pair in the order of the table, so the sums are
compared bit for bit: construction sums the repeats of a tie in input order (a sort of the
repeats, as scipy's duplicate merge did, adds them in an unspecified order).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coalitionlens.core import Network


def _table(seed: int, n: int = 1500, per_org: int = 20) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    m = per_org * n
    src = rng.integers(0, n, size=m)
    inside = rng.random(m) < 0.7
    dst = np.where(inside, (src // 30) * 30 + rng.integers(0, 30, size=m), rng.integers(0, n, m))
    dst = np.minimum(dst, n - 1)
    src[:n] = 0  # organisation 0 is tied to everyone: a row longer than any sort's threshold
    dst[:n] = np.arange(n)  # (and one of those ties is a self-loop)
    weights = rng.random(m) * 3
    weights[rng.random(m) < 0.05] = 0.0
    orgs = pd.DataFrame({"id": np.arange(n) * 7 + 3, "sector": "MEDIA"})
    ties = pd.DataFrame({"source": src * 7 + 3, "target": dst * 7 + 3, "weight": weights})
    return orgs, ties


def _reference(ties: pd.DataFrame, *, directed: bool) -> dict[tuple[int, int], float]:
    summed: dict[tuple[int, int], float] = {}
    for a, b, w in ties[["source", "target", "weight"]].itertuples(index=False):
        if a == b:
            continue
        key = (a, b) if directed or a < b else (b, a)
        summed[key] = summed.get(key, 0.0) + float(w)
    return {key: w for key, w in summed.items() if w > 0}


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", [0, 1])
def test_repeated_ties_are_summed_in_table_order(seed: int, directed: bool) -> None:
    orgs, ties = _table(seed)
    net = Network.from_tables(orgs, ties, directed=directed)
    expected = _reference(ties, directed=directed)
    keys = sorted(expected)  # ids grow with positions: the tie table's order is (source, target)
    assert list(zip(net.ties["source"], net.ties["target"], strict=True)) == keys
    assert net.ties["weight"].tolist() == [expected[key] for key in keys]
    assert net.self_loops_dropped == int((ties["source"] == ties["target"]).sum())
    assert net.duplicates_merged == len(ties) - net.self_loops_dropped - len(keys)


def test_the_undirected_view_of_a_directed_network_sums_both_arcs_in_arc_order() -> None:
    orgs, ties = _table(2)
    net = Network.from_tables(orgs, ties, directed=True)
    arcs = net.ties
    expected: dict[tuple[int, int], float] = {}
    for a, b, w in arcs[["source", "target", "weight"]].itertuples(index=False):
        key = (a, b) if a < b else (b, a)
        expected[key] = expected.get(key, 0.0) + float(w)
    u, v, w = net._undirected_edges
    ids = net.organisations.index.to_numpy()
    keys = sorted(expected)
    assert list(zip(ids[u].tolist(), ids[v].tolist(), strict=True)) == keys
    assert w.tolist() == [expected[key] for key in keys]


def test_weighted_and_unweighted_tables_share_one_compiled_merge() -> None:
    # pandas hands a weight column to numpy read-only, and numba compiles a separate version for
    # read-only arrays: loading it cost the first weighted network tens of milliseconds.
    from coalitionlens.core import _kernels

    orgs, ties = _table(3, n=50)
    Network.from_tables(orgs, ties[["source", "target"]])
    Network.from_tables(orgs, ties)
    assert len(_kernels.dispatchers()["_merge_ties"].signatures) == 1

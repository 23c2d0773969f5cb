"""Gould-Fernandez brokerage roles on directed ties, with the expectations of ``sna::brokerage``.

A broker ``j`` sits on an open two-path ``i → j → k``: ``i ≠ k`` and no tie ``i → k``. The role
depends on the groups of the three:

============== ======================== ===========
role           groups                   sna column
============== ======================== ===========
coordinator    i, j, k all in one group w_I
itinerant      i and k share a group,   w_O
               j is outside it
representative i with j, k elsewhere    b_IO
gatekeeper     i elsewhere, j with k    b_OI
liaison        all three differ         b_O
============== ======================== ===========

An undirected network counts each tie in both directions, as ``sna`` does for a symmetric matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
import pandas as pd

from coalitionlens.core._kernels import brokerage_counts
from coalitionlens.core.network import FloatArray, Network

__all__ = ["ROLES", "Brokerage", "brokerage"]

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
_COLUMNS = [*ROLES, "total"]


@dataclass(frozen=True)
class Brokerage:
    """Brokerage per organisation and for the whole network.

    Attributes
    ----------
    raw : pandas.DataFrame
        Integer counts per organisation: one column per role and ``total``.
    expected : pandas.DataFrame
        The count expected in a random graph of the same density with the same group sizes
        (Gould and Fernandez 1989, as computed by ``sna::brokerage``).
    z : pandas.DataFrame
        ``(raw - expected) / sd``: above 0, the organisation brokers more than chance in that
        role. NaN where the variance is 0 (e.g. an empty or complete network, or a role that the
        group sizes make impossible).
    network : pandas.DataFrame
        Indexed by role and ``total``: ``raw`` (summed over organisations), ``expected``, ``z``.
    by : str
    """

    raw: pd.DataFrame
    expected: pd.DataFrame
    z: pd.DataFrame
    network: pd.DataFrame
    by: str


def _group_expectations(sizes: FloatArray, total: float, d: float) -> tuple[FloatArray, FloatArray]:
    """Expected counts and variances per broker group, one row per group (sna's ebr, vbr)."""
    k = len(sizes)
    q = d * d * (1 - d)
    c3 = d**3 * (1 - d) ** 3
    expected = np.zeros((k, 6))
    variance = np.zeros((k, 6))
    for g, ng in enumerate(sizes):
        others = np.delete(sizes, g)
        expected[g, 0] = q * (ng - 1) * (ng - 2)
        variance[g, 0] = expected[g, 0] * (1 - q) + 2 * (ng - 1) * (ng - 2) * (ng - 3) * c3
        expected[g, 1] = q * float((others * (others - 1)).sum())
        variance[g, 1] = (
            expected[g, 1] * (1 - q) + 2 * float((others * (others - 1) * (others - 2)).sum()) * c3
        )
        expected[g, 2] = q * (total - ng) * (ng - 1)
        variance[g, 2] = (
            expected[g, 2] * (1 - q)
            + 2 * ((ng - 1) * comb2(total - ng) + (total - ng) * comb2(ng - 1)) * c3
        )
        expected[g, 3], variance[g, 3] = expected[g, 2], variance[g, 2]
        expected[g, 4] = q * (float(others.sum()) ** 2 - float((others**2).sum()))
        variance[g, 4] = expected[g, 4] * (1 - q) + 4 * float(
            (others * np.array([comb2(x) for x in total - others - ng])).sum() * c3
        )
        expected[g, 5] = q * (total - 1) * (total - 2)
        variance[g, 5] = expected[g, 5] * (1 - q) + 2 * (total - 1) * (total - 2) * (total - 3) * c3
    return expected, variance


def comb2(x: float) -> float:
    """``choose(x, 2)`` for real ``x`` as R computes it (0 below 2 for whole numbers)."""
    if x == int(x):
        return float(comb(int(x), 2)) if x >= 0 else float(x * (x - 1) / 2)
    return x * (x - 1) / 2


def _global_expectations(n: FloatArray, total: float, d: float) -> tuple[FloatArray, FloatArray]:
    """Expected network-level counts and variances (sna's egbr, vgbr)."""
    q = d * d * (1 - d)
    c3, c4, c5 = d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    e = np.zeros(6)
    v = np.zeros(6)
    e[0] = q * float((n * (n - 1) * (n - 2)).sum())
    v[0] = e[0] * (1 - q) + float(
        (n * (n - 1) * (n - 2) * ((4 * n - 10) * c3 - 4 * (n - 3) * c4 + (n - 3) * c5)).sum()
    )
    e[1] = q * float((n * (total - n) * (n - 1)).sum())
    x, y = n[:, None], n[None, :]
    outer = x * y * (x - 1) * ((2 * x + 2 * y - 6) * c3 + (total - x - 1) * c5)
    v[1] = e[1] * (1 - q) + (
        float(outer.sum())
        - float((n * n * (n - 1) * ((4 * n - 6) * c3 + (total - n - 1) * c5)).sum())
    )
    e[2] = q * float((n * (total - n) * (n - 1)).sum())
    v[2] = e[2] * (1 - q) + float(
        (n * (total - n) * (n - 1) * ((total - 3) * c3 + (n - 2) * c5)).sum()
    )
    e[3], v[3] = e[2], v[2]
    e[4] = q * (float((x * y * (total - x - y)).sum()) - float((n * n * (total - 2 * n)).sum()))
    v[4] = e[4] * (1 - q)
    k = len(n)
    for i in range(k):
        for j in range(k):
            for m in range(k):
                if i != j and j != m and i != m:
                    v[4] += (
                        n[i]
                        * n[j]
                        * n[m]
                        * (
                            (4 * (total - n[j]) - 2 * (n[i] + n[m] + 1)) * c3
                            - (4 * (total - n[m]) - 2 * (n[i] + n[j] + 1)) * c4
                            + (total - (n[i] + n[m] + 1)) * c5
                        )
                    )
    e[5] = q * total * (total - 1) * (total - 2)
    v[5] = e[5] * (1 - q) + total * (total - 1) * (total - 2) * (
        (4 * total - 10) * c3 - 4 * (total - 3) * c4 + (total - 3) * c5
    )
    return e, v


def _z(raw: FloatArray, expected: FloatArray, variance: FloatArray) -> FloatArray:
    sd = np.sqrt(np.clip(variance, 0.0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (raw - expected) / sd
    return np.where(sd > 0, z, np.nan)


def brokerage(network: Network, *, by: str = "sector") -> Brokerage:
    """Gould-Fernandez brokerage roles per organisation, raw and against their expectation.

    Parameters
    ----------
    network : Network
        Directed ties are used as given; undirected ties count in both directions.
    by : {"sector", "macro_sector"}
        The groups that define the roles.

    Returns
    -------
    Brokerage

    Examples
    --------
    >>> from coalitionlens.core.examples import sector_path
    >>> result = brokerage(sector_path())
    >>> result.raw.loc["ngo"].to_dict()
    {'coordinator': 0, 'itinerant': 0, 'representative': 0, 'gatekeeper': 0, 'liaison': 2, 'total': 2}
    """
    codes, labels = network._codes(by)
    indptr = network._csr_out[0]
    n = network.n
    counts = (
        brokerage_counts(
            indptr, network._compact_out_indices, codes, symmetric=not network.directed
        )
        if n
        else np.zeros((0, 5), np.int64)
    )
    raw = np.column_stack([counts, counts.sum(axis=1)]).astype(np.int64)
    index = network.organisations.index.copy()
    index.name = "id"
    m = float(indptr[-1])
    total = float(n)
    d = m / (total * (total - 1)) if n > 1 else 0.0
    sizes = np.bincount(codes, minlength=len(labels)).astype(np.float64)
    group_e, group_v = _group_expectations(sizes, total, d)
    expected = group_e[codes] if n else np.zeros((0, 6))
    variance = group_v[codes] if n else np.zeros((0, 6))
    global_e, global_v = _global_expectations(sizes, total, d)
    global_raw = raw.sum(axis=0).astype(np.float64)
    whole = pd.DataFrame(
        {
            "raw": raw.sum(axis=0).astype(np.int64),
            "expected": global_e,
            "z": _z(global_raw, global_e, global_v),
        },
        index=pd.Index(_COLUMNS, name="role"),
    )
    return Brokerage(
        raw=pd.DataFrame(raw, index=index, columns=_COLUMNS),
        expected=pd.DataFrame(expected, index=index, columns=_COLUMNS),
        z=pd.DataFrame(
            _z(raw.astype(np.float64), expected, variance), index=index, columns=_COLUMNS
        ),
        network=whole,
        by=by,
    )

"""Burt's structural holes: constraint and effective size, computed sparsely."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalitionlens.core._kernels import structural_holes as _structural_holes
from coalitionlens.core.network import Network

__all__ = ["structural_holes"]


def structural_holes(network: Network) -> pd.DataFrame:
    """Burt's constraint, effective size and efficiency per organisation (undirected, weighted).

    With ``p_ij`` the share of ``i``'s tie weight that goes to ``j``:

    * ``constraint`` = Σ_j (p_ij + Σ_q p_iq p_qj)², over partners ``j`` and shared partners ``q``.
      High: the organisation's partners are tied to each other, so it has few structural holes.
    * ``effective_size`` = Σ_j (1 - Σ_q p_iq m_jq), ``m_jq`` being ``j``'s tie to ``q`` over
      ``j``'s strongest tie: the number of partners, less their redundancy.
    * ``efficiency`` = effective size / degree.

    These match ``networkx.constraint`` and ``networkx.effective_size`` with ``weight="weight"``.
    All three are NaN for an isolate, where they are undefined.

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> structural_holes(star()).loc["hub"].to_dict()
    {'constraint': 0.25, 'effective_size': 4.0, 'efficiency': 1.0}
    """
    indptr, _, weights = network._csr
    constraint, effective = _structural_holes(indptr, network._compact_indices, weights)
    degree = np.diff(indptr).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        efficiency = np.where(degree > 0, effective / degree, np.nan)
    frame = pd.DataFrame(
        {"constraint": constraint, "effective_size": effective, "efficiency": efficiency},
        index=network.organisations.index.copy(),
    )
    frame.index.name = "id"
    return frame

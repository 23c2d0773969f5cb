"""Composition and diversity: who is in the network, by sector and macro-sector."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from coalitionlens.core.network import Network, OrgId
from coalitionlens.core.taxonomy import MACRO_SECTORS, SECTORS

__all__ = ["Composition", "composition"]


@dataclass(frozen=True)
class Composition:
    """Counts and shares of organisations per group, with diversity indices.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by group code (every core code, present or not, then any extra codes), with
        ``count`` and ``share``.
    blau : float
        Blau's heterogeneity ``1 - Σ p²``: the chance that two organisations drawn at random (with
        replacement) are in different groups. 0 for one group or no organisation.
    shannon : float
        Shannon diversity ``-Σ p ln p`` (natural log). 0 for one group or no organisation.
    evenness : float or None
        Shannon diversity divided by ``ln`` of the number of core groups: 1 when every core group is
        equally present. ``None`` when there are no organisations.
    absent : tuple of str
        Core group codes with no organisation.
    by : str
        ``"sector"`` or ``"macro_sector"``.
    """

    table: pd.DataFrame
    blau: float
    shannon: float
    evenness: float | None
    absent: tuple[str, ...]
    by: str


def composition(
    network: Network, *, by: str = "sector", ids: Iterable[OrgId] | None = None
) -> Composition:
    """Composition of the network's organisations (or of a subset, e.g. members or partners).

    Parameters
    ----------
    network : Network
    by : {"sector", "macro_sector"}
    ids : iterable of organisation ids, optional
        Restrict to these organisations.

    Returns
    -------
    Composition

    Examples
    --------
    >>> from coalitionlens.core.examples import star
    >>> result = composition(star(), by="macro_sector")
    >>> int(result.table.loc["CIVIL", "count"]), result.absent
    (3, ('INTERNATIONAL',))
    >>> round(result.blau, 2)
    0.56
    """
    if by == "sector":
        core: tuple[str, ...] = SECTORS
    elif by == "macro_sector":
        core = MACRO_SECTORS
    else:
        raise ValueError("by must be 'sector' or 'macro_sector'")
    values = network.organisations[by].astype(str)
    if ids is not None:
        values = values.loc[list(ids)]
    counts = values.value_counts()
    labels = list(core) + sorted(set(counts.index).difference(core))
    table = pd.DataFrame({"count": [int(counts.get(label, 0)) for label in labels]}, index=labels)
    table.index.name = by
    total = int(table["count"].sum())
    table["share"] = table["count"] / total if total else 0.0
    shares = [float(p) for p in table["share"] if p > 0]
    blau = 1.0 - sum(p * p for p in shares) if total else 0.0
    shannon = -sum(p * math.log(p) for p in shares) + 0.0
    evenness = shannon / math.log(len(core)) if total else None
    absent = tuple(label for label in core if counts.get(label, 0) == 0)
    return Composition(
        table=table, blau=blau, shannon=shannon, evenness=evenness, absent=absent, by=by
    )

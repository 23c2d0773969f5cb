"""Tiny named networks with hand-worked values, used by the docstring examples and the tests.

Examples
--------
>>> star().n, two_cliques().n, sector_path().n
(5, 8, 3)
"""

from __future__ import annotations

import pandas as pd

from coalitionlens.core.network import Network

__all__ = ["sector_path", "star", "two_cliques"]


def star() -> Network:
    """A secretariat (``hub``, civil society) tied to four others, none tied to each other.

    ``a`` is government, ``b`` business, ``c`` and ``d`` civil society.
    """
    orgs = pd.DataFrame(
        {
            "id": ["hub", "a", "b", "c", "d"],
            "name": ["Secretariat", "Ministry", "Hotel group", "Shelter", "Church"],
            "sector": ["CIVIL_SOCIETY", "GOVERNMENT", "BUSINESS", "CIVIL_SOCIETY", "FAITH_BASED"],
        }
    )
    ties = pd.DataFrame({"source": ["hub"] * 4, "target": ["a", "b", "c", "d"]})
    return Network.from_tables(orgs, ties)


def two_cliques() -> Network:
    """Two four-cliques joined by one bridge tie ``c1-g1``.

    Clique ``c1..c4`` is civil society; clique ``g1..g4`` is government.
    """
    civil = ["c1", "c2", "c3", "c4"]
    gov = ["g1", "g2", "g3", "g4"]
    orgs = pd.DataFrame({"id": civil + gov, "sector": ["CIVIL_SOCIETY"] * 4 + ["GOVERNMENT"] * 4})
    pairs = [(a, b) for group in (civil, gov) for i, a in enumerate(group) for b in group[i + 1 :]]
    pairs.append(("c1", "g1"))
    ties = pd.DataFrame(pairs, columns=["source", "target"])
    return Network.from_tables(orgs, ties)


def sector_path() -> Network:
    """A path ``police - ngo - firm`` across three sectors (and three macro-sectors)."""
    orgs = pd.DataFrame(
        {
            "id": ["police", "ngo", "firm"],
            "sector": ["LAW_ENFORCEMENT", "CIVIL_SOCIETY", "BUSINESS"],
        }
    )
    ties = pd.DataFrame({"source": ["police", "ngo"], "target": ["ngo", "firm"]})
    return Network.from_tables(orgs, ties)

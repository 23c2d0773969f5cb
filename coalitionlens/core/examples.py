"""Tiny named networks and coalitions with hand-worked values, used by the docstring examples and
the tests.

Examples
--------
>>> star().n, two_cliques().n, sector_path().n
(5, 8, 3)
>>> [len(table) for table in harbour()[:3]]
[5, 5, 8]
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coalitionlens.core.network import Network
from coalitionlens.core.taxonomy import SECTOR_TO_MACRO

__all__ = ["harbour", "sector_path", "star", "two_cliques"]


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


HARBOUR_SECTORS = {
    "sec": "CIVIL_SOCIETY",
    "shelter": "CIVIL_SOCIETY",
    "church": "FAITH_BASED",
    "hotel": "BUSINESS",
    "bank": "BUSINESS",
    "ministry": "GOVERNMENT",
    "police": "LAW_ENFORCEMENT",
    "unodc": "INTERGOVERNMENTAL",
}


def _with_sectors(frame: pd.DataFrame) -> pd.DataFrame:
    frame["sector"] = frame["organisation"].map(HARBOUR_SECTORS)
    frame["macro_sector"] = frame["sector"].map(SECTOR_TO_MACRO)
    return frame


def harbour() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """The Harbour coalition, seen on 30 June 2026: memberships, partnerships, participations and
    the id of its secretariat (``sec``, civil society).

    Members: the secretariat and the shelter (active); the church withdrew on 30 June 2026; the
    hotel is suspended; the bank applied in May 2026.
    Partners: the ministry (an old partnership ended in 2021, the current one runs to the end of
    2027), UNODC (since 2025), the secretariat itself; the hotel's partnership ended on 30 June
    2026.
    Engagements: ``e1`` (10 May 2026, led by the secretariat, with the police and the hotel),
    ``e2`` (1 September 2025, led by the shelter, with the ministry and the secretariat), ``e3``
    (1 February 2023, with the bank) and ``e4`` (planned for 1 August 2026, with UNODC).
    """
    d = dt.date
    members = _with_sectors(
        pd.DataFrame(
            [
                ("sec", "ACTIVE", d(2015, 1, 1), None),
                ("shelter", "ACTIVE", d(2018, 3, 1), None),
                ("church", "WITHDRAWN", d(2019, 1, 1), d(2026, 6, 30)),
                ("hotel", "SUSPENDED", d(2020, 1, 1), None),
                ("bank", "APPLICANT", d(2026, 5, 1), None),
            ],
            columns=["organisation", "status", "joined_on", "ended_on"],
        )
    )
    partners = _with_sectors(
        pd.DataFrame(
            [
                ("ministry", "REFERRAL", d(2019, 1, 1), d(2021, 1, 1)),
                ("ministry", "REFERRAL", d(2024, 1, 1), d(2027, 12, 31)),
                ("unodc", "FUNDING", d(2025, 1, 1), None),
                ("sec", "CONVENING", d(2020, 1, 1), None),
                ("hotel", "IN_KIND", d(2022, 1, 1), d(2026, 6, 30)),
            ],
            columns=["organisation", "type", "started_on", "ended_on"],
        )
    )
    parts = _with_sectors(
        pd.DataFrame(
            [
                ("e1", "sec", d(2026, 5, 10), "LEAD"),
                ("e1", "police", d(2026, 5, 10), "COUNTERPART"),
                ("e1", "hotel", d(2026, 5, 10), "COUNTERPART"),
                ("e2", "shelter", d(2025, 9, 1), "LEAD"),
                ("e2", "ministry", d(2025, 9, 1), "COUNTERPART"),
                ("e2", "sec", d(2025, 9, 1), "COUNTERPART"),
                ("e3", "bank", d(2023, 2, 1), "COUNTERPART"),
                ("e4", "unodc", d(2026, 8, 1), "COUNTERPART"),
            ],
            columns=["engagement", "organisation", "date", "role"],
        )
    )
    parts["date"] = pd.to_datetime(parts["date"])
    return members, partners, parts, "sec"

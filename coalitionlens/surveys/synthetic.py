"""Random survey rounds as snapshots (in the format of :mod:`.snapshot`), for property tests and the
benchmark. No Django.

>>> snap = random_snapshot(seed=1, organisations=12, respondents=10, partners=4)
>>> len(snap["invited"]["respondent"])
10
"""

from __future__ import annotations

import random
from typing import Any

from coalitionlens.surveys import snapshot

__all__ = ["SECTORS", "random_snapshot", "snapshot_frame"]

#: A few core sectors with their macro-sectors (enough variety for groupings).
SECTORS: tuple[tuple[str, str], ...] = (
    ("GOVERNMENT", "PUBLIC"),
    ("LAW_ENFORCEMENT", "PUBLIC"),
    ("CIVIL_SOCIETY", "CIVIL"),
    ("FAITH_BASED", "CIVIL"),
    ("SURVIVOR_LED", "CIVIL"),
    ("BUSINESS", "PRIVATE"),
    ("MEDIA", "PRIVATE"),
    ("INTERGOVERNMENTAL", "INTERNATIONAL"),
)


def snapshot_frame() -> dict[str, Any]:
    """The instrument parts of a snapshot (latest versions): :func:`.snapshot.frame`."""
    return snapshot.frame()


def random_snapshot(
    *,
    seed: int,
    organisations: int = 40,
    respondents: int = 30,
    partners: int = 8,
    sectors: int = len(SECTORS),
    response_rate: float = 0.9,
) -> dict[str, Any]:
    """A snapshot with random answers: each responding person rates ``partners`` organisations."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    snap = snapshot_frame()
    orgs = list(range(1, organisations + 1))
    sec = {o: SECTORS[rng.randrange(sectors)] for o in orgs}
    snap["organisations"] = {
        "id": orgs,
        "name": [f"Org {o}" for o in orgs],
        "sector": [sec[o][0] for o in orgs],
        "macro": [sec[o][1] for o in orgs],
    }
    people = list(range(1, respondents + 1))
    org_of = {p: rng.choice(orgs) for p in people}
    responded = {p: rng.random() < response_rate for p in people}
    snap["invited"] = {
        "respondent": people,
        "organisation": [org_of[p] for p in people],
        "responded": [responded[p] for p in people],
        "counts": [True for _p in people],
        "invitee": [True for _p in people],
    }
    items = [i for v in snap["composites"].values() for i in v]
    rel: dict[str, list[Any]] = {
        c: [] for c in ["respondent", "target", "frequency", "level", *items]
    }
    health: dict[str, list[Any]] = {"respondent": [], "item": [], "value": []}
    hopes: dict[str, list[Any]] = {"respondent": [], "about": [], "code": [], "strength": []}
    seen: dict[str, list[Any]] = {"respondent": [], "about": []}
    comments: dict[str, list[Any]] = {"respondent": [], "text": []}
    for p in people:
        if not responded[p]:
            continue
        others = [o for o in orgs if o != org_of[p]]
        for t in rng.sample(others, min(partners, len(others))):
            rel["respondent"].append(p)
            rel["target"].append(t)
            rel["frequency"].append(rng.randint(1, 4))
            rel["level"].append(rng.randint(0, 5))
            for i in items:
                rel[i].append(rng.randint(1, 4))
        for item in snap["factor_of"]:
            if rng.random() < 0.95:
                health["respondent"].append(p)
                health["item"].append(item)
                health["value"].append(rng.randint(1, 5))
        for about in ("PUBLIC", "PRIVATE", "INTERNATIONAL"):
            seen["respondent"].append(p)
            seen["about"].append(about)
            for code in rng.sample(snap["hope_codes"], rng.randint(0, 4)):
                hopes["respondent"].append(p)
                hopes["about"].append(about)
                hopes["code"].append(code)
                hopes["strength"].append(rng.randint(1, 3))
        if rng.random() < 0.3:
            comments["respondent"].append(p)
            comments["text"].append(f"comment {p}")
    snap.update(relationship=rel, health=health, hopes=hopes, hopes_seen=seen, comments=comments)
    return snap

"""Property: whatever the coordinator plants, no published cell gives away a real answer.

Two rounds of one coalition. Real organisations entered the roster on random dates and answer the
same way in both rounds (the worst case for differencing between rounds); the coordinator invites a
random subset of them to each round and plants a random number of organisations (created shortly
before the round they are planted in, as anyone without weeks of foresight must) that rate the
targets with a value of their choosing. For every published relationship cell, alone or differenced
with any other published cell of either round, the attacker knows the planted answers and subtracts
them: what is left must never be one real organisation's answer.

What a cell holds is read off its published mean (planted answers carry a marker value no real
answer has), so the test does not take the implementation's word for what it mixed in.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalitionlens.surveys.counting import left_out_reason
from coalitionlens.surveys.scoring import RoundData, score_rounds
from coalitionlens.surveys.snapshot import frame as snapshot_frame

DAYS = 30  # the roster rule's days in these worlds
OPEN_A = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
MARK = 97.0  # a planted trust: no mean over real answers (1-4) can come near it
SECTORS = [("CIVIL_SOCIETY", "CIVIL"), ("GOVERNMENT", "PUBLIC"), ("BUSINESS", "PRIVATE")]
TABLES = ("target", "sector_pair", "macro_pair", "network")


@st.composite
def worlds(draw: Any) -> dict[str, Any]:
    k = draw(st.sampled_from([3, 5]))
    n_targets = draw(st.integers(1, 2))
    n_real = draw(st.integers(3, 9))
    n_planted = draw(st.integers(0, 7))
    gap = draw(st.integers(1, 500))
    open_at = [OPEN_A, OPEN_A + dt.timedelta(days=gap)]
    orgs: dict[int, dict[str, Any]] = {}
    for i in range(n_targets + n_real + n_planted):
        kind = "target" if i < n_targets else "real" if i < n_targets + n_real else "planted"
        sector = draw(st.sampled_from(SECTORS))
        orgs[i + 1] = {"kind": kind, "sector": sector}
    targets = [o for o, v in orgs.items() if v["kind"] == "target"]
    reals = [o for o, v in orgs.items() if v["kind"] == "real"]
    for o in reals:
        orgs[o]["entered"] = OPEN_A + dt.timedelta(days=draw(st.integers(-900, gap)))  # some new
        # few partners to choose from, and one that nearly everyone rates, so that cells of the
        # two rounds overlap a lot (the differencing attack needs that)
        pool = targets + reals[:2]
        rated = draw(st.lists(st.sampled_from(pool), max_size=2, unique=True))
        if draw(st.integers(0, 3)):
            rated = [targets[0], *rated]
        orgs[o]["ratings"] = {
            t: draw(st.tuples(*[st.integers(1, 4)] * 3)) for t in dict.fromkeys(rated) if t != o
        }
        orgs[o]["in"] = [draw(st.integers(0, 3)) > 0] * 2
    # the coordinator's favourite: the second round invites the first one's respondents and one
    # or two more (or fewer), so that the two rounds' cells differ by one organisation
    for o in draw(st.lists(st.sampled_from(reals), min_size=1, max_size=2, unique=True)):
        orgs[o]["in"][1] = not orgs[o]["in"][0]
    for o, v in orgs.items():
        if v["kind"] == "planted":
            first = draw(st.integers(0, 1))
            v["entered"] = open_at[first] - dt.timedelta(days=draw(st.integers(0, DAYS - 1)))
            # planted for any round it is fresh for: one that has been in the roster for DAYS
            # days is no longer a plant the rule can tell (docs/confidentiality.md: foresight)
            fresh = [o - dt.timedelta(days=DAYS) < v["entered"] <= o for o in open_at]
            v["in"] = [f and (r == first or draw(st.booleans())) for r, f in enumerate(fresh)]
            v["ratings"] = dict.fromkeys(
                draw(st.lists(st.sampled_from(targets + reals), min_size=1, unique=True)),
                (MARK, MARK, MARK),
            )
    return {"k": k, "orgs": orgs, "open_at": open_at}


def _counts(org: dict[str, Any], opened: dt.datetime) -> bool:
    """The product's roster rule (what round_open stores for each respondent)."""
    reason = left_out_reason(
        entered=org["entered"], opened=opened, member_or_partner=True, days=DAYS
    )
    return reason is None


def _snapshot(world: dict[str, Any], r: int) -> dict[str, Any]:
    snap = snapshot_frame()
    orgs = world["orgs"]
    ids = sorted(orgs)
    snap["organisations"] = {
        "id": ids,
        "name": [f"Org {o}" for o in ids],
        "sector": [orgs[o]["sector"][0] for o in ids],
        "macro": [orgs[o]["sector"][1] for o in ids],
    }
    invited = [o for o in ids if orgs[o]["kind"] != "target" and orgs[o]["in"][r]]
    snap["invited"] = {
        "respondent": [1000 * r + o for o in invited],
        "organisation": invited,
        "responded": [bool(orgs[o]["ratings"]) for o in invited],
        "counts": [_counts(orgs[o], world["open_at"][r]) for o in invited],
        "invitee": [True for _o in invited],
    }
    items = [i for v in snap["composites"].values() for i in v]
    rel: dict[str, list[Any]] = {
        c: [] for c in ["respondent", "target", "frequency", "level", *items]
    }
    for o in invited:
        for t, trust in orgs[o]["ratings"].items():
            rel["respondent"].append(1000 * r + o)
            rel["target"].append(t)
            rel["frequency"].append(3)
            rel["level"].append(3)
            for item in items:
                rel[item].append(
                    trust[snap["composites"]["trust"].index(item)]
                    if item in snap["composites"]["trust"]
                    else 2
                )
    snap["relationship"] = rel
    return snap


def _publish(world: dict[str, Any]) -> list[Any]:
    """What the product publishes for the two rounds, through the one path every page takes."""
    rounds = [RoundData.from_snapshot(_snapshot(world, r)) for r in (0, 1)]
    return score_rounds(rounds, k=world["k"])


def _atoms(
    world: dict[str, Any], r: int, table: str, key: tuple[str, ...]
) -> list[tuple[int, int]]:
    """Every answer of round ``r`` that a cell of ``table`` with ``key`` is about: (rater, target)."""
    orgs = world["orgs"]
    out = []
    for o, v in orgs.items():
        if v["kind"] == "target" or not v["in"][r]:
            continue
        for t in v["ratings"]:
            a, b = v["sector"], orgs[t]["sector"]
            if (
                (table == "target" and key == (str(t),))
                or (table == "sector_pair" and key == (a[0], b[0]))
                or (table == "macro_pair" and key == (a[1], b[1]))
                or table == "network"
            ):
                out.append((o, t))
    return out


def _trust(world: dict[str, Any], atoms: list[tuple[int, int]]) -> float:
    values = [sum(world["orgs"][o]["ratings"][t]) / 3 for o, t in atoms]
    return sum(values) / len(values) if values else math.nan


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(worlds())
def test_no_published_cell_alone_or_differenced_determines_a_real_answer(world):
    orgs = world["orgs"]
    published: list[tuple[str, frozenset[tuple[int, int]]]] = []
    mixed: list[str] = []
    for r, results in enumerate(_publish(world)):
        for table in TABLES:
            for key, cell in results.table(table).items():
                if cell.values is None or cell.values.get("trust") is None:
                    continue
                shown = cell.values["trust"]
                every = _atoms(world, r, table, key)
                counted = [(o, t) for o, t in every if _counts(orgs[o], world["open_at"][r])]
                if math.isclose(shown, _trust(world, counted), abs_tol=1e-9):
                    held = counted
                elif math.isclose(shown, _trust(world, every), abs_tol=1e-9):
                    held = every
                    mixed.append(f"round {r} {table} {key}")
                else:
                    raise AssertionError(
                        f"round {r} {table} {key}: {shown} is no mean of its answers"
                    )
                # what the attacker cannot subtract: real answers (the same in both rounds)
                real = frozenset((o, t) for o, t in held if orgs[o]["kind"] == "real")
                name = f"round {r} {table} {key} (n={cell.n})"
                assert len(real) != 1, f"{name} alone is one real answer: {sorted(real)}"
                published.append((name, real))
    for (n1, u1), (n2, u2) in itertools.combinations(published, 2):
        diff = u1 ^ u2
        assert len(diff) != 1, f"{n1} − {n2} is one real answer: {sorted(diff)}"
    assert not mixed, f"left-out answers are mixed into published means: {mixed}"

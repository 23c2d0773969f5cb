"""``core.change.compare``: ties gained and lost between two snapshots, matched by organisation id."""

from __future__ import annotations

import pandas as pd

from coalitionlens.core.change import compare
from coalitionlens.core.examples import star
from coalitionlens.core.network import Network


def _net(ids: list[int], ties: list[tuple[int, int]]) -> Network:
    orgs = pd.DataFrame(
        {
            "id": ids,
            "name": [f"Org {i}" for i in ids],
            "sector": ["CIVIL_SOCIETY", "GOVERNMENT", "BUSINESS", "CIVIL_SOCIETY"][: len(ids)],
        }
    )
    frame = pd.DataFrame(ties, columns=["source", "target"])
    return Network.from_tables(orgs, frame)


def test_a_star_that_loses_a_leaf_loses_one_tie() -> None:
    result = compare(star(), star().without(["a"]))
    assert (result.gained, result.lost) == (0, 1)


def test_ties_are_matched_whatever_the_number_of_digits_of_the_ids() -> None:
    # Ids 9 and 10..12 order differently as text and as numbers ("9" > "10"): every tie of the
    # first snapshot is turned round to its canonical side, so each must keep both its ends.
    ids = [9, 10, 11, 12]
    before = _net(ids, [(9, 10), (9, 11), (9, 12)])
    after = _net(ids, [(9, 10), (9, 11), (10, 11)])
    result = compare(before, after)
    assert (result.gained, result.lost) == (1, 1)
    kept = result.ties[result.ties["status"] == "kept"]
    assert sorted(map(sorted, kept[["source", "target"]].to_numpy().tolist())) == [
        [9, 10],
        [9, 11],
    ]

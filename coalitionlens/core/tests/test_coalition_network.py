"""``coalition_network``: the three modes of engagement on a tiny named coalition, by hand.

The coalition: the secretariat ``hub`` (civil society), a ministry ``min``, a business ``biz``, a
shelter ``shel`` and a church ``ch``.

* engagements: 1 (hub, min) on 2024-02-01; 2 (hub, min, biz) on 2024-09-01; 3 (shel, ch) 2025-03-01;
* partnerships of the secretariat: biz 2023-01-01 – 2024-06-30, biz again from 2025-01-01, min from
  2024-05-01 (level 3);
* memberships: shel (active, joined 2022), ch (active, joined 2025-06-01), min (lapsed 2024-12-31).
"""

from __future__ import annotations

import pandas as pd
import pytest

from coalitionlens.core import analyze_network, coalition_network

ORGS = pd.DataFrame(
    {
        "id": ["hub", "min", "biz", "shel", "ch"],
        "sector": ["CIVIL_SOCIETY", "GOVERNMENT", "BUSINESS", "CIVIL_SOCIETY", "FAITH_BASED"],
    }
)
PARTICIPATION = pd.DataFrame(
    {
        "engagement": [1, 1, 2, 2, 2, 3, 3],
        "organisation": ["hub", "min", "hub", "min", "biz", "shel", "ch"],
        "date": ["2024-02-01"] * 2 + ["2024-09-01"] * 3 + ["2025-03-01"] * 2,
    }
)
PARTNERS = pd.DataFrame(
    {
        "organisation": ["biz", "biz", "min"],
        "started_on": ["2023-01-01", "2025-01-01", "2024-05-01"],
        "ended_on": ["2024-06-30", None, None],
        "level": [2, 1, 3],
    }
)
MEMBERS = pd.DataFrame(
    {
        "organisation": ["shel", "ch", "min"],
        "status": ["ACTIVE", "ACTIVE", "LAPSED"],
        "joined_on": ["2022-01-01", "2025-06-01", "2020-01-01"],
        "ended_on": [None, None, "2024-12-31"],
    }
)


def _ties(**kwargs: object) -> dict[tuple[str, str], tuple[float, int, int, int]]:
    built = coalition_network(
        ORGS,
        participation=PARTICIPATION,
        partners=PARTNERS,
        members=MEMBERS,
        secretariat="hub",
        **kwargs,  # type: ignore[arg-type]
    )
    t = built.ties
    assert t[["source", "target", "weight"]].equals(built.network.ties)
    return {
        (r.source, r.target): (r.weight, r.engagements, r.partnerships, r.membership)
        for r in t.itertuples()
    }


def test_every_mode_ties_once_and_the_weight_adds_them() -> None:
    assert _ties(as_of="2026-01-01") == {
        ("hub", "min"): (3.0, 2, 1, 0),  # two engagements + a partnership; its membership ended
        ("hub", "biz"): (2.0, 1, 2, 0),  # two partnerships count as one tie
        ("min", "biz"): (1.0, 1, 0, 0),
        ("hub", "shel"): (1.0, 0, 0, 1),
        ("hub", "ch"): (1.0, 0, 0, 1),
        ("shel", "ch"): (1.0, 1, 0, 0),
    }


def test_members_count_only_once_joined_and_active_without_a_window() -> None:
    ties = _ties(as_of="2025-01-01")  # the church joins in June 2025
    assert ("hub", "ch") not in ties
    assert ties[("hub", "shel")] == (1.0, 0, 0, 1)


def test_a_window_keeps_engagements_in_it_and_what_overlaps_it() -> None:
    ties = _ties(start="2024-07-01", end="2025-01-01")
    assert ties == {
        # engagement 2 only; min's partnership runs on; its membership ends in the window
        ("hub", "min"): (3.0, 1, 1, 1),
        ("hub", "biz"): (1.0, 1, 0, 0),  # between its two partnerships
        ("min", "biz"): (1.0, 1, 0, 0),
        ("hub", "shel"): (1.0, 0, 0, 1),
    }


def test_ties_keep_the_dates_of_their_first_and_last_engagement_and_the_highest_level() -> None:
    built = coalition_network(
        ORGS, participation=PARTICIPATION, partners=PARTNERS, members=MEMBERS, secretariat="hub"
    )
    ties = built.ties.set_index(["source", "target"])
    row = ties.loc[("hub", "min")]
    assert (str(row["first"].date()), str(row["last"].date()), row["level"]) == (
        "2024-02-01",
        "2024-09-01",
        3,
    )
    assert pd.isna(ties.loc[("hub", "shel"), "first"])  # a membership has no engagement date
    assert ties.loc[("hub", "shel"), "level"] == 0


def test_a_mode_left_out_or_no_secretariat_gives_no_tie_of_that_mode() -> None:
    only_engagements = coalition_network(ORGS, participation=PARTICIPATION, secretariat="hub")
    assert set(only_engagements.ties["membership"]) == {0}
    assert set(only_engagements.ties["partnerships"]) == {0}
    no_hub = coalition_network(ORGS, partners=PARTNERS, members=MEMBERS, secretariat=None)
    assert no_hub.ties.empty
    assert no_hub.network.n == 5  # every organisation stays, as an isolate


@pytest.mark.parametrize("kwargs", [{}, {"start": "2024-01-01", "end": "2025-01-01"}])
def test_the_measures_run_on_the_network_it_builds(kwargs: dict[str, str]) -> None:
    built = coalition_network(
        ORGS,
        participation=PARTICIPATION,
        partners=PARTNERS,
        members=MEMBERS,
        secretariat="hub",
        as_of="2026-01-01",
        **kwargs,
    )
    result = analyze_network(built.network, secretariat="hub", permutations=0)
    assert result.summary["ties"] == len(built.ties)
    assert (
        result.organisations.loc["hub", "degree"]
        == built.ties[(built.ties["source"] == "hub") | (built.ties["target"] == "hub")].shape[0]
    )


def test_memberships_follow_the_one_definition_of_an_active_member() -> None:
    """core.modes: an end date is the first day a membership no longer holds; a member who joined
    today is a member today; an applicant or a suspended member is none."""
    members = pd.DataFrame(
        {
            "organisation": ["min", "biz", "shel", "ch"],
            "status": ["ACTIVE", "ACTIVE", "APPLICANT", "SUSPENDED"],
            "joined_on": ["2025-06-01", "2020-01-01", None, None],
            "ended_on": [None, "2025-06-01", None, None],
        }
    )
    today = coalition_network(ORGS, members=members, secretariat="hub", as_of="2025-06-01")
    assert today.ties[["source", "target"]].values.tolist() == [["hub", "min"]]
    window = coalition_network(
        ORGS, members=members, secretariat="hub", start="2025-06-01", end="2025-07-01"
    )
    assert window.ties[["source", "target"]].values.tolist() == [["hub", "min"]]

import pandas as pd
import pytest

from coalitionlens.core import (
    co_participation,
    combine,
    compare,
    partnerships,
    snapshots,
    survey_ties,
)
from coalitionlens.core.examples import star

ORGS = pd.DataFrame({"id": list("abcd"), "sector": ["GOVERNMENT", "BUSINESS", "MEDIA", "ACADEMIA"]})
PARTICIPATION = pd.DataFrame(
    {
        "engagement": [1, 1, 2, 2, 2, 3, 3],
        "organisation": ["a", "b", "a", "b", "c", "c", "d"],
        "date": ["2024-01-01"] * 2 + ["2024-07-01"] * 3 + ["2023-01-01"] * 2,
    }
)


def test_co_participation_weights_ties_by_shared_engagements() -> None:
    network = co_participation(ORGS, PARTICIPATION)
    weights = {(r.source, r.target): r.weight for r in network.ties.itertuples()}
    assert weights == {("a", "b"): 2.0, ("a", "c"): 1.0, ("b", "c"): 1.0, ("c", "d"): 1.0}


def test_co_participation_decays_with_a_half_life() -> None:
    network = co_participation(ORGS, PARTICIPATION, half_life_days=182, as_of="2024-07-01")
    weights = {(r.source, r.target): r.weight for r in network.ties.itertuples()}
    assert weights[("a", "c")] == pytest.approx(1.0)
    assert weights[("a", "b")] == pytest.approx(1.0 + 0.5 ** (182 / 182))


def test_co_participation_keeps_only_the_time_window() -> None:
    network = co_participation(ORGS, PARTICIPATION, start="2024-01-01", end="2024-06-30")
    assert network.ties[["source", "target"]].values.tolist() == [["a", "b"]]
    assert network.n == 4  # organisations stay, as isolates


def test_partnerships_count_when_active_in_the_window() -> None:
    rows = pd.DataFrame(
        {
            "source": ["a", "b"],
            "target": ["b", "c"],
            "start": ["2020-01-01", "2024-01-01"],
            "end": ["2021-06-30", None],
        }
    )
    assert len(partnerships(ORGS, rows).ties) == 2
    assert len(partnerships(ORGS, rows, start="2021-01-01", end="2022-01-01").ties) == 1


def test_survey_ties_are_directed_and_combine_adds_weights() -> None:
    answers = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "weight": [3, 1]})
    survey = survey_ties(ORGS, answers)
    assert survey.directed
    assert len(survey.ties) == 2
    both = combine(survey, survey)
    assert both.ties["weight"].tolist() == [6.0, 2.0]
    mixed = combine(survey, co_participation(ORGS, PARTICIPATION))
    assert not mixed.directed
    assert mixed.ties.set_index(["source", "target"]).loc[("a", "b"), "weight"] == 6.0


def test_snapshots_cut_one_network_per_period() -> None:
    ties = pd.DataFrame(
        {
            "source": ["a", "a", "c"],
            "target": ["b", "c", "d"],
            "date": ["2024-01-05", "2024-02-01", "2024-09-09"],
        }
    )
    result = snapshots(ORGS, ties, freq="Q")
    assert {period: len(net.ties) for period, net in result.items()} == {
        "2024Q1": 2,
        "2024Q2": 0,
        "2024Q3": 1,
    }
    cumulative = snapshots(ORGS, ties, freq="Q", cumulative=True)
    assert len(cumulative["2024Q3"].ties) == 3


def test_comparing_snapshots_reports_ties_gained_and_lost_and_deltas() -> None:
    before = star()
    after = star().without(["a"])
    result = compare(before, after)
    assert (result.gained, result.lost) == (0, 1)
    assert result.organisations.loc["hub", "degree_delta"] == -1.0
    assert not result.organisations.loc["a", "present_after"]
    assert result.sectors.loc["GOVERNMENT", "organisations_delta"] == -1.0
    assert result.network["ties"] == {"before": 4, "after": 3, "delta": -1}

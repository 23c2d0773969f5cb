"""Scores on tiny hand-worked rounds: trust and value, self-ratings, organisations with several
respondents, reciprocity, factor bands, hopes and fears, comments at k + 3."""

from __future__ import annotations

import pytest

from coalitionlens.surveys.scoring import ALL, RoundData, band, score_round
from coalitionlens.surveys.synthetic import snapshot_frame

TRUST = ("trust_reliable", "trust_open", "trust_mission")
VALUE = ("value_resources", "value_influence", "value_involvement")


def _snap(n_raters: int = 6, *, target: int = 100) -> dict:
    """``n_raters`` civil-society organisations (ids 1..n) each with one respondent, and a public
    target organisation; rater i rates the target with trust items (i%4+1, 4, 4), value (2, 2, 2)."""
    snap = snapshot_frame()
    ids = list(range(1, n_raters + 1))
    snap["organisations"] = {
        "id": [*ids, target],
        "name": [f"O{i}" for i in ids] + ["Target"],
        "sector": ["CIVIL_SOCIETY"] * n_raters + ["GOVERNMENT"],
        "macro": ["CIVIL"] * n_raters + ["PUBLIC"],
    }
    snap["invited"] = {
        "respondent": ids,
        "organisation": list(ids),
        "responded": [True] * n_raters,
        "counts": [True] * n_raters,
        "invitee": [True] * n_raters,
    }
    rel = {c: [] for c in ["respondent", "target", "frequency", "level", *TRUST, *VALUE]}
    for i in ids:
        rel["respondent"].append(i)
        rel["target"].append(target)
        rel["frequency"].append(2)
        rel["level"].append(3)
        for item, v in zip(TRUST, (i % 4 + 1, 4, 4), strict=True):
            rel[item].append(v)
        for item in VALUE:
            rel[item].append(2)
    snap["relationship"] = rel
    snap["health"] = {"respondent": [], "item": [], "value": []}
    snap["hopes"] = {"respondent": [], "about": [], "code": [], "strength": []}
    snap["hopes_seen"] = {"respondent": [], "about": []}
    snap["comments"] = {"respondent": [], "text": []}
    return snap


def test_trust_is_the_mean_of_its_sub_items_then_of_the_raters():
    results = score_round(RoundData.from_snapshot(_snap(6)), k=5)
    cell = results.table("target")[("100",)]
    # rater i: trust = (i%4+1 + 8)/3 for i = 1..6 → sub-item means 2,3,4,1,2,3 → (18 + 48)/18
    assert cell.values["trust"] == pytest.approx((2 + 3 + 4 + 1 + 2 + 3 + 48) / 18)
    assert cell.values["value"] == pytest.approx(2.0)
    assert cell.n == 6
    assert results.table("macro_pair")[("CIVIL", "PUBLIC")].n == 6
    assert results.table("network")[(ALL,)].values["level"] == pytest.approx(3.0)


def test_a_target_rated_by_fewer_than_k_shows_nothing():
    results = score_round(RoundData.from_snapshot(_snap(4)), k=5)
    assert all(c.hidden for c in results.cells() if c.key != ("CIVIL_SOCIETY",))
    assert results.table("target")[("100",)].values is None


def test_self_ratings_are_dropped():
    snap = _snap(6)
    snap["relationship"]["target"][0] = 1  # organisation 1 rates itself
    results = score_round(RoundData.from_snapshot(snap), k=5)
    assert ("1",) not in results.table("target")
    assert results.table("target")[("100",)].n == 5


def test_several_respondents_of_one_organisation_count_once():
    snap = _snap(6)
    snap["invited"]["organisation"][1] = 1  # respondents 1 and 2 both work for organisation 1
    results = score_round(RoundData.from_snapshot(snap), k=5)
    cell = results.table("target")[("100",)]
    assert cell.n == 5
    # organisation 1's trust = mean of its two respondents' (2+8)/3 and (3+8)/3
    org1 = ((2 + 8) / 3 + (3 + 8) / 3) / 2
    others = [(v + 8) / 3 for v in (4, 1, 2, 3)]
    assert cell.values["trust"] == pytest.approx((org1 + sum(others)) / 5)


def test_reciprocity_compares_the_two_sides_of_a_pair():
    snap = _snap(6)
    rel = snap["relationship"]
    # the target answers back about raters 1..6 at level 3 (same) for 1-3 and 5 (differs) for 4-6
    snap["invited"]["respondent"].append(7)
    snap["invited"]["organisation"].append(100)
    snap["invited"]["responded"].append(True)
    snap["invited"]["counts"].append(True)
    snap["invited"]["invitee"].append(True)
    for i in range(1, 7):
        for col in rel:
            rel[col].append(rel[col][0])
        rel["respondent"][-1] = 7
        rel["target"][-1] = i
        rel["level"][-1] = 3 if i <= 3 else 5
    results = score_round(RoundData.from_snapshot(snap), k=5)
    cell = results.table("reciprocity")[(ALL, ALL)]
    assert cell.values["differ"] == pytest.approx(0.5)
    assert cell.values["gap"] == pytest.approx(1.0)
    assert cell.n == 7


def test_factor_scores_and_bands():
    snap = _snap(6)
    items = [i for i, f in snap["factor_of"].items() if f == "trust"]
    for r in range(1, 7):
        for item in items:
            snap["health"]["respondent"].append(r)
            snap["health"]["item"].append(item)
            snap["health"]["value"].append(4 if r <= 3 else 3)
    results = score_round(RoundData.from_snapshot(snap), k=5, bands=(4.0, 3.0))
    cell = results.table("factor:trust")[("trust", ALL)]
    assert cell.values["value"] == pytest.approx(3.5)
    assert band(cell.values["value"], results.bands) == "watch"
    assert band(4.2, (4.5, 3.5)) == "watch"


def test_hopes_count_a_respondent_who_picked_nothing_in_the_denominator():
    snap = _snap(6)
    for r in range(1, 7):
        snap["hopes_seen"]["respondent"].append(r)
        snap["hopes_seen"]["about"].append("PUBLIC")
    for r in (1, 2, 3):
        snap["hopes"]["respondent"].append(r)
        snap["hopes"]["about"].append("PUBLIC")
        snap["hopes"]["code"].append("fear:cooptation")
        snap["hopes"]["strength"].append(3)
    results = score_round(RoundData.from_snapshot(snap), k=5)
    cell = results.table("hopes:PUBLIC")[("PUBLIC", ALL)]
    assert cell.values["fear:cooptation:share"] == pytest.approx(0.5)
    assert cell.values["fear:cooptation"] == pytest.approx(1.5)
    assert cell.values["hope:reach:share"] == 0


@pytest.mark.parametrize(("writers", "shown"), [(7, False), (8, True)])
def test_comments_need_k_plus_three_organisations(writers, shown):
    snap = _snap(9)
    for r in range(1, writers + 1):
        snap["comments"]["respondent"].append(r)
        snap["comments"]["text"].append(f"note {r}")
    results = score_round(RoundData.from_snapshot(snap), k=5)
    assert (results.comments is not None) is shown
    if shown:
        assert results.comments == tuple(sorted(f"note {r}" for r in range(1, writers + 1)))


def test_survey_ties_carry_no_direction():
    snap = _snap(6)
    results = score_round(RoundData.from_snapshot(snap), k=5)
    assert results.ties == tuple((i, 100) for i in range(1, 7))


def test_survey_ties_become_a_directed_network_for_the_core():
    import pandas as pd

    from coalitionlens.core import survey_ties
    from coalitionlens.surveys.scoring import survey_tie_table

    data = RoundData.from_snapshot(_snap(6))
    table = survey_tie_table(data)
    assert list(table["target"].unique()) == [100]
    orgs = pd.DataFrame({"id": data.organisations["id"], "sector": data.organisations["sector"]})
    network = survey_ties(orgs, table)
    assert network.directed


def test_a_respondent_who_does_not_count_is_in_no_figure():
    snap = _snap(7)
    snap["invited"]["counts"][6] = False  # rater 7 (trust 4, 4, 4) was left out
    left_out = score_round(RoundData.from_snapshot(snap), k=5)
    alone = score_round(RoundData.from_snapshot(_snap(6)), k=5)
    assert left_out == alone
    assert left_out.table("target")[("100",)].n == 6


def test_a_snapshot_that_does_not_say_who_counts_counts_nobody():
    snap = _snap(6)
    del snap["invited"]["counts"]
    results = score_round(RoundData.from_snapshot(snap), k=3)
    assert all(c.hidden for c in results.cells())
    assert results.ties == ()

"""Hand-worked values on a star, two cliques joined by a bridge, and a path across three sectors."""

import math

import pytest

from coalitionlens.core import (
    betweenness,
    brokerage,
    centralisation,
    communities,
    components,
    composition,
    degree,
    ei_index,
    fragility,
    harmonic_closeness,
    k_cores,
    mixing_matrix,
    secretariat_dependence,
    structural_holes,
)
from coalitionlens.core.examples import sector_path, star, two_cliques


def test_the_hub_of_a_star_lies_between_every_pair_of_leaves() -> None:
    scores = betweenness(star()).scores["betweenness"]
    assert scores["hub"] == 6.0  # C(4, 2) leaf pairs
    assert scores.drop("hub").eq(0).all()


def test_a_star_is_perfectly_centralised() -> None:
    result = centralisation(star())
    assert (result.degree, result.betweenness, result.closeness) == (1.0, 1.0, 1.0)


def test_a_leaf_of_a_star_is_one_hop_from_the_hub_and_two_from_the_others() -> None:
    assert harmonic_closeness(star()).loc["a", "closeness"] == pytest.approx((1 + 3 * 0.5) / 4)


def test_the_hub_of_a_star_has_no_redundant_partners() -> None:
    holes = structural_holes(star())
    assert holes.loc["hub"].to_dict() == {
        "constraint": 0.25,
        "effective_size": 4.0,
        "efficiency": 1.0,
    }
    assert holes.loc["a", "constraint"] == 1.0


def test_the_secretariat_of_a_star_carries_every_cross_sector_path() -> None:
    result = secretariat_dependence(star(), "hub")
    # Ordered leaf pairs in different sectors: a, b, c, d are all in different sectors → 12.
    assert (result.share, result.only_through, result.pairs) == (1.0, 1.0, 12)


def test_removing_the_hub_of_a_star_leaves_only_isolates() -> None:
    steps = fragility(star(), remove=["hub"]).steps
    assert steps.loc[1, "components"] == 4
    assert steps.loc[1, "cross_sector_connected"] == 0.0
    assert steps.loc[0, "cross_sector_connected"] == 1.0


def test_star_brokerage_counts_liaison_for_leaves_of_three_other_sectors() -> None:
    raw = brokerage(star()).raw.loc["hub"]
    # Leaves: a GOVERNMENT, b BUSINESS, c CIVIL_SOCIETY (the hub's own), d FAITH_BASED;
    # each undirected tie runs both ways, so the 12 ordered leaf pairs are all open two-paths.
    assert raw["representative"] == 3  # c → hub → a, b, d
    assert raw["gatekeeper"] == 3  # a, b, d → hub → c
    assert raw["liaison"] == 6  # among a, b, d
    assert raw["coordinator"] == raw["itinerant"] == 0
    assert raw["total"] == 12


def test_the_bridge_ends_of_two_cliques_carry_all_between_clique_paths() -> None:
    scores = betweenness(two_cliques()).scores["betweenness"]
    # c1 lies on the paths from c2, c3, c4 to g1..g4 (12 pairs); likewise g1.
    assert scores["c1"] == 12.0
    assert scores["g1"] == 12.0
    assert scores["c2"] == 0.0


def test_two_cliques_mix_mostly_within_sector() -> None:
    result = ei_index(two_cliques())
    assert result.network == pytest.approx((1 - 12) / 13)
    assert result.by_sector.loc["CIVIL_SOCIETY"].to_dict() == {
        "internal": 6,
        "external": 1,
        "ei": pytest.approx(-5 / 7),
    }
    assert result.by_organisation.loc["c2", "ei"] == -1.0
    matrix = mixing_matrix(two_cliques(), normalise=True)
    assert matrix.loc["CIVIL_SOCIETY", "GOVERNMENT"] == pytest.approx(1 / 7)


def test_two_cliques_form_two_communities_and_one_three_core() -> None:
    result = communities(two_cliques(), seed=3)
    assert result.count == 2
    assert result.membership.loc["c1", "community"] != result.membership.loc["g1", "community"]
    assert set(k_cores(two_cliques())["core"]) == {3}
    assert components(two_cliques())["component_size"].eq(8).all()


def test_the_bridge_end_of_two_cliques_is_the_only_gatekeeper_and_representative() -> None:
    raw = brokerage(two_cliques()).raw
    assert raw.loc["c1", "representative"] == 3  # c2, c3, c4 → c1 → g1
    assert raw.loc["c1", "gatekeeper"] == 3  # g1 → c1 → c2, c3, c4
    assert raw.loc["c2"].sum() == 0


def test_the_middle_of_a_three_sector_path_is_a_liaison_both_ways() -> None:
    result = brokerage(sector_path())
    assert result.raw.loc["ngo", "liaison"] == 2
    assert result.raw.loc["ngo", "total"] == 2
    assert result.raw.loc["police"].sum() == 0


def test_a_three_sector_path_has_every_tie_crossing_sectors() -> None:
    assert ei_index(sector_path()).network == 1.0
    assert degree(sector_path())["degree"].tolist() == [1, 2, 1]
    assert betweenness(sector_path(), normalized=True).scores.loc["ngo", "betweenness"] == 1.0


def test_a_three_sector_path_spans_three_macro_sectors_evenly() -> None:
    result = composition(sector_path(), by="macro_sector")
    assert result.blau == pytest.approx(2 / 3)
    assert result.shannon == pytest.approx(math.log(3))
    assert result.absent == ("INTERNATIONAL",)

"""The coverage matrix on tiny hand-worked pathways: gaps, sole providers, unlinked stages."""

from __future__ import annotations

from coalitionlens.core.coverage import Offer, coverage

STAGES = ["IDENTIFICATION", "SHELTER", "LEGAL_AID"]


def _offer(service, org, stage, provinces=(), types=("LABOUR",), pops=("ADULTS",)):
    return Offer(service, org, stage, frozenset(types), frozenset(pops), frozenset(provinces))


def _cov(offers, ties=(), provinces=("North",), **kw):
    return coverage(
        offers, ties, provinces=list(provinces), stages=STAGES,
        types=kw.get("types", ["LABOUR"]), populations=kw.get("pops", ["ADULTS"]),
    )  # fmt: skip


def test_a_stage_missing_in_a_served_row_is_a_gap_and_an_unserved_row_is_not():
    cov = _cov(
        [_offer(1, 10, "IDENTIFICATION"), _offer(2, 20, "LEGAL_AID")], pops=["ADULTS", "MINORS"]
    )
    gaps = [(c.population, c.stage) for c in cov.gaps()]
    assert gaps == [("ADULTS", "SHELTER")]
    minors = [c for c in cov.cells if c.population == "MINORS"]
    assert all(not c.gap and not c.providers for c in minors)


def test_two_providers_are_not_fragile_and_one_is():
    cov = _cov([_offer(1, 10, "SHELTER"), _offer(2, 20, "SHELTER"), _offer(3, 30, "LEGAL_AID")])
    by_stage = {c.stage: c for c in cov.cells}
    assert not by_stage["SHELTER"].fragile
    assert by_stage["SHELTER"].providers == (10, 20)
    assert by_stage["LEGAL_AID"].fragile
    assert dict(cov.sole_providers()) == {30: 1}


def test_two_services_of_one_organisation_are_one_provider():
    cov = _cov([_offer(1, 10, "SHELTER"), _offer(2, 10, "SHELTER")])
    shelter = next(c for c in cov.cells if c.stage == "SHELTER")
    assert shelter.providers == (10,)
    assert shelter.fragile
    assert shelter.services == (1, 2)


def test_a_stage_is_unlinked_without_a_tie_from_the_nearest_earlier_stage():
    offers = [_offer(1, 10, "IDENTIFICATION"), _offer(3, 30, "LEGAL_AID")]
    legal = lambda cov: next(c for c in cov.cells if c.stage == "LEGAL_AID")  # noqa: E731
    assert legal(_cov(offers)).unlinked  # the shelter stage is a gap: the tie must skip it
    assert not legal(_cov(offers, ties=[(1, 3)])).unlinked
    assert legal(_cov(offers, ties=[(3, 1)])).unlinked  # a tie backwards joins nothing forwards


def test_an_organisation_offering_both_stages_needs_no_tie():
    cov = _cov([_offer(1, 10, "IDENTIFICATION"), _offer(2, 10, "SHELTER")])
    assert cov.unlinked() == []


def test_a_nationwide_offer_covers_every_province_and_a_local_one_only_its_own():
    offers = [_offer(1, 10, "IDENTIFICATION"), _offer(2, 20, "SHELTER", provinces=["North"])]
    cov = _cov(offers, ties=[(1, 2)], provinces=["North", "South"])
    assert [(c.province, c.stage) for c in cov.gaps()] == [
        ("North", "LEGAL_AID"), ("South", "SHELTER"), ("South", "LEGAL_AID"),
    ]  # fmt: skip
    whole = _cov(offers, ties=[(1, 2)], provinces=[None])
    assert [c.stage for c in whole.gaps()] == ["LEGAL_AID"]


def test_relabelling_organisations_changes_no_flag():
    offers = [_offer(1, 10, "IDENTIFICATION"), _offer(2, 20, "SHELTER"), _offer(3, 20, "LEGAL_AID")]
    swapped = [_offer(o.service, {10: 20, 20: 10}[o.organisation], o.stage) for o in offers]
    flags = lambda cov: [(c.gap, c.fragile, c.unlinked) for c in cov.cells]  # noqa: E731
    assert flags(_cov(offers)) == flags(_cov(swapped))

"""PERCEPTION_GAP groups respondents as k allows: by sector where every sector of a macro-sector
was published, else by the macro-sector, and the evidence says how many sectors were pooled so."""

from __future__ import annotations

import pytest

from coalitionlens.insights.diagnostics import diagnose
from coalitionlens.insights.facts import coalition_facts
from coalitionlens.insights.findings import Facts
from coalitionlens.insights.rules import rule_by_id
from coalitionlens.insights.tests.test_survey_facts import _answer, _health, _orgs
from coalitionlens.surveys import services
from coalitionlens.surveys.published import closed_rounds
from coalitionlens.surveys.tests.factories import SurveyRoundFactory

RULE = rule_by_id("PERCEPTION_GAP")


def _gaps(facts: Facts) -> list:
    return diagnose(facts, rules=[RULE])


def test_sectors_each_published_are_compared_as_sectors() -> None:
    found = _gaps(
        Facts(
            factor_scores={"trust": {"PRIVATE": 3.5}},
            factor_sector_scores={"trust": {"BUSINESS": 4.2, "MEDIA": 2.9}},
        )
    )
    assert [f.key for f in found] == ["trust|BUSINESS|MEDIA"]
    assert found[0].evidence == pytest.approx(
        {"first_sector": 4.2, "second_sector": 2.9, "gap": 1.3}
    )
    assert "Business" in found[0].signal
    assert "Media" in found[0].signal


def test_a_sector_below_k_falls_back_to_its_macro_sector_and_the_evidence_says_so() -> None:
    found = _gaps(
        Facts(
            factor_scores={"trust": {"CIVIL": 2.4, "PUBLIC": 4.1}},
            factor_sector_scores={"trust": {"GOVERNMENT": 4.6}},
            factor_sector_hidden={"trust": ("LAW_ENFORCEMENT",)},
        )
    )
    assert [f.key for f in found] == ["trust"]
    assert found[0].evidence == pytest.approx(
        {"civil": 2.4, "public": 4.1, "gap": 1.7, "pooled_sectors": 1}
    )
    assert "4.6" not in found[0].signal


def test_the_macro_sector_it_falls_back_to_may_show_no_gap_where_the_sector_would() -> None:
    # government alone (4.6) would be 1.1 above the NGOs, but law enforcement is too small to
    # show: the public sector as a whole (4.1) is only 0.6 above them
    assert not _gaps(
        Facts(
            factor_scores={"trust": {"CIVIL": 3.5, "PUBLIC": 4.1}},
            factor_sector_scores={"trust": {"GOVERNMENT": 4.6}},
            factor_sector_hidden={"trust": ("LAW_ENFORCEMENT",)},
        )
    )


def test_sectors_that_see_it_alike_raise_nothing() -> None:
    assert not _gaps(
        Facts(
            factor_scores={"trust": {"PRIVATE": 3.5, "CIVIL": 3.2}},
            factor_sector_scores={"trust": {"BUSINESS": 3.9, "MEDIA": 3.1}},
        )
    )


def _close(cast, round_) -> None:
    services.round_close(round=round_, actor=cast.alice)


@pytest.mark.django_db
def test_a_sector_group_too_small_is_hidden_and_so_is_its_sibling_it_would_give_away(
    cast, settings
):
    """Six NGOs score the coalition 2, five government bodies and one police unit 5 (k = 5): the
    police unit is below k, and government's own score would give it away (public − government),
    so both sector cells are hidden; the gap is published between NGOs and the public sector, with
    two sectors pooled."""
    settings.COALITIONLENS_SURVEY_K = 5
    round_ = SurveyRoundFactory(coalition=cast.lens)
    for org in _orgs(cast.lens, "CIVIL_SOCIETY", 6, "Shelter"):
        _answer(round_, org, _health(2))
    for org in _orgs(cast.lens, "GOVERNMENT", 5, "Department"):
        _answer(round_, org, _health(5))
    for org in _orgs(cast.lens, "LAW_ENFORCEMENT", 1, "Police unit"):
        _answer(round_, org, _health(4))
    _close(cast, round_)
    results = closed_rounds(coalition=cast.lens)[0].results
    factor = results.factors[0]
    cells = results.table(f"factor_sector:{factor}")
    assert set(cells) == {(factor, "GOVERNMENT"), (factor, "LAW_ENFORCEMENT")}
    assert all(cell.hidden for cell in cells.values())
    assert not results.table(f"factor:{factor}")[(factor, "PUBLIC")].hidden
    facts = coalition_facts(cast.lens, "coordinator")
    assert facts.factor_sector_hidden[factor] == ("GOVERNMENT", "LAW_ENFORCEMENT")
    found = [f for f in _gaps(facts) if f.key == factor]
    assert found
    assert found[0].evidence["pooled_sectors"] == 2
    assert found[0].evidence["public"] == pytest.approx((5 * 5 + 4) / 6)


@pytest.mark.django_db
def test_two_sectors_of_one_macro_sector_each_with_k_respondents_are_compared(cast, settings):
    settings.COALITIONLENS_SURVEY_K = 5
    round_ = SurveyRoundFactory(coalition=cast.lens)
    for org in _orgs(cast.lens, "GOVERNMENT", 5, "Department"):
        _answer(round_, org, _health(5))
    for org in _orgs(cast.lens, "LAW_ENFORCEMENT", 5, "Police unit"):
        _answer(round_, org, _health(2))
    _close(cast, round_)
    facts = coalition_facts(cast.lens, "coordinator")
    found = _gaps(facts)
    assert found
    assert all(f.key.endswith("|GOVERNMENT|LAW_ENFORCEMENT") for f in found)
    assert all(f.evidence == {"first_sector": 5.0, "second_sector": 2.0, "gap": 3.0} for f in found)
    assert all("pooled_sectors" not in f.evidence for f in found)

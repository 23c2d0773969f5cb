"""The survey rules on real closed rounds: they read published cells only (SAFETY.md "Survey
confidentiality"), the falls come from the round-against-round comparison, and a signal that sits
in a hidden cell raises nothing and shows up in no finding's evidence."""

from __future__ import annotations

import pytest

from coalitionlens.insights.diagnostics import diagnose
from coalitionlens.insights.facts import coalition_facts
from coalitionlens.insights.tests.test_survey_facts import (
    _answer,
    _health,
    _orgs,
    _relationship,
)
from coalitionlens.surveys import services
from coalitionlens.surveys.answering import AnswerIn
from coalitionlens.surveys.change import round_change
from coalitionlens.surveys.instruments import latest
from coalitionlens.surveys.published import closed_rounds
from coalitionlens.surveys.scoring import RoundData, families
from coalitionlens.surveys.tests.factories import SurveyRoundFactory

SURVEY_RULES = {"FACTOR_CONCERN", "SURVEY_FALL", "WIDESPREAD_FEAR", "PERCEPTION_GAP"}
#: Evidence that cites a published figure as it stands (gaps and falls are differences of them).
CITED = {
    "score",
    "before",
    "after",
    "civil",
    "public",
    "private",
    "international",
    "first_sector",
    "second_sector",
    "fear_share",
}


def _hopes(about: str, fears: list[str]) -> list[AnswerIn]:
    out = [AnswerIn("hopes_fears", "seen", None, about, True)]
    return out + [AnswerIn("hopes_fears", code, None, about, 2) for code in fears]


def _close(cast, round_) -> None:
    services.round_close(round=round_, actor=cast.alice)


def _survey_findings(cast) -> list:
    return [
        f for f in diagnose(coalition_facts(cast.lens, "coordinator")) if f.rule in SURVEY_RULES
    ]


def _published_values(cast) -> set[float]:
    return {
        round(v, 6)
        for shown in closed_rounds(coalition=cast.lens)
        for cell in shown.results.cells()
        if cell.values is not None
        for v in cell.values.values()
        if v == v
    }


def _assert_cites_published_figures_only(cast, findings) -> None:
    published = _published_values(cast)
    for f in findings:
        for key, value in f.evidence.items():
            if key in CITED:
                assert round(float(value), 6) in published, (f.rule, f.key, key, value)


@pytest.fixture
def ministry(cast):
    from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector

    return OrganisationFactory(
        coalition=cast.lens, name="Ministry M", sector=core_sector("GOVERNMENT")
    )


def _two_rounds(cast, ministry, *, later_trust: int, later_health: int):
    ngos = _orgs(cast.lens, "CIVIL_SOCIETY", 6, "Shelter")
    departments = _orgs(cast.lens, "GOVERNMENT", 6, "Department")
    rounds = []
    for trust, health in ((4, 4), (later_trust, later_health)):
        round_ = SurveyRoundFactory(coalition=cast.lens)
        for org in ngos:
            _answer(round_, org, _relationship(ministry.pk, trust) + _health(health))
        for org in departments:
            _answer(round_, org, _health(4))
        _close(cast, round_)
        rounds.append(round_)
    return rounds


def test_a_factor_and_a_trust_that_fell_since_the_last_round_raise_findings(cast, ministry):
    first, second = _two_rounds(cast, ministry, later_trust=2, later_health=3)
    facts = coalition_facts(cast.lens, "coordinator")
    assert facts.change_rounds == (first.title, second.title)
    # the same figures as the round-against-round view: one comparison
    change = round_change(coalition=cast.lens, before=first.pk, after=second.pk)
    shown = {c.key[0]: (c.before, c.after) for c in change.table("factor") if c.key[1:] == ("ALL",)}
    assert dict(facts.factor_changes) == shown
    assert set(shown) == {f["code"] for f in latest("health").factors}
    assert all(v == (pytest.approx(4.0), pytest.approx(3.5)) for v in shown.values())
    assert facts.trust_changes == {
        ("CIVIL_SOCIETY", "GOVERNMENT"): (pytest.approx(4.0), pytest.approx(2.0))
    }
    falls = [f for f in diagnose(facts) if f.rule == "SURVEY_FALL"]
    assert {f.key for f in falls} == {f"factor:{code}" for code in shown} | {
        "trust:CIVIL_SOCIETY|GOVERNMENT"
    }
    trust = next(f for f in falls if f.key.startswith("trust:"))
    assert trust.severity == "high"
    assert f"between “{first.title}” and “{second.title}”" in trust.signal
    by_factor = {f.key: f for f in falls}
    tensions = {f["code"]: f["tensions"][0] for f in latest("health").factors}
    assert all(by_factor[f"factor:{c}"].category == t for c, t in tensions.items())
    _assert_cites_published_figures_only(cast, falls)


def test_nothing_falls_when_the_later_round_says_the_same(cast, ministry):
    _two_rounds(cast, ministry, later_trust=4, later_health=4)
    facts = coalition_facts(cast.lens, "coordinator")
    assert facts.factor_changes
    assert facts.trust_changes
    assert not [f for f in diagnose(facts) if f.rule == "SURVEY_FALL"]


def test_one_round_only_compares_nothing(cast, ministry):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    for org in _orgs(cast.lens, "CIVIL_SOCIETY", 6, "Shelter"):
        _answer(round_, org, _relationship(ministry.pk, 1) + _health(2))
    _close(cast, round_)
    facts = coalition_facts(cast.lens, "coordinator")
    assert facts.change_rounds == ()
    assert facts.factor_changes == {}
    assert not [f for f in diagnose(facts) if f.rule == "SURVEY_FALL"]


def test_a_low_factor_and_a_widespread_fear_raise_findings(cast):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    for i, org in enumerate(_orgs(cast.lens, "CIVIL_SOCIETY", 6, "Shelter")):
        fears = ["fear:cooptation"] if i < 4 else []
        _answer(round_, org, _health(2) + _hopes("PUBLIC", fears) + _hopes("PRIVATE", fears[:0]))
    _close(cast, round_)
    findings = _survey_findings(cast)
    concerns = [f for f in findings if f.rule == "FACTOR_CONCERN"]
    factors = latest("health").factors
    assert {f.key for f in concerns} == {f["code"] for f in factors}
    assert all(f.severity == "high" for f in concerns)  # 2.0: a whole point below the band
    power = next(f for f in concerns if f.key == "shared_power")
    assert power.category == "POWER_ASYMMETRY"
    assert "Shared power at 2.00" in power.signal
    (fear,) = [f for f in findings if f.rule == "WIDESPREAD_FEAR"]
    assert fear.key == "PUBLIC|fear:cooptation"
    assert fear.evidence == {"fear_share": pytest.approx(4 / 6), "respondents": 6}
    assert "67% of the 6 organisations" in fear.signal
    assert "“Being co-opted”" in fear.signal
    assert fear.category == "COOPTATION"
    _assert_cites_published_figures_only(cast, findings)


def test_a_good_round_with_few_fears_raises_neither(cast):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    for i, org in enumerate(_orgs(cast.lens, "CIVIL_SOCIETY", 6, "Shelter")):
        _answer(round_, org, _health(4) + _hopes("PUBLIC", ["fear:cooptation"] if i < 2 else []))
    _close(cast, round_)
    assert not [
        f for f in _survey_findings(cast) if f.rule in {"FACTOR_CONCERN", "WIDESPREAD_FEAR"}
    ]


def test_a_gap_a_fear_and_a_fall_in_hidden_cells_raise_nothing_and_show_nowhere(
    cast, ministry, settings
):
    """Four government bodies (below k = 5) score the coalition 1 where six NGOs score it 4, all
    four fear co-optation, and four media organisations' trust in the ministry falls from 4 to 1.
    The raw figures would fire the gap, fear and fall rules; the published ones fire none of them,
    and no finding carries a hidden figure."""
    settings.COALITIONLENS_SURVEY_K = 5
    ngos = _orgs(cast.lens, "CIVIL_SOCIETY", 6, "Shelter")
    media = _orgs(cast.lens, "MEDIA", 5, "Paper")
    departments = _orgs(cast.lens, "GOVERNMENT", 4, "Department")
    first = SurveyRoundFactory(coalition=cast.lens)
    for org in ngos + media:
        _answer(first, org, _relationship(ministry.pk, 4))
    _close(cast, first)
    second = SurveyRoundFactory(coalition=cast.lens)
    for org in ngos:
        _answer(second, org, _relationship(ministry.pk, 4) + _health(4))
    for org in media[:4]:
        _answer(second, org, _relationship(ministry.pk, 1))
    for org in departments:
        _answer(second, org, _health(1) + _hopes("PUBLIC", ["fear:cooptation"]))
    _close(cast, second)
    second.refresh_from_db()

    raw = {}
    for fam, values in families(RoundData.from_snapshot(second.snapshot)).values():
        raw.update(dict(zip(zip(fam.tables, fam.keys, strict=True), values, strict=True)))
    assert raw[("factor:trust", ("trust", "PUBLIC"))]["value"] == pytest.approx(1.0)
    assert raw[("hopes:PUBLIC", ("PUBLIC", "ALL"))]["fear:cooptation:share"] == pytest.approx(1.0)
    assert raw[("sector_pair", ("MEDIA", "GOVERNMENT"))]["trust"] == pytest.approx(1.0)

    facts = coalition_facts(cast.lens, "coordinator")
    assert all("PUBLIC" not in scores for scores in facts.factor_scores.values())
    assert ("PUBLIC", "fear:cooptation") not in facts.fears
    assert ("MEDIA", "GOVERNMENT") not in facts.trust_changes
    findings = _survey_findings(cast)
    assert not [f for f in findings if f.rule in {"PERCEPTION_GAP", "WIDESPREAD_FEAR"}]
    assert not [f for f in findings if f.key.startswith("trust:MEDIA")]
    _assert_cites_published_figures_only(cast, findings)
    for f in findings:
        assert "1.0" not in f.signal
        assert "100%" not in f.signal


@pytest.mark.django_db
def test_on_the_demo_the_survey_rules_fire_from_published_cells():
    """Zembora invites its government partners, enough for a published perception gap, and its
    NGOs' trust in government falls; marivo's communication and planning fall into concern."""
    from coalitionlens.coalitions.models import Coalition
    from coalitionlens.conftest import _ensure_core_sectors
    from coalitionlens.demo.load import load_demo

    _ensure_core_sectors()
    load_demo(only=["zembora", "marivo"])
    fired: dict[str, set[str]] = {}
    for slug in ("zembora", "marivo"):
        coalition = Coalition.objects.get(slug=slug)
        facts = coalition_facts(coalition, "coordinator")
        findings = [f for f in diagnose(facts) if f.rule in SURVEY_RULES]
        fired[slug] = {f.rule for f in findings}
        published = {
            round(v, 6)
            for shown in closed_rounds(coalition=coalition)
            for cell in shown.results.cells()
            if cell.values is not None
            for v in cell.values.values()
        }
        for f in findings:
            assert all(round(float(v), 6) in published for k, v in f.evidence.items() if k in CITED)
        if slug == "zembora":
            gaps = [f for f in findings if f.rule == "PERCEPTION_GAP"]
            assert gaps
            # civil society and government compared as macro-sectors: each holds a sector with
            # fewer than k respondents, counted in it, and the evidence says how many
            assert all(
                set(f.evidence) - {"pooled_sectors"} == {"civil", "public", "gap"} for f in gaps
            )
            assert any(f.key in {g.split("|")[0] for g in facts.factor_scores} for f in gaps)
            assert all("PUBLIC" in s for s in facts.factor_scores.values())
            assert any(f.key == "trust:CIVIL_SOCIETY|GOVERNMENT" for f in findings)
        else:
            assert {"factor:communication", "factor:planning"} <= {f.key for f in findings}
            assert "communication" in {f.key for f in findings if f.rule == "FACTOR_CONCERN"}
    assert fired["zembora"] >= {"PERCEPTION_GAP", "SURVEY_FALL", "WIDESPREAD_FEAR"}
    assert fired["marivo"] >= {"FACTOR_CONCERN", "SURVEY_FALL", "WIDESPREAD_FEAR"}

"""Survey results join the diagnostics and the comparison: from the most recently closed round, and
only its published cells (SAFETY.md "Survey confidentiality": nothing from fewer than k)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.insights.comparison import compare_coalitions
from coalitionlens.insights.diagnostics import diagnose
from coalitionlens.insights.facts import coalition_facts
from coalitionlens.surveys import services
from coalitionlens.surveys.answering import AnswerIn
from coalitionlens.surveys.instruments import latest
from coalitionlens.surveys.scoring import RoundData, families
from coalitionlens.surveys.tests.factories import (
    RespondentFactory,
    SurveyRoundFactory,
    counting_organisation,
)

TRUST = ("trust_reliable", "trust_open", "trust_mission")
VALUE = ("value_resources", "value_influence", "value_involvement")


def _relationship(target: int, trust: int) -> list[AnswerIn]:
    out = [
        AnswerIn("relationship", "partners", None, "", [target]),
        AnswerIn("relationship", "frequency", target, "", 3),
        AnswerIn("relationship", "level", target, "", 3),
    ]
    out += [AnswerIn("relationship", code, target, "", trust) for code in TRUST]
    out += [AnswerIn("relationship", code, target, "", 3) for code in VALUE]
    return out


def _health(score: int) -> list[AnswerIn]:
    return [AnswerIn("health", item["code"], None, "", score) for item in latest("health").items]


def _answer(round_, org, answers: list[AnswerIn]) -> None:
    respondent = RespondentFactory(round=round_, organisation=org)
    response = services.consent_give(respondent=respondent)
    services.answers_save(response=response, replace=[], answers=answers)


def _orgs(coalition, sector: str, n: int, prefix: str) -> list:
    """Respondents' organisations: members for a year, so they count towards k."""
    return [
        counting_organisation(coalition=coalition, name=f"{prefix} {i}", sector=core_sector(sector))
        for i in range(n)
    ]


@pytest.fixture
def ministry(cast):
    return OrganisationFactory(
        coalition=cast.lens, name="Ministry M", sector=core_sector("GOVERNMENT")
    )


def _low_trust_round(cast, ministry, *, civil_trust: int = 1, civil_health: int = 2):
    """Six NGOs trust the ministry little (trust 1) and score the coalition's health low; six
    government bodies score it high. Still open: the caller closes it."""
    round_ = SurveyRoundFactory(coalition=cast.lens)
    for org in _orgs(cast.lens, "CIVIL_SOCIETY", 6, "Shelter"):
        _answer(round_, org, _relationship(ministry.pk, civil_trust) + _health(civil_health))
    for org in _orgs(cast.lens, "GOVERNMENT", 6, "Department"):
        _answer(round_, org, _health(5))
    return round_


def _rules(findings, rule: str) -> list:
    return [f for f in findings if f.rule == rule]


def test_no_closed_round_no_survey_facts(cast, ministry):
    _low_trust_round(cast, ministry)  # open: no results exist yet
    facts = coalition_facts(cast.lens, "coordinator")
    assert facts.trust_pairs == {}
    assert facts.factor_scores == {}
    findings = diagnose(facts)
    assert not _rules(findings, "LOW_TRUST_PAIR")
    assert not _rules(findings, "PERCEPTION_GAP")


def test_a_closed_round_with_low_trust_and_a_gap_triggers_both_rules(cast, ministry):
    round_ = _low_trust_round(cast, ministry)
    services.round_close(round=round_, actor=cast.alice)
    facts = coalition_facts(cast.lens, "coordinator")
    assert facts.trust_pairs == {("CIVIL_SOCIETY", "GOVERNMENT"): pytest.approx(1.0)}
    assert set(facts.factor_scores) == {f["code"] for f in latest("health").factors}
    for scores in facts.factor_scores.values():
        assert scores == {"CIVIL": pytest.approx(2.0), "PUBLIC": pytest.approx(5.0)}
    findings = diagnose(facts)
    (low,) = _rules(findings, "LOW_TRUST_PAIR")
    assert low.severity == "high"
    assert "Civil society organisation" in low.signal
    assert "Government" in low.signal
    gaps = _rules(findings, "PERCEPTION_GAP")
    assert len(gaps) == len(facts.factor_scores)
    label = latest("health").text(latest("health").factors[0], "en")
    assert any(label in g.signal for g in gaps)


def test_the_rules_stay_silent_when_the_survey_is_good(cast, ministry):
    round_ = _low_trust_round(cast, ministry, civil_trust=4, civil_health=5)
    services.round_close(round=round_, actor=cast.alice)
    facts = coalition_facts(cast.lens, "coordinator")
    assert facts.trust_pairs == {("CIVIL_SOCIETY", "GOVERNMENT"): pytest.approx(4.0)}
    findings = diagnose(facts)
    assert not _rules(findings, "LOW_TRUST_PAIR")
    assert not _rules(findings, "PERCEPTION_GAP")


def test_a_pair_with_fewer_than_k_raters_never_feeds_a_rule(cast, ministry, settings):
    """Four media organisations distrust the ministry (below k = 5); six NGOs trust it. The media
    cell is hidden, and whatever would give it away with it: no finding, no value in the facts."""
    settings.COALITIONLENS_SURVEY_K = 5
    round_ = SurveyRoundFactory(coalition=cast.lens)
    for org in _orgs(cast.lens, "CIVIL_SOCIETY", 6, "Shelter"):
        _answer(round_, org, _relationship(ministry.pk, 4))
    for org in _orgs(cast.lens, "MEDIA", 4, "Paper"):
        _answer(round_, org, _relationship(ministry.pk, 1))
    services.round_close(round=round_, actor=cast.alice)
    round_.refresh_from_db()
    # The raw figure would trigger the rule: the media pair's mean trust is 1.0 over 4 raters.
    fam, values = families(RoundData.from_snapshot(round_.snapshot))["relationship"]
    raw = dict(zip(zip(fam.tables, fam.keys, strict=True), values, strict=True))
    assert raw[("sector_pair", ("MEDIA", "GOVERNMENT"))]["trust"] == pytest.approx(1.0)

    facts = coalition_facts(cast.lens, "coordinator")
    assert ("MEDIA", "GOVERNMENT") not in facts.trust_pairs
    assert all(trust >= 2.5 for trust in facts.trust_pairs.values())
    assert not _rules(diagnose(facts), "LOW_TRUST_PAIR")


def test_closing_a_round_changes_the_findings_on_the_next_request(client, cast, ministry):
    client.force_login(cast.alice)
    url = reverse("insights_diagnostics", args=["lens"])
    round_ = _low_trust_round(cast, ministry)

    def rules() -> set[str]:
        return {item["finding"].rule for item in client.get(url).context["items"]}

    before = rules()
    assert "LOW_TRUST_PAIR" not in before
    assert rules() == before  # served from the cache
    services.round_close(round=round_, actor=cast.alice)
    after = rules()
    assert {"LOW_TRUST_PAIR", "PERCEPTION_GAP"} <= after


def test_the_comparison_shows_bands_and_responses_of_published_cells_only(client, cast, ministry):
    round_ = _low_trust_round(cast, ministry)
    services.round_close(round=round_, actor=cast.alice)
    table = compare_coalitions([(cast.lens, "analyst"), (cast.other, "analyst")])
    rows = {measure: values for _section, measure, values in table.rows}
    assert rows["Round"] == [round_.title, None]
    # 12 people of 12 invited; every factor banded over all 12 organisations (2 and 5 → 3.5).
    assert rows["People who responded (response rate)"] == ["12 (100%)", None]
    assert rows["Organisations responding"] == [12, None]
    assert rows["Responses per closed round, latest first"] == [f"{round_.title}: 12 (100%)", None]
    factor_rows = [m for m in rows if m.startswith("Factor: ")]
    assert len(factor_rows) == len(latest("health").factors)
    for measure in factor_rows:
        assert rows[measure] == ["3.50 (watch)", None]

    client.force_login(cast.carol)
    page = client.get(reverse("insights_compare", args=["lens"]))
    assert "3.50 (watch)" in page.content.decode()


def test_the_comparison_hides_response_figures_below_k(cast, ministry):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    for org in _orgs(cast.lens, "CIVIL_SOCIETY", 3, "Shelter"):
        _answer(round_, org, _health(2))
    services.round_close(round=round_, actor=cast.alice)
    table = compare_coalitions([(cast.lens, "analyst")])
    rows = {measure: values for _section, measure, values in table.rows}
    assert rows["Round"] == [round_.title]
    assert rows["People who responded (response rate)"] == [None]
    assert rows["Organisations responding"] == [None]
    assert rows["Responses per closed round, latest first"] == [f"{round_.title}: —"]
    assert not [m for m in rows if m.startswith("Factor: ")]
    facts = coalition_facts(cast.lens, "coordinator")
    assert facts.factor_scores == {}


@pytest.mark.django_db
def test_the_demo_rounds_reach_the_facts_and_the_compare_cli():
    from coalitionlens.cli.main import app
    from coalitionlens.coalitions.models import Coalition
    from coalitionlens.conftest import _ensure_core_sectors
    from coalitionlens.demo.load import load_demo
    from coalitionlens.surveys.published import latest_closed_round

    _ensure_core_sectors()
    load_demo(only=["marivo"])
    marivo = Coalition.objects.get(slug="marivo")
    closed = latest_closed_round(coalition=marivo)
    assert closed is not None
    published = {
        key: cell.values["trust"]
        for key, cell in closed.results.table("sector_pair").items()
        if cell.values is not None and cell.n is not None and cell.n >= closed.results.k
    }
    facts = coalition_facts(marivo, "coordinator")
    assert facts.trust_pairs
    for key, trust in facts.trust_pairs.items():
        assert published[key] == pytest.approx(trust)
    # Per macro-sector, a factor score is published only where enough organisations of each
    # group answered; whatever reaches the facts is such a published cell.
    for factor, scores in facts.factor_scores.items():
        table = closed.results.table(f"factor:{factor}")
        for group, value in scores.items():
            cell = table[(factor, group)]
            assert cell.values is not None
            assert cell.values["value"] == pytest.approx(value)
    low = [k for k, v in facts.trust_pairs.items() if v < 2.5]
    assert len(_rules(diagnose(facts), "LOW_TRUST_PAIR")) == len(low)

    result = CliRunner().invoke(app, ["compare", "marivo", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["measure"]: r["values"] for r in json.loads(result.stdout)["rows"]}
    assert rows["Round"] == [closed.title]
    assert rows["Responses per closed round, latest first"][0].count(":") == 2
    assert any(m.startswith("Factor: ") for m in rows)


@pytest.mark.parametrize("page", ["insights_diagnostics", "insights_compare"])
def test_survey_results_cost_the_same_queries_whatever_the_round_size(client, cast, page):
    from coalitionlens.insights.tests.test_query_counts import _count

    client.force_login(cast.alice)
    url = reverse(page, args=["lens"])
    target = OrganisationFactory(coalition=cast.lens, sector=core_sector("GOVERNMENT"))
    client.get(url)  # the first request of a session also writes the session

    def close_round(n: int) -> None:
        round_ = SurveyRoundFactory(coalition=cast.lens)
        for org in _orgs(cast.lens, "CIVIL_SOCIETY", n, f"Org {n}"):
            _answer(round_, org, _relationship(target.pk, 2) + _health(3))
        services.round_close(round=round_, actor=cast.alice)

    close_round(5)
    small = _count(client, url)
    close_round(20)
    large = _count(client, url)
    assert large == small, f"{page}: {small} queries after a round of 5, {large} after 20"

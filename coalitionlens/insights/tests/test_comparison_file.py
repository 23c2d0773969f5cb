"""A coalition's comparison column as a safe file: what it holds, and what a reader refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.demo.load import load_demo
from coalitionlens.insights.comparison import compare_coalitions
from coalitionlens.insights.comparison_file import (
    FORMAT,
    MAX_BYTES,
    VERSION,
    ColumnFileError,
    checksum,
    coalition_alias,
    column_bytes,
    column_read,
)

#: A fictional organisation's name, the kind a tampered file would try to slip in.
NAME = "Harbourline Shipping Co."


def _valid() -> dict[str, Any]:
    """A small valid file, written out by hand: profile, counts, a factor and a hopes cell."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "alias": "0A1B2C3D4E",
        "exported_on": "2026-11-30",
        "k": 5,
        "facts": {
            "founded": 2012,
            "origin": "CIVIL",
            "governance": "LEAD_ORGANISATION",
            "region": "SOUTHEAST_ASIA",
            "organisations": 60,
            "members": 20,
            "members_CIVIL": [15, 20],
            "practices_PUBLIC": [["POLICY_CONSULTATION", 4]],
            "tension:TRUST_SUSPICION": 2,
            "strategy:SHARED_LEADERSHIP": 1,
            "instruments": {"health": 1, "hopes_fears": 1},
            "survey_round": [None, "2026-06-30"],
            "survey_rounds": [[None, "2026-06-30", 9, 0.75]],
            "factor:trust": [3.4, "watch"],
            "fears:PUBLIC": [[["fear:retaliation", 0.6]]],
            "funding_top_share": 0.62,
            "funding_foreign_share": 0.9,
            "funding_funders": 4,
            "budget_asymmetry": [220.0, 6],
        },
    }
    doc["checksum"] = checksum(doc)
    return doc


def _bytes(doc: dict[str, Any], *, resign: bool = True) -> bytes:
    if resign:
        doc["checksum"] = checksum(doc)
    return json.dumps(doc).encode()


def test_a_valid_file_is_read_and_drawn_in_the_readers_words() -> None:
    column = column_read(_bytes(_valid()), name="study.json")
    assert column.alias == "0A1B2C3D4E"
    table = compare_coalitions([], files=[column])
    rows = {m: v for _s, m, v in table.rows}
    assert table.columns == ["Coalition 0A1B2C3D4E (file)"]
    assert table.refs == [{"file": "study.json", "alias": "0A1B2C3D4E"}]
    assert rows["Tensions: Trust and suspicion"] == [2]
    assert rows["Strategy: Shared leadership"] == [1]
    assert rows["Factor: Trust (1–5, band)"] == ["3.40 (watch)"]
    assert rows["Main fears about Government and law enforcement"] == ["Regulatory retaliation 60%"]
    assert rows["Round"] == ["2026-06-30"]
    # power and money: shares and counts, never a funder
    assert rows["Dependence on the top funder"] == ["62%"]
    assert rows["Funding from foreign donors"] == ["90%"]
    assert rows["Funders"] == [4]
    assert rows["Budget: best- to least-resourced member"] == ["220× (6 members with a band)"]


def _tamper(doc: dict[str, Any], change: str) -> None:
    facts = doc["facts"]
    if change == "a name for a practice code":
        facts["practices_PUBLIC"] = [[NAME, 4]]
    elif change == "a name as the round's title":
        facts["survey_round"] = [NAME, "2026-06-30"]
    elif change == "a name in the rounds' titles":
        facts["survey_rounds"] = [[NAME, "2026-06-30", 9, 0.75]]
    elif change == "a name as the alias":
        doc["alias"] = NAME
    elif change == "a name as a fact":
        facts[f"partner:{NAME}"] = 1
    elif change == "a name as a field":
        doc["coalition"] = NAME
    elif change == "a name as a governance model":
        facts["governance"] = NAME
    elif change == "a name as a hope":
        facts["fears:PUBLIC"] = [[[NAME, 0.6]]]
    elif change == "a name as a factor":
        facts[f"factor:{NAME}"] = [3.0, "watch"]
    elif change == "a factor with its respondents":
        facts["factor:trust"] = [3.4, "watch", 9]
    elif change == "fears with their respondents":
        facts["fears:PUBLIC"] = [[["fear:retaliation", 0.5]], 9]
    elif change == "responses from 3 people":
        facts["survey_rounds"] = [[None, "2026-06-30", 3, 0.5]]
    elif change == "a k below 3":
        doc["k"] = 2
    elif change == "a share above its total":
        facts["members_CIVIL"] = [25, 20]
    elif change == "a count as text":
        facts["organisations"] = "60"
    elif change == "a count as true":
        facts["members"] = True
    elif change == "a funder's name as the top funder's share":
        facts["funding_top_share"] = NAME
    elif change == "a funder named with its share":
        facts["funding_top_share"] = [NAME, 0.62]
    elif change == "a share of funding above one":
        facts["funding_foreign_share"] = 1.5
    elif change == "a name as a funders count":
        facts["funding_funders"] = NAME
    elif change == "an asymmetry below one":
        facts["budget_asymmetry"] = [0.5, 6]
    elif change == "an unknown instrument version":
        facts["instruments"] = {"health": 99}
    else:
        raise AssertionError(change)


TAMPERED = [
    "a name for a practice code",
    "a name as the round's title",
    "a name in the rounds' titles",
    "a name as the alias",
    "a name as a fact",
    "a name as a field",
    "a name as a governance model",
    "a name as a hope",
    "a name as a factor",
    "a factor with its respondents",
    "fears with their respondents",
    "responses from 3 people",
    "a k below 3",
    "a share above its total",
    "a count as text",
    "a count as true",
    "a funder's name as the top funder's share",
    "a funder named with its share",
    "a share of funding above one",
    "a name as a funders count",
    "an asymmetry below one",
    "an unknown instrument version",
]


@pytest.mark.parametrize("change", TAMPERED)
def test_a_tampered_file_is_refused_whole_naming_the_file(change: str) -> None:
    doc = _valid()
    _tamper(doc, change)
    with pytest.raises(ColumnFileError) as refused:
        column_read(_bytes(doc), name="tampered.json")
    message = str(refused.value)
    assert message.startswith("tampered.json: ")
    assert NAME not in message


def test_a_file_published_at_a_lower_k_than_the_readers_is_refused(settings) -> None:
    data = _bytes(_valid())  # published at k = 5
    settings.COALITIONLENS_SURVEY_K = 10
    with pytest.raises(ColumnFileError, match="at least 10"):
        column_read(data, name="study.json")
    settings.COALITIONLENS_SURVEY_K = 5
    assert column_read(data, name="study.json").alias == "0A1B2C3D4E"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe not text", "not JSON"),
        (b"[1, 2]", "marker"),
        (json.dumps({"format": "something else"}).encode(), "marker"),
        (json.dumps({"format": FORMAT, "version": 3}).encode(), "version"),
        (json.dumps({"format": FORMAT, "version": 1}).encode(), "^other.json: format version 1"),
        (b" " * (MAX_BYTES + 1), "larger than"),
    ],
)
def test_what_is_not_a_column_file_is_refused_saying_why(data: bytes, problem: str) -> None:
    with pytest.raises(ColumnFileError, match=problem):
        column_read(data, name="other.json")


def test_a_file_changed_without_its_checksum_is_refused() -> None:
    doc = _valid()
    doc["facts"]["organisations"] = 61
    with pytest.raises(ColumnFileError, match="checksum"):
        column_read(_bytes(doc, resign=False), name="edited.json")


@pytest.mark.django_db
def test_an_exported_column_names_nobody_and_reads_back_as_the_local_one() -> None:
    load_demo(only=["marivo"])
    coalition = Coalition.objects.get(slug="marivo")
    data = column_bytes(coalition=coalition)
    text = data.decode()
    for name in Organisation.objects.filter(coalition=coalition).values_list("name", flat=True):
        assert name not in text
    assert coalition.name not in text
    assert coalition.slug not in text
    rounds = list(coalition.survey_rounds.values_list("title", flat=True))
    assert rounds
    assert not any(t in text for t in rounds)
    assert json.loads(text)["alias"] == coalition_alias(coalition)

    column = column_read(data, name="marivo.json")
    table = compare_coalitions([(coalition, "coordinator")], files=[column])
    assert table.refs[0] == {"slug": "marivo", "id": coalition.pk, "name": coalition.name}
    differ = [
        (m, v)
        for s, m, v in table.rows
        if v[0] != v[1] and m not in ("Round", "Responses per closed round, latest first")
    ]
    assert differ == []
    rows = {m: v for _s, m, v in table.rows}
    assert rows["Factor: Trust (1–5, band)"][1] is not None
    assert any(m.startswith("Main fears about") and v[1] for m, v in rows.items())


def _numbers(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


@pytest.mark.django_db
def test_an_exported_column_carries_no_respondent_count_of_a_survey_cell() -> None:
    from coalitionlens.surveys.published import closed_rounds

    load_demo(only=["marivo"])
    coalition = Coalition.objects.get(slug="marivo")
    latest = closed_rounds(coalition=coalition)[0]
    counts = set()
    for key in latest.results.factors:
        counts |= {c.n for c in latest.results.table(f"factor:{key}").values() if c.n}
    for about in ("PUBLIC", "PRIVATE", "CIVIL"):
        counts |= {c.n for c in latest.results.table(f"hopes:{about}").values() if c.n}
    assert counts
    facts = json.loads(column_bytes(coalition=coalition))["facts"]
    cells = {k: v for k, v in facts.items() if k.partition(":")[0] in ("factor", "hopes", "fears")}
    assert cells
    assert [k for k, v in cells.items() if _numbers(v)] == []  # no count at all in a survey cell
    table = compare_coalitions(
        [(coalition, "coordinator")],
        files=[column_read(column_bytes(coalition=coalition), name="marivo.json")],
    )
    survey = [(m, v) for _s, m, v in table.rows if m.startswith(("Factor:", "Main "))]
    assert survey
    assert all(v[0] == v[1] and v[0] is not None for _m, v in survey)

"""The exercise library's data file: every exercise complete in every language, valid codes, steps
that vary, and a strict check that names the exercise and the field of any fault."""

from __future__ import annotations

import copy
import json
import re

import pytest

from coalitionlens.coalitions.vocab import StrategyCategory, TensionCategory
from coalitionlens.insights.exercises import (
    KINDS,
    LANGUAGES,
    LIBRARY,
    TEXT_FIELDS,
    LibraryError,
    exercise_by_id,
    exercises,
    load_library,
    validate,
)

#: The ids other parts of the product (diagnostic rules, reports) name: they must never go away.
KEPT_IDS = {
    "relationship-map", "power-walk", "hopes-fears-round", "rotating-chair", "broker-succession",
    "engagement-ladder", "red-lines-charter", "member-pulse-call", "follow-up-clinic",
    "consultation-debrief", "data-sharing-protocol", "civic-space-scan", "donor-table",
    "survivor-voice-audit", "values-dialogue", "cross-sector-pairs",
}  # fmt: skip
# French typography: a high punctuation mark after a word needs its no-break space (U+00A0/U+202F).
FRENCH_WRONG = re.compile(r"(?<![\u00a0\u202f:;!?])[:;!?](?=[ \t\n]|$|\)|»)")
KHMER = re.compile(r"[\u1780-\u17ff]")


def _doc() -> dict:
    return json.loads(LIBRARY.read_text(encoding="utf-8"))


def test_the_library_has_24_exercises_and_keeps_every_earlier_id():
    ids = [e.id for e in exercises()]
    assert len(ids) >= 24
    assert len(set(ids)) == len(ids)
    assert set(ids) >= KEPT_IDS


def test_the_topics_the_issue_asks_for_are_there():
    for exercise_id, category in [
        ("handover-file", "TURNOVER_BURNOUT"),
        ("who-is-in-the-room", "SOCIAL_LOCATION"),
        ("plan-on-a-wall", "DIFFERING_PROCESSES"),
        ("donor-dependence-review", "DONOR_COMPETITION"),
    ]:
        e = exercise_by_id(exercise_id)
        assert e is not None
        assert category in e.categories


def test_every_exercise_has_every_field_in_every_language():
    for e in exercises():
        assert e.minutes > 0
        assert 1 <= e.group_min <= e.group_max
        assert set(e.text) == set(LANGUAGES)
        for lang in LANGUAGES:
            text = e.text[lang]
            assert set(text) == set(TEXT_FIELDS), (e.id, lang)
            for field in TEXT_FIELDS:
                values = text[field] if isinstance(text[field], list) else [text[field]]
                assert values, (e.id, lang, field)
                assert all(isinstance(v, str) and v.strip() for v in values), (
                    e.id, lang, field,
                )  # fmt: skip
            assert len(text["steps"]) == len(e.text["en"]["steps"])
            assert len(text["materials"]) == len(e.text["en"]["materials"])
        # written in each language, not copied from English
        assert e.text["fr"]["title"] != e.text["en"]["title"]
        assert e.text["fr"]["risks"] != e.text["en"]["risks"]
        for field in ("title", "purpose", "when", "notes", "risks", "bring_back"):
            assert KHMER.search(e.text["km"][field]), (e.id, field)
        assert all(KHMER.search(s) for s in e.text["km"]["steps"]), e.id


def test_the_number_of_steps_varies():
    counts = {len(e.text["en"]["steps"]) for e in exercises()}
    assert len(counts) >= 4
    assert min(counts) >= 3
    assert max(counts) <= 9


def test_kinds_categories_and_strategies_are_valid_codes():
    library = exercises()
    assert {e.kind for e in library} == set(KINDS)
    assert {c for e in library for c in e.categories} == set(TensionCategory.values)
    for e in library:
        assert set(e.categories) <= set(TensionCategory.values), e.id
        assert set(e.strategies) <= set(StrategyCategory.values), e.id
        assert e.strategies
        assert e.categories


def test_the_french_text_has_its_no_break_spaces():
    wrong = []
    for e in exercises():
        for field, value in e.text["fr"].items():
            for v in value if isinstance(value, list) else [value]:
                if FRENCH_WRONG.search(v) or "« " in v or " »" in v:
                    wrong.append((e.id, field, v))
    assert wrong == []


def test_filters_by_kind_and_by_category_combine():
    building = exercises(kind="BUILDING")
    assert building
    assert all(e.kind == "BUILDING" for e in building)
    social = exercises(category="SOCIAL_LOCATION")
    assert social
    assert all("SOCIAL_LOCATION" in e.categories for e in social)
    both = exercises(kind="TROUBLESHOOTING", category="SOCIAL_LOCATION")
    assert (
        {e.id for e in both}
        == {e.id for e in social if e.kind == "TROUBLESHOOTING"}
        == {"power-walk", "who-is-in-the-room"}
    )
    assert exercises() == exercises(kind="", category="")


def test_a_regional_language_falls_back_to_its_base_then_english():
    e = exercises()[0]
    assert e.in_language("fr-ca") == e.text["fr"]
    assert e.in_language("sw") == e.text["en"]


# --- the strict check at load --------------------------------------------------------------


def _broken(change) -> dict:
    doc = copy.deepcopy(_doc())
    change(doc)
    return doc


def _second(doc: dict) -> dict:
    return doc["exercises"][1]


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda d: _second(d)["text"]["fr"].pop("risks"), "text.fr.risks", "missing"),
        (lambda d: _second(d)["text"]["km"].update(notes=" "), "text.km.notes", "non-empty"),
        (lambda d: _second(d)["text"]["en"].update(extra="x"), "text.en.extra", "unknown field"),
        (lambda d: _second(d)["text"].pop("km"), "text.km", "missing"),
        (lambda d: _second(d)["text"]["km"]["steps"].pop(), "text.km.steps", "as many"),
        (lambda d: _second(d)["text"]["en"].update(materials="rope"), "text.en.materials", "list"),
        (lambda d: _second(d).update(kind="PLAYING"), "kind", "unknown kind"),
        (lambda d: _second(d).update(categories=["NOPE"]), "categories", "unknown code"),
        (lambda d: _second(d).update(strategies=[]), "strategies", "non-empty"),
        (lambda d: _second(d).update(minutes="90"), "minutes", "whole number"),
        (lambda d: _second(d)["group"].update(min=9, max=3), "group", "min <= max"),
        (lambda d: _second(d).pop("group"), "group", "missing"),
        (lambda d: _second(d).update(colour="red"), "colour", "unknown field"),
    ],
)
def test_a_fault_in_the_file_names_the_exercise_and_the_field(change, field, problem):
    doc = _broken(change)
    with pytest.raises(LibraryError) as caught:
        validate(doc, "library.v2.json")
    message = str(caught.value)
    assert "exercise 'power-walk'" in message
    assert f"field {field!r}" in message
    assert problem in message


def test_a_repeated_id_a_wrong_version_or_too_few_steps_is_refused():
    doc = _broken(lambda d: _second(d).update(id="relationship-map"))
    with pytest.raises(LibraryError, match="'relationship-map', field 'id': appears twice"):
        validate(doc)
    with pytest.raises(LibraryError, match="version 1"):
        validate(_broken(lambda d: d.update(version=1)))

    def two_steps(d):
        for lang in LANGUAGES:
            del _second(d)["text"][lang]["steps"][2:]

    with pytest.raises(LibraryError, match=r"field 'text\.en\.steps': 2 steps"):
        validate(_broken(two_steps))


def test_loading_a_broken_file_fails_with_the_named_fault(tmp_path):
    path = tmp_path / "library.v2.json"
    path.write_text(
        json.dumps(_broken(lambda d: _second(d)["text"]["km"].pop("when"))), encoding="utf-8"
    )
    with pytest.raises(
        LibraryError, match=r"library\.v2\.json: exercise 'power-walk', field 'text\.km\.when'"
    ):
        load_library(path)
    assert len(load_library()) == len(exercises())

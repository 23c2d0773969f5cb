from __future__ import annotations

from coalitionlens.coalitions.vocab import TensionCategory
from coalitionlens.insights.exercises import exercises


def test_the_library_has_at_least_12_exercises_in_three_languages():
    library = exercises()
    assert len(library) >= 12
    for e in library:
        for lang in ("en", "fr", "km"):
            text = e.text[lang]
            assert text["title"]
            assert text["purpose"]
            assert text["participants"]
            assert text["bring_back"]
            assert len(text["steps"]) >= 3
        assert e.text["fr"]["title"] != e.text["en"]["title"]
        assert e.minutes > 0


def test_every_tension_category_has_an_exercise_and_every_kind_is_used():
    library = exercises()
    assert {c for e in library for c in e.categories} == set(TensionCategory.values)
    assert {e.kind for e in library} == {"BUILDING", "EVALUATING", "TROUBLESHOOTING"}


def test_a_regional_language_falls_back_to_its_base_then_english():
    e = exercises()[0]
    assert e.in_language("fr-ca") == e.text["fr"]
    assert e.in_language("sw") == e.text["en"]

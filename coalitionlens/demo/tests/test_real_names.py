"""DESIGN.md §9: real organisations' names appear nowhere in demo data."""

from __future__ import annotations

import pytest

from coalitionlens.demo.generate import build_plan
from coalitionlens.demo.names import contains_real_name
from coalitionlens.demo.profiles import PROFILES


@pytest.mark.parametrize(
    "text",
    ["UNICEF shelter", "a grant from World Vision", "the IOM office", "save the children fund"],
)
def test_the_scanner_catches_real_names(text: str) -> None:
    assert contains_real_name(text) is not None


@pytest.mark.parametrize(
    "text", ["Kestrel Valley Women’s Shelter Network", "Lantern Rise Partners", "Milo Bay"]
)
def test_the_scanner_lets_invented_names_through(text: str) -> None:
    assert contains_real_name(text) is None


@pytest.mark.parametrize("seed", [2019, 1, 2, 3, 4, 5])
def test_no_generated_name_or_text_is_a_real_organisations(seed: int) -> None:
    for profile in PROFILES:
        plan = build_plan(profile, seed=seed)
        texts = [plan.name, plan.country, plan.description]
        texts += [t for o in plan.organisations for t in (o.name, o.acronym, o.city)]
        texts += [u.name for u in plan.units]
        texts += [
            t
            for e in plan.engagements
            for t in (e.title, e.description, e.follow_up, e.outcome_notes)
        ]
        texts += [t for x in (*plan.tensions, *plan.strategies) for t in (x.title, x.description)]
        found = {t: hit for t in texts if t and (hit := contains_real_name(t))}
        assert found == {}

"""The instruments are data files: complete in every language, versioned, and checked on load."""

from __future__ import annotations

import copy
import json

import pytest

from coalitionlens.coalitions.vocab import PracticeType, TensionCategory
from coalitionlens.surveys import instruments
from coalitionlens.surveys.instruments import InstrumentError, load, validate


def _data(code: str) -> dict:
    return copy.deepcopy(instruments.latest(code).data)


def test_every_shipped_instrument_loads_and_has_every_language():
    found = instruments.available()
    assert {"relationship", "health", "hopes_fears", "notice"} <= set(found)
    for code, versions in found.items():
        for version in versions:
            assert load(code, version).version == version


def test_the_tension_codes_are_the_vocabulary_s():
    assert set(TensionCategory.values) == instruments.TENSION_CODES


def test_the_inventory_has_25_to_40_statements_on_a_1_to_5_scale_covering_every_tension():
    health = instruments.latest("health")
    assert 25 <= len(health.items) <= 40
    assert all(health.values(i["scale"]) == [1, 2, 3, 4, 5] for i in health.items)
    covered = {t for f in health.factors for t in f["tensions"]}
    assert covered == set(TensionCategory.values)


def test_trust_and_value_each_have_three_sub_items_on_1_to_4():
    rel = instruments.latest("relationship")
    for composite in ("trust", "value"):
        subs = [i for i in rel.items if i.get("composite") == composite]
        assert len(subs) == 3
        assert all(rel.values(i["scale"]) == [1, 2, 3, 4] for i in subs)
    assert rel.values("level") == [0, 1, 2, 3, 4, 5]
    assert {c["value"] for c in rel.data["practices"]["choices"]} <= set(PracticeType.values)


def test_hopes_and_fears_cover_the_design_lists_about_three_macro_sectors():
    hf = instruments.latest("hopes_fears")
    assert [a["code"] for a in hf.data["about"]] == ["PUBLIC", "PRIVATE", "INTERNATIONAL"]
    assert len(hf.data["hopes"]) == 7
    assert len(hf.data["fears"]) == 7


def test_text_falls_back_to_english_and_reads_each_language():
    health = instruments.latest("health")
    item = health.items[0]
    assert health.text(item, "km") != health.text(item, "en")
    assert health.text(item, "xx") == health.text(item, "en")


@pytest.mark.parametrize(
    ("code", "breaks", "message"),
    [
        ("health", lambda d: d["items"][0]["text"].pop("km"), "'km'"),
        ("health", lambda d: d.__setitem__("items", d["items"][:20]), "25 to 40"),
        ("health", lambda d: d["factors"][0].__setitem__("tensions", ["NOPE"]), "tensions"),
        ("health", lambda d: d["items"][3].__setitem__("factor", "nowhere"), "unknown factor"),
        ("health", lambda d: d["items"].append(dict(d["items"][0])), "repeated"),
        ("relationship", lambda d: d["items"].pop(0), "frequency"),
        ("relationship", lambda d: d["scales"]["level"]["choices"].pop(), "0 to 5"),
        ("hopes_fears", lambda d: d["about"][0].__setitem__("code", "MARS"), "macro-sector"),
        ("notice", lambda d: d.pop("agree"), "agree"),
        ("health", lambda d: d.__setitem__("kind", "quiz"), "unknown kind"),
    ],
)
def test_validation_names_what_is_wrong(code, breaks, message):
    data = _data(code)
    breaks(data)
    with pytest.raises(InstrumentError, match=message):
        validate(data)


def test_a_file_whose_name_and_version_disagree_is_refused(tmp_path):
    data = _data("health")
    (tmp_path / "health.v2.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InstrumentError, match="do not match"):
        load("health", 2, tmp_path)
    with pytest.raises(InstrumentError, match="no instrument"):
        load("health", 9, tmp_path)

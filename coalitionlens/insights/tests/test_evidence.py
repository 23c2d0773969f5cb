"""A finding's evidence reads in words, with numbers in the reader's language
(coalitionlens/insights/evidence.py): never an English key nor a raw float."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from coalitionlens.insights.diagnostics import diagnose
from coalitionlens.insights.evidence import BY_RULE, EVIDENCE, evidence_lines, evidence_value
from coalitionlens.insights.rules import rule_by_id
from coalitionlens.insights.tests.test_number_format import _get, marivo  # noqa: F401
from coalitionlens.insights.tests.test_rules import CASES


def _emitted() -> set[tuple[str, str]]:
    """(rule, key) of every evidence item the rules report, each rule run on the facts that make
    it fire (``test_rules`` checks that those cases cover every rule)."""
    out = set()
    for rule_id, (fires, _quiet) in CASES.items():
        findings = diagnose(fires, rules=[rule_by_id(rule_id)])
        assert findings, rule_id
        out |= {(rule_id, k) for f in findings for k in f.evidence}
    return out


def test_every_evidence_key_a_rule_reports_has_a_label_and_a_format():
    emitted = _emitted()
    assert len(emitted) > 40
    missing = sorted(rk for rk in emitted if rk not in BY_RULE and rk[1] not in EVIDENCE)
    assert missing == []
    # and no label is left over for a key no rule reports any more
    assert set(EVIDENCE) - {k for _, k in emitted} == set()
    assert set(BY_RULE) - emitted == set()


def test_evidence_values_follow_the_language():
    with translation.override("fr"):
        assert evidence_value("dependence_on_secretariat", 0.7049) == "70\u202f%"
        assert evidence_value("ei_index", -0.5) == "−0,50"
        assert evidence_value("trust", 1.849) == "1,8"
        assert evidence_value("longest_days", 400) == "400 jours"
        assert evidence_value("members_per_staff", 20.0) == "20,0"
        assert evidence_value("never_contacted", None) == "—"
    with translation.override("en"):
        assert evidence_value("dependence_on_secretariat", 0.7049) == "70%"
        assert evidence_value("ei_index", 0.25) == "+0.25"
        assert evidence_value("active_members", 1234) == "1,234"
        lines = evidence_lines({"share": 0.6}, "QUIET_MEMBERS")
        assert lines == [("Share of active members with no engagement", "60%")]


_EVIDENCE_ROW = re.compile(
    r'<tr data-evidence><th scope="row" class="fw-normal">([^<]*)</th>'
    r'<td class="text-end">([^<]*)</td></tr>'
)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "km"])
def test_the_diagnostics_page_shows_evidence_in_words(client, marivo, lang):  # noqa: F811
    html = _get(client, marivo, "insights_diagnostics", lang)
    rows = _EVIDENCE_ROW.findall(html)
    assert len(rows) >= 5, rows
    with translation.override("en"):
        english = {str(label) for label, _ in [*EVIDENCE.values(), *BY_RULE.values()]}
    for label, value in rows:
        assert "_" not in label, label
        assert label not in EVIDENCE, label
        # in the reader's language (French writes "Engagements" as English does)
        assert label not in english or label == "Engagements", label
        assert lang == "fr" or not re.search(r"[a-z]", label), label
        # the decimal mark is "," in both; "." groups thousands in Khmer: never more than the
        # formatter's decimals, never an English decimal point
        assert not re.search(r",\d{3}|\.\d{1,2}(?!\d)|\.\d{4}", value), value
    # nor anywhere else on the page: not one evidence key in the text a reader sees
    text = re.sub(r"<[^>]+>", " ", html)
    keys = [k for k in EVIDENCE if "_" in k and re.search(rf"\b{k}\b", text)]
    assert keys == []
    if lang == "fr":
        assert [v for _, v in rows if re.search(r"\d,\d", v)], rows

"""The survivor-inclusion rules say each absence once: where SURVIVOR_VOICE already says survivor-led
members are absent from every decision, the board-seat and lead rules stay silent."""

from __future__ import annotations

from coalitionlens.insights.diagnostics import diagnose
from coalitionlens.insights.findings import Facts

SURVIVOR_RULES = {"SURVIVOR_VOICE", "SURVIVOR_NO_BOARD_SEAT", "SURVIVOR_NO_LEAD"}


def _fired(facts: Facts) -> set[str]:
    return {f.rule for f in diagnose(facts)} & SURVIVOR_RULES


def test_voiceless_survivor_members_raise_one_finding_not_three():
    facts = Facts(
        survivor_led=3,
        survivor_led_with_voice=0,
        survivor_has_board=True,
        led_engagements_last_year=9,
    )
    assert _fired(facts) == {"SURVIVOR_VOICE"}


def test_survivor_members_in_working_groups_but_off_the_board_and_leading_nothing():
    facts = Facts(
        survivor_led=3,
        survivor_led_with_voice=2,
        survivor_has_board=True,
        led_engagements_last_year=9,
    )
    assert _fired(facts) == {"SURVIVOR_NO_BOARD_SEAT", "SURVIVOR_NO_LEAD"}


def test_no_board_no_board_seat_finding():
    assert _fired(Facts(survivor_led=3, survivor_led_with_voice=3)) == set()


def test_no_survivor_led_member_no_finding():
    facts = Facts(survivor_has_board=True, led_engagements_last_year=20)
    assert _fired(facts) == set()

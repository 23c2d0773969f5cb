"""The demo tells issue 18's survivor-inclusion story: in Zembora survivor-led members hold no
board seat and the rule names it; in the other two coalitions one sits on the board."""

from __future__ import annotations

import pytest

from coalitionlens.coalitions.models import Coalition
from coalitionlens.demo.inclusion import NO_SURVIVOR_BOARD_SEAT
from coalitionlens.demo.load import DEMO_SLUGS, load_demo
from coalitionlens.insights.facts import coalition_findings
from coalitionlens.insights.inclusion import survivor_inclusion

pytestmark = pytest.mark.django_db


def test_only_zembora_has_survivor_led_members_without_a_board_seat() -> None:
    load_demo()
    assert {"zembora"} == NO_SURVIVOR_BOARD_SEAT
    for slug in DEMO_SLUGS:
        coalition = Coalition.objects.get(slug=slug)
        inc = survivor_inclusion(coalition, "coordinator")
        rules = {f.rule for f in coalition_findings(coalition, "coordinator")}
        assert inc.survivor_members >= 1, slug
        assert inc.has_board, slug
        if slug == "zembora":
            assert inc.on_board == 0
            assert inc.seats(("BOARD",)).survivor_seats == 0
            assert inc.seated >= 1  # on a working group: present, but not where decisions are taken
            assert "SURVIVOR_NO_BOARD_SEAT" in rules
            assert "SURVIVOR_VOICE" not in rules
        else:
            assert inc.on_board >= 1, slug
            assert "SURVIVOR_NO_BOARD_SEAT" not in rules, slug

"""A report table whose every row is hidden is folded as on the results page: no table (a header
row over nothing) but the one line that counts what was folded, in the section's note."""

from __future__ import annotations

import datetime as dt

from coalitionlens.reports.selectors import _survey_section
from coalitionlens.surveys.models import RoundStatus
from coalitionlens.surveys.services import round_close
from coalitionlens.surveys.tests.factories import RespondentFactory


def test_a_fully_hidden_table_prints_only_its_folded_line(cast):
    # one respondent: below the round's threshold, every figure by macro-sector is hidden
    respondent = RespondentFactory(round__coalition=cast.lens)
    round_ = respondent.round
    round_.status = RoundStatus.OPEN
    round_.opened_at = round_.created_at
    round_.save()
    round_close(round=round_, actor=cast.alice, now=dt.datetime.now(dt.UTC))
    section = _survey_section(cast.lens)
    folded = ("Mean trust", "Collaboration health", "Hopes and fears")
    empty = [
        t["caption"] for t in section.tables if t["caption"].startswith(folded) and not t["rows"]
    ]
    assert empty == [], f"tables printed with a header row only: {empty}"
    assert "Collaboration health (1–5) by macro-sector: " in section.note
    assert "not shown: every figure in them is hidden" in section.note

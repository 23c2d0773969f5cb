"""Who counts towards k: the roster rule, fixed when a round opens. No Django import.

The threat is the person who keeps the roster and sends the invitations (docs/confidentiality.md):
to read one respondent's answer they could invite organisations they made up and answer as them,
so that a cell reaches k respondents of whom only one is real. A respondent therefore counts
towards k only when their organisation

1. was entered in the roster at least ``days`` days before the round opened — by the server's
   clock (``Organisation.created_at``, which no form or import can set), counted back from the
   moment the round really opened (``SurveyRound.opened_at``, also the server's), not from dates a
   coordinator types; and
2. was an active member or a current partner of the coalition when the round opened.

The list of respondents freezes when the round opens (nobody can be added or removed after), and
so does each respondent's standing. A respondent who does not count is *left out*: not counted
towards k, and their answers feed no published figure at all — not even mixed into a mean, since a
mean over five real answers and four planted ones, the planted ones known, is the sum of the five
real ones, and two such cells with different planted members can be subtracted in ways that
suppression, which sees the planted answers as unknowns, would not check.

>>> import datetime as dt
>>> opened = dt.datetime(2026, 3, 1, 9)
>>> left_out_reason(entered=dt.datetime(2025, 1, 1), opened=opened, member_or_partner=True, days=30)
>>> left_out_reason(entered=dt.datetime(2026, 2, 20), opened=opened, member_or_partner=True, days=30)
'new_to_roster'
>>> left_out_reason(entered=dt.datetime(2025, 1, 1), opened=opened, member_or_partner=False, days=30)
'not_member_or_partner'
"""

from __future__ import annotations

import datetime as dt

__all__ = ["ADDED_AFTER_OPENING", "NEW_TO_ROSTER", "NOT_MEMBER_OR_PARTNER", "left_out_reason"]

NEW_TO_ROSTER = "new_to_roster"
NOT_MEMBER_OR_PARTNER = "not_member_or_partner"
#: A respondent created after the round opened (an imported submission) for an organisation that
#: was not on the list when it opened. One for an organisation that was takes that one's standing.
ADDED_AFTER_OPENING = "added_after_opening"


def left_out_reason(
    *, entered: dt.datetime, opened: dt.datetime, member_or_partner: bool, days: int
) -> str | None:
    """Why a respondent of an organisation entered at ``entered`` does not count towards k in a
    round opened at ``opened``, or ``None`` when they count."""
    if days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    if entered > opened - dt.timedelta(days=days):
        return NEW_TO_ROSTER
    if not member_or_partner:
        return NOT_MEMBER_OR_PARTNER
    return None

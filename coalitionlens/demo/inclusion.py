"""Survivor-led members' seats in the demo: each coalition tells its own story of survivor inclusion
(issue 18). In Zembora survivor-led members sit on working groups but on no board seat, which the
``SURVIVOR_NO_BOARD_SEAT`` rule names; in the others at least one sits on the board.

Deterministic (no random draw), applied to the units the builder generated, so nothing else in a
coalition's plan changes.
"""

from __future__ import annotations

import dataclasses

from coalitionlens.demo.plan import OrganisationSpec, UnitSpec

__all__ = ["NO_SURVIVOR_BOARD_SEAT", "survivor_seats"]

#: The demo coalitions whose survivor-led members hold no board seat.
NO_SURVIVOR_BOARD_SEAT = frozenset({"zembora"})


def _swap(unit: UnitSpec, old: int, new: int) -> UnitSpec:
    members = tuple((new if org == old else org, role, since) for org, role, since in unit.members)
    return dataclasses.replace(unit, members=members)


def survivor_seats(
    slug: str,
    units: list[UnitSpec],
    orgs: list[OrganisationSpec],
    active: list[int],
    secretariat: int,
) -> list[UnitSpec]:
    """``units`` with the board seats of survivor-led active members set as ``slug``'s story asks:
    none (and one on a working group, so they are present but absent from the board), or one."""
    survivors = [m for m in active if m != secretariat and orgs[m].survivor_led]
    if not survivors:
        return units
    others = [m for m in active if m != secretariat and not orgs[m].survivor_led]
    out = list(units)
    board_at = next(i for i, u in enumerate(out) if u.kind == "BOARD")
    board = out[board_at]
    seated = {org for org, _role, _since in board.members}
    if slug in NO_SURVIVOR_BOARD_SEAT:
        free = [m for m in others if m not in seated]
        for org in [o for o in seated if orgs[o].survivor_led]:
            board = _swap(board, org, free.pop(0))
        out[board_at] = board
        groups = [i for i, u in enumerate(out) if u.kind == "WORKING_GROUP"]
        in_groups = {org for i in groups for org, _r, _s in out[i].members}
        if groups and not in_groups & set(survivors):
            group = out[groups[0]]
            out[groups[0]] = _swap(group, group.members[-1][0], survivors[0])
        return out
    if not seated & set(survivors):
        last = next(org for org, role, _s in reversed(board.members) if org != secretariat)
        out[board_at] = _swap(board, last, survivors[0])
    return out

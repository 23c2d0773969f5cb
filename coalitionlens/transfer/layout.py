"""Sheets laid out as people lay them out: title rows above the header, a header on two rows
(a merged "Membership" over "Joined" and "Status"), and a member list that holds organisations
and their memberships on one sheet.

Rows keep their place (row ``i`` of a sheet's list is row ``i + 1`` of the file), so every issue
still names the row people see.
"""

from __future__ import annotations

from typing import Any

from coalitionlens.transfer.bounds import Sheet
from coalitionlens.transfer.columns import COLUMNS, header_map, normalise

__all__ = ["HEADER_SEARCH_ROWS", "find_header", "member_list_memberships", "recognised"]

#: How far down a sheet its header is looked for (title rows, a date, a blank line above it).
HEADER_SEARCH_ROWS = 10
#: Membership columns that an organisation list may carry for the organisations' memberships.
MEMBERSHIP_ONLY = ("tier", "status", "joined_on", "ended_on", "end_reason")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def recognised(headers: list[Any], kind: str) -> dict[int, str]:
    """Column index → column key of the headers ``kind`` knows."""
    table = header_map(kind)
    return {
        i: table[normalise(h)]
        for i, h in enumerate(headers)
        if not _blank(h) and normalise(h) in table
    }


def _header_fit(headers: list[Any], kinds: list[str]) -> int:
    return max((len(set(recognised(headers, k).values())) for k in kinds), default=0)


def _joined(upper: list[Any], lower: list[Any], kinds: list[str]) -> list[Any]:
    """One header from two rows. A merged cell holds its text in its first column only, so the
    upper row is carried right over its blanks; a column blank below takes the text above (a cell
    merged down), and a column with text below takes it, or "upper lower" when only that is known.
    """
    tables = [header_map(k) for k in kinds]
    out: list[Any] = []
    carried: Any = None
    for i in range(max(len(upper), len(lower))):
        top = upper[i] if i < len(upper) else None
        below = lower[i] if i < len(lower) else None
        if not _blank(top):
            carried = top
        elif _blank(below):
            carried = None  # a gap in both rows ends a merged cell
        if _blank(below):
            out.append(top)
            continue
        if carried is not None:
            both = normalise(f"{carried} {below}")
            known = any(normalise(below) in t for t in tables)
            if not known and any(both in t for t in tables):
                out.append(f"{carried} {below}")
                continue
        out.append(below)
    return out


def find_header(rows: list[list[Any]], kinds: list[str]) -> tuple[int, list[Any]] | None:
    """(index of the header's last row, its cells), scored against the columns of ``kinds``
    (every kind, so that the header found does not depend on the kind the sheet is taken for).

    Among the first :data:`HEADER_SEARCH_ROWS` non-empty rows, the row, or pair of adjacent rows,
    whose cells name the most columns is the header; on a tie the higher one. With no known
    column at all, the first non-empty row is the header (its columns are reported unknown).
    """
    filled = [i for i, row in enumerate(rows) if any(not _blank(v) for v in row)]
    if not filled:
        return None
    candidates = filled[:HEADER_SEARCH_ROWS]
    best: tuple[int, int, list[Any]] = (0, candidates[0], rows[candidates[0]])
    for i in candidates:
        score = _header_fit(rows[i], kinds)
        if score > best[0]:
            best = (score, i, rows[i])
        if i + 1 < len(rows) and (i + 1) in candidates:
            pair = _joined(rows[i], rows[i + 1], kinds)
            score = _header_fit(pair, kinds)
            if score > best[0] and score > _header_fit(rows[i + 1], kinds):
                best = (score, i + 1, pair)
    return best[1], best[2]


def member_list_memberships(sheet: Sheet) -> tuple[Sheet, set[str]] | None:
    """A member list's memberships as a sheet of their own, and the headers it took.

    An organisation sheet with membership columns (joined date, status, tier, end) holds the
    memberships of its organisations: the result is a memberships sheet of the organisation name
    and those columns, rows in their places. ``None`` for a sheet that has none.
    """
    found = find_header(sheet.rows, list(COLUMNS))
    if found is None:
        return None
    index, headers = found
    orgs = recognised(headers, "organisations")
    name = next((i for i, key in orgs.items() if key == "name"), None)
    members = {
        i: key
        for i, key in recognised(headers, "memberships").items()
        if key in MEMBERSHIP_ONLY and i not in orgs
    }
    # A joined date or a status makes it a member list; a "Category" column alone does not.
    if name is None or not {"joined_on", "status"} & set(members.values()):
        return None
    keep = [name, *sorted(members)]
    header = ["organisation", *(members[i] for i in sorted(members))]
    rows = [
        header if r == index else [row[i] if i < len(row) else None for i in keep]
        for r, row in enumerate(sheet.rows)
    ]
    for r in range(index):
        rows[r] = []  # the title rows above
    return Sheet(name=sheet.name, rows=rows), {str(headers[i]) for i in members}

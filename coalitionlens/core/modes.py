"""The paper's three modes of engagement, counted: how many organisations of each sector the
coalition engages through membership, through partnership and through engagement practices.

This module is the one definition of that measure; every page, report and command counts through
:func:`mode_counts` (STYLE.md habit 13). For a :class:`Window` that ends on the day ``as_of``:

- An **active member** holds a membership on ``as_of``: the membership began on or before that day
  (or has no start date), had not ended by it (no end date, or one after ``as_of``), and its status
  is ``ACTIVE`` — or an ended status (``LAPSED``, ``WITHDRAWN``, ``EXPELLED``) whose end date comes
  after ``as_of``, because such a membership was active until it ended. An applicant or a suspended
  member is not an active member.
- A **current partner** holds a partnership on ``as_of``, by the same rule of dates.
- A **counterpart** took part, as counterpart, in an engagement dated within the window: from
  ``since`` (from the first record when ``since`` is ``None``: all time) to ``as_of``, both days
  included. An engagement dated after ``as_of`` (a planned one) is not counted.

An end date is the first day on which a relationship no longer holds: a membership that ended today
is not counted today, a partnership that ends next month is. Memberships and partnerships follow the
same rule, so an organisation that turns from partner into member on one day holds one of the two on
each day, never both or neither.

Every figure counts distinct organisations (an organisation with two partnerships is one partner),
and an organisation is counted in the group (sector or macro-sector) it belongs to. The coalition's
secretariat is left out unless ``include_secretariat`` is set: the measure says how the coalition
engages others, and the secretariat is the coalition's own hub; wherever a figure is shown its label
says which it is.

Examples
--------
The Harbour coalition of :func:`~coalitionlens.core.examples.harbour`, on 30 June 2026, with
counterparts of the last 12 months: the shelter is its one active member (the church withdrew that
day, the hotel is suspended, the bank has applied), the ministry and UNODC its partners, the police,
the ministry and the hotel its counterparts.

>>> import datetime as dt
>>> from coalitionlens.core.examples import harbour
>>> members, partners, participations, secretariat = harbour()
>>> counts = mode_counts(
...     members, partners, participations,
...     window=Window.last_months(dt.date(2026, 6, 30), 12), secretariat=secretariat,
... )
>>> counts.table.loc[["PUBLIC", "PRIVATE", "CIVIL"]]  # doctest: +NORMALIZE_WHITESPACE
              MEMBERSHIP  PARTNERSHIP  ENGAGEMENT_PRACTICE  ANY
macro_sector
PUBLIC                 0            1                    2    2
PRIVATE                0            0                    1    1
CIVIL                  1            0                    0    1
>>> dict(counts.totals)
{'MEMBERSHIP': 1, 'PARTNERSHIP': 2, 'ENGAGEMENT_PRACTICE': 3, 'ANY': 5}
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

import pandas as pd

from coalitionlens.core.errors import InputError
from coalitionlens.core.network import OrgId
from coalitionlens.core.taxonomy import MACRO_SECTORS, SECTORS

__all__ = [
    "ANY",
    "ENDED_STATUSES",
    "MODES",
    "ModeCounts",
    "Window",
    "active_memberships",
    "counterpart_participations",
    "current_partnerships",
    "mode_counts",
]

#: The three modes of engagement (DESIGN.md §4), in the paper's order.
MODES: Final[tuple[str, ...]] = ("MEMBERSHIP", "PARTNERSHIP", "ENGAGEMENT_PRACTICE")
#: The column of organisations engaged in at least one mode.
ANY: Final = "ANY"
ACTIVE: Final = "ACTIVE"
#: Statuses of a membership that has ended; active until its end date.
ENDED_STATUSES: Final = frozenset({"LAPSED", "WITHDRAWN", "EXPELLED"})
COUNTERPART: Final = "COUNTERPART"


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


@dataclass(frozen=True)
class Window:
    """The day the figures are counted on, and from when counterparts count.

    Attributes
    ----------
    as_of : datetime.date
        Members and partners are counted as they stand on this day; counterparts up to it.
    since : datetime.date or None
        First day of the engagements whose counterparts count; ``None`` counts all of them.

    Examples
    --------
    >>> import datetime as dt
    >>> window = Window.last_months(dt.date(2026, 3, 31), 12)
    >>> window.since, window.months
    (datetime.date(2025, 4, 1), 12)
    >>> Window(dt.date(2026, 3, 31)).months is None
    True
    """

    as_of: dt.date
    since: dt.date | None = None

    def __post_init__(self) -> None:
        if self.since is not None and self.since > self.as_of:
            raise InputError(
                "window",
                column="since",
                expected=f"a day on or before {self.as_of.isoformat()}",
                found=self.since.isoformat(),
            )

    @classmethod
    def last_months(cls, as_of: dt.date, months: int) -> Window:
        """Counterparts of the ``months`` calendar months that end on ``as_of``."""
        if months < 1:
            raise InputError("window", column="months", expected="1 or more", found=months)
        return cls(as_of, _months_before(as_of, months) + dt.timedelta(days=1))

    @property
    def months(self) -> int | None:
        """How many months back counterparts count, when ``since`` is a whole number of months
        before ``as_of`` (as :meth:`last_months` makes it); ``None`` otherwise or for all time."""
        if self.since is None:
            return None
        diff = (self.as_of.year - self.since.year) * 12 + self.as_of.month - self.since.month
        for n in range(max(diff - 1, 1), diff + 2):
            if _months_before(self.as_of, n) + dt.timedelta(days=1) == self.since:
                return n
        return None


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, errors="raise")


def _holds_on(frame: pd.DataFrame, start: str, end: str, day: dt.date) -> pd.Series:
    """Rows whose relationship began on or before ``day`` and had not ended by it."""
    today = pd.Timestamp(day)
    began, ended = _dates(frame[start]), _dates(frame[end])
    return (began.isna() | (began <= today)) & (ended.isna() | (ended > today))


def _require(frame: pd.DataFrame, name: str, columns: tuple[str, ...]) -> None:
    for column in columns:
        if column not in frame.columns:
            raise InputError(name, column=column, expected="this column")


def active_memberships(memberships: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The memberships held on ``as_of`` (see the module's definition of an active member).

    Parameters
    ----------
    memberships : pandas.DataFrame
        One row per membership with ``organisation``, ``status``, ``joined_on`` and ``ended_on``
        (dates or empty); other columns are kept.
    as_of : datetime.date

    Returns
    -------
    pandas.DataFrame
        The rows that hold on ``as_of``.

    Examples
    --------
    >>> import datetime as dt
    >>> from coalitionlens.core.examples import harbour
    >>> members = harbour()[0]
    >>> sorted(active_memberships(members, dt.date(2026, 6, 30))["organisation"])
    ['sec', 'shelter']
    >>> sorted(active_memberships(members, dt.date(2026, 6, 29))["organisation"])
    ['church', 'sec', 'shelter']
    """
    _require(memberships, "memberships", ("organisation", "status", "joined_on", "ended_on"))
    status = memberships["status"]
    ended = memberships["ended_on"].notna()
    counted = (status == ACTIVE) | (status.isin(ENDED_STATUSES) & ended)
    return memberships[counted & _holds_on(memberships, "joined_on", "ended_on", as_of)]


def current_partnerships(partnerships: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The partnerships held on ``as_of``: begun on or before it, not ended by it.

    Parameters
    ----------
    partnerships : pandas.DataFrame
        One row per partnership with ``organisation``, ``started_on`` and ``ended_on``; other
        columns (type, formality, …) are kept.
    as_of : datetime.date

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import datetime as dt
    >>> from coalitionlens.core.examples import harbour
    >>> partners = harbour()[1]
    >>> sorted(set(current_partnerships(partners, dt.date(2026, 6, 30))["organisation"]))
    ['ministry', 'sec', 'unodc']
    """
    _require(partnerships, "partnerships", ("organisation", "started_on", "ended_on"))
    return partnerships[_holds_on(partnerships, "started_on", "ended_on", as_of)]


def counterpart_participations(participations: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The counterpart rows of engagements dated within ``window`` (``since`` to ``as_of``).

    Parameters
    ----------
    participations : pandas.DataFrame
        One row per organisation in an engagement, with ``engagement``, ``organisation``, ``date``
        and ``role`` (``"LEAD"`` or ``"COUNTERPART"``).
    window : Window

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import datetime as dt
    >>> from coalitionlens.core.examples import harbour
    >>> parts = harbour()[2]
    >>> sorted(counterpart_participations(parts, Window(dt.date(2026, 6, 30)))["organisation"])
    ['bank', 'hotel', 'ministry', 'police', 'sec']
    """
    _require(participations, "participations", ("engagement", "organisation", "date", "role"))
    dates = _dates(participations["date"])
    keep = (participations["role"] == COUNTERPART) & (dates <= pd.Timestamp(window.as_of))
    if window.since is not None:
        keep &= dates >= pd.Timestamp(window.since)
    return participations[keep]


@dataclass(frozen=True, eq=False)
class ModeCounts:
    """Organisations engaged through each mode, per group, within one window.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by group code (every core code, present or not, then any other code found), with one
        column per mode of :data:`MODES` and :data:`ANY` (engaged in at least one mode): distinct
        organisations.
    totals : Mapping
        Mode (and :data:`ANY`) → distinct organisations over every group, those without one
        included.
    organisations : Mapping
        Mode (and :data:`ANY`) → the organisation ids counted.
    rows : Mapping
        Mode → the rows counted: memberships held, partnerships held, counterpart participations.
    engagements : pandas.Series
        Group → engagements within the window with at least one counterpart from the group.
    window : Window
    by : str
        ``"macro_sector"`` or ``"sector"``.
    secretariat : organisation id or None
        The secretariat named, if any.
    include_secretariat : bool
        Whether it was counted like any other organisation.
    """

    table: pd.DataFrame
    totals: Mapping[str, int]
    organisations: Mapping[str, frozenset[OrgId]]
    rows: Mapping[str, pd.DataFrame]
    engagements: pd.Series
    window: Window
    by: str
    secretariat: OrgId | None
    include_secretariat: bool

    @property
    def secretariat_left_out(self) -> bool:
        """True when a secretariat was named and not counted."""
        return self.secretariat is not None and not self.include_secretariat

    def count(self, group: str, mode: str) -> int:
        """Organisations of ``group`` engaged through ``mode`` (0 for a group not in the table).

        Examples
        --------
        >>> import datetime as dt
        >>> from coalitionlens.core.examples import harbour
        >>> m, p, e, s = harbour()
        >>> mode_counts(m, p, e, window=Window(dt.date(2026, 6, 30)), secretariat=s).count(
        ...     "PUBLIC", "ENGAGEMENT_PRACTICE"
        ... )
        2
        """
        if group not in self.table.index:
            return 0
        return int(self.table[mode].loc[group])

    def as_dict(self) -> dict[str, dict[str, int]]:
        """Group → mode → organisations (the three modes only).

        Examples
        --------
        >>> import datetime as dt
        >>> from coalitionlens.core.examples import harbour
        >>> m, p, e, s = harbour()
        >>> mode_counts(m, p, e, window=Window(dt.date(2026, 6, 30)), secretariat=s).as_dict()["PRIVATE"]
        {'MEMBERSHIP': 0, 'PARTNERSHIP': 0, 'ENGAGEMENT_PRACTICE': 2}
        """
        records = self.table[list(MODES)].to_dict("index")
        return {str(g): {str(m): int(n) for m, n in modes.items()} for g, modes in records.items()}


def mode_counts(
    memberships: pd.DataFrame,
    partnerships: pd.DataFrame,
    participations: pd.DataFrame,
    *,
    window: Window,
    secretariat: OrgId | None = None,
    include_secretariat: bool = False,
    by: str = "macro_sector",
) -> ModeCounts:
    """Members, partners and counterparts per sector or macro-sector, within ``window``.

    Parameters
    ----------
    memberships : pandas.DataFrame
        As for :func:`active_memberships`, with a ``by`` column (the organisation's group).
    partnerships : pandas.DataFrame
        As for :func:`current_partnerships`, with a ``by`` column.
    participations : pandas.DataFrame
        As for :func:`counterpart_participations`, with a ``by`` column.
    window : Window
    secretariat : organisation id, optional
        The coalition's secretariat.
    include_secretariat : bool
        Count the secretariat like any other organisation (default: leave it out).
    by : {"macro_sector", "sector"}

    Returns
    -------
    ModeCounts

    Examples
    --------
    The Harbour coalition's secretariat is a member, a partner and, in the last 12 months, a
    counterpart; counted, it adds one civil-society organisation to each mode:

    >>> import datetime as dt
    >>> from coalitionlens.core.examples import harbour
    >>> m, p, e, s = harbour()
    >>> window = Window.last_months(dt.date(2026, 6, 30), 12)
    >>> counts = mode_counts(m, p, e, window=window, secretariat=s, include_secretariat=True)
    >>> counts.as_dict()["CIVIL"], counts.secretariat_left_out
    ({'MEMBERSHIP': 2, 'PARTNERSHIP': 1, 'ENGAGEMENT_PRACTICE': 1}, False)
    >>> int(counts.engagements["PUBLIC"])
    2
    """
    if by == "macro_sector":
        core: tuple[str, ...] = MACRO_SECTORS
    elif by == "sector":
        core = SECTORS
    else:
        raise ValueError("by must be 'macro_sector' or 'sector'")
    for name, frame in (
        ("memberships", memberships),
        ("partnerships", partnerships),
        ("participations", participations),
    ):
        _require(frame, name, (by,))
    rows = {
        "MEMBERSHIP": active_memberships(memberships, window.as_of),
        "PARTNERSHIP": current_partnerships(partnerships, window.as_of),
        "ENGAGEMENT_PRACTICE": counterpart_participations(participations, window),
    }
    left_out = secretariat is not None and not include_secretariat
    if left_out:
        rows = {mode: r[r["organisation"] != secretariat] for mode, r in rows.items()}
    # An organisation belongs to one group; its first row says which.
    group_of: dict[OrgId, str | None] = {}
    for frame in rows.values():
        for org, group in zip(frame["organisation"], frame[by], strict=True):
            group_of.setdefault(org, None if pd.isna(group) else str(group))
    ids: dict[str, frozenset[OrgId]] = {m: frozenset(r["organisation"]) for m, r in rows.items()}
    ids[ANY] = frozenset().union(*ids.values())
    found = {g for g in group_of.values() if g is not None}
    groups = list(core) + sorted(found.difference(core))
    columns = [*MODES, ANY]
    per_group = {
        column: Counter(g for g in (group_of[org] for org in ids[column]) if g is not None)
        for column in columns
    }
    table = pd.DataFrame(
        {column: [per_group[column][g] for g in groups] for column in columns},
        index=pd.Index(groups, name=by),
        dtype="int64",
    )
    counted = rows["ENGAGEMENT_PRACTICE"].dropna(subset=[by])
    engagements = (
        counted.drop_duplicates(["engagement", by])[by]
        .astype(str)
        .value_counts()
        .reindex(groups, fill_value=0)
        .astype("int64")
    )
    return ModeCounts(
        table=table,
        totals=MappingProxyType({c: len(ids[c]) for c in columns}),
        organisations=MappingProxyType(ids),
        rows=MappingProxyType(rows),
        engagements=engagements,
        window=window,
        by=by,
        secretariat=secretariat,
        include_secretariat=include_secretariat,
    )

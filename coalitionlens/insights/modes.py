"""The paper's central measure as the pages show it: members, partners and counterparts per
macro-sector, counted by :func:`coalitionlens.core.modes.mode_counts` on a coalition's tables, with
the label that says what was counted.

Every place that shows these figures (home page, dashboard, diagnostics, comparison, report, the
``compare`` and ``coalitions`` commands) comes through here, so they share one window and one rule
about the secretariat: members and partners as of today, counterparts of the last
:data:`COUNTERPART_MONTHS` months, the secretariat left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalitionlens.coalitions.models import Coalition
from coalitionlens.core.modes import ModeCounts, Window, mode_counts
from coalitionlens.insights.tables import membership_frame, participation_frame, partnership_frame

__all__ = [
    "COUNTERPART_MONTHS",
    "basis_label",
    "basis_record",
    "coalition_modes",
    "counts_from_frames",
    "default_window",
    "window_label",
    "window_record",
    "year_window",
    "yearly_basis_label",
]

#: How far back an engagement makes its counterparts count: two years, the span the diagnostics'
#: other engagement signals compare (a year against the year before).
COUNTERPART_MONTHS = 24


def default_window(today: dt.date | None = None) -> Window:
    """Members and partners as of ``today``; counterparts of the last :data:`COUNTERPART_MONTHS`."""
    return Window.last_months(today or dt.date.today(), COUNTERPART_MONTHS)


def year_window(year: int, today: dt.date) -> Window:
    """One calendar year: members and partners as of its last day (``today`` for the current year),
    counterparts of engagements during it."""
    return Window(min(dt.date(year, 12, 31), today), since=dt.date(year, 1, 1))


def counts_from_frames(
    coalition: Coalition,
    members: pd.DataFrame,
    partners: pd.DataFrame,
    participations: pd.DataFrame,
    *,
    window: Window,
    by: str = "macro_sector",
) -> ModeCounts:
    """The counts, from frames the caller has already read (see :mod:`.tables`)."""
    return mode_counts(
        members,
        partners,
        participations,
        window=window,
        secretariat=coalition.secretariat_id,
        by=by,
    )


def coalition_modes(
    coalition: Coalition,
    role: str | None,
    *,
    window: Window | None = None,
    by: str = "macro_sector",
) -> ModeCounts:
    """The counts of ``coalition`` as ``role`` may see them (counterparts come only from engagements
    the role may read). Three queries."""
    return counts_from_frames(
        coalition,
        membership_frame(coalition),
        partnership_frame(coalition),
        participation_frame(coalition, role),
        window=window or default_window(),
        by=by,
    )


def _counterparts(window: Window) -> str:
    months = window.months
    if window.since is None:
        return _("counterparts of engagements of all time")
    if months is not None:
        return ngettext(
            "counterparts of engagements in the last %(n)s month",
            "counterparts of engagements in the last %(n)s months",
            months,
        ) % {"n": months}
    return _("counterparts of engagements from %(since)s") % {
        "since": date_format(window.since, "DATE_FORMAT")
    }


def _secretariat(left_out: bool | None) -> str:
    if left_out is None:
        return ""
    return _("not counting the secretariat") if left_out else _("the secretariat counted")


def _left_out(counts: ModeCounts) -> bool | None:
    return None if counts.secretariat is None else counts.secretariat_left_out


def window_label(window: Window, *, secretariat_left_out: bool | None) -> str:
    """What figures counted in ``window`` count, in a sentence; ``secretariat_left_out`` is
    ``None`` when the coalition names no secretariat.

    ``"Members and partners as of 1 December 2026; counterparts of engagements in the last 24
    months; not counting the secretariat."``
    """
    secretariat = _secretariat(secretariat_left_out)
    params = {
        "date": date_format(window.as_of, "DATE_FORMAT"),
        "counterparts": _counterparts(window),
        "secretariat": secretariat,
    }
    if not secretariat:
        return _("Members and partners as of %(date)s; %(counterparts)s.") % params
    return _("Members and partners as of %(date)s; %(counterparts)s; %(secretariat)s.") % params


def window_record(window: Window, *, secretariat_left_out: bool | None) -> dict[str, Any]:
    """What :func:`window_label` says, as plain values for a machine (the commands' ``--json``).

    ``as_of``: the day members and partners are counted on; ``counterparts_since``: the first day
    of the engagements whose counterparts count (``None``: all time), ``counterpart_months`` the
    same as a number of months when it is one; ``secretariat``: ``"left out"``, ``"counted"``, or
    ``None`` when the coalition names no secretariat; ``label``: the sentence the pages show.

    >>> window_record(Window.last_months(dt.date(2026, 12, 1), 24), secretariat_left_out=True)
    ... # doctest: +NORMALIZE_WHITESPACE
    {'as_of': '2026-12-01', 'counterparts_since': '2024-12-02', 'counterpart_months': 24,
     'secretariat': 'left out', 'label': 'Members and partners as of Dec. 1, 2026; counterparts of
     engagements in the last 24 months; not counting the secretariat.'}
    """
    return {
        "as_of": window.as_of.isoformat(),
        "counterparts_since": None if window.since is None else window.since.isoformat(),
        "counterpart_months": window.months,
        "secretariat": None
        if secretariat_left_out is None
        else ("left out" if secretariat_left_out else "counted"),
        "label": window_label(window, secretariat_left_out=secretariat_left_out),
    }


def basis_record(counts: ModeCounts) -> dict[str, Any]:
    """:func:`window_record` of the counts."""
    return window_record(counts.window, secretariat_left_out=_left_out(counts))


def basis_label(counts: ModeCounts) -> str:
    """:func:`window_label` of the counts."""
    return window_label(counts.window, secretariat_left_out=_left_out(counts))


def yearly_basis_label(counts: ModeCounts) -> str:
    """The label of a table with one window per calendar year (see :func:`year_window`)."""
    secretariat = _secretariat(_left_out(counts))
    if not secretariat:
        return _(
            "Members and partners as of the last day of each year (today for this year); "
            "counterparts of engagements during the year."
        )
    return _(
        "Members and partners as of the last day of each year (today for this year); "
        "counterparts of engagements during the year; %(secretariat)s."
    ) % {"secretariat": secretariat}

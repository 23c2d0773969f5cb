"""Survey settings, read through helpers that refuse unsafe values (SAFETY.md: k never below 3)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "DEFAULT_REMINDER_HOURS",
    "DEFAULT_ROSTER_DAYS",
    "parse_bands",
    "survey_bands",
    "survey_k",
    "survey_reminder_interval",
    "survey_roster_days",
]


def parse_bands(raw: str, name: str = "COALITIONLENS_SURVEY_BANDS") -> tuple[float, float]:
    """``"4.0,3.0"`` → (strength threshold, watch threshold), on the 1–5 scale, strength > watch.

    >>> parse_bands("4,3")
    (4.0, 3.0)
    """
    try:
        strength, watch = (float(part) for part in raw.split(","))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected two numbers, e.g. 4.0,3.0") from None
    if not 1 <= watch < strength <= 5:
        raise ImproperlyConfigured(f"{name}={raw!r}: need 1 ≤ watch < strength ≤ 5")
    return strength, watch


def survey_k() -> int:
    """The k in force. Refuses a value below 3 however it was set (env, settings override, test)."""
    from django.conf import settings

    from coalitionlens.surveys.suppression import MIN_K

    k = getattr(settings, "COALITIONLENS_SURVEY_K", 5)
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_K:
        raise ImproperlyConfigured(
            f"COALITIONLENS_SURVEY_K={k!r}: must be a whole number ≥ {MIN_K}"
        )
    return k


#: The roster rule's default (:mod:`.counting`): an organisation counts towards k in a round only
#: when it entered the roster at least this many days before the round opened. Four weeks: a
#: planted organisation must sit in the roster, where every member sees it, for that long first;
#: the demo's members joined months or years before its rounds, so their results stay visible.
DEFAULT_ROSTER_DAYS = 28


def survey_roster_days() -> int:
    """The roster rule's days in force (``COALITIONLENS_SURVEY_ROSTER_DAYS``); refuses a negative or
    non-integer value however it was set."""
    from django.conf import settings

    days = getattr(settings, "COALITIONLENS_SURVEY_ROSTER_DAYS", DEFAULT_ROSTER_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ImproperlyConfigured(
            f"COALITIONLENS_SURVEY_ROSTER_DAYS={days!r}: must be a whole number ≥ 0"
        )
    return days


#: Reminders of one round go out at most once in this many hours (and nobody is reminded within
#: this long of their invitation): three days, so a reminder is a nudge, never a stream of mail.
DEFAULT_REMINDER_HOURS = 72


def survey_reminder_interval() -> dt.timedelta:
    """The shortest time between two reminders of a round (``COALITIONLENS_SURVEY_REMINDER_HOURS``);
    refuses anything under one hour however it was set, so no setting lets a round spam people."""
    from django.conf import settings

    hours = getattr(settings, "COALITIONLENS_SURVEY_REMINDER_HOURS", DEFAULT_REMINDER_HOURS)
    if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
        raise ImproperlyConfigured(
            f"COALITIONLENS_SURVEY_REMINDER_HOURS={hours!r}: must be a whole number ≥ 1"
        )
    return dt.timedelta(hours=hours)


def survey_bands() -> tuple[float, float]:
    from django.conf import settings

    bands = getattr(settings, "COALITIONLENS_SURVEY_BANDS", (4.0, 3.0))
    return parse_bands(",".join(str(b) for b in bands))

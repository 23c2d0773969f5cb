"""Sign-in throttling per account, per account and address, and per address alone (SAFETY.md).

django-allauth counts the rates (``ACCOUNT_RATE_LIMITS`` in settings: "login_failed" per account,
"login_failed_account_address", and "login_failed_address" with its far higher ceiling) in the shared
database cache. Every attempt takes a place in each count and a successful one gives it back, so
only failures stay counted. When a count is full the attempt is refused before the password is
checked, the refusal is audited, and the message says at what time to try again.

This is the one place that uses allauth's rate-limit internals (the cache keys, to tell when a place
frees up), so a change in allauth is mended here alone.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record

__all__ = ["Refused", "attempt_begin", "token_request_take"]

_APP = "allauth.account"
ACCOUNT = "login_failed"
ACCOUNT_ADDRESS = "login_failed_account_address"
ADDRESS = "login_failed_address"


@dataclass(frozen=True)
class Refused:
    """Which count is full, and when it has a free place again."""

    action: str
    until: dt.datetime


@dataclass
class Attempt:
    """The places one sign-in attempt took; ``rollback`` gives them back (a successful sign-in)."""

    usages: list[Any]

    def rollback(self) -> None:
        for usage in self.usages:
            usage.rollback()


def _counts(request: HttpRequest, account_key: str) -> list[tuple[str, str | None]]:
    return [
        (ACCOUNT_ADDRESS, f"{account_key}|{ratelimit.get_ip(request)}"),
        (ACCOUNT, account_key),
        (ADDRESS, None),
    ]


def _free_again_at(request: HttpRequest, action: str, key: str | None) -> dt.datetime:
    """When the full count ``action`` next has a free place: its oldest counted failure that must
    leave the window does so at its time plus the window's length."""
    latest = time.time()
    for rate in ratelimit.get_rates(app=_APP, action=action):
        cache_key = ratelimit.get_cache_key(request, app=_APP, action=action, rate=rate, key=key)
        history = [ts for ts in cache.get(cache_key, []) if ts > time.time() - rate.duration]
        if len(history) >= rate.amount:
            latest = max(latest, sorted(history, reverse=True)[rate.amount - 1] + rate.duration)
    return dt.datetime.fromtimestamp(latest + 1, tz=dt.UTC)


def attempt_begin(request: HttpRequest, *, login: str, account_key: str) -> Attempt:
    """Take a place in each count for this sign-in attempt, or raise :class:`ValidationError` with
    the time to try again (and an audit entry) when one of them is full; then nothing is taken."""
    taken: list[Any] = []
    for action, key in _counts(request, account_key):
        usage = ratelimit.consume(request, app=_APP, action=action, key=key)
        if usage is None:
            for earlier in taken:
                earlier.rollback()
            refused = Refused(action=action, until=_free_again_at(request, action, key))
            _refuse(request, login=login, refused=refused)
        taken.append(usage)
    return Attempt(usages=taken)


def _refuse(request: HttpRequest, *, login: str, refused: Refused) -> None:
    when = timezone.localtime(refused.until)
    at = f"{when:%H:%M:%S} {when.tzname()}"
    audit_record(
        action=Action.LOGIN_THROTTLED,
        summary=f"sign-in refused for {login[:150]} until {refused.until:%Y-%m-%d %H:%M:%S} UTC "
        f"({refused.action})",
        request=request,
    )
    if refused.action == ADDRESS:
        message = _("Too many failed sign-ins from this network address. Try again after %(time)s.")
    else:
        message = _("Too many failed sign-ins for this account. Try again after %(time)s.")
    raise ValidationError(message % {"time": at}, code="too_many_login_attempts")


#: The rate-limit "app" name of API requests made with a personal access token.
_TOKEN_APP = "coalitionlens.api"  # noqa: S105 - a cache-key name, no secret
_TOKEN_ACTION = "token"  # noqa: S105 - a cache-key name, no secret


def token_rate() -> str:
    from django.conf import settings

    return f"{settings.COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE}/1m/key"


def token_request_take(request: HttpRequest, *, prefix: str) -> int | None:
    """Count one API request of the token ``prefix``: None when it has a place, else the whole
    seconds until its count has one again (the ``Retry-After`` of the 429). The same counts in the
    shared cache as the sign-in throttle, keyed by the token's public prefix."""
    config = {_TOKEN_ACTION: token_rate()}
    usage = ratelimit.consume(
        request, app=_TOKEN_APP, action=_TOKEN_ACTION, config=config, key=prefix, limit_get=True
    )
    if usage is not None:
        return None
    latest = time.time()
    for rate in ratelimit.get_rates(app=_TOKEN_APP, action=_TOKEN_ACTION, config=config):
        cache_key = ratelimit.get_cache_key(
            request, app=_TOKEN_APP, action=_TOKEN_ACTION, rate=rate, key=prefix
        )
        history = [ts for ts in cache.get(cache_key, []) if ts > time.time() - rate.duration]
        if len(history) >= rate.amount:
            latest = max(latest, sorted(history, reverse=True)[rate.amount - 1] + rate.duration)
    return max(1, int(latest - time.time()) + 1)

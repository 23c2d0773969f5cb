"""Personal access tokens for the REST API (DESIGN §7, SAFETY.md).

A token grants one coalition and one role, no higher than its owner's there, until it expires or is
revoked. It reads ``cl_<12 hex>_<43 random characters>``: the first part is the public prefix shown
on the tokens page and written to the audit trail; the whole is shown once, when it is made, and only
its SHA-256 hash is stored (a secret of 32 random bytes needs no slow hash), compared in constant
time. Each request made with a token is audited, counted against the token's rate limit, and runs
with the token's grant alone: the LOWER of the token's role and the owner's current role, so a
demoted or removed person's tokens lose their power at once.

The secret is never logged: nothing here puts it in a message, an audit entry or an exception.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coalitionlens.accounts.models import AccessToken, CoalitionRole, User
from coalitionlens.accounts.permissions import lower_role, restrict_roles, role_at_most
from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import Coalition

__all__ = [
    "TokenThrottled",
    "default_expiry",
    "max_expiry",
    "token_authenticate",
    "token_create",
    "token_revoke",
    "tokens_for",
]

_PREFIX_HEX = 12
_SHAPE = re.compile(r"(cl_[0-9a-f]{12})_([A-Za-z0-9_-]{43})")


class TokenThrottled(Exception):
    """A token made more requests than its rate allows: try again after ``wait`` seconds."""

    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(f"too many requests; retry after {wait} s")


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def default_expiry(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(days=settings.COALITIONLENS_TOKEN_DEFAULT_DAYS)


def max_expiry(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(days=settings.COALITIONLENS_TOKEN_MAX_DAYS)


def _role_of(user: User, coalition_id: int) -> str | None:
    return (
        CoalitionRole.objects.filter(user=user, coalition_id=coalition_id)
        .values_list("role", flat=True)
        .first()
    )


def token_create(
    *,
    user: User,
    coalition: Coalition,
    role: str,
    name: str = "",
    expires_at: dt.datetime | None = None,
    request: Any = None,
) -> tuple[AccessToken, str]:
    """Make a token for ``user`` in ``coalition`` with ``role``; returns it and its secret, which is
    shown this once and stored nowhere. Refused (:class:`ValidationError`) for a role above the
    user's own in that coalition, a coalition they hold no role in, or an expiry in the past or past
    the longest lifetime."""
    now = timezone.now()
    expires_at = expires_at or default_expiry(now)
    own = _role_of(user, coalition.pk)
    if own is None:
        raise ValidationError({"coalition": _("You hold no role in this coalition.")})
    if not role_at_most(role, own):
        raise ValidationError(
            {"role": _("A token's role cannot be higher than your own (%(role)s).") % {"role": own}}
        )
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    if expires_at > max_expiry(now) + dt.timedelta(minutes=1):
        raise ValidationError(
            {
                "expires_at": _("A token lives at most %(days)d days.")
                % {"days": settings.COALITIONLENS_TOKEN_MAX_DAYS}
            }
        )
    with transaction.atomic():
        prefix = "cl_" + secrets.token_hex(_PREFIX_HEX // 2)
        raw = f"{prefix}_{secrets.token_urlsafe(32)}"
        token = AccessToken(
            user=user,
            coalition=coalition,
            role=role,
            name=name.strip(),
            prefix=prefix,
            secret_hash=_hash(raw),
            expires_at=expires_at,
        )
        token.full_clean()
        token.save()
        audit_record(
            action=Action.CREATE,
            actor=user,
            coalition_id=coalition.pk,
            obj=token,
            summary=f"access token {prefix} made for {user.email}: {role}, "
            f"expires {expires_at:%Y-%m-%d}",
            request=request,
        )
    return token, raw


def token_revoke(*, token: AccessToken, actor: Any = None, request: Any = None) -> AccessToken:
    """End a token now (a second revocation changes nothing)."""
    with transaction.atomic():
        token = AccessToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                action=Action.UPDATE,
                actor=actor,
                coalition_id=token.coalition_id,
                obj=token,
                summary=f"access token {token.prefix} of {token.user.email} revoked",
                changes={"revoked_at": [None, token.revoked_at.isoformat()]},
                request=request,
            )
    return token


def token_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the tokens that ended (revoked, or past their expiry) longer ago than the audit
    retention: kept until then so the audit log's entries of their use stay explained, and no
    longer, for nothing else reads them. ``now`` is injectable so tests can move the clock."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.COALITIONLENS_AUDIT_RETENTION_DAYS)
    ended = AccessToken.objects.filter(revoked_at__lt=cutoff) | AccessToken.objects.filter(
        expires_at__lt=cutoff
    )
    count, _deleted = ended.delete()
    return int(count)


def tokens_for(user: Any) -> QuerySet[AccessToken]:
    """A person's own tokens, newest first (revoked and expired ones included)."""
    if not getattr(user, "is_authenticated", False):
        return AccessToken.objects.none()
    return AccessToken.objects.filter(user=user).select_related("coalition")


def token_find(prefix: str) -> AccessToken | None:
    return AccessToken.objects.select_related("user", "coalition").filter(prefix=prefix).first()


def token_authenticate(raw: str, request: Any) -> User | None:
    """The owner of the token ``raw`` holding the token's grant alone, or None (an unknown, revoked
    or expired token, an inactive owner, or an owner with no role left in the coalition). Raises
    :class:`TokenThrottled` when the token used up its rate. Each accepted request is audited with
    the token's prefix and stamps its last use."""
    from coalitionlens.accounts.throttle import token_request_take

    match = _SHAPE.fullmatch(raw.strip())
    if match is None:
        return None
    token = token_find(match.group(1))
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(match.group(0))):
        return None
    now = timezone.now()
    user = token.user
    why = None
    if token.revoked_at is not None:
        why = "revoked"
    elif token.expires_at <= now:
        why = "expired"
    elif not user.is_active:
        why = "owner inactive"
    effective = lower_role(token.role, _role_of(user, token.coalition_id)) if why is None else None
    if why is None and effective is None:
        why = "owner holds no role in the coalition"
    where = f"{request.method} {request.path}"[:200] if request is not None else ""
    if why is not None:
        audit_record(
            action=Action.DENIED,
            actor=user,
            coalition_id=token.coalition_id,
            obj=token,
            summary=f"API request refused: access token {token.prefix} {why} ({where})",
            request=request,
        )
        return None
    wait = token_request_take(request, prefix=token.prefix) if request is not None else None
    if wait is not None:
        raise TokenThrottled(wait)
    assert effective is not None
    restrict_roles(user, {token.coalition_id: effective})
    # A platform admin's token is a token like any other: Django grants an active superuser every
    # permission, so this request's copy of the user (never saved) is no admin.
    user.is_superuser = user.is_staff = False
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    audit_record(
        action=Action.TOKEN_USE,
        actor=user,
        coalition_id=token.coalition_id,
        obj=token,
        summary=f"access token {token.prefix} ({effective}): {where}",
        request=request,
    )
    return user

"""Who must use a second factor (TOTP through django-allauth's ``mfa`` app), and whether this session
has passed it.

SAFETY.md: coordinators and platform admins use TOTP MFA; other roles may, and a setting
(``COALITIONLENS_MFA_REQUIRED_FOR_ALL``) requires it of everyone. A person who must and has not
enrolled is sent to enrolment before any page beyond the account pages; one who has enrolled but whose
session has no record of the second step (signed in before enrolling elsewhere, or a session made
any other way) is asked for a code. allauth itself stops an enrolled person's password sign-in at the
code step, so a password alone never makes a signed-in session for them.

This is the one place that reads allauth's records of the second step, so a change in allauth's
internals is mended here alone (as :mod:`coalitionlens.accounts.reauth` does for sign-in times).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coalitionlens.accounts.permissions import roles_of
from coalitionlens.coalitions.vocab import Role

__all__ = [
    "DEMO_EMAIL_SUFFIX",
    "mfa_demo_exempt",
    "mfa_enrolled",
    "mfa_gate",
    "mfa_required",
    "session_passed_mfa",
]

#: Demo accounts (``coalitionlens demo``) all end so; only they can be exempt, and only in demo mode.
DEMO_EMAIL_SUFFIX = ".demo"


def mfa_required(user: Any) -> bool:
    """Whether this person must use a second factor: a coordinator anywhere, a platform admin, or
    everyone when the setting says so."""
    if not getattr(user, "is_authenticated", False):
        return False
    if settings.COALITIONLENS_MFA_REQUIRED_FOR_ALL or user.is_superuser:
        return True
    return Role.COORDINATOR in roles_of(user).values()


def mfa_demo_exempt(user: Any) -> bool:
    """Demo mode (``COALITIONLENS_DEMO``) leaves MFA unenforced on the demo accounts, whose
    passwords are published anyway; never on any other account."""
    return bool(
        settings.COALITIONLENS_DEMO
        and getattr(user, "is_authenticated", False)
        and user.email.lower().endswith(DEMO_EMAIL_SUFFIX)
    )


def mfa_enrolled(user: Any) -> bool:
    """Whether the person has an authenticator app (TOTP) set up."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request: HttpRequest) -> bool:
    """Whether this session's signed-in person gave a second-factor code (at sign-in, at
    re-authentication, or when enrolling) in this session."""
    from allauth.account.internal.flows.login import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "mfa" for r in records)


def mfa_gate(request: HttpRequest) -> str | None:
    """The URL name this request must go to first (enrolment or the code step), or ``None`` to
    let it through. Reads nothing from the database for a session that has passed the step."""
    user = request.user
    if not mfa_required(user) or session_passed_mfa(request) or mfa_demo_exempt(user):
        return None
    return "mfa_reauthenticate" if mfa_enrolled(user) else "mfa_activate_totp"

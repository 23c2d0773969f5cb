"""Sign-ins, sign-outs, failed sign-ins and every change or use of a second factor go to the audit
log."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record


@receiver(user_logged_in)
def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=Action.LOGIN, actor=user, obj=user, request=request)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=Action.LOGOUT, actor=user, obj=user, request=request)


@receiver(user_login_failed)
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # The attempted identifier is kept (accounts are looked up by it when investigating), never the password.
    who = str(credentials.get("email") or credentials.get("username") or "")[:150]
    audit_record(action=Action.LOGIN_FAILED, summary=f"sign-in failed for {who}", request=request)


def _kind(authenticator: Authenticator) -> str:
    return "recovery codes" if authenticator.type == Authenticator.Type.RECOVERY_CODES else "TOTP"


@receiver(mfa_signals.authenticator_added)
def _on_mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_record(
        action=Action.MFA_ADDED,
        actor=user,
        obj=user,
        summary=f"{_kind(authenticator)} set up",
        request=request,
    )
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        # Enrolling took a valid code from the new app: this session has passed the second step.
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
        )


@receiver(mfa_signals.authenticator_removed)
def _on_mfa_removed(
    sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    audit_record(
        action=Action.MFA_REMOVED,
        actor=user,
        obj=user,
        summary=f"{_kind(authenticator)} removed",
        request=request,
    )


@receiver(mfa_signals.authenticator_reset)
def _on_mfa_codes(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_record(
        action=Action.MFA_CODES, actor=user, obj=user, summary="new recovery codes", request=request
    )


@receiver(mfa_signals.authenticator_used)
def _on_mfa_used(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    # A TOTP code is an ordinary sign-in (audited as one); a recovery code means the phone is
    # missing, which the person's admins may want to know.
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        # (re-read: allauth marked the code used on a fresh copy of the row)
        fresh = Authenticator.objects.get(pk=authenticator.pk)
        left = len(fresh.wrap().get_unused_codes())
        audit_record(
            action=Action.MFA_RECOVERY_USED,
            actor=user,
            obj=user,
            summary=f"recovery code used ({left} left)",
            request=request,
        )


@receiver(mfa_signals.authentication_failed)
def _on_mfa_failed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    step = "re-authentication" if kwargs.get("reauthentication") else "sign-in"
    audit_record(
        action=Action.MFA_FAILED,
        obj=user,
        summary=f"wrong two-factor code for {user.email} at {step}"[:300],
        request=request,
    )

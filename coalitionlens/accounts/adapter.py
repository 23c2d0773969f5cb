from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coalitionlens.accounts import throttle
from coalitionlens.accounts.mfa import mfa_required


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by coordinators and admins, never by open sign-up; sign-ins are
    throttled per account, per account and address, and per address (accounts/throttle.py)."""

    def is_open_for_signup(self, request: Any) -> bool:
        return bool(getattr(settings, "ACCOUNT_ALLOW_REGISTRATION", False))

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the account's count by the request's host (port included), so two app
        # servers, or two names of one server, would each count an account's failures apart.
        # One platform, one count per account: the login alone.
        login = str(credentials.get("email") or credentials.get("username") or "")
        return login.strip().lower()

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Replaces allauth's own count (one rate, refusing without saying until when); the
        # successful sign-in gives the places back through the same attribute allauth rolls back.
        login = str(credentials.get("email") or credentials.get("username") or "")
        self._login_failed_rl_usage = throttle.attempt_begin(
            request,
            login=login,
            account_key=self._get_login_attempts_cache_key(request, **credentials),
        )


class MFAAdapter(DefaultMFAAdapter):
    """Someone who must use a second factor cannot switch it off; a platform admin resets it
    (``mfa_reset``), and the person enrols again."""

    # In this product's catalogues (allauth's own have no Khmer).
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("Incorrect code."),
        "cannot_delete_authenticator": _(
            "Your role requires two-factor authentication: only a platform admin can reset it."
        ),
    }

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        return not mfa_required(authenticator.user)

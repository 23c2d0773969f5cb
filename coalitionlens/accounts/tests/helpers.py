"""Helpers for tests that need what a sign-in leaves in the session."""

from __future__ import annotations

import time


def signed_in_just_now(client, user, ago: float = 0.0) -> None:
    """What django-allauth records in the session at a password sign-in."""
    from allauth.account.internal.flows import login as flows

    session = client.session
    mine = session.get(flows._AUTHENTICATION_METHODS_USER_SESSION_KEY) == str(user.pk)
    earlier = session.get(flows.AUTHENTICATION_METHODS_SESSION_KEY, []) if mine else []
    session[flows.AUTHENTICATION_METHODS_SESSION_KEY] = [
        *earlier,
        {"method": "password", "at": time.time() - ago, "email": user.email},
    ]
    session[flows._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()

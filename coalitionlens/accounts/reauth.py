"""Whether the person at the keyboard signed in recently: exports and report downloads ask for it.

django-allauth keeps a record of each sign-in and re-authentication in the session; this is the one
place that reads it, so a change in allauth's internals is mended here alone.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect


def signed_in_recently(request: HttpRequest) -> bool:
    """Whether this session authenticated (signed in or re-authenticated) within the setting's
    minutes, from the records django-allauth keeps in the session."""
    from allauth.account.internal.flows.login import get_authentication_records

    records = get_authentication_records(request, request.user)
    latest = max((float(r.get("at", 0)) for r in records), default=0.0)
    return time.time() - latest < settings.COALITIONLENS_EXPORT_RECENT_LOGIN_MINUTES * 60


def confirm_first(request: HttpRequest, then: str, message: str = "") -> HttpResponseRedirect:
    """Send the person to confirm it is them (django-allauth's re-authentication), back to
    ``then`` afterwards, saying why (``message``; by default: exports need a recent sign-in)."""
    from django.contrib import messages
    from django.urls import reverse
    from django.utils.http import urlencode
    from django.utils.translation import gettext as _

    messages.info(request, message or _("Exports need a recent sign-in: please confirm it is you."))
    return HttpResponseRedirect(reverse("account_reauthenticate") + "?" + urlencode({"next": then}))

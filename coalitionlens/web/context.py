from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coalitionlens import __version__
from coalitionlens.accounts.mfa import mfa_demo_exempt


def navigation(request: HttpRequest) -> dict[str, Any]:
    names = settings.LANGUAGE_NAMES_LOCAL
    languages = [(code, names.get(code, str(name))) for code, name in settings.LANGUAGES]
    return {
        "LANGUAGE_CHOICES": languages,
        "APP_VERSION": __version__,
        # Only for a demo account while demo mode is on: the banner saying MFA is not enforced.
        "MFA_DEMO_EXEMPT": mfa_demo_exempt(getattr(request, "user", None)),
    }

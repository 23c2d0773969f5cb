from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coalitionlens import __version__


def navigation(request: HttpRequest) -> dict[str, Any]:
    names = settings.LANGUAGE_NAMES_LOCAL
    languages = [(code, names.get(code, str(name))) for code, name in settings.LANGUAGES]
    return {"LANGUAGE_CHOICES": languages, "APP_VERSION": __version__}

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coalitionlens import __version__


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"LANGUAGES_AVAILABLE": settings.LANGUAGES, "APP_VERSION": __version__}

"""Deployment checks of this product's own settings (``check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def demo_mode_is_off(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.COALITIONLENS_DEMO:
        return [
            CheckWarning(
                "COALITIONLENS_DEMO is on: the demo accounts sign in without a second factor.",
                hint="Leave demo mode off on any server other people reach.",
                id="coalitionlens.W001",
            )
        ]
    return []

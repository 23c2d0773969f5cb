from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def marivo(db: Any) -> Any:
    """The small demo coalition, with its organisations, engagements and a closed survey round."""
    from coalitionlens.coalitions.models import Coalition
    from coalitionlens.demo.load import load_demo

    load_demo(only=["marivo"])
    return Coalition.objects.get(slug="marivo")


@pytest.fixture
def tasks_run_in_the_request(settings: Any) -> None:
    """Reports are made by a background task; here the task runs inside the request that asks."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

"""Every test starts with empty insight caches: the database cache is rolled back with each test,
but each process's dictionary is not, and ids and data stamps repeat after a rollback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coalitionlens.insights.caching import clear_local


@pytest.fixture(autouse=True)
def _empty_insight_caches() -> Iterator[None]:
    clear_local()
    yield
    clear_local()

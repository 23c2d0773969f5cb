"""The REST API's engagements endpoints (added to the API in web/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["engagements"])

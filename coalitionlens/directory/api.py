"""The REST API's directory endpoints (added to the API in web/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["directory"])

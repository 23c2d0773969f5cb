"""The REST API's personal-access-token authentication (``Authorization: Bearer cl_…``).

:class:`TokenAuth` hands the token to :func:`coalitionlens.accounts.tokens.token_authenticate`, the
one way in: the request then runs as the token's owner holding the token's grant alone, so the
API's ``get_scope`` and every permission check see only that coalition and that role.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from coalitionlens.accounts.tokens import TokenThrottled, token_authenticate

__all__ = ["TokenAuth", "TokenThrottled"]


class TokenAuth(HttpBearer):
    """A ninja bearer authentication by personal access token. A token past its rate raises
    :class:`TokenThrottled` (answered 429 with ``Retry-After`` by the api's handler)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token, request)
        if user is None:
            return None
        request.user = user
        return user

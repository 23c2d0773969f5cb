"""The REST API's personal-access-token authentication (``Authorization: Bearer cl_…``).

:class:`TokenAuth` hands the token to :func:`coalitionlens.accounts.tokens.token_authenticate`, the
one way in: the request then runs as the token's owner holding the token's grant alone, so the
API's ``get_scope`` and every permission check see only that coalition and that role.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from coalitionlens.accounts.tokens import TokenThrottled, token_authenticate
from coalitionlens.kit.api import ApiError

__all__ = ["TokenAuth", "TokenThrottled"]


class TokenAuth(HttpBearer):
    """A ninja bearer authentication by personal access token. A token past its rate is answered
    429 (a problem) with ``Retry-After``; an unknown, expired or revoked one is no way in (401
    once no other way lets the request in)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            user = token_authenticate(token, request)
        except TokenThrottled as exc:
            raise ApiError(
                429,
                _("This token made too many requests: try again in %(s)d seconds.")
                % {"s": exc.wait},
                headers={"Retry-After": str(exc.wait)},
            ) from None
        if user is None:
            return None
        request.user = user
        return user

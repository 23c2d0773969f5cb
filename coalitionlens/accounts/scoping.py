"""Resolving the coalition of a request. Every coalition page starts here.

The coalition comes from the URL's slug and is accepted only when the signed-in user holds a role in
it; otherwise the answer is 404, so a stranger cannot even learn that a coalition exists.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from coalitionlens.accounts.permissions import role_in
from coalitionlens.coalitions.models import Coalition
from coalitionlens.kit.scoping import Scope

__all__ = ["Scope", "get_scope"]


def get_scope(request: HttpRequest, slug: str) -> Scope:
    user = request.user
    if not user.is_authenticated:
        raise Http404
    coalition = Coalition.objects.filter(slug=slug).first()
    role = role_in(user, coalition)
    if coalition is None or role is None:
        raise Http404
    return Scope(coalition=coalition, role=role, user=user)

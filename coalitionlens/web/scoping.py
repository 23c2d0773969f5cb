"""Resolving the coalition of a request. Every coalition page starts here.

The coalition comes from the URL's slug and is accepted only when the signed-in user holds a role in
it; otherwise the answer is 404, so a stranger cannot even learn that a coalition exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from coalitionlens.accounts.permissions import role_in
from coalitionlens.coalitions.models import Coalition


@dataclass(frozen=True)
class Scope:
    coalition: Coalition
    role: str
    user: Any

    def can(self, perm: str) -> bool:
        return bool(self.user.has_perm(perm, self.coalition))

    def require(self, perm: str, request: HttpRequest) -> None:
        """Refuse with 403, and an audit entry, unless the user's role grants ``perm`` here."""
        if not self.can(perm):
            from coalitionlens.audit.models import Action
            from coalitionlens.audit.services import audit_record

            audit_record(
                action=Action.DENIED,
                actor=request.user,
                coalition_id=self.coalition.pk,
                summary=f"{perm} {request.method} {request.path}"[:300],
                request=request,
            )
            raise PermissionDenied


def get_scope(request: HttpRequest, slug: str) -> Scope:
    user = request.user
    if not user.is_authenticated:
        raise Http404
    coalition = Coalition.objects.filter(slug=slug).first()
    role = role_in(user, coalition)
    if coalition is None or role is None:
        raise Http404
    return Scope(coalition=coalition, role=role, user=user)

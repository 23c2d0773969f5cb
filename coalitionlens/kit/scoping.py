"""The scope of a request: the coalition it is about, the user and their role there.

Pages get it from :func:`coalitionlens.accounts.scoping.get_scope`, which resolves the URL's slug
against the user's roles; :meth:`Scope.require` is the one place that refuses and audits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record

if TYPE_CHECKING:  # the toolkit sits below the apps: the type only, never the import
    from coalitionlens.coalitions.models import Coalition


@dataclass(frozen=True)
class Scope:
    coalition: Coalition
    role: str
    user: Any

    def can(self, perm: str) -> bool:
        return bool(self.user.has_perm(perm, self.coalition))

    def require(self, perm: str, request: HttpRequest) -> None:
        """Refuse with 403, and an audit entry, unless the user's role grants ``perm`` here. The
        refusal carries ``perm``, so the 403 page can say which roles may (web/refusals.py)."""
        if not self.can(perm):
            audit_record(
                action=Action.DENIED,
                actor=request.user,
                coalition_id=self.coalition.pk,
                summary=f"{perm} {request.method} {request.path}"[:300],
                request=request,
            )
            raise PermissionDenied(perm)

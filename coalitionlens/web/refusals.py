"""``handler403``: a refusal inside the normal layout (navigation, language switch), saying which roles
may use the page when the refusal came from :meth:`Scope.require` (which names the permission)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from coalitionlens.accounts.permissions import roles_granted
from coalitionlens.accounts.scoping import get_scope
from coalitionlens.coalitions.vocab import Role


def _scope(request: HttpRequest) -> Any:
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match is not None else None
    if not slug:
        return None
    try:
        return get_scope(request, slug)
    except Http404:
        return None


def allowed_sentence(perm: str, scope: Any) -> str:
    """ "Who may use this page: Coordinator, Analyst. Your role here: Member representative." """
    roles = roles_granted(perm, scope.coalition)
    if not roles:
        return _("No role in this coalition may use this page.")
    return _("Who may use this page: %(roles)s. Your role here: %(role)s.") % {
        "roles": ", ".join(str(Role(r).label) for r in roles),
        "role": Role(scope.role).label,
    }


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    scope = _scope(request)
    perm = exception.args[0] if exception is not None and exception.args else ""
    sentence = (
        allowed_sentence(perm, scope)
        if scope is not None and isinstance(perm, str) and perm.startswith("cl.")
        else ""
    )
    body = render_to_string(
        "403.html",
        {"scope": scope, "coalition": scope.coalition if scope else None, "allowed": sentence},
        request=request,
    )
    return HttpResponse(body, status=403)

"""People and their roles in a coalition (coordinators only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.accounts.services import role_grant, role_revoke
from coalitionlens.directory.people_forms import RoleForm
from coalitionlens.kit.crud import Column, Resource
from coalitionlens.kit.scoping import Scope


def _save(scope: Scope, form: Any, request: HttpRequest) -> CoalitionRole:
    return role_grant(
        coalition=scope.coalition,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        organisation=form.cleaned_data.get("organisation"),
        actor=request.user,
        request=request,
    )


PEOPLE = Resource(
    noun="person",
    plural="people",
    title=_("People and roles"),
    model=CoalitionRole,
    form=RoleForm,
    view_perm="cl.manage_roles",
    edit_perm="cl.manage_roles",
    rows=lambda scope, p: (
        CoalitionRole.objects.filter(coalition=scope.coalition)
        .select_related("user", "organisation")
        .order_by("role", "user__email")
    ),
    columns=[
        Column(_("Person"), "user", link=True),
        Column(_("E-mail address"), "user.email"),
        Column(_("Role"), "get_role_display"),
        Column(_("Represents"), "organisation"),
    ],
    detail_fields=["user", "role", "organisation", "granted_at"],
    save=_save,
    delete=lambda obj, request: role_revoke(role_obj=obj, actor=request.user, request=request),
)

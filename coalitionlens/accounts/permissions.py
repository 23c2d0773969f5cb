"""What each coalition role may do, declared once with ``rules``.

Checks take the coalition as the object: ``user.has_perm("cl.edit_directory", coalition)``. A user's
roles are read once per request and cached on the user object, so permission checks cost no queries
after the first.
"""

from __future__ import annotations

from typing import Any

import rules

from coalitionlens.coalitions.vocab import Confidentiality, Role

_CACHE_ATTR = "_coalitionlens_roles"


def roles_of(user: Any) -> dict[int, str]:
    """``{coalition_id: role}`` for an authenticated user (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from coalitionlens.accounts.models import CoalitionRole

        cached = dict(CoalitionRole.objects.filter(user=user).values_list("coalition_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_in(user: Any, coalition: Any) -> str | None:
    if coalition is None:
        return None
    return roles_of(user).get(coalition.pk)


def _role_predicate(*allowed: str) -> Any:
    @rules.predicate
    def check(user: Any, coalition: Any) -> bool:
        return role_in(user, coalition) in allowed

    check.name = "role_in_" + "_".join(allowed)
    return check


is_coordinator = _role_predicate(Role.COORDINATOR)
is_analyst = _role_predicate(Role.ANALYST)
is_member = _role_predicate(Role.MEMBER)
is_viewer = _role_predicate(Role.VIEWER)
has_any_role = is_coordinator | is_analyst | is_member | is_viewer

rules.add_perm("cl.view_coalition", has_any_role)
rules.add_perm("cl.edit_directory", is_coordinator)
rules.add_perm("cl.edit_engagements", is_coordinator)
rules.add_perm("cl.view_tensions", is_coordinator | is_analyst)
rules.add_perm("cl.edit_tensions", is_coordinator)
rules.add_perm("cl.view_audit", is_coordinator)
rules.add_perm("cl.manage_roles", is_coordinator)
rules.add_perm("cl.export", is_coordinator | is_analyst)
# Surveys: coordinators run rounds; every role reads the (suppressed) results; the per-organisation
# table is for coordinators and analysts.
rules.add_perm("cl.manage_surveys", is_coordinator)
rules.add_perm("cl.view_survey_results", has_any_role)
rules.add_perm("cl.view_survey_targets", is_coordinator | is_analyst)
# Reports: made and downloaded by coordinators and analysts (a report is an export).
rules.add_perm("cl.make_reports", is_coordinator | is_analyst)

# Which roles read the sensitive fields of an engagement, per confidentiality class.
CONFIDENTIAL_READERS: dict[str, frozenset[str]] = {
    Confidentiality.PUBLIC: frozenset(Role.values),
    Confidentiality.INTERNAL: frozenset(Role.values),
    Confidentiality.CONFIDENTIAL: frozenset({Role.COORDINATOR, Role.ANALYST}),
    Confidentiality.RESTRICTED: frozenset({Role.COORDINATOR}),
}


def may_read_sensitive(role: str | None, confidentiality: str) -> bool:
    return role is not None and role in CONFIDENTIAL_READERS.get(confidentiality, frozenset())

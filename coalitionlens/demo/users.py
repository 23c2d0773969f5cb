"""Demo accounts, and the user/role writes the CLI's ``createuser`` shares with them.

Every demo coalition gets one user per role (``coordinator@<slug>.demo`` …) and the platform has one
admin (``admin@coalitionlens.demo``). All share :data:`DEMO_PASSWORD`: they exist only for trying
the product on a laptop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from coalitionlens.accounts.models import CoalitionRole, User
from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.coalitions.vocab import Role

__all__ = [
    "ADMIN_EMAIL",
    "DEMO_PASSWORD",
    "DemoLogin",
    "UserError",
    "demo_logins",
    "demo_users_ensure",
    "user_exists",
    "user_upsert",
]

DEMO_PASSWORD = "lens-demo-2026"  # noqa: S105 - published on purpose: demo accounts only
ADMIN_EMAIL = "admin@coalitionlens.demo"
ROLES: tuple[str, ...] = tuple(Role.values)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str  # a coalition role, or "platform admin"
    coalition: str  # slug, or "" for the platform admin


def demo_email(role: str, slug: str) -> str:
    return f"{role}@{slug}.demo"


def demo_logins(slugs: list[str]) -> list[DemoLogin]:
    """The demo logins for these coalitions, the platform admin first."""
    out = [DemoLogin(ADMIN_EMAIL, DEMO_PASSWORD, "platform admin", "")]
    for slug in slugs:
        out += [DemoLogin(demo_email(role, slug), DEMO_PASSWORD, role, slug) for role in ROLES]
    return out


def demo_users_ensure(coalitions: list[tuple[Coalition, Organisation, Organisation]]) -> int:
    """Create the demo users and roles that are missing; never change existing ones.

    ``coalitions`` holds (coalition, secretariat, the member user's organisation). Returns how many
    users were created.
    """
    wanted: dict[str, bool] = {ADMIN_EMAIL: True}
    for coalition, _sec, _org in coalitions:
        for role in ROLES:
            wanted[demo_email(role, coalition.slug)] = False
    existing = set(User.objects.filter(email__in=list(wanted)).values_list("email", flat=True))
    # One hash for all: hashing is deliberately slow, and every demo user has the same password.
    hashed = make_password(DEMO_PASSWORD)
    new = [
        User(
            email=email,
            password=hashed,
            is_superuser=admin,
            is_staff=admin,
            display_name="Platform admin (demo)" if admin else f"Demo {email.split('@')[0]}",
        )
        for email, admin in wanted.items()
        if email not in existing
    ]
    User.objects.bulk_create(new)
    users = {u.email: u for u in User.objects.filter(email__in=list(wanted))}
    have = set(
        CoalitionRole.objects.filter(user__in=list(users.values())).values_list(
            "user__email", "coalition_id"
        )
    )
    roles: list[CoalitionRole] = []
    for coalition, secretariat, member_org in coalitions:
        represents = {"coordinator": secretariat, "member": member_org}
        for role in ROLES:
            email = demo_email(role, coalition.slug)
            if (email, coalition.pk) not in have:
                roles.append(
                    CoalitionRole(
                        user=users[email],
                        coalition=coalition,
                        role=role,
                        organisation=represents.get(role),
                    )
                )
    CoalitionRole.objects.bulk_create(roles)
    return len(new)


def user_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=User.objects.normalize_email(email.strip())).exists()


class UserError(ValueError):
    """A user or role cannot be written; the message says why, for people."""


def user_upsert(
    *,
    email: str,
    password: str | None = None,
    coalition_slug: str | None = None,
    role: str | None = None,
    admin: bool = False,
    organisation: Organisation | None = None,
) -> tuple[User, bool]:
    """Create or update a user, and their role in one coalition. Returns (user, created).

    Raises :class:`UserError` with a readable message for an unknown coalition or role or a weak
    password; nothing is written then.
    """
    email = User.objects.normalize_email(email.strip())
    if "@" not in email:
        raise UserError(f"'{email}' is not an e-mail address.")
    if (coalition_slug is None) != (role is None):
        raise UserError("Give both --coalition and --role, or neither.")
    coalition = None
    if coalition_slug is not None:
        coalition = Coalition.objects.filter(slug=coalition_slug).first()
        if coalition is None:
            known = (
                ", ".join(Coalition.objects.order_by("slug").values_list("slug", flat=True))
                or "none yet"
            )
            raise UserError(f"No coalition '{coalition_slug}'. Known coalitions: {known}.")
        if role not in ROLES:
            raise UserError(f"Unknown role '{role}'. Choose one of: {', '.join(ROLES)}.")
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        if not password:
            raise UserError("A new user needs a password (--password-stdin).")
        user = User(email=email)
    if password:
        try:
            validate_password(password, user)
        except Exception as exc:  # Django's ValidationError carries a list of messages
            messages = getattr(exc, "messages", [str(exc)])
            raise UserError("Password refused: " + " ".join(messages)) from exc
        user.set_password(password)
    if admin:
        user.is_superuser = user.is_staff = True
    with transaction.atomic():
        user.save()
        audit_record(
            action=Action.CREATE if created else Action.UPDATE,
            obj=user,
            summary=f"{'created' if created else 'updated'} user {email} from the command line",
        )
        if coalition is not None and role is not None:
            _role_set(user=user, coalition=coalition, role=role, organisation=organisation)
    return user, created


def _role_set(*, user: User, coalition: Coalition, role: str, organisation: Any) -> None:
    current = CoalitionRole.objects.filter(user=user, coalition=coalition).first()
    if current is None:
        CoalitionRole.objects.create(
            user=user, coalition=coalition, role=role, organisation=organisation
        )
    elif current.role != role:
        current.role = role
        current.save(update_fields=["role"])
    else:
        return
    audit_record(
        action=Action.ROLE_CHANGE,
        coalition_id=coalition.pk,
        obj=user,
        summary=f"{user.email} is now {role} in {coalition.slug}",
    )

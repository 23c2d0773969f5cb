"""Granting and removing roles, and resetting a person's second factor. Every change is audited."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalitionlens.accounts.models import CoalitionRole, User
from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.coalitions.vocab import Role
from coalitionlens.kit.audited import record_save


def role_grant(
    *,
    coalition: Coalition,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    actor: Any,
    request: Any = None,
) -> CoalitionRole:
    """Give the person with this e-mail address a role in the coalition (creating their account,
    without a password, when they have none: they set it with the password-reset link)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    if organisation is not None and organisation.coalition_id != coalition.pk:
        raise ValidationError(
            {"organisation": _("This organisation belongs to another coalition.")}
        )
    email = User.objects.normalize_email(email.strip()).lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(email=email)
            user.set_unusable_password()
            user.full_clean(exclude=["password"])
            user.save()
        existing = CoalitionRole.objects.filter(user=user, coalition=coalition).first()
        old = existing.role if existing else None
        if existing and old == Role.COORDINATOR and role != Role.COORDINATOR:
            _keep_a_coordinator(coalition, leaving=existing)
        obj = existing or CoalitionRole(user=user, coalition=coalition)
        obj.role = role
        obj.organisation = organisation
        obj.full_clean()
        obj.save()
        audit_record(
            action=Action.ROLE_CHANGE,
            actor=actor,
            coalition_id=coalition.pk,
            obj=obj,
            summary=f"{email}: {old or '-'} → {role}",
            changes={"role": [old, role]},
            request=request,
        )
    return obj


def role_revoke(*, role_obj: CoalitionRole, actor: Any, request: Any = None) -> None:
    with transaction.atomic():
        if role_obj.role == Role.COORDINATOR:
            _keep_a_coordinator(role_obj.coalition, leaving=role_obj)
        summary = f"{role_obj.user.email}: {role_obj.role} → -"
        pk = role_obj.pk
        role_obj.delete()
        role_obj.pk = pk
        audit_record(
            action=Action.ROLE_CHANGE,
            actor=actor,
            coalition_id=role_obj.coalition_id,
            obj=role_obj,
            summary=summary,
            changes={"role": [role_obj.role, None]},
            request=request,
        )


def _keep_a_coordinator(coalition: Coalition, *, leaving: CoalitionRole) -> None:
    others = CoalitionRole.objects.filter(coalition=coalition, role=Role.COORDINATOR).exclude(
        pk=leaving.pk
    )
    if not others.exists():
        raise ValidationError(_("A coalition needs at least one coordinator."))


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
        if role not in Role.values:
            raise UserError(f"Unknown role '{role}'. Choose one of: {', '.join(Role.values)}.")
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        if not password:
            raise UserError("A new user needs a password (--password-stdin).")
        user = User(email=email)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise UserError("Password refused: " + " ".join(exc.messages)) from exc
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
            try:
                role_grant(
                    coalition=coalition,
                    email=email,
                    role=role,
                    organisation=organisation,
                    actor=None,
                )
            except ValidationError as exc:
                raise UserError(" ".join(exc.messages)) from exc
    return user, created


def coalition_create(
    *, coalition: Coalition, coordinator_email: str, actor: Any, request: Any = None
) -> Coalition:
    """A platform admin creates a coalition together with its first coordinator."""
    with transaction.atomic():
        record_save(instance=coalition, actor=actor, request=request)
        role_grant(
            coalition=coalition,
            email=coordinator_email,
            role="coordinator",
            actor=actor,
            request=request,
        )
    return coalition


def mfa_reset(*, user: User, actor: Any, request: Any = None) -> int:
    """Remove a person's second factor (a lost or replaced phone): their authenticator app and
    recovery codes are deleted and every session of theirs ends, so whoever holds an old session
    cannot enrol a new app in it. They enrol again at their next sign-in. Returns how many
    authenticators were removed.

    Platform admins only (the platform page and ``coalitionlens mfa-reset`` check it).
    """
    with transaction.atomic():
        removed, _kinds = Authenticator.objects.filter(user=user).delete()
        ended = sessions_end(user=user)
        audit_record(
            action=Action.MFA_RESET,
            actor=actor,
            obj=user,
            summary=f"two-factor authentication of {user.email} reset "
            f"{'by ' + actor.email if actor is not None else 'from the command line'}: "
            f"{removed} authenticators removed, {ended} sessions ended",
            request=request,
        )
    return int(removed)


def sessions_end(*, user: User) -> int:
    """End every server session of this person; returns how many."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)

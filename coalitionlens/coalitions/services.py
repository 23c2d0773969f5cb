"""Writes to the directory. Every write validates (``full_clean``), runs in one transaction, and audits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record, model_changes, snapshot
from coalitionlens.coalitions.models import Coalition, Organisation, Sector


def _fields(instance: models.Model) -> list[str]:
    return [
        f.name
        for f in instance._meta.concrete_fields
        if f.name not in {"id", "created_at", "updated_at", "coalition"}
    ]


def record_save(
    *,
    instance: models.Model,
    actor: Any,
    m2m: dict[str, Iterable[Any]] | None = None,
    request: Any = None,
) -> models.Model:
    """Validate and save a coalition-scoped record (new or changed), set its many-to-many fields,
    and write the audit entry, all in one transaction."""
    fields = _fields(instance)
    with transaction.atomic():
        creating = instance.pk is None
        before = (
            {}
            if creating
            else snapshot(type(instance)._default_manager.get(pk=instance.pk), fields)
        )
        instance.full_clean()
        instance.save()
        m2m_changes: dict[str, Any] = {}
        for name, values in (m2m or {}).items():
            related = getattr(instance, name)
            ids = sorted(v.pk for v in values)
            old = sorted(related.values_list("pk", flat=True)) if not creating else []
            related.set(values)
            if ids != old:
                m2m_changes[name] = [old, ids]
        changes = (
            model_changes(before, instance, fields) if not creating else snapshot(instance, fields)
        )
        changes.update(m2m_changes)
        audit_record(
            action=Action.CREATE if creating else Action.UPDATE,
            actor=actor,
            coalition_id=instance.pk
            if isinstance(instance, Coalition)
            else getattr(instance, "coalition_id", None),
            obj=instance,
            summary=str(instance)[:300],
            changes=changes,
            request=request,
        )
    return instance


def record_delete(*, instance: models.Model, actor: Any, request: Any = None) -> None:
    """Delete a coalition-scoped record and audit it; refuses when other records still depend on it."""
    with transaction.atomic():
        summary = str(instance)[:300]
        pk = instance.pk
        try:
            instance.delete()
        except models.ProtectedError as exc:
            raise ValidationError(
                _("This cannot be deleted while other records use it (%(count)s).")
                % {"count": len(exc.protected_objects)}
            ) from exc
        instance.pk = pk
        audit_record(
            action=Action.DELETE,
            actor=actor,
            coalition_id=getattr(instance, "coalition_id", None),
            obj=instance,
            summary=summary,
            request=request,
        )


def subsector_create(
    *, coalition: Coalition, parent: Sector, code: str, name: str, actor: Any
) -> Sector:
    """A coordinator adds a sub-sector under a top-level sector; it inherits the macro-sector."""
    if parent.parent_id is not None:
        raise ValidationError({"parent": _("A sub-sector must belong to a top-level sector.")})
    sector = Sector(
        coalition=coalition,
        parent=parent,
        code="_".join(code.upper().split()),
        name=name.strip(),
        macro_sector=parent.macro_sector,
    )
    return record_save(instance=sector, actor=actor)  # type: ignore[return-value]


def sector_delete(*, sector: Sector, actor: Any) -> None:
    """Remove a coalition's own sub-sector. The core taxonomy can never be removed."""
    if sector.is_core or sector.coalition_id is None:
        raise ValidationError(_("Core sectors cannot be removed."))
    record_delete(instance=sector, actor=actor)


def coalition_create(
    *, coalition: Coalition, coordinator_email: str, actor: Any, request: Any = None
) -> Coalition:
    """A platform admin creates a coalition together with its first coordinator."""
    from coalitionlens.accounts.services import role_grant

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


def coalition_delete(*, coalition: Coalition, actor: Any) -> dict[str, int]:
    """Delete a coalition that leaves, completely: every record that belongs to it, its own
    sub-sectors, roles and audit trail. Nothing of any other coalition is touched. People's accounts
    stay (they may belong to other coalitions); their role here goes.

    Returns the number of rows deleted per model.
    """
    from coalitionlens.audit.models import AuditEntry

    with transaction.atomic():
        pk, name = coalition.pk, coalition.name
        Coalition.objects.filter(pk=pk).update(secretariat=None)
        # Organisations first: they protect the sub-sectors the coalition added.
        _, orgs = Organisation.objects.filter(coalition_id=pk).delete()
        _, rest = Coalition.objects.filter(pk=pk).delete()
        counts = {k: orgs.get(k, 0) + rest.get(k, 0) for k in {*orgs, *rest}}
        counts["audit.AuditEntry"] = AuditEntry.objects.filter(coalition_id=pk).purge()
        audit_record(action=Action.DELETE, actor=actor, summary=f"deleted coalition {name} (#{pk})")
    return counts

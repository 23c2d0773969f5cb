"""Audited writes: every create, update and delete of a coalition's record validates, runs in one
transaction and writes its audit entry. Services and the scoped CRUD pages save through here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record, model_changes, snapshot


def _coalition_id(instance: models.Model) -> Any:
    """The coalition a record belongs to: its own id for a coalition, else its ``coalition_id``."""
    if instance._meta.label == "coalitions.Coalition":
        return instance.pk
    return getattr(instance, "coalition_id", None)


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
            coalition_id=_coalition_id(instance),
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

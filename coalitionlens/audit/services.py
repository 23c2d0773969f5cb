"""Writing the audit trail. Every service that changes coalition data calls :func:`audit_record`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from coalitionlens.audit.models import Action, AuditEntry


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: Action | str,
    actor: Any = None,
    coalition_id: int | None = None,
    obj: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry. Never raises on missing context; callers run it inside their transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        coalition_id=coalition_id,
        action=str(action),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        summary=summary[:300],
        changes=changes or {},
        ip=_client_ip(request),
    )


def model_changes(before: dict[str, Any], after: models.Model, fields: list[str]) -> dict[str, Any]:
    """The fields whose value differs, as ``{field: [old, new]}`` with JSON-safe values."""
    out: dict[str, Any] = {}
    for name in fields:
        new = _jsonable(
            getattr(after, name + "_id", getattr(after, name, None))
            if _is_fk(after, name)
            else getattr(after, name, None)
        )
        old = before.get(name)
        if old != new:
            out[name] = [old, new]
    return out


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {
        name: _jsonable(
            getattr(obj, name + "_id") if _is_fk(obj, name) else getattr(obj, name, None)
        )
        for name in fields
    }


def _is_fk(obj: models.Model, name: str) -> bool:
    try:
        field = obj._meta.get_field(name)
    except Exception:
        return False
    return bool(getattr(field, "many_to_one", False))


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def audit_export(
    *,
    coalition_id: int,
    actor: Any,
    summary: str,
    data: bytes,
    request: HttpRequest | None = None,
    **changes: Any,
) -> AuditEntry:
    """Record an export (SAFETY.md: every export writes an audit entry): what was asked
    (``changes``) and the SHA-256 of the bytes handed out, so a file found later can be matched."""
    import hashlib

    return audit_record(
        action=Action.EXPORT,
        actor=actor,
        coalition_id=coalition_id,
        summary=summary[:300],
        changes={**changes, "sha256": hashlib.sha256(data).hexdigest()},
        request=request,
    )

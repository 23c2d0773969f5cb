"""Retention (SAFETY.md): data past its class's retention is purged by a command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.audit.services import audit_record


@dataclass(frozen=True)
class PurgeResult:
    audit_entries: int
    sessions: int


def retention_purge(*, now: dt.datetime | None = None) -> PurgeResult:
    """Delete audit entries older than the audit retention and expired sessions.

    ``now`` is injectable so tests can move the clock.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.COALITIONLENS_AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        n_audit = AuditEntry.objects.filter(at__lt=cutoff).purge()
        n_sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
        if n_audit:
            audit_record(
                action=Action.DELETE,
                summary=f"retention purge: {n_audit} audit entries before {cutoff:%Y-%m-%d}",
            )
    return PurgeResult(audit_entries=n_audit, sessions=n_sessions)

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.utils import timezone

from coalitionlens.audit.models import AuditEntry
from coalitionlens.audit.retention import retention_purge

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _entry_at(when: dt.datetime, summary: str) -> AuditEntry:
    with mock.patch("django.utils.timezone.now", return_value=when):
        return AuditEntry.objects.create(action="create", summary=summary)


def test_the_purge_deletes_audit_entries_past_retention_and_keeps_the_rest(db, settings):
    settings.COALITIONLENS_AUDIT_RETENTION_DAYS = 365
    old = _entry_at(NOW - dt.timedelta(days=366), "old")
    edge = _entry_at(NOW - dt.timedelta(days=364), "edge")
    result = retention_purge(now=NOW)
    assert result.audit_entries == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=edge.pk).exists()
    assert AuditEntry.objects.filter(summary__startswith="retention purge: 1").exists()


def test_a_purge_with_nothing_old_deletes_nothing(db, settings):
    settings.COALITIONLENS_AUDIT_RETENTION_DAYS = 365
    _entry_at(timezone.now(), "today")
    assert retention_purge().audit_entries == 0
    assert AuditEntry.objects.count() == 1

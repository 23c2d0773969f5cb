"""The audit log records sign-ins and every create, update and delete, and cannot be changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.audit.models import AuditEntry, AuditLogIsAppendOnly
from coalitionlens.coalitions.models import Organisation
from coalitionlens.coalitions.tests.factories import core_sector


def test_creating_changing_and_deleting_an_organisation_each_leave_an_entry(client, cast):
    client.force_login(cast.alice)
    sector = core_sector("FAITH_BASED").pk
    client.post(
        reverse("organisation_create", args=["lens"]),
        {"name": "Lantern House", "sector": sector, "scale": "LOCAL", "origin": "DOMESTIC"},
    )
    org = Organisation.objects.get(name="Lantern House")
    client.post(
        reverse("organisation_edit", args=["lens", org.pk]),
        {"name": "Lantern House Trust", "sector": sector, "scale": "LOCAL", "origin": "DOMESTIC"},
    )
    client.post(reverse("organisation_delete", args=["lens", org.pk]))
    entries = list(
        AuditEntry.objects.filter(
            object_type="coalitions.organisation", object_id=str(org.pk)
        ).order_by("id")
    )
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor == cast.alice and e.coalition_id == cast.lens.pk for e in entries)
    assert entries[1].changes["name"] == ["Lantern House", "Lantern House Trust"]


def test_signing_in_and_failing_to_sign_in_are_recorded(client, cast):
    client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": "wrong-password-123"}
    )
    client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["login_failed", "login"]
    assert "wrong-password" not in str(list(AuditEntry.objects.values()))


def test_a_refused_action_is_recorded(client, cast):
    client.force_login(cast.bob)
    response = client.get(reverse("organisation_create", args=["lens"]))
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="denied", actor=cast.bob).exists()


def test_entries_cannot_be_changed_or_deleted(cast):
    entry = AuditEntry.objects.create(action="create", summary="x")
    entry.summary = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).summary == "x"


def test_refusals_outside_the_record_pages_are_recorded_too(client, cast):
    client.force_login(cast.bob)
    assert client.get(reverse("coalition_settings", args=["lens"])).status_code == 403
    assert client.get(reverse("audit_log", args=["lens"])).status_code == 403
    summaries = list(
        AuditEntry.objects.filter(action="denied", actor=cast.bob).values_list("summary", flat=True)
    )
    assert any(s.startswith("cl.edit_directory") for s in summaries)
    assert any(s.startswith("cl.view_audit") for s in summaries)

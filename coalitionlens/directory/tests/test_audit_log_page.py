"""The audit log's page is for coordinators only."""

from __future__ import annotations

from django.urls import reverse


def test_only_coordinators_read_the_audit_log(client, cast):
    for role, user in cast.by_role().items():
        client.force_login(user)
        status = client.get(reverse("audit_log", args=["lens"])).status_code
        assert status == (200 if role == "coordinator" else 403), role


def test_the_audit_log_shows_no_internal_codes(client, cast):
    from coalitionlens.audit.models import Action, AuditEntry

    AuditEntry.objects.create(
        coalition_id=cast.lens.pk,
        actor=cast.bob,
        action=Action.DENIED,
        summary="cl.edit_directory GET /c/lens/settings/",
    )
    AuditEntry.objects.create(
        coalition_id=cast.lens.pk,
        actor=cast.alice,
        action=Action.CREATE,
        object_type="engagements.engagement",
        object_id="7",
        summary="Joint training",
    )
    client.force_login(cast.alice)
    html = client.get(reverse("audit_log", args=["lens"])).content.decode()
    assert "cl.edit_directory" not in html
    assert "engagements.engagement" not in html
    assert "/c/lens/settings/" in html  # which page was refused
    assert "engagement Joint training" in html  # the kind of record, in words

"""The audit log's page is for coordinators only."""

from __future__ import annotations

from django.urls import reverse


def test_only_coordinators_read_the_audit_log(client, cast):
    for role, user in cast.by_role().items():
        client.force_login(user)
        status = client.get(reverse("audit_log", args=["lens"])).status_code
        assert status == (200 if role == "coordinator" else 403), role

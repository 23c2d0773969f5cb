"""The export page: for coordinators and analysts, after a recent sign-in, audited; its safe export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.accounts.tests.helpers import signed_in_just_now
from coalitionlens.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "allowed"), [("alice", True), ("carol", True), ("bob", False), ("vic", False)]
)
def test_exports_are_for_coordinators_and_analysts(client, cast, who, allowed):
    user = getattr(cast, who)
    client.force_login(user)
    signed_in_just_now(client, user)
    response = client.post(reverse("transfer_export", args=["lens"]), {"format": "json"})
    assert response.status_code == (200 if allowed else 403)
    assert AuditEntry.objects.filter(action=Action.EXPORT).exists() == allowed


def test_an_export_needs_a_recent_sign_in(client, cast):
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol, ago=16 * 60)
    response = client.post(reverse("transfer_export", args=["lens"]), {"format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
    assert client.get(response["Location"]).status_code == 200
    signed_in_just_now(client, cast.carol)
    response = client.post(reverse("transfer_export", args=["lens"]), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lens.xlsx"'
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.actor == cast.carol
    assert entry.changes["role"] == "analyst"


@pytest.mark.parametrize("fmt", ["xlsx", "graphml"])
def test_a_safe_export_from_the_page_is_a_safe_file_and_audited_as_safe(client, cast, fmt):
    from coalitionlens.coalitions.tests.factories import OrganisationFactory
    from coalitionlens.transfer.tests.test_safe_exports import leaks

    OrganisationFactory(coalition=cast.lens, name="Hidden Shelter", acronym="HSX", at_risk=True)
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol)
    page = client.get(reverse("transfer_export", args=["lens"])).content.decode()
    assert 'name="safe"' in page
    response = client.post(reverse("transfer_export", args=["lens"]), {"format": fmt, "safe": "on"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="lens-safe.{fmt}"'
    assert leaks(fmt, response.content, cast.lens) == []
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.summary == f"{fmt} safe export of lens as analyst"
    assert entry.changes["safe"] is True


def test_a_safe_export_needs_the_permission_and_a_recent_sign_in_too(client, cast):
    client.force_login(cast.bob)
    signed_in_just_now(client, cast.bob)
    url = reverse("transfer_export", args=["lens"])
    assert client.post(url, {"format": "json", "safe": "on"}).status_code == 403
    assert AuditEntry.objects.filter(action=Action.DENIED, actor=cast.bob).exists()
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol, ago=16 * 60)
    response = client.post(url, {"format": "json", "safe": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()

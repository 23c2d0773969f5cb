"""The import and export pages: who may use them, what they show, what they write."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.models import Organisation
from coalitionlens.transfer.models import BatchStatus, ImportBatch
from coalitionlens.transfer.tests.helpers import ENGAGEMENTS, ORGS, xlsx

pytestmark = pytest.mark.django_db


def _upload(client, data, name="data.xlsx"):
    return client.post(
        reverse("transfer_import", args=["lens"]),
        {"file": SimpleUploadedFile(name, data), "kind": ""},
    )


def signed_in_just_now(client, user, ago: float = 0.0) -> None:
    """What django-allauth records in the session at a password sign-in."""
    from allauth.account.internal.flows import login as flows

    session = client.session
    mine = session.get(flows._AUTHENTICATION_METHODS_USER_SESSION_KEY) == str(user.pk)
    earlier = session.get(flows.AUTHENTICATION_METHODS_SESSION_KEY, []) if mine else []
    session[flows.AUTHENTICATION_METHODS_SESSION_KEY] = [
        *earlier,
        {"method": "password", "at": time.time() - ago, "email": user.email},
    ]
    session[flows._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def test_a_coordinator_uploads_previews_and_applies(client, cast):
    client.force_login(cast.alice)
    response = _upload(client, xlsx({"organisations": ORGS, "engagements": ENGAGEMENTS}))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("importbatch_preview", args=["lens", batch.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Riverside Legal Aid" in html
    assert 'data-testid="apply"' in html
    assert html.count('data-status="new"') == 3
    assert not Organisation.objects.exists()
    response = client.post(reverse("importbatch_apply", args=["lens", batch.pk]))
    assert response.status_code == 302
    assert Organisation.objects.filter(coalition=cast.lens).count() == 2
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED
    assert AuditEntry.objects.filter(action=Action.IMPORT).count() == 1
    # Applying twice does nothing more.
    client.post(reverse("importbatch_apply", args=["lens", batch.pk]))
    assert AuditEntry.objects.filter(action=Action.IMPORT).count() == 1


def test_a_file_with_errors_lists_them_and_cannot_be_applied(client, cast):
    client.force_login(cast.alice)
    rows = [*ORGS, ["Lotus Youth Forum", "Busines", "", "NATIONAL"]]
    _upload(client, xlsx({"organisations": rows}))
    batch = ImportBatch.objects.get()
    html = client.get(reverse("importbatch_preview", args=["lens", batch.pk])).content.decode()
    assert 'data-testid="error"' in html
    assert "Busines" in html
    assert "BUSINESS" in html
    assert 'data-testid="apply"' not in html
    response = client.post(reverse("importbatch_apply", args=["lens", batch.pk]))
    assert response.status_code == 400
    assert not Organisation.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_upload(client, cast):
    client.force_login(cast.alice)
    response = _upload(client, b"\x89PNG\r\n\x1a\n\x00\x00", name="photo.csv")
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("who", ["bob", "carol", "vic"])
def test_only_coordinators_import(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("transfer_import", args=["lens"])).status_code == 403
    assert _upload(client, xlsx({"organisations": ORGS})).status_code == 403
    assert not ImportBatch.objects.exists()


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


def test_the_template_downloads_as_a_workbook(client, cast):
    client.force_login(cast.carol)
    response = client.get(reverse("transfer_template", args=["lens"]))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")


def test_the_navigation_offers_import_and_export_to_coordinators_and_analysts(client, cast):
    for user, shown in ((cast.alice, True), (cast.carol, True), (cast.bob, False)):
        client.force_login(user)
        html = client.get(reverse("coalition_home", args=["lens"])).content.decode()
        assert ("Import and export" in html) == shown


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

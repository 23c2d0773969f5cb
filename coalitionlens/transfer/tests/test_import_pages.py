"""The import pages: upload, preview, apply; only coordinators import."""

from __future__ import annotations

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

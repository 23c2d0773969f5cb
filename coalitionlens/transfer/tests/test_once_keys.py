"""The import's upload and its apply, sent twice, keep one file and apply it once (kit/once.py)."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.models import Organisation
from coalitionlens.transfer.models import ImportBatch
from coalitionlens.transfer.tests.helpers import ENGAGEMENTS, ORGS, xlsx

pytestmark = pytest.mark.django_db


def _upload(client, key: str):
    return client.post(
        reverse("transfer_import", args=["lens"]),
        {
            "once_key": key,
            "file": SimpleUploadedFile("data.xlsx", xlsx({"organisations": ORGS})),
            "kind": "",
        },
    )


def test_an_upload_sent_twice_keeps_one_file(client, cast):
    client.force_login(cast.alice)
    key = uuid.uuid4().hex
    first, second = _upload(client, key), _upload(client, key)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ImportBatch.objects.count() == 1


def test_an_apply_sent_twice_applies_once_and_answers_alike(client, cast):
    """The batch's status already refuses a second apply; the key makes the resend's answer the
    first one's too (this test passes without the key: it guards the pair against regressions)."""
    client.force_login(cast.alice)
    client.post(
        reverse("transfer_import", args=["lens"]),
        {
            "file": SimpleUploadedFile(
                "d.xlsx", xlsx({"organisations": ORGS, "engagements": ENGAGEMENTS})
            )
        },
    )
    batch = ImportBatch.objects.get()
    url = reverse("importbatch_apply", args=["lens", batch.pk])
    key = uuid.uuid4().hex
    first = client.post(url, {"once_key": key})
    second = client.post(url, {"once_key": key})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Organisation.objects.filter(coalition=cast.lens).count() == 2
    assert AuditEntry.objects.filter(action=Action.IMPORT).count() == 1

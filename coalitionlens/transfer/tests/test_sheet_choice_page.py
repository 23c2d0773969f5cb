"""The sheet choice of the import preview: the workbook's sheets with what each was read as,
each taken as another kind or skipped; unknown sheets are skipped and named in a warning."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.models import Organisation
from coalitionlens.transfer.models import ImportBatch
from coalitionlens.transfer.tests.helpers import ORGS, xlsx

pytestmark = pytest.mark.django_db

CONTACTS = [["Name", "E-mail", "Phone"], ["Ana", "ana@example.org", "+1 555 0100"]]
# A sheet named after nothing, holding organisations.
DIRECTORY = [
    ["name", "sector"],
    ["Lotus Youth Forum", "CIVIL_SOCIETY"],
]


def _upload(client, data):
    client.post(
        reverse("transfer_import", args=["lens"]),
        {"file": SimpleUploadedFile("book.xlsx", data), "kind": ""},
    )
    return ImportBatch.objects.get()


def _page(client, batch):
    return client.get(reverse("importbatch_preview", args=["lens", batch.pk])).content.decode()


def test_the_preview_lists_each_sheet_with_what_it_was_read_as(client, cast):
    client.force_login(cast.alice)
    batch = _upload(client, xlsx({"organisations": ORGS, "Contacts": CONTACTS}))
    html = _page(client, batch)
    assert html.count('data-testid="sheet"') == 2
    assert "Not recognised: skipped" in html
    assert "“Contacts” holds no kind of record" in html  # the warning names it
    sheets = {s["name"]: s for s in batch.preview["sheets"]}
    assert sheets["organisations"]["kinds"] == ["organisations"]
    assert sheets["organisations"]["rows"] == 2
    assert sheets["Contacts"]["kinds"] == []


def test_a_sheet_skipped_in_the_choice_is_not_imported(client, cast):
    client.force_login(cast.alice)
    batch = _upload(client, xlsx({"organisations": ORGS, "Directory": DIRECTORY}))
    assert batch.preview["totals"]["new"] == 3  # the Directory's headers make it organisations
    response = client.post(
        reverse("importbatch_sheets", args=["lens", batch.pk]),
        {"sheet_0": "", "sheet_1": "skip"},
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.sheet_kinds == {"Directory": "skip"}
    assert batch.preview["totals"]["new"] == 2
    assert "Skipped, as chosen" in _page(client, batch)
    assert AuditEntry.objects.filter(action=Action.UPDATE, summary__contains="sheet").exists()
    client.post(reverse("importbatch_apply", args=["lens", batch.pk]))
    names = set(Organisation.objects.filter(coalition=cast.lens).values_list("name", flat=True))
    assert names == {"Riverside Legal Aid", "Harbour Police Unit"}


def test_a_sheet_can_be_taken_as_a_kind_its_name_does_not_say(client, cast):
    client.force_login(cast.alice)
    people = [["name", "sector"], ["Lotus Youth Forum", "CIVIL_SOCIETY"]]
    batch = _upload(client, xlsx({"memberships": people}))  # misnamed: organisations really
    assert not batch.preview["ok"]
    client.post(
        reverse("importbatch_sheets", args=["lens", batch.pk]), {"sheet_0": "organisations"}
    )
    batch.refresh_from_db()
    assert batch.preview["ok"], batch.preview["errors"]
    assert batch.preview["sheets"][0]["kinds"] == ["organisations"]
    client.post(reverse("importbatch_apply", args=["lens", batch.pk]))
    assert Organisation.objects.filter(coalition=cast.lens, name="Lotus Youth Forum").exists()


def test_a_choice_not_offered_is_refused_and_nothing_is_kept(client, cast):
    client.force_login(cast.alice)
    batch = _upload(client, xlsx({"organisations": ORGS}))
    response = client.post(
        reverse("importbatch_sheets", args=["lens", batch.pk]), {"sheet_0": "tensions"}
    )
    assert response.status_code == 400
    batch.refresh_from_db()
    assert batch.sheet_kinds == {}


@pytest.mark.parametrize("who", ["bob", "carol", "vic"])
def test_only_coordinators_choose_sheets(client, cast, who):
    client.force_login(cast.alice)
    batch = _upload(client, xlsx({"organisations": ORGS}))
    client.force_login(getattr(cast, who))
    response = client.post(
        reverse("importbatch_sheets", args=["lens", batch.pk]), {"sheet_0": "skip"}
    )
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.sheet_kinds == {}


def test_another_coalitions_coordinator_gets_404(client, cast):
    client.force_login(cast.alice)
    batch = _upload(client, xlsx({"organisations": ORGS}))
    client.force_login(cast.dave)
    for slug in ("lens", "other"):
        response = client.post(
            reverse("importbatch_sheets", args=[slug, batch.pk]), {"sheet_0": "skip"}
        )
        assert response.status_code == 404
    batch.refresh_from_db()
    assert batch.sheet_kinds == {}

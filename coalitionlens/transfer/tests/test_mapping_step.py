"""The preview's mapping step: each unknown value once, mapped for all its rows, remembered for
the coalition's next imports; the order of ambiguous date columns chosen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalitionlens.coalitions.models import Membership, Organisation
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.transfer.models import ImportBatch, ValueMapping
from coalitionlens.transfer.tests.helpers import xlsx

pytestmark = pytest.mark.django_db

ROWS = [
    ["name", "sector"],
    ["A", "Entr. privée"],
    ["B", "entr. privée"],
    ["C", "Entr. privée"],
]


def _upload(client, slug, data):
    response = client.post(
        reverse("transfer_import", args=[slug]),
        {"file": SimpleUploadedFile("odd.xlsx", data), "kind": ""},
    )
    assert response.status_code == 302
    return ImportBatch.objects.filter(coalition__slug=slug).first()


def test_an_unknown_value_is_asked_once_mapped_for_all_rows_and_remembered(client, cast):
    client.force_login(cast.alice)
    batch = _upload(client, "lens", xlsx({"organisations": ROWS}))
    preview = reverse("importbatch_preview", args=["lens", batch.pk])
    html = client.get(preview).content.decode()
    assert html.count('data-testid="map-value"') == 1
    assert 'data-testid="apply"' not in html
    response = client.post(
        reverse("importbatch_map", args=["lens", batch.pk]),
        {"column_0": "sector", "value_0": "Entr. privée", "code_0": "BUSINESS"},
    )
    assert response.status_code == 302
    html = client.get(preview).content.decode()
    assert 'data-testid="map-value"' not in html
    assert 'data-testid="apply"' in html
    client.post(reverse("importbatch_apply", args=["lens", batch.pk]))
    assert set(Organisation.objects.values_list("sector__code", flat=True)) == {"BUSINESS"}
    assert Organisation.objects.count() == 3
    # The next upload to this coalition goes in without a question…
    again = xlsx({"organisations": [["name", "sector"], ["D", "ENTR. PRIVÉE"]]})
    batch = _upload(client, "lens", again)
    assert batch.preview["ok"]
    html = client.get(reverse("importbatch_preview", args=["lens", batch.pk])).content.decode()
    assert "“ENTR. PRIVÉE” · Read as BUSINESS in 1 row(s)" in html
    # …but another coalition's does not know the mapping.
    client.force_login(cast.dave)
    batch = _upload(client, "other", again)
    assert not batch.preview["ok"]
    assert [q["value"] for q in batch.preview["questions"]["values"]] == ["ENTR. PRIVÉE"]
    assert not ValueMapping.objects.filter(coalition=cast.other).exists()


def test_a_code_not_offered_is_refused_and_nothing_is_kept(client, cast):
    client.force_login(cast.alice)
    batch = _upload(client, "lens", xlsx({"organisations": ROWS}))
    response = client.post(
        reverse("importbatch_map", args=["lens", batch.pk]),
        {"column_0": "sector", "value_0": "Entr. privée", "code_0": "NATIONAL"},
    )
    assert response.status_code == 400
    assert not ValueMapping.objects.exists()


def test_a_member_cannot_answer_and_another_coalition_cannot_reach_the_batch(client, cast):
    client.force_login(cast.alice)
    batch = _upload(client, "lens", xlsx({"organisations": ROWS}))
    data = {"column_0": "sector", "value_0": "Entr. privée", "code_0": "BUSINESS"}
    client.force_login(cast.bob)
    assert client.post(reverse("importbatch_map", args=["lens", batch.pk]), data).status_code == 403
    client.force_login(cast.dave)
    assert (
        client.post(reverse("importbatch_map", args=["other", batch.pk]), data).status_code == 404
    )
    assert not ValueMapping.objects.exists()


def test_the_date_order_is_chosen_in_the_preview(client, cast):
    OrganisationFactory(coalition=cast.lens, name="Shelter")
    client.force_login(cast.alice)
    data = xlsx({"memberships": [["organisation", "joined_on"], ["Shelter", "3/4/2019"]]})
    batch = _upload(client, "lens", data)
    preview = reverse("importbatch_preview", args=["lens", batch.pk])
    html = client.get(preview).content.decode()
    assert 'data-testid="date-order"' in html
    assert "3/4/2019" in html
    client.post(reverse("importbatch_map", args=["lens", batch.pk]), {"order_joined_on": "mdy"})
    html = client.get(preview).content.decode()
    assert 'data-testid="apply"' in html
    client.post(reverse("importbatch_apply", args=["lens", batch.pk]))
    assert Membership.objects.get().joined_on == dt.date(2019, 3, 4)

"""The page of remembered value mappings: coordinators review and forget them (audited); nobody
else sees or deletes them, and another coalition's mappings are out of reach."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.transfer.models import ValueMapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def mappings(cast):
    mine = ValueMapping.objects.create(
        coalition=cast.lens, column="sector", value="entr", code="BUSINESS", created_by=cast.alice
    )
    theirs = ValueMapping.objects.create(
        coalition=cast.other, column="status", value="paid up", code="ACTIVE"
    )
    return mine, theirs


def _list(slug="lens"):
    return reverse("valuemapping_list", args=[slug])


def _delete(pk, slug="lens"):
    return reverse("valuemapping_delete", args=[slug, pk])


def test_a_coordinator_sees_this_coalitions_mappings_only(client, cast, mappings):
    client.force_login(cast.alice)
    response = client.get(_list())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Remembered value mappings — Lens Coalition" in html
    assert html.count('data-testid="mapping"') == 1
    assert "entr" in html
    assert "BUSINESS" in html
    assert "paid up" not in html


def test_the_import_page_links_to_it(client, cast):
    client.force_login(cast.alice)
    html = client.get(reverse("transfer_import", args=["lens"])).content.decode()
    assert f'href="{_list()}"' in html


def test_forgetting_a_mapping_deletes_it_with_an_audit_entry(client, cast, mappings):
    mine, theirs = mappings
    client.force_login(cast.alice)
    response = client.post(_delete(mine.pk))
    assert response.status_code == 302
    assert response["Location"] == _list()
    assert not ValueMapping.objects.filter(pk=mine.pk).exists()
    entry = AuditEntry.objects.get(action=Action.DELETE)
    assert entry.coalition_id == cast.lens.pk
    assert "entr" in entry.summary
    assert ValueMapping.objects.filter(pk=theirs.pk).exists()
    assert client.get(_list()).content.decode().count('data-testid="mapping"') == 0


def test_a_get_never_deletes(client, cast, mappings):
    client.force_login(cast.alice)
    assert client.get(_delete(mappings[0].pk)).status_code == 405
    assert ValueMapping.objects.count() == 2


@pytest.mark.parametrize("who", ["bob", "carol", "vic"])
def test_other_roles_of_the_coalition_neither_see_nor_forget_them(client, cast, mappings, who):
    client.force_login(getattr(cast, who))
    response = client.get(_list())
    assert response.status_code == 403
    assert "entr" not in response.content.decode()
    assert client.post(_delete(mappings[0].pk)).status_code == 403
    assert ValueMapping.objects.count() == 2


def test_another_coalitions_coordinator_gets_404_through_either_coalition(client, cast, mappings):
    mine, _theirs = mappings
    client.force_login(cast.dave)
    assert client.get(_list()).status_code == 404
    assert client.post(_delete(mine.pk)).status_code == 404
    # Under the coalition dave coordinates, lens's mapping is not found either.
    assert client.post(_delete(mine.pk, slug="other")).status_code == 404
    assert "entr" not in client.get(_list("other")).content.decode()
    assert ValueMapping.objects.filter(pk=mine.pk).exists()

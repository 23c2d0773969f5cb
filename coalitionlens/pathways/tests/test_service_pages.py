"""The service pages (scoped CRUD): every role reads, coordinators write, a member representative
edits their own organisation's services only; nobody of another coalition sees any."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.pathways.models import Service
from coalitionlens.pathways.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _form(org, **extra):
    data = {
        "organisation": org.pk,
        "name": "Night shelter",
        "stage": "SHELTER",
        "trafficking_types": ["LABOUR", "SEXUAL"],
        "populations": ["MINORS"],
        "provinces": "North, South ,North",
        "capacity": "LIMITED",
        "languages": "Khmer, Thai",
        "notes": "",
    }
    return data | extra


def test_a_coordinator_adds_a_service_once_and_audited(client, cast):
    org = OrganisationFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    url = reverse("service_create", args=["lens"])
    page = client.get(url + f"?organisation={org.pk}")
    assert page.status_code == 200
    key = page.context["form"].initial.get("organisation")
    assert str(key) == str(org.pk)
    response = client.post(url, _form(org))
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.provinces == ["North", "South"]
    assert service.languages == ["Khmer", "Thai"]
    assert service.trafficking_types == ["LABOUR", "SEXUAL"]
    assert AuditEntry.objects.filter(summary__icontains="Night shelter").exists()


def test_a_service_needs_a_type_and_a_population(client, cast):
    org = OrganisationFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    response = client.post(
        reverse("service_create", args=["lens"]),
        _form(org, trafficking_types=[], populations=[]),
    )
    assert response.status_code == 400
    assert Service.objects.count() == 0


@pytest.mark.parametrize("role", ["member", "analyst", "viewer"])
def test_other_roles_read_but_may_not_create_edit_or_delete(client, cast, role):
    service = ServiceFactory(organisation__coalition=cast.lens, name="Day centre")
    client.force_login(cast.by_role()[role])
    assert b"Day centre" in client.get(reverse("service_list", args=["lens"])).content
    assert client.get(reverse("service_detail", args=["lens", service.pk])).status_code == 200
    org = service.organisation
    assert client.post(reverse("service_create", args=["lens"]), _form(org)).status_code == 403
    edit = client.post(reverse("service_edit", args=["lens", service.pk]), _form(org))
    assert edit.status_code == 403
    assert client.post(reverse("service_delete", args=["lens", service.pk])).status_code == 403
    service.refresh_from_db()
    assert service.name == "Day centre"
    assert Service.objects.count() == 1


def test_a_member_representative_edits_their_own_organisations_service(client, cast):
    own = ServiceFactory(organisation__coalition=cast.lens, name="Own shelter")
    theirs = ServiceFactory(organisation__coalition=cast.lens, name="Their shelter")
    CoalitionRole.objects.filter(user=cast.bob, coalition=cast.lens).update(
        organisation=own.organisation
    )
    client.force_login(cast.bob)
    url = reverse("service_edit", args=["lens", own.pk])
    assert client.post(url, _form(own.organisation, name="Renamed")).status_code == 302
    own.refresh_from_db()
    assert own.name == "Renamed"
    other = reverse("service_edit", args=["lens", theirs.pk])
    assert client.post(other, _form(theirs.organisation, name="Taken")).status_code == 403


def test_the_list_filters_by_stage_type_population_and_province(client, cast):
    ServiceFactory(organisation__coalition=cast.lens, name="North shelter", provinces=["North"])
    ServiceFactory(organisation__coalition=cast.lens, name="National line", stage="IDENTIFICATION")
    ServiceFactory(
        organisation__coalition=cast.lens, name="South legal", stage="LEGAL_AID",
        provinces=["South"], populations=["MINORS"],
    )  # fmt: skip
    client.force_login(cast.vic)
    url = reverse("service_list", args=["lens"])
    north = client.get(url, {"province": "North"}).content
    assert b"North shelter" in north
    assert b"National line" in north
    assert b"South legal" not in north
    minors = client.get(url, {"population": "MINORS"}).content
    assert b"South legal" in minors
    assert b"North shelter" not in minors
    legal = client.get(url, {"stage": "LEGAL_AID"}).content
    assert b"South legal" in legal
    assert b"National line" not in legal


def test_nobody_of_another_coalition_reads_or_finds_a_service(client, cast):
    service = ServiceFactory(organisation__coalition=cast.lens, name="Hidden shelter")
    client.force_login(cast.dave)
    assert client.get(reverse("service_list", args=["lens"])).status_code == 404
    assert client.get(reverse("service_detail", args=["lens", service.pk])).status_code == 404
    assert client.get(reverse("service_detail", args=["other", service.pk])).status_code == 404
    own = client.get(reverse("service_list", args=["other"]), {"province": "North"})
    assert b"Hidden shelter" not in own.content

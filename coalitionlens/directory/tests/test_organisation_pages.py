"""The organisation pages: a member keeps the profile of the organisation they represent and no
other; a stranger is sent to sign in, and a platform admin without a role is not let in."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.directory.tests.helpers import _admin
from coalitionlens.pathways.tests.factories import ServiceFactory


def _form(org, **changes):
    data = {"name": org.name, "sector": org.sector_id, "scale": org.scale, "origin": org.origin}
    data.update(changes)
    return data


def test_a_member_edits_the_profile_of_the_organisation_they_represent(client, cast):
    mine = OrganisationFactory(coalition=cast.lens, name="Bright Path Collective")
    CoalitionRole.objects.filter(user=cast.bob, coalition=cast.lens).update(organisation=mine)
    client.force_login(cast.bob)
    response = client.post(
        reverse("organisation_edit", args=["lens", mine.pk]), _form(mine, city="Riverton")
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.city == "Riverton"


def test_a_member_cannot_edit_or_delete_another_organisation(client, cast):
    mine = OrganisationFactory(coalition=cast.lens)
    theirs = OrganisationFactory(coalition=cast.lens, city="Old town")
    CoalitionRole.objects.filter(user=cast.bob, coalition=cast.lens).update(organisation=mine)
    client.force_login(cast.bob)
    assert (
        client.post(
            reverse("organisation_edit", args=["lens", theirs.pk]), _form(theirs, city="X")
        ).status_code
        == 403
    )
    assert client.post(reverse("organisation_delete", args=["lens", mine.pk])).status_code == 403
    theirs.refresh_from_db()
    assert theirs.city == "Old town"
    edit_url = reverse("organisation_edit", args=["lens", theirs.pk])
    detail = client.get(reverse("organisation_detail", args=["lens", theirs.pk])).content.decode()
    assert f'href="{edit_url}"' not in detail


def test_a_stranger_is_sent_to_sign_in(client, cast):
    response = client.get(reverse("organisation_list", args=["lens"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_platform_admin_cannot_open_a_coalitions_records_without_a_role(client, cast):
    client.force_login(_admin())
    assert client.get(reverse("organisation_list", args=["lens"])).status_code == 404


def test_the_organisation_page_lists_its_services_and_filters_by_province(client, cast):
    org = OrganisationFactory(coalition=cast.lens, name="Harbour Refuge", province="North")
    OrganisationFactory(coalition=cast.lens, name="Delta Lawyers", province="South")
    ServiceFactory(organisation=org, name="Night shelter", provinces=["North"])
    client.force_login(cast.vic)
    page = client.get(reverse("organisation_detail", args=["lens", org.pk])).content.decode()
    assert "Night shelter" in page
    assert "Add service" not in page  # a viewer adds nothing
    north = client.get(reverse("organisation_list", args=["lens"]), {"province": "North"})
    assert b"Harbour Refuge" in north.content
    assert b"Delta Lawyers" not in north.content
    client.force_login(cast.alice)
    page = client.get(reverse("organisation_detail", args=["lens", org.pk])).content.decode()
    assert "Add service" in page
    client.force_login(cast.dave)
    probe = client.get(reverse("organisation_list", args=["other"]), {"province": "North"})
    assert b"Harbour Refuge" not in probe.content

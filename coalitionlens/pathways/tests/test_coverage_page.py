"""The coverage matrix page: every role of the coalition reads it, filtered by province; its
cells flag gaps, single providers and stages no referral tie reaches; nobody else reads it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.pathways.tests.factories import ReferralTieFactory, ServiceFactory

pytestmark = pytest.mark.django_db

URL = "pathway_coverage"


def _pathway(coalition):
    """North: identification (nationwide hotline) → shelter (one provider, no tie); legal aid in
    the South only."""
    hotline = ServiceFactory(
        organisation=OrganisationFactory(coalition=coalition, name="Hotline NGO"),
        stage="IDENTIFICATION",
    )
    ServiceFactory(
        organisation=OrganisationFactory(coalition=coalition, name="Northern Shelter"),
        stage="SHELTER",
        provinces=["North"],
    )
    lawyers = ServiceFactory(
        organisation=OrganisationFactory(coalition=coalition, name="Southern Lawyers"),
        stage="LEGAL_AID",
        provinces=["South"],
    )
    ReferralTieFactory(from_service=hotline, to_service=lawyers)
    return hotline


def _row(content: bytes) -> str:
    html = content.decode()
    found = re.search(r"<tr>\s*<th scope=\"row\">Labour</th><td>Adults</td>(.*?)</tr>", html, re.S)
    assert found, html
    return found[1]


@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_every_role_reads_the_matrix(client, cast, role):
    _pathway(cast.lens)
    client.force_login(cast.by_role()[role])
    response = client.get(reverse(URL, args=["lens"]))
    assert response.status_code == 200
    assert b"Hotline NGO" in response.content


def test_in_one_province_the_cells_carry_their_flags(client, cast):
    _pathway(cast.lens)
    client.force_login(cast.vic)
    north = _row(client.get(reverse(URL, args=["lens"]), {"province": "North"}).content)
    flags = re.findall(r'data-flag="(\w+)" data-stage="(\w+)"', north)
    assert flags == [
        ("fragile", "IDENTIFICATION"),
        ("gap", "FIRST_RESPONSE"),
        ("fragile", "SHELTER"),
        ("gap", "LEGAL_AID"),  # the lawyers work in the South only
        ("gap", "REINTEGRATION"),
        ("gap", "FOLLOW_UP"),
    ]
    assert ("gap", "LEGAL_AID") in flags
    assert "Northern Shelter" in north
    south = _row(client.get(reverse(URL, args=["lens"]), {"province": "South"}).content)
    assert "Northern Shelter" not in south
    assert "Southern Lawyers" in south
    assert re.search(r'data-flag="gap" data-stage="SHELTER"', south)


def test_a_provider_without_a_tie_to_the_stage_before_is_flagged(client, cast):
    hotline = _pathway(cast.lens)
    second = ServiceFactory(organisation__coalition=cast.lens, stage="SHELTER", provinces=["North"])
    client.force_login(cast.alice)
    north = _row(client.get(reverse(URL, args=["lens"]), {"province": "North"}).content)
    assert re.search(r'data-flag="unlinked" data-stage="SHELTER"', north)
    ReferralTieFactory(from_service=hotline, to_service=second)
    north = _row(client.get(reverse(URL, args=["lens"]), {"province": "North"}).content)
    assert re.search(r'data-flag="ok" data-stage="SHELTER"', north)


def test_an_unknown_province_is_no_filter_and_no_error(client, cast):
    _pathway(cast.lens)
    client.force_login(cast.vic)
    response = client.get(reverse(URL, args=["lens"]), {"province": "Atlantis"})
    assert response.status_code == 200


def test_nobody_of_another_coalition_reads_the_matrix(client, cast):
    _pathway(cast.lens)
    client.force_login(cast.dave)
    assert client.get(reverse(URL, args=["lens"])).status_code == 404
    assert client.get(reverse(URL, args=["lens"]), {"province": "North"}).status_code == 404
    own = client.get(reverse(URL, args=["other"]), {"province": "North"})
    assert own.status_code == 200
    assert b"Hotline NGO" not in own.content

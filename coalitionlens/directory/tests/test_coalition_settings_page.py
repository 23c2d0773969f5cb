from __future__ import annotations

from django.urls import reverse

from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.tests.factories import OrganisationFactory


def _data(cast, **changes):
    c = cast.lens
    data = {
        "name": c.name,
        "country": c.country,
        "region": c.region,
        "origin_sector": c.origin_sector,
        "governance_model": c.governance_model,
        "default_language": "en",
        "languages": ["en", "km"],
    }
    data.update(changes)
    return data


def test_a_coordinator_edits_the_profile_and_names_the_secretariat(client, cast):
    sec = OrganisationFactory(coalition=cast.lens, name="Hub Secretariat")
    client.force_login(cast.alice)
    response = client.post(
        reverse("coalition_settings", args=["lens"]), _data(cast, founded=2011, secretariat=sec.pk)
    )
    assert response.status_code == 302
    cast.lens.refresh_from_db()
    assert (cast.lens.founded, cast.lens.secretariat_id, cast.lens.languages) == (
        2011,
        sec.pk,
        ["en", "km"],
    )
    assert AuditEntry.objects.filter(
        action="update", object_type="coalitions.coalition", coalition_id=cast.lens.pk
    ).exists()


def test_the_secretariat_must_be_one_of_the_coalitions_organisations(client, cast):
    theirs = OrganisationFactory(coalition=cast.other)
    client.force_login(cast.alice)
    response = client.post(
        reverse("coalition_settings", args=["lens"]), _data(cast, secretariat=theirs.pk)
    )
    assert response.status_code == 400
    cast.lens.refresh_from_db()
    assert cast.lens.secretariat_id is None


def test_other_roles_cannot_edit_the_profile(client, cast):
    for role in ("member", "analyst", "viewer"):
        client.force_login(cast.by_role()[role])
        response = client.post(
            reverse("coalition_settings", args=["lens"]), _data(cast, name="Hijacked")
        )
        assert response.status_code == 403
    cast.lens.refresh_from_db()
    assert cast.lens.name == "Lens Coalition"

"""The tension pages: coordinators record tensions, analysts read them, other roles are refused."""

from __future__ import annotations

from typing import Any

import pytest

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.tensions.models import Tension
from coalitionlens.tensions.tests.factories import TensionFactory

pytestmark = pytest.mark.django_db


def _form(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Police lead the referral meetings",
        "level": "CROSS_SECTOR",
        "category": "POWER_ASYMMETRY",
        "status": "OPEN",
        "observed_on": "2026-03-02",
        **extra,
    }


def test_a_coordinator_records_a_tension_with_its_parties_and_it_is_audited(
    client: Any, cast: Any
) -> None:
    org = OrganisationFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    response = client.post("/c/lens/tensions/new/", _form(parties=[org.pk]))
    assert response.status_code == 302
    tension = Tension.objects.get(coalition=cast.lens)
    assert list(tension.parties.all()) == [org]
    entry = AuditEntry.objects.filter(coalition_id=cast.lens.pk, action=Action.CREATE).last()
    assert entry is not None
    assert "Police lead" in entry.summary


def test_an_analyst_reads_tensions_but_cannot_record_one(client: Any, cast: Any) -> None:
    TensionFactory(coalition=cast.lens, title="Donors pull members apart")
    client.force_login(cast.carol)
    assert b"Donors pull members apart" in client.get("/c/lens/tensions/").content
    assert client.post("/c/lens/tensions/new/", _form()).status_code == 403
    assert not Tension.objects.filter(title__startswith="Police").exists()


@pytest.mark.parametrize("who", ["bob", "vic"])
def test_members_and_viewers_are_refused_the_tensions_and_the_refusal_is_audited(
    client: Any, cast: Any, who: str
) -> None:
    tension = TensionFactory(coalition=cast.lens, title="A tension members must not read")
    client.force_login(getattr(cast, who))
    for url in ("/c/lens/tensions/", f"/c/lens/tensions/{tension.pk}/"):
        response = client.get(url)
        assert response.status_code == 403
        assert b"A tension members must not read" not in response.content
    assert AuditEntry.objects.filter(
        coalition_id=cast.lens.pk, action=Action.DENIED, summary__startswith="cl.view_tensions"
    ).exists()


def test_a_tension_cannot_name_another_coalitions_organisation_as_a_party(
    client: Any, cast: Any
) -> None:
    stranger = OrganisationFactory(coalition=cast.other)
    client.force_login(cast.alice)
    response = client.post("/c/lens/tensions/new/", _form(parties=[stranger.pk]))
    assert response.status_code == 400
    assert not Tension.objects.exists()


def test_a_tension_without_a_title_is_refused_with_the_field_named(client: Any, cast: Any) -> None:
    client.force_login(cast.alice)
    response = client.post("/c/lens/tensions/new/", _form(title=""))
    assert response.status_code == 400
    assert 'id="id_title"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Tension.objects.exists()


def test_a_coordinator_resolves_and_then_deletes_a_tension(client: Any, cast: Any) -> None:
    tension = TensionFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    edit = client.post(
        f"/c/lens/tensions/{tension.pk}/edit/",
        _form(title=tension.title, status="RESOLVED", resolved_on="2026-05-01"),
    )
    assert edit.status_code == 302
    tension.refresh_from_db()
    assert tension.status == "RESOLVED"
    assert client.post(f"/c/lens/tensions/{tension.pk}/delete/").status_code == 302
    assert not Tension.objects.filter(pk=tension.pk).exists()

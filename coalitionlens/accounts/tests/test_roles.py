from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coalitionlens.accounts.models import CoalitionRole, User
from coalitionlens.accounts.services import role_grant, role_revoke
from coalitionlens.audit.models import AuditEntry


def test_a_coordinator_invites_a_new_person_as_analyst(client, cast):
    client.force_login(cast.alice)
    response = client.post(
        reverse("person_create", args=["lens"]), {"email": "Erin@Example.org", "role": "analyst"}
    )
    assert response.status_code == 302
    erin = User.objects.get(email="erin@example.org")
    assert not erin.has_usable_password()
    assert CoalitionRole.objects.get(user=erin, coalition=cast.lens).role == "analyst"
    assert AuditEntry.objects.filter(
        action="role_change", summary__contains="erin@example.org"
    ).exists()


@pytest.mark.parametrize("role", ["member", "analyst", "viewer"])
def test_only_coordinators_manage_people(client, cast, role):
    client.force_login(cast.by_role()[role])
    assert client.get(reverse("person_list", args=["lens"])).status_code == 403
    response = client.post(
        reverse("person_create", args=["lens"]), {"email": "x@example.org", "role": "coordinator"}
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_the_last_coordinator_cannot_step_down_or_be_removed(cast):
    own = CoalitionRole.objects.get(user=cast.alice, coalition=cast.lens)
    with pytest.raises(ValidationError):
        role_grant(coalition=cast.lens, email="alice@example.org", role="viewer", actor=cast.alice)
    with pytest.raises(ValidationError):
        role_revoke(role_obj=own, actor=cast.alice)
    assert CoalitionRole.objects.get(pk=own.pk).role == "coordinator"


def test_a_role_cannot_name_another_coalitions_organisation(cast):
    from coalitionlens.coalitions.tests.factories import OrganisationFactory

    theirs = OrganisationFactory(coalition=cast.other)
    with pytest.raises(ValidationError):
        role_grant(
            coalition=cast.lens,
            email="f@example.org",
            role="member",
            organisation=theirs,
            actor=cast.alice,
        )

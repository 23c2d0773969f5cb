"""The people pages: a coordinator invites a person with a role; no other role manages people."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.accounts.models import CoalitionRole, User
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

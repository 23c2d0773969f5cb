"""Roles are granted and revoked by the roles service, within its rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.accounts.services import role_grant, role_revoke


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

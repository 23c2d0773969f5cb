"""Directory writes validate before saving and leave nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.models import Membership, Sector
from coalitionlens.coalitions.services import sector_delete, subsector_create
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.core import taxonomy
from coalitionlens.kit.audited import record_save


def test_the_seeded_taxonomy_equals_the_core_taxonomy(db):
    top = dict(
        Sector.objects.filter(coalition=None, parent=None).values_list("code", "macro_sector")
    )
    assert top == dict(taxonomy.SECTOR_TO_MACRO)
    for parent, subs in taxonomy.SUB_SECTORS.items():
        seeded = set(
            Sector.objects.filter(coalition=None, parent__code=parent).values_list(
                "code", flat=True
            )
        )
        assert seeded == set(subs)


def test_a_coordinator_adds_a_subsector_that_inherits_the_macro_sector(cast):
    sub = subsector_create(
        coalition=cast.lens,
        parent=core_sector("BUSINESS"),
        code="fishing fleet",
        name="Fishing fleets",
        actor=cast.alice,
    )
    assert sub.macro_sector == "PRIVATE"
    assert sub.code == "FISHING_FLEET"
    assert AuditEntry.objects.filter(action="create", object_type="coalitions.sector").count() == 1


def test_core_sectors_cannot_be_removed(cast):
    with pytest.raises(ValidationError):
        sector_delete(sector=core_sector("GOVERNMENT"), actor=cast.alice)
    assert Sector.objects.filter(code="GOVERNMENT", coalition=None).exists()


def test_a_sector_in_use_cannot_be_deleted(cast):
    sub = subsector_create(
        coalition=cast.lens,
        parent=core_sector("BUSINESS"),
        code="MINES",
        name="Mines",
        actor=cast.alice,
    )
    OrganisationFactory(coalition=cast.lens, sector=core_sector("BUSINESS"), subsector=sub)
    with pytest.raises(ValidationError):
        sector_delete(sector=sub, actor=cast.alice)
    assert Sector.objects.filter(pk=sub.pk).exists()


def test_a_membership_cannot_end_before_it_began(cast):
    org = OrganisationFactory(coalition=cast.lens)
    m = Membership(
        coalition=cast.lens,
        organisation=org,
        joined_on=dt.date(2024, 5, 1),
        ended_on=dt.date(2024, 1, 1),
        status="WITHDRAWN",
    )
    with pytest.raises(ValidationError) as err:
        record_save(instance=m, actor=cast.alice)
    assert "ended_on" in err.value.error_dict
    assert not Membership.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_withdrawn_membership_needs_an_end_date(cast):
    org = OrganisationFactory(coalition=cast.lens)
    with pytest.raises(ValidationError) as err:
        record_save(
            instance=Membership(coalition=cast.lens, organisation=org, status="WITHDRAWN"),
            actor=cast.alice,
        )
    assert "ended_on" in err.value.error_dict


def test_a_membership_cannot_name_another_coalitions_organisation(cast):
    theirs = OrganisationFactory(coalition=cast.other)
    with pytest.raises(ValidationError):
        record_save(instance=Membership(coalition=cast.lens, organisation=theirs), actor=cast.alice)


def test_an_organisation_subsector_must_belong_to_its_sector(cast):
    org = OrganisationFactory.build(
        coalition=cast.lens,
        sector=core_sector("GOVERNMENT"),
        subsector=Sector.objects.get(code="EMPLOYER"),
    )
    with pytest.raises(ValidationError) as err:
        record_save(instance=org, actor=cast.alice)
    assert "subsector" in err.value.error_dict


def test_organisation_names_are_unique_within_a_coalition_only(cast):
    OrganisationFactory(coalition=cast.lens, name="Harbour Light")
    OrganisationFactory(coalition=cast.other, name="Harbour Light")
    with pytest.raises(ValidationError):
        record_save(
            instance=OrganisationFactory.build(coalition=cast.lens, name="Harbour Light"),
            actor=cast.alice,
        )

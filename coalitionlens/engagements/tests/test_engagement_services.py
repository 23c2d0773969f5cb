from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.engagements.services import engagement_save


def _new(cast, **kw):
    return Engagement(
        coalition=cast.lens, date=dt.date(2025, 4, 2), practice_type="MOU", title="MOU talks", **kw
    )


def test_an_engagement_is_saved_with_its_leads_and_counterparts_and_audited(cast):
    lead, other = OrganisationFactory(coalition=cast.lens), OrganisationFactory(coalition=cast.lens)
    e = engagement_save(engagement=_new(cast), leads=[lead], counterparts=[other], actor=cast.alice)
    assert set(
        Participation.objects.filter(engagement=e).values_list("organisation_id", "role")
    ) == {(lead.pk, "LEAD"), (other.pk, "COUNTERPART")}
    entries = AuditEntry.objects.filter(object_type="engagements.engagement", object_id=str(e.pk))
    assert {a.action for a in entries} == {"create", "update"}
    assert any("participants" in a.changes for a in entries)


def test_an_engagement_needs_a_lead(cast):
    with pytest.raises(ValidationError):
        engagement_save(engagement=_new(cast), leads=[], counterparts=[], actor=cast.alice)
    assert not Engagement.objects.exists()


def test_nothing_is_saved_when_an_organisation_is_from_another_coalition(cast):
    mine, theirs = (
        OrganisationFactory(coalition=cast.lens),
        OrganisationFactory(coalition=cast.other),
    )
    with pytest.raises(ValidationError):
        engagement_save(
            engagement=_new(cast), leads=[mine], counterparts=[theirs], actor=cast.alice
        )
    assert not Engagement.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_end_date_before_the_start_is_refused_with_the_field_named(cast):
    lead = OrganisationFactory(coalition=cast.lens)
    with pytest.raises(ValidationError) as err:
        engagement_save(
            engagement=_new(cast, end_date=dt.date(2025, 1, 1)),
            leads=[lead],
            counterparts=[],
            actor=cast.alice,
        )
    assert "end_date" in err.value.error_dict


def test_unknown_domain_codes_are_refused(cast):
    lead = OrganisationFactory(coalition=cast.lens)
    with pytest.raises(ValidationError) as err:
        engagement_save(
            engagement=_new(cast, domains=["ASTROLOGY"]),
            leads=[lead],
            counterparts=[],
            actor=cast.alice,
        )
    assert "domains" in err.value.error_dict

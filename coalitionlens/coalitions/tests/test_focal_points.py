"""Focal points belong to their organisation (issue 18): deleted with it, and an engagement names
only focal points of the organisations on it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coalitionlens.coalitions.models import FocalPoint
from coalitionlens.coalitions.tests.factories import FocalPointFactory, OrganisationFactory
from coalitionlens.engagements.services import engagement_save
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.kit.audited import record_delete

pytestmark = pytest.mark.django_db


def test_deleting_an_organisation_deletes_its_focal_points_and_no_one_elses(cast):
    org = OrganisationFactory(coalition=cast.lens)
    kept = FocalPointFactory(organisation=OrganisationFactory(coalition=cast.lens))
    FocalPointFactory(organisation=org)
    FocalPointFactory(organisation=org)
    record_delete(instance=org, actor=cast.alice)
    assert list(FocalPoint.objects.all()) == [kept]


def test_an_engagement_names_only_focal_points_of_its_organisations(cast):
    lead = OrganisationFactory(coalition=cast.lens)
    outsider = FocalPointFactory(organisation=OrganisationFactory(coalition=cast.lens))
    own = FocalPointFactory(organisation=lead)
    e = EngagementFactory(coalition=cast.lens)
    with pytest.raises(ValidationError):
        engagement_save(
            engagement=e, leads=[lead], counterparts=[], focal_points=[outsider], actor=cast.alice
        )
    engagement_save(
        engagement=e, leads=[lead], counterparts=[], focal_points=[own], actor=cast.alice
    )
    assert list(e.focal_points.all()) == [own]

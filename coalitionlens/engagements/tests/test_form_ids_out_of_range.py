"""An id no database column can hold, sent to a multiple choice of a coalition form (the engagement
form's leads, by page or API), is an invalid choice, not a server error (found by schemathesis)."""

from __future__ import annotations

import pytest

from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.engagements.forms import EngagementForm


@pytest.mark.parametrize("huge", [2**63, -(2**63) - 1, 10**30])
def test_a_lead_id_beyond_64_bits_is_an_invalid_choice(cast, huge):
    org = OrganisationFactory(coalition=cast.lens)
    form = EngagementForm(
        data={"title": "Talks", "date": "2025-01-01", "leads": [org.pk, huge]},
        coalition=cast.lens,
    )
    assert not form.is_valid()
    assert "leads" in form.errors

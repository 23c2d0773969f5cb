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


@pytest.mark.parametrize("huge", [2**63, 10**30])
def test_the_api_answers_a_lead_id_beyond_64_bits_as_a_problem_not_a_server_error(
    client, cast, settings, huge
):
    from coalitionlens.accounts.tokens import token_create
    from coalitionlens.engagements.models import Engagement

    settings.COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE = 100_000
    org = OrganisationFactory(coalition=cast.lens)
    _t, raw = token_create(user=cast.alice, coalition=cast.lens, role="coordinator")
    answer = client.post(
        "/api/v1/coalitions/lens/engagements",
        data={
            "title": "Talks",
            "date": "2025-01-01",
            "practice_type": "INFORMATION_SHARING",
            "leads": [org.pk, huge],
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert answer.status_code == 422, answer.content[:300]
    assert "leads" in answer.content.decode()  # the id refused, not another field
    assert not Engagement.objects.filter(coalition=cast.lens, title="Talks").exists()

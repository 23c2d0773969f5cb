"""Personal access tokens at the REST API's door (accounts/api_auth.py in web/api.py's auth list):
a token lets in with its one coalition and role, an expired or revoked one is a 401 problem, a
token past its rate a 429 with Retry-After, and a viewer's token writes nothing anywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from coalitionlens.accounts.models import AccessToken, CoalitionRole
from coalitionlens.accounts.services import role_grant
from coalitionlens.accounts.tokens import token_create, token_revoke
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.conftest import Cast
from coalitionlens.web.tests import api_routes
from coalitionlens.web.tests.test_tenant_isolation import _fingerprint, _post_data, _seed

COALITIONS = "/api/v1/coalitions"


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _problem(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.content[:300]
    assert answer["Content-Type"] == "application/problem+json"
    return answer.json()


def test_a_token_lists_only_its_coalition_with_its_role(client: Any, cast: Cast) -> None:
    CoalitionRole.objects.create(user=cast.alice, coalition=cast.other, role="coordinator")
    _t, raw = token_create(user=cast.alice, coalition=cast.lens, role="analyst")
    answer = client.get(COALITIONS, **_bearer(raw))
    assert answer.status_code == 200
    assert answer.json() == [{"slug": "lens", "name": "Lens Coalition", "role": "analyst"}]
    entry = AuditEntry.objects.filter(action=Action.TOKEN_USE).get()
    assert raw.split("_")[1] in entry.summary
    assert raw not in entry.summary


def test_demoting_the_owner_lowers_the_token_at_once(client: Any, cast: Cast) -> None:
    _t, raw = token_create(user=cast.alice, coalition=cast.lens, role="coordinator")
    role_grant(coalition=cast.lens, email=cast.dave.email, role="coordinator", actor=None)
    role_grant(coalition=cast.lens, email=cast.alice.email, role="viewer", actor=None)
    assert client.get(COALITIONS, **_bearer(raw)).json()[0]["role"] == "viewer"


def test_an_expired_a_revoked_and_a_forged_token_get_a_401_problem(client: Any, cast: Cast) -> None:
    expired, raw_expired = token_create(user=cast.alice, coalition=cast.lens, role="viewer")
    AccessToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked, raw_revoked = token_create(user=cast.alice, coalition=cast.lens, role="viewer")
    token_revoke(token=revoked, actor=cast.alice)
    forged = raw_revoked[:-2] + "zz"
    for raw in (raw_expired, raw_revoked, forged, "not-a-token"):
        body = _problem(client.get(COALITIONS, **_bearer(raw)), 401)
        assert body["instance"] == COALITIONS


def test_a_token_past_its_rate_gets_429_with_retry_after(
    client: Any, cast: Cast, settings: Any
) -> None:
    settings.COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE = 2
    _t, raw = token_create(user=cast.carol, coalition=cast.lens, role="analyst")
    for _ in range(2):
        assert client.get(COALITIONS, **_bearer(raw)).status_code == 200
    answer = client.get(COALITIONS, **_bearer(raw))
    _problem(answer, 429)
    assert 1 <= int(answer["Retry-After"]) <= 61


@pytest.mark.parametrize("role", ["viewer", "member"])
def test_a_coordinators_read_only_token_writes_nothing(
    client: Any, cast: Cast, settings: Any, role: str
) -> None:
    """Every write operation of the API, with a plausible body, sent with a coordinator's viewer
    or member token under their own coalition: refused (403, or 422 for a body the schema refuses
    before anything is looked up), and nothing changes."""
    settings.COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE = 100_000
    own = _seed(cast.lens)
    theirs = _seed(cast.other)
    _t, raw = token_create(user=cast.alice, coalition=cast.lens, role=role)
    plausible = {**_post_data(own, own), "organisation": own["organisation"].pk}
    before = _fingerprint()
    for op in api_routes.operations():
        if op.method not in api_routes.UNSAFE or not op.scoped:
            continue
        url = api_routes.fill(op, "lens", own)
        assert url is not None, op.key
        answer = api_routes.request(
            client, op, url, data=api_routes.body(op, plausible), **_bearer(raw)
        )
        assert answer.status_code in (403, 422), f"{op.key}: {answer.status_code}"
    assert _fingerprint() == before
    assert theirs  # the other coalition's records were there to be reached

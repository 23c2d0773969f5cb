"""The API's comparison column export (a safe file): coordinators only, by token or by a browser
session signed in recently; every export in the audit log."""

from __future__ import annotations

import pytest

from coalitionlens.accounts.tests.helpers import signed_in_just_now
from coalitionlens.accounts.tokens import token_create
from coalitionlens.insights.comparison_file import column_read
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.insights.tests.test_compare_export import NOT_COORDINATORS, _exports

API = "/api/v1/coalitions/lens/comparison/column"


def test_a_coordinators_token_exports_the_column_through_the_api(client, cast):
    grow(cast.lens, 5)
    _token, secret = token_create(user=cast.alice, coalition=cast.lens, role="coordinator")
    answer = client.get(API, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200
    assert column_read(answer.content, name="api.json").alias
    assert _exports(cast.lens) == 1


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_no_other_roles_token_or_session_exports_through_the_api(client, cast, role):
    who = cast.by_role()[role]
    _token, secret = token_create(user=who, coalition=cast.lens, role=role)
    assert client.get(API, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 403
    client.force_login(who)
    signed_in_just_now(client, who)
    assert client.get(API).status_code == 403
    assert _exports(cast.lens) == 0


def test_a_coordinators_session_exports_through_the_api_only_after_a_recent_sign_in(client, cast):
    client.force_login(cast.alice)
    assert client.get(API).status_code == 403
    signed_in_just_now(client, cast.alice)
    assert client.get(API).status_code == 200

"""The tokens page: make a token (recent sign-in, roles up to one's own), see it once, list and
revoke one's own tokens, never another person's."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coalitionlens.accounts.models import AccessToken
from coalitionlens.accounts.tests.helpers import signed_in_just_now
from coalitionlens.accounts.tokens import token_create
from coalitionlens.kit.once import new_once_key

pytestmark = pytest.mark.django_db
SECRET = re.compile(r"cl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def _post(client, coalition, role, **extra):
    data = {"grant": f"{coalition.pk}:{role}", "name": "notebook", "expires_days": "30"}
    return client.post(reverse("token_create"), {**data, "once_key": new_once_key(), **extra})


def test_the_role_picker_offers_only_roles_up_to_ones_own(client, cast):
    client.force_login(cast.carol)  # analyst in lens
    page = client.get(reverse("token_list")).content.decode()
    offered = set(re.findall(r'<option value="(\d+:\w+)"', page))
    assert offered == {f"{cast.lens.pk}:{r}" for r in ("analyst", "member", "viewer")}


def test_making_a_token_shows_its_secret_once_and_stores_only_its_hash(client, cast):
    client.force_login(cast.alice)
    signed_in_just_now(client, cast.alice)
    key = new_once_key()
    data = {"grant": f"{cast.lens.pk}:analyst", "name": "notebook", "expires_days": "30"}
    response = client.post(reverse("token_create"), {**data, "once_key": key})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = SECRET.search(response.content.decode())
    assert secret is not None
    token = AccessToken.objects.get()
    assert (token.role, token.coalition, token.name) == ("analyst", cast.lens, "notebook")
    assert secret[0] not in str(list(AccessToken.objects.values()))
    # A resend of the same form makes no second token and shows no secret.
    again = client.post(reverse("token_create"), {**data, "once_key": key}, follow=True)
    assert AccessToken.objects.count() == 1
    assert not SECRET.search(again.content.decode())
    # The list shows the prefix, never the secret.
    listed = client.get(reverse("token_list")).content.decode()
    assert token.prefix in listed
    assert not SECRET.search(listed)


def test_making_a_token_needs_a_recent_sign_in(client, cast):
    client.force_login(cast.alice)
    response = _post(client, cast.lens, "viewer")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AccessToken.objects.exists()


def test_a_role_above_ones_own_is_refused(client, cast):
    client.force_login(cast.bob)  # member
    signed_in_just_now(client, cast.bob)
    assert _post(client, cast.lens, "coordinator").status_code == 400
    assert _post(client, cast.other, "viewer").status_code == 400  # no role there
    assert not AccessToken.objects.exists()


def test_one_revokes_ones_own_tokens_and_nobody_elses(client, cast):
    mine, _raw = token_create(user=cast.alice, coalition=cast.lens, role="viewer")
    carols, _raw2 = token_create(user=cast.carol, coalition=cast.lens, role="viewer")
    client.force_login(cast.alice)
    assert client.post(reverse("token_revoke", args=[carols.pk])).status_code == 404
    listed = client.get(reverse("token_list")).content.decode()
    assert mine.prefix in listed
    assert carols.prefix not in listed
    assert client.post(reverse("token_revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    carols.refresh_from_db()
    assert mine.revoked_at is not None
    assert carols.revoked_at is None
    assert "revoked" in client.get(reverse("token_list")).content.decode()


def test_the_page_is_behind_sign_in(client):
    response = client.get(reverse("token_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

from __future__ import annotations

from django.urls import reverse

from coalitionlens.accounts.tests.factories import PASSWORD


def test_ten_failed_sign_ins_lock_the_account_for_a_while(client, cast):
    url = reverse("account_login")
    for _ in range(10):
        client.post(url, {"login": "alice@example.org", "password": "not-the-password-1"})
    response = client.post(url, {"login": "alice@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_a_deactivated_person_is_signed_out_on_the_next_request(client, cast):
    client.force_login(cast.bob)
    url = reverse("organisation_list", args=["lens"])
    assert client.get(url).status_code == 200
    cast.bob.is_active = False
    cast.bob.save()
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_signing_out_ends_the_server_session(client, cast):
    client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    key = client.session.session_key
    client.post(reverse("account_logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()

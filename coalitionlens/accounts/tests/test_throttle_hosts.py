"""An account's sign-in failures are one count, whichever host name or app server they reach."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

LOGIN = reverse("account_login")


def _attempt(host: str, password: str) -> str:
    client = Client(REMOTE_ADDR="198.51.100.9", HTTP_HOST=host)
    response = client.post(LOGIN, {"login": "alice@example.org", "password": password})
    return response.content.decode() if response.status_code != 302 else ""


def test_failures_through_two_host_names_fill_one_count(cast):
    # Two servers (or two names of one) behind which the same person is attacked: 6 + 6 failures.
    for k in range(12):
        _attempt(("127.0.0.1:8001", "localhost:8002")[k % 2], "not-the-password-1")
    body = _attempt("127.0.0.1:8001", "not-the-password-1")
    assert "Too many failed sign-ins for this account" in body

"""Security headers, cookie flags, and no asset from another host."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

PACKAGE = Path(__file__).resolve().parents[2]


def test_pages_carry_the_security_headers(client, cast):
    client.force_login(cast.alice)
    response = client.get(reverse("organisation_list", args=["lens"]))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_session_cookie_is_http_only_and_same_site(client, cast):
    from coalitionlens.accounts.tests.factories import PASSWORD

    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_signing_in_gives_a_new_session_id(client, cast):
    from coalitionlens.accounts.tests.factories import PASSWORD

    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    assert client.session.session_key != before


def test_no_template_loads_anything_from_another_host():
    foreign = re.compile(r"""(src|href|action)\s*=\s*["'](https?:)?//""", re.IGNORECASE)
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.html")
        if foreign.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_template_marks_data_safe():
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.html")
        if "|safe" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_an_idle_session_ends_after_the_idle_limit(client, cast, settings):
    import time

    client.force_login(cast.alice)
    url = reverse("organisation_list", args=["lens"])
    assert client.get(url).status_code == 200
    session = client.session
    session["cl_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_an_outbound_connection_fails_the_test_session():
    import socket

    import pytest

    with pytest.raises(OSError, match="outside host"), socket.socket() as s:
        s.connect(("192.0.2.10", 80))


def test_every_signed_in_page_and_download_says_no_store(client, cast):
    """SAFETY.md: no signed-in page or download is kept by a browser cache or a proxy. Every named
    route (the tenant matrix's list, with one's own coalition's records) as its coordinator."""
    from coalitionlens.accounts.tests.helpers import signed_in_just_now
    from coalitionlens.web.tests.test_tenant_isolation import UNSCOPED, _matrix_routes, _seed

    own = _seed(cast.lens)
    client.force_login(cast.alice)
    signed_in_just_now(client, cast.alice)  # so that the downloads download
    urls = []
    for name, model in _matrix_routes().items():
        args = ["lens"] + ([own[name.rsplit("_", 1)[0]].pk] if model is not None else [])
        urls.append(reverse(name, args=args))
    from coalitionlens.accounts.tokens import token_create

    # the routes outside a coalition; the one that names a record names one of alice's own
    token = token_create(user=cast.alice, coalition=cast.lens, role="viewer", name="cache check")
    record = {"token_revoke": [token[0].pk]}
    urls += [
        reverse(name, args=record.get(name, []))
        for name in UNSCOPED
        if not name.startswith("survey_answer_")
    ]
    downloads = 0
    for url in urls:
        response = client.get(url)
        assert response.headers.get("Cache-Control") == "no-store", (url, response.status_code)
        downloads += "attachment" in response.headers.get("Content-Disposition", "")
    assert downloads >= 3, "the downloads were not reached"


def test_a_page_for_someone_not_signed_in_is_not_stored_either(client, cast):
    for url in (reverse("account_login"), reverse("javascript_catalog")):
        assert "no-store" in client.get(url).headers["Cache-Control"], url

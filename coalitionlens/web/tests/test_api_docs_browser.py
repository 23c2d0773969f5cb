"""The API's docs page in Debian's Chromium: Swagger UI draws the document from this server's own
files, under the product's Content Security Policy, and asks no other host for anything."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import Cast, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_draws_every_operation_with_no_outside_request_or_csp_refusal(
    page: Any, live_server: Any, cast: Cast
) -> None:
    hosts: set[str] = set()
    complaints: list[str] = []
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or ""))
    page.on(
        "console",
        lambda m: complaints.append(m.text) if m.type in ("error", "warning") else None,
    )
    sign_in(page, live_server, "carol@example.org", PASSWORD)
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Coalition Lens API")
    expect(page.locator(".opblock-summary-path[data-path='/api/v1/coalitions']")).to_have_count(1)
    assert page.locator(".opblock").count() >= 10
    assert hosts <= {urlsplit(live_server.url).hostname}
    assert [c for c in complaints if "Content Security Policy" in c] == []

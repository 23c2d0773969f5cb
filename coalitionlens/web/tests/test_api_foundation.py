"""The REST API's ground floor (coalitionlens/web/api.py, coalitionlens/kit/api.py): the coalitions
list, sign-in, problem details for every error (faults included), ETags, and the OpenAPI document
and docs page served from this server with no outside host."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from django.contrib.staticfiles import finders
from django.db import connection

from coalitionlens.conftest import Cast

COALITIONS = "/api/v1/coalitions"
DOCS = "/api/v1/docs"
OPENAPI = "/api/v1/openapi.json"


def _problem(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.content[:300]
    assert answer["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance", "errors"} <= set(body)
    return body


def test_the_coalitions_list_shows_each_callers_own_coalitions_and_role(
    client: Any, cast: Cast
) -> None:
    client.force_login(cast.carol)
    answer = client.get(COALITIONS)
    assert answer.status_code == 200
    assert answer.json() == [{"slug": "lens", "name": "Lens Coalition", "role": "analyst"}]
    client.force_login(cast.dave)
    assert client.get(COALITIONS).json() == [
        {"slug": "other", "name": "Other Coalition", "role": "coordinator"}
    ]


def test_someone_with_no_role_lists_no_coalition(client: Any, cast: Cast) -> None:
    from coalitionlens.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(email="nobody@example.org"))
    assert client.get(COALITIONS).json() == []


def test_a_caller_not_signed_in_gets_401_problem_details(client: Any, cast: Cast) -> None:
    body = _problem(client.get(COALITIONS), 401)
    assert body["instance"] == COALITIONS
    assert client.get(COALITIONS)["WWW-Authenticate"].startswith("Bearer")


def test_a_read_answers_304_to_its_own_etag_and_200_once_it_changed(
    client: Any, cast: Cast
) -> None:
    client.force_login(cast.alice)
    first = client.get(COALITIONS)
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    again = client.get(COALITIONS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    cast.lens.name = "Lens Coalition renamed"
    cast.lens.save()
    changed = client.get(COALITIONS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_path_under_the_api_that_leads_nowhere_is_a_problem_not_a_page(
    client: Any, cast: Cast
) -> None:
    client.force_login(cast.alice)
    body = _problem(client.get("/api/v1/no-such-thing"), 404)
    assert body["instance"] == "/api/v1/no-such-thing"


def _refuse_queries(on_table: str) -> Callable[..., Any]:
    """The database stops answering for queries that read ``on_table``: the driver's own error, as
    a refused connection (PostgreSQL) or a writer holding the lock (SQLite) raises it."""

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any) -> Any:
        if on_table in sql:
            if connection.vendor == "postgresql":
                raise psycopg.OperationalError("server closed the connection unexpectedly")
            raise sqlite3.OperationalError("database is locked")
        return execute(sql, params, many, ctx)

    return wrapper


def test_a_database_that_stops_answering_in_an_endpoint_answers_a_503_problem(
    client: Any, cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(cast.alice)
    with connection.execute_wrapper(_refuse_queries("coalitions_coalition")):
        answer = client.get(COALITIONS)
    body = _problem(answer, 503)
    assert answer["Retry-After"] == "60"
    assert "Nothing was saved" in body["detail"]
    assert "Traceback" not in answer.content.decode()
    assert [r.name for r in caplog.records if r.levelname == "ERROR"] == ["coalitionlens.faults"]


def test_a_database_that_stops_answering_before_the_endpoint_answers_a_503_problem(
    client: Any, cast: Cast
) -> None:
    client.force_login(cast.alice)
    client.raise_request_exception = False
    with connection.execute_wrapper(_refuse_queries("django_session")):
        answer = client.get(COALITIONS)
    body = _problem(answer, 503)  # the session is read by a middleware: handler500 answers
    assert "Nothing was saved" in body["detail"]
    assert answer["Retry-After"] == "60"


def test_the_openapi_document_is_served_and_declares_problem_details(client: Any) -> None:
    answer = client.get(OPENAPI)
    assert answer.status_code == 200
    document = answer.json()
    assert document["info"]["title"] == "Coalition Lens API"
    assert document["info"]["version"] == "1"
    listing = document["paths"][COALITIONS]["get"]["responses"]
    assert set(listing["404"]["content"]) == {"application/problem+json"}
    assert "Problem" in document["components"]["schemas"]
    create = document["paths"]["/api/v1/coalitions/{slug}/organisations"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"] if p["in"] == "header"]


def _hosts(text: str) -> set[str]:
    return set(re.findall(r"https?://([^/\"'\s>]+)", text))


def test_the_docs_page_loads_only_files_of_this_server(client: Any) -> None:
    answer = client.get(DOCS)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert _hosts(html) - {"testserver"} == set()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not shipped"
    # Swagger UI asks validator.swagger.io for a badge unless told not to.
    assert '"validatorUrl": null' in html


def test_the_docs_page_runs_under_the_products_content_security_policy(client: Any) -> None:
    answer = client.get(DOCS)
    csp = answer["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    html = answer.content.decode()
    # No inline script runs: the only inline block is JSON data, which a CSP does not block.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']


def test_a_session_that_owes_its_second_factor_gets_a_403_problem_not_a_redirect(
    cast: Cast,
) -> None:
    from django.test import Client

    browser = Client()
    Client.force_login(browser, cast.alice)  # a password only: coordinators must give a code too
    body = _problem(browser.get(COALITIONS), 403)
    assert "second factor" in body["detail"]


@pytest.mark.parametrize(
    ("lang", "words"), [("fr", "jeton d’accès personnel"), ("km", "ថូខឹនចូលប្រើផ្ទាល់ខ្លួន")]
)
def test_a_problem_is_told_in_the_callers_language(
    client: Any, cast: Cast, settings: Any, lang: str, words: str
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    assert words in _problem(client.get(COALITIONS), 401)["detail"]


def test_an_offset_past_what_the_databases_count_is_a_422_not_a_server_error(
    client: Any, cast: Cast
) -> None:
    client.force_login(cast.alice)
    url = "/api/v1/coalitions/lens/organisations"
    assert client.get(url, {"offset": 10**12}).status_code == 200
    # Found by schemathesis: offset + limit past 2**63 was a 500 ("datatype mismatch" in SQLite).
    body = _problem(client.get(url, {"offset": 2**63 - 10}), 422)
    assert "offset" in str(body)

"""schemathesis against the REST API's own OpenAPI document, in process (the WSGI app, no server):
every operation, as a coordinator's personal access token, with generated parameters and bodies.
No answer may be a server error, and every answer must match what the document declares for it
(status, media type, body schema). The figures are printed for the closing note."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from coalitionlens.accounts.tokens import token_create
from coalitionlens.conftest import Cast
from coalitionlens.web.tests import api_routes
from coalitionlens.web.tests.test_tenant_isolation import _seed

#: Generated cases per operation (bounded: the suite runs on a shared machine).
EXAMPLES = 15
OPENAPI = "/api/v1/openapi.json"


@pytest.fixture
def same_connection() -> Any:
    """The WSGI app runs in this thread on the test's database connection: the request signals
    must not close it (Django's test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _said(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        return "; ".join(_said(e) for e in exc.exceptions)
    return " ".join(str(exc).split())


@pytest.mark.slow
def test_every_operation_answers_no_server_error_and_as_its_document_says(
    cast: Cast, settings: Any, same_connection: Any
) -> None:
    settings.COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE = 1_000_000
    objs = _seed(cast.lens)
    _seed(cast.other)
    _t, raw = token_create(user=cast.alice, coalition=cast.lens, role="coordinator")
    headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi(OPENAPI, WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    cases: dict[str, int] = {}
    failures: dict[str, str] = {}
    statuses: dict[int, int] = {}

    def check(operation: Any) -> None:
        label = operation.label
        cases[label] = 0
        # Half the cases in the fixture coalition with its own records (so reads and writes reach
        # real rows), half with only the coalition fixed and the other parameters generated.
        op = api_routes.Operation(operation.method.upper(), operation.path, {})
        slug_only = {"slug": "lens"} if op.scoped else None
        seeded = api_routes.path_values(op, "lens", objs) if op.scoped else None
        strategy = operation.as_strategy(path_parameters=slug_only)
        if seeded:
            strategy = st.one_of(operation.as_strategy(path_parameters=seeded), strategy)

        @hsettings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: Any) -> None:
            cases[label] += 1
            try:
                response = case.call(headers=headers)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                case.validate_response(
                    response, checks=[not_a_server_error, response_schema_conformance]
                )
            except (Exception, BaseExceptionGroup) as exc:  # a failed check (schemathesis
                # raises a group of them): recorded, and the other cases still run
                failures.setdefault(label, f"{type(exc).__name__}: {_said(exc)[:400]}")

        run()

    for operation in operations:
        check(operation)
    total = sum(cases.values())
    print(
        f"\nschemathesis {schemathesis.__version__}: {len(operations)} operations, "
        f"{total} cases, {len(failures)} operations failing; answers by status {statuses}"
    )
    for label, count in cases.items():
        print(
            f"  {label}: {count} cases{' FAILED ' + failures[label] if label in failures else ''}"
        )
    assert operations, "the document has operations"
    assert all(count > 0 for count in cases.values()), cases
    assert failures == {}

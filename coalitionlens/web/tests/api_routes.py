"""The REST API's operations, read from the api object itself, for the security matrices (tenant
isolation, the role × field matrix, the sentinel crawler) and for schemathesis.

Nothing here lists an endpoint: every operation of the OpenAPI document is found, its path
parameters filled with the ids of the fixture coalition's records (``{slug}`` with the coalition's
short name, ``{pk}`` or ``{<noun>_id}`` with the record the path names), and a request body made
from its schema. A route whose parameter names no seeded record makes :func:`unfillable` name it,
and the meta-tests fail until the record is seeded or its noun added to :data:`NOUNS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

#: API routes open to everyone, with the reason they expose no coalition data.
OPEN = {
    "openapi-json": "the OpenAPI document: the API's shape, no data",
    "openapi-view": "the docs page drawing that document",
    "api-root": "ninja's root: no operation answers there",
}
#: API operations that take no coalition, with the reason they are safe unscoped.
UNSCOPED = {
    "GET /api/v1/coalitions": "lists only the caller's own coalitions (test_api_foundation.py)",
}
#: The seeded record a path segment or parameter names, where dropping a plural "s" is not it.
NOUNS = {
    "strategies": "strategy",
    "rounds": "survey_round",
    "survey_rounds": "survey_round",
    "surveys": "survey_round",
    "respondents": "survey_respondent",
    "people": "person",
    "members": "unitmember",
    "unitmembers": "unitmember",
    "unit_members": "unitmember",
    "sectors": "sector",
    "batches": "importbatch",
    "imports": "importbatch",
    "reports": "report",
    "sub-stages": "substage",
    "focal-points": "focalpoint",
}
_PARAM = re.compile(r"\{([^}]+)\}")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as the document has it: /api/v1/coalitions/{slug}/organisations/{pk}
    spec: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def scoped(self) -> bool:
        return "{slug}" in self.path

    @property
    def params(self) -> list[str]:
        return _PARAM.findall(self.path)


@cache
def document() -> dict[str, Any]:
    from coalitionlens.web.api import api

    return api.get_openapi_schema()


def operations() -> list[Operation]:
    """Every operation of the OpenAPI document."""
    out = []
    for path, item in sorted(document()["paths"].items()):
        for method, spec in sorted(item.items()):
            if method.upper() in {"GET", "HEAD", *UNSAFE}:
                out.append(Operation(method.upper(), path, spec))
    return out


def _noun(op: Operation, param: str) -> str | None:
    """The seeded record's key a path parameter names."""
    if param.endswith(("_id", "_pk")):
        base = param[:-3]
        return NOUNS.get(base, base)
    parts = [p for p in op.path.split("/") if p]
    before = parts[parts.index("{" + param + "}") - 1]
    if before in NOUNS:
        return NOUNS[before]
    if before.endswith("ies"):
        return before[:-3] + "y"
    return before[:-1] if before.endswith("s") else before


def path_values(op: Operation, slug: str, objs: dict[str, Any]) -> dict[str, Any] | None:
    """The operation's path parameters for coalition ``slug`` and the records of ``objs`` (None
    when a parameter names no record there)."""
    values: dict[str, Any] = {}
    for param in op.params:
        if param == "slug":
            values[param] = slug
            continue
        noun = _noun(op, param)
        if noun not in objs:
            return None
        values[param] = objs[noun].pk
    return values


def fill(op: Operation, slug: str, objs: dict[str, Any]) -> str | None:
    """The operation's URL for coalition ``slug`` with the records of ``objs`` (None when a
    parameter names no record there)."""
    values = path_values(op, slug, objs)
    if values is None:
        return None
    url = op.path
    for param, value in values.items():
        url = url.replace("{" + param + "}", str(value))
    return url


def unfillable(objs: dict[str, Any]) -> list[str]:
    return [op.key for op in operations() if fill(op, "lens", objs) is None]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = document()["components"]["schemas"][name]
    return schema


def _value(name: str, schema: dict[str, Any], plausible: dict[str, Any]) -> Any:
    schema = _resolve(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s).get("type") != "null"]
            return _value(name, options[0] if options else {}, plausible)
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {k: _value(k, s, plausible) for k, s in schema.get("properties", {}).items()}
    if kind == "array":
        item = _value(name, schema.get("items", {}), plausible)
        return [item]
    if name in plausible:
        value = plausible[name]
        if isinstance(value, list) and value:
            value = value[0]
        ok = {"integer": int, "number": (int, float), "boolean": bool, "string": str}.get(kind)
        if ok is None or isinstance(value, ok):
            return value
    return {
        "integer": plausible.get("organisation", 1),
        "number": 1.0,
        "boolean": False,
        "string": {
            "date": "2025-01-01",
            "date-time": "2025-01-01T00:00:00Z",
            "email": "intruder@example.org",
        }.get(schema.get("format", ""), "Injected"),
    }.get(kind or "string", "Injected")


def body(op: Operation, plausible: dict[str, Any]) -> dict[str, Any] | None:
    """A JSON body made from the operation's request schema, taking ``plausible`` values by field
    name (ids of records to point at)."""
    content = op.spec.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    return _value("", schema, plausible)


def url_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str]]:
    """(name, route) of every URL pattern under the API's mount."""
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            out += url_patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name and (prefix + str(p.pattern)).startswith("api/"):
            out.append((p.name, prefix + str(p.pattern)))
    return out


def document_path(route: str) -> str:
    """A Django route of the API as the document writes it (``<int:pk>`` → ``{pk}``)."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def missing_from_document() -> list[str]:
    """API URL patterns that are neither open nor an operation of the document."""
    paths = {op.path for op in operations()}
    return [
        name
        for name, route in url_patterns()
        if name not in OPEN and document_path(route) not in paths
    ]


def request(client: Any, op: Operation, url: str, *, data: Any = None, **extra: Any) -> Any:
    """Send ``op`` to ``url`` with the test client, a JSON body for writes."""
    send = getattr(client, op.method.lower())
    if op.method in UNSAFE:
        return send(
            url, data=data if data is not None else {}, content_type="application/json", **extra
        )
    return send(url, **extra)

"""TEMPORARY stand-in for h1's kit/api.py (removed at the merge)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema
from pydantic import Field, create_model


class ProblemError(Schema):
    loc: list[str | int]
    msg: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: list[ProblemError] = []


READ_PROBLEMS: dict[int, Any] = {403: Problem, 404: Problem}
WRITE_PROBLEMS: dict[int, Any] = {
    400: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
}


class Paging(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


def page_of(item: Any) -> Any:
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        count=(int, ...),
        next=(str | None, None),
        previous=(str | None, None),
        results=(list[item], ...),
    )


def paginate(request: HttpRequest, rows: Any, paging: Paging) -> dict[str, Any]:
    rows = list(rows)
    part = rows[paging.offset : paging.offset + paging.limit]
    return {"count": len(rows), "next": None, "previous": None, "results": part}


def read(request: HttpRequest, body: Any) -> Any:
    return body

"""The REST API's toolkit, shared by every app's ``api.py``.

- One error format, RFC 9457 problem details (``application/problem+json``): ``type``, ``title``,
  ``status``, ``detail``, ``instance`` and ``errors``, a list of ``{"loc": [...], "msg": ...}``
  saying where and what. :func:`install_problem_handlers` makes every refusal and fault of the API
  answer one; endpoints raise :class:`ApiError` (or Django's ``Http404`` / ``PermissionDenied``,
  as the pages do) and declare the codes with :data:`READ_PROBLEMS` / :data:`WRITE_PROBLEMS`.
- Pagination by ``limit`` and ``offset`` (:class:`PageParams`), answered as a :class:`Page`
  (:func:`paginate`).
- Reads answer an ``ETag`` and ``304 Not Modified`` to a matching ``If-None-Match``
  (:func:`etagged`).
- Writes are idempotent under an ``Idempotency-Key`` header (:func:`idempotent`), through the same
  one-time keys as the forms (:func:`coalitionlens.kit.once.once_run`).
- The browser session signs in too, with its CSRF token checked on unsafe methods
  (:class:`SessionAuthCSRF`).

The toolkit knows no app: it imports ninja, Django and the kit only.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security.apikey import APIKeyCookie
from pydantic import create_model

from coalitionlens.kit.crud import Resource, ScopeOf, resource_current, resource_submit
from coalitionlens.kit.models import OnceKey
from coalitionlens.kit.once import once_answered, once_run
from coalitionlens.kit.scoping import Scope

__all__ = [
    "IDEMPOTENCY_HEADER",
    "PROBLEM_JSON",
    "READ_PROBLEMS",
    "WRITE_PROBLEMS",
    "ApiError",
    "Page",
    "PageParams",
    "Problem",
    "ProblemError",
    "SessionAuthCSRF",
    "etagged",
    "idempotency_documented",
    "idempotent",
    "install_problem_handlers",
    "json_response",
    "optional",
    "paginate",
    "problem",
    "problem_media_types",
    "resource_routes",
    "submit",
]

log = logging.getLogger("coalitionlens.api")

PROBLEM_JSON = "application/problem+json"
IDEMPOTENCY_HEADER = "Idempotency-Key"
#: The longest ``Idempotency-Key`` accepted (a UUID is 36 characters).
_MAX_KEY_LENGTH = 255

T = TypeVar("T")


class ProblemError(Schema):
    """Where (``loc``: ``["body", "name"]``, ``["query", "limit"]``) and what (``msg``)."""

    loc: list[str | int]
    msg: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: list[ProblemError] = []


#: The problems every read may answer, for an operation's ``response={...}``.
READ_PROBLEMS: dict[int, type[Problem]] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
    503: Problem,
}
#: The problems every write may answer: a read's, and 409 (a resend still being saved).
WRITE_PROBLEMS: dict[int, type[Problem]] = {**READ_PROBLEMS, 409: Problem}


class ApiError(Exception):
    """Raised by an endpoint: answered as a problem with ``status``, ``detail`` and ``errors``."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        errors: Iterable[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status, detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}

    @classmethod
    def invalid(cls, errors: Iterable[dict[str, Any]]) -> ApiError:
        return cls(422, _("The request is not valid: see errors."), errors=errors)

    @classmethod
    def from_form(cls, form: Any, *, where: str = "body") -> ApiError:
        """422 listing a Django form's errors, each at ``[where, field]`` (``[where]`` for the
        errors of the whole form)."""
        return cls.invalid(_form_error_list(form.errors, where))

    @classmethod
    def from_validation(cls, exc: DjangoValidationError, *, where: str = "body") -> ApiError:
        """422 for a model's ``full_clean`` refusal (raised by a service)."""
        if hasattr(exc, "error_dict"):
            by_field = {name: list(errs) for name, errs in exc.message_dict.items()}
            return cls.invalid(_form_error_list(by_field, where))
        return cls.invalid([{"loc": [where], "msg": m} for m in exc.messages])


def _form_error_list(errors: Any, where: str) -> list[dict[str, Any]]:
    found = []
    for name, messages in errors.items():
        loc = [where] if name in (NON_FIELD_ERRORS, None, "") else [where, name]
        found += [{"loc": loc, "msg": str(m)} for m in messages]
    return found


def problem(
    request: HttpRequest,
    status: int,
    detail: str = "",
    *,
    errors: Iterable[dict[str, Any]] = (),
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """An ``application/problem+json`` answer."""
    body = Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.path,
        errors=[ProblemError(**e) for e in errors],
    )
    response = HttpResponse(body.model_dump_json(), status=status, content_type=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def problem_media_types(document: dict[str, Any]) -> dict[str, Any]:
    """Declare every :class:`Problem` answer of an OpenAPI ``document`` as
    ``application/problem+json``, the type it is sent with (ninja declares every body as JSON)."""
    ref = "#/components/schemas/Problem"
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for answer in operation.get("responses", {}).values():
                content = answer.get("content", {})
                body = content.get("application/json")
                if body is not None and body.get("schema", {}).get("$ref") == ref:
                    answer["content"] = {PROBLEM_JSON: body}
    return document


def idempotency_documented(document: dict[str, Any]) -> dict[str, Any]:
    """Declare the optional ``Idempotency-Key`` header on every write of an OpenAPI ``document``
    (:func:`idempotent` reads it from the request, not as an operation's parameter)."""
    header = {
        "in": "header",
        "name": IDEMPOTENCY_HEADER,
        "required": False,
        "description": "A resend with the same key writes nothing and replays the first answer.",
        "schema": {"type": "string", "minLength": 1, "maxLength": _MAX_KEY_LENGTH},
    }
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            if method in ("post", "put", "patch"):
                operation.setdefault("parameters", []).append(dict(header))
    return document


def _ninja_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    found = []
    for error in exc.errors:
        loc = [p for p in error.get("loc", ()) if isinstance(p, str | int)]
        if len(loc) >= 3 and loc[0] == "body":
            del loc[1]  # the endpoint's name for its body ("payload"): the client never sent it
        found.append({"loc": loc, "msg": str(error.get("msg", ""))})
    return found


def install_problem_handlers(
    api: NinjaAPI,
    *,
    on_fault: Callable[[HttpRequest, Exception], HttpResponse | None] | None = None,
) -> None:
    """Make every refusal, invalid request and fault of ``api`` answer a problem.

    ``on_fault`` is asked first about an unexpected exception (the glue passes its machine-fault
    classifier, which answers 503 for a database that is not answering or a full disk); anything
    else is a 500 with no trace in the answer, and the traceback goes to the log.
    """

    def handle(exc_class: type[Exception]) -> Callable[[Callable[..., HttpResponse]], None]:
        def register(fn: Callable[..., HttpResponse]) -> None:
            api.add_exception_handler(exc_class, fn)

        return register

    @handle(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return problem(request, exc.status, exc.detail, errors=exc.errors, headers=exc.headers)

    @handle(NinjaValidationError)
    def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return problem(
            request, 422, _("The request is not valid: see errors."), errors=_ninja_errors(exc)
        )

    @handle(DjangoValidationError)
    def _model_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        err = ApiError.from_validation(exc)
        return problem(request, 422, err.detail, errors=err.errors)

    @handle(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            request,
            401,
            _("Sign in, or send a personal access token as a Bearer token."),
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )

    @handle(Throttled)
    def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return problem(request, 429, _("Too many requests: wait, then try again."))

    @handle(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(request, exc.status_code, str(exc))

    @handle(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(request, 404, _("Not found."))

    @handle(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(request, 403, _("Your role in this coalition does not allow this."))

    @handle(Exception)
    def _fault(request: HttpRequest, exc: Exception) -> HttpResponse:
        answer = on_fault(request, exc) if on_fault is not None else None
        if answer is not None:
            return answer
        log.exception("API error %s %s", request.method, request.path)
        return problem(request, 500, _("Something went wrong on the server."))


class SessionAuthCSRF(APIKeyCookie):
    """The browser's session signs in to the API, and an unsafe method must carry the CSRF token
    (``X-CSRFToken`` header), as a form does. A request with no signed-in session is not refused
    here: it is left to the next way in (a token), then answered 401."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            checker = CsrfViewMiddleware(lambda r: HttpResponse())
            request.csrf_processing_done = False  # type: ignore[attr-defined]
            checker.process_request(request)
            if checker.process_view(request, lambda r: HttpResponse(), (), {}) is not None:
                raise ApiError(
                    403,
                    _("CSRF check failed: send the page's CSRF token in the X-CSRFToken header."),
                )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


class PageParams(Schema):
    """``limit`` (1–500, 50 by default) rows from ``offset`` (at most 10¹², which no table
    reaches: a larger one is a 422, never an offset past what the databases count in)."""

    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**12)


class Page(Schema, Generic[T]):
    count: int
    next: str | None
    previous: str | None
    results: list[T]


def _page_url(request: HttpRequest, *, limit: int, offset: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.lists()), True)}")


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | list[Any],
    params: PageParams,
    present: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """One page of ``rows`` as ``{"count", "next", "previous", "results"}``; ``present`` turns each
    row into what the page shows (by default the row itself)."""
    if isinstance(rows, QuerySet):
        # A stable order, so that no row is seen twice or skipped from one page to the next.
        ordering = list(rows.query.order_by or rows.model._meta.ordering)
        rows = rows.order_by(*ordering, "pk") if "pk" not in ordering else rows
    count = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    limit, offset = params.limit, params.offset
    chunk = list(rows[offset : offset + limit])
    results = [present(r) for r in chunk] if present is not None else chunk
    has_next = offset + limit < count
    return {
        "count": count,
        "next": _page_url(request, limit=limit, offset=offset + limit) if has_next else None,
        "previous": (
            _page_url(request, limit=limit, offset=max(offset - limit, 0)) if offset > 0 else None
        ),
        "results": results,
    }


def json_response(schema: type[Schema] | Any, data: Any, *, status: int = 200) -> HttpResponse:
    """``data`` validated against ``schema`` (objects read by attribute, as ninja does), as JSON.

    Endpoints that answer through :func:`etagged` or :func:`idempotent` build their answer here,
    so it is the one the OpenAPI document declares."""
    adapter = schema if hasattr(schema, "model_validate") else None
    if adapter is None:
        from pydantic import TypeAdapter

        body = TypeAdapter(schema).dump_python(
            TypeAdapter(schema).validate_python(data, from_attributes=True), mode="json"
        )
    else:
        body = adapter.model_validate(data, from_attributes=True).model_dump(mode="json")
    content = json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(content, status=status, content_type="application/json; charset=utf-8")


def _etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def etagged(request: HttpRequest, schema: type[Schema] | Any, data: Any) -> HttpResponse:
    """A read's answer (see :func:`json_response`) with its ``ETag``, the hash of its body; ``304``
    with no body when ``If-None-Match`` holds that tag. Declare ``304: None`` in the responses."""
    response = json_response(schema, data)
    etag = _etag_of(response.content)
    if _matches(request.headers.get("If-None-Match", ""), etag):
        not_modified = HttpResponse(status=304)
        not_modified["ETag"] = etag
        return not_modified
    response["ETag"] = etag
    return response


def _once_key(request: HttpRequest, header: str) -> str:
    """The one-time key for a client's ``Idempotency-Key``: the client's words hashed with its
    user's id, so two users' keys can never meet."""
    user: Any = request.user
    return hashlib.sha256(f"api:{user.pk}:{header}".encode()).hexdigest()[:32]


def idempotent(
    request: HttpRequest,
    run: Callable[[], HttpResponse],
    *,
    replay: Callable[[str], HttpResponse],
) -> HttpResponse:
    """Run a write once per ``Idempotency-Key``.

    ``run`` does the write and answers (a 2xx success, whose ``Location``, or the request's path,
    is kept with the key). A resend with the same key writes nothing and answers
    ``replay(location)`` with the first answer's status and ``Idempotent-Replayed: true``. While
    the first is still being saved, a resend answers 409; the same key sent to another path, 422.
    A refusal or an invalid request releases the key. Without the header, ``run`` runs as is.
    """
    header = request.headers.get(IDEMPOTENCY_HEADER)
    if header is None:
        return run()
    where = {"loc": ["header", IDEMPOTENCY_HEADER]}
    if not header or len(header) > _MAX_KEY_LENGTH or not header.isprintable():
        raise ApiError.invalid(
            [{**where, "msg": _("Send 1 to 255 printable characters, e.g. a UUID.")}]
        )

    def first() -> HttpResponse:
        response = run()
        if 200 <= response.status_code < 300:
            once_answered(response, then=response.get("Location", request.path))
        return response

    def again(request: HttpRequest, row: OnceKey) -> HttpResponse:
        response = replay(row.response_location)
        if row.response_status is not None:
            response.status_code = row.response_status
        response["Idempotent-Replayed"] = "true"
        if row.response_location != request.path:
            response["Location"] = row.response_location
        return response

    def busy(request: HttpRequest) -> HttpResponse:
        return problem(
            request,
            409,
            _("A request with this Idempotency-Key is still being saved: wait, then look."),
            headers={"Retry-After": "5"},
        )

    def refuse(request: HttpRequest) -> HttpResponse:
        return problem(
            request,
            422,
            _("This Idempotency-Key was used for another request."),
            errors=[{**where, "msg": _("Use a new key for a new request.")}],
        )

    return once_run(
        request, _once_key(request, header), first, replay=again, busy=busy, refuse=refuse
    )


def submit(
    resource: Resource,
    scope: Scope,
    request: HttpRequest,
    data: dict[str, Any],
    *,
    instance: Any = None,
) -> Any:
    """Write ``data`` through the resource's form and service, as its create or edit page does
    (:func:`coalitionlens.kit.crud.resource_submit`); the form's errors answer 422, each at
    ``["body", field]``."""
    obj, form = resource_submit(resource, scope, request, data, instance=instance)
    if obj is None:
        raise ApiError.from_form(form)
    return obj


def optional(schema: type[Schema], name: str) -> type[Schema]:
    """``schema`` with every field optional and unset by default: the body of a PATCH."""
    fields: dict[str, Any] = {
        field: (info.annotation | None, None)  # type: ignore[operator]
        for field, info in schema.model_fields.items()
    }
    return create_model(name, __base__=Schema, **fields)


def _pk_of(location: str) -> int:
    return int(location.rstrip("/").rsplit("/", 1)[-1])


def resource_routes(
    router: Router,
    resource: Resource,
    *,
    get_scope: ScopeOf,
    out: type[Schema],
    write: type[Schema] | None = None,
    filters: type[Schema] | None = None,
    dump: Callable[[Any, Scope], Any] | None = None,
) -> None:
    """The REST API's operations on one scoped CRUD :class:`~coalitionlens.kit.crud.Resource`,
    doing what its pages do: ``GET /coalitions/{slug}/<plural>`` (its list page's rows and
    filters, paged), ``GET …/{pk}`` (its detail page's record), and with ``write``, ``POST`` (its
    create form) and ``PATCH …/{pk}`` (its edit form, starting from the record's values).

    ``filters`` declares the list's query parameters; they are validated by the resource's own
    filter form (422 at ``["query", name]``). ``dump`` turns a row as the resource presents it
    (``resource.present``: a masked record, say) and the caller's scope (for a field only some
    roles see) into what ``out`` reads; by default the row.
    """
    noun, plural = resource.noun, resource.plural
    # The operations belong to the app that declares the resource (its rows are that app's).
    home = resource.rows.__module__
    base = f"/coalitions/{{slug}}/{plural}"
    item = base + "/{pk}"
    shown: Callable[[Any, Scope], Any] = dump or (lambda row, scope: row)
    page_of = Page[out]  # type: ignore[valid-type]

    def _path(request: HttpRequest, slug: str, pk: int) -> str:
        prefix = request.path.split("/coalitions/", 1)[0]
        return f"{prefix}/coalitions/{slug}/{plural}/{pk}"

    def _record(scope: Scope, pk: int) -> Any:
        obj = resource.objects(scope).filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj

    def _one(scope: Scope, pk: int) -> Any:
        return shown(resource.present(_record(scope, pk), scope), scope)

    def _rows(request: HttpRequest, scope: Scope, sent: dict[str, Any]) -> Any:
        params: dict[str, Any] = {}
        if resource.filters is not None:
            form = resource.filters(
                {k: v for k, v in sent.items() if v not in ("", None)}, coalition=scope.coalition
            )
            if not form.is_valid():
                raise ApiError.from_form(form, where="query")
            params = form.cleaned_data
        return resource.rows(scope, params)

    def _list(request: HttpRequest, slug: str, page: PageParams, sent: dict[str, Any]) -> Any:
        scope = get_scope(request, slug)
        scope.require(resource.view_perm, request)
        rows = _rows(request, scope, sent)
        return etagged(
            request, page_of, paginate(request, rows, page, lambda row: shown(row, scope))
        )

    listing: Callable[..., HttpResponse]
    if filters is not None:

        def listing(request: HttpRequest, slug: str, page: Any, query: Any) -> HttpResponse:
            return _list(request, slug, page, query.model_dump())

        listing.__annotations__["query"] = Query[filters]  # type: ignore[misc, valid-type]
    else:

        def listing(request: HttpRequest, slug: str, page: Any) -> HttpResponse:
            return _list(request, slug, page, {})

    listing.__annotations__.update(
        {"request": HttpRequest, "slug": str, "page": Query[PageParams], "return": HttpResponse}
    )
    listing.__module__ = home
    listing.__name__ = f"{noun}_list"
    router.get(
        base,
        response={200: page_of, 304: None, **READ_PROBLEMS},
        url_name=f"api_{noun}_list",
        operation_id=f"{noun}_list",
        summary=f"List {plural}",
    )(listing)

    def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        scope = get_scope(request, slug)
        found = _one(scope, pk)
        scope.require(resource.view_perm, request)
        return etagged(request, out, found)

    detail.__annotations__ = {
        "request": HttpRequest,
        "slug": str,
        "pk": int,
        "return": HttpResponse,
    }
    detail.__module__ = home
    detail.__name__ = f"{noun}_detail"
    router.get(
        item,
        response={200: out, 304: None, **READ_PROBLEMS},
        url_name=f"api_{noun}_detail",
        operation_id=f"{noun}_detail",
        summary=f"One {noun}",
    )(detail)

    if write is None:
        return
    patch = optional(write, f"{write.__name__}Patch")

    def create(request: HttpRequest, slug: str, payload: Any) -> HttpResponse:
        scope = get_scope(request, slug)

        def run() -> HttpResponse:
            obj = submit(resource, scope, request, payload.model_dump())
            response = json_response(out, _one(scope, obj.pk), status=201)
            response["Location"] = _path(request, slug, obj.pk)
            return response

        return idempotent(
            request, run, replay=lambda location: json_response(out, _one(scope, _pk_of(location)))
        )

    create.__annotations__ = {
        "request": HttpRequest,
        "slug": str,
        "payload": write,
        "return": HttpResponse,
    }
    create.__module__ = home
    create.__name__ = f"{noun}_create"
    router.post(
        base,
        response={201: out, **WRITE_PROBLEMS},
        url_name=f"api_{noun}_create",
        operation_id=f"{noun}_create",
        summary=f"Add a {noun}",
    )(create)

    def change(request: HttpRequest, slug: str, pk: int, payload: Any) -> HttpResponse:
        scope = get_scope(request, slug)
        instance = _record(scope, pk)

        def run() -> HttpResponse:
            data = resource_current(resource, scope, instance) | payload.model_dump(
                exclude_unset=True
            )
            obj = submit(resource, scope, request, data, instance=instance)
            return json_response(out, _one(scope, obj.pk))

        return idempotent(
            request, run, replay=lambda location: json_response(out, _one(scope, _pk_of(location)))
        )

    change.__annotations__ = {
        "request": HttpRequest,
        "slug": str,
        "pk": int,
        "payload": patch,
        "return": HttpResponse,
    }
    change.__module__ = home
    change.__name__ = f"{noun}_change"
    router.patch(
        item,
        response={200: out, **WRITE_PROBLEMS},
        url_name=f"api_{noun}_change",
        operation_id=f"{noun}_change",
        summary=f"Change a {noun}",
    )(change)

"""The REST API, ``/api/v1/``: one NinjaAPI, each app's router added to it.

Each domain app keeps its endpoints in ``<app>/api.py`` as ``router``; adding one is one
``api.add_router`` line below. The OpenAPI document is ``/api/v1/openapi.json`` and the docs page
``/api/v1/docs``, drawn with the copy of Swagger UI that django-ninja ships (``ninja`` is an
installed app, so its template and static files are served from here: no CDN).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Schema
from ninja.openapi.docs import Swagger

from coalitionlens.accounts.api_auth import TokenAuth
from coalitionlens.accounts.permissions import roles_of
from coalitionlens.coalitions.models import Coalition
from coalitionlens.directory.api import router as directory_router
from coalitionlens.engagements.api import router as engagements_router
from coalitionlens.insights.api import router as insights_router
from coalitionlens.kit.api import (
    READ_PROBLEMS,
    SessionAuthCSRF,
    etagged,
    idempotency_documented,
    install_problem_handlers,
    problem_media_types,
)
from coalitionlens.pathways.api import router as pathways_router
from coalitionlens.surveys.api import router as surveys_router
from coalitionlens.tensions.api import router as tensions_router
from coalitionlens.web.faults import classify, fault_response

#: The ways in, tried in order, on every operation (the OpenAPI document and docs page are open).
AUTH: list[Any] = [TokenAuth(), SessionAuthCSRF()]


class CoalitionLensAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return idempotency_documented(problem_media_types(super().get_openapi_schema(**kwargs)))


api = CoalitionLensAPI(
    title="Coalition Lens API",
    version="1",
    description=(
        "The coalitions you hold a role in, read and written as your role allows on the pages. "
        "Errors are RFC 9457 problem details; reads answer an ETag; writes accept an "
        "Idempotency-Key."
    ),
    auth=AUTH,
    # validatorUrl: Swagger UI would otherwise fetch a badge from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    urls_namespace="api-1",
)


def _fault(request: HttpRequest, exc: Exception) -> HttpResponse | None:
    """A database not answering or a full disk: 503 with one log line, as on the pages."""
    fault = classify(exc)
    return fault_response(request, fault) if fault is not None else None


install_problem_handlers(api, on_fault=_fault)


coalitions = Router(tags=["coalitions"])


class CoalitionOut(Schema):
    slug: str
    name: str
    role: str


@coalitions.get(
    "/coalitions",
    response={200: list[CoalitionOut], 304: None, **READ_PROBLEMS},
    url_name="api_coalition_list",
    summary="The coalitions you hold a role in",
)
def coalition_list(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    rows = [
        {"slug": c.slug, "name": c.name, "role": roles[c.pk]}
        for c in Coalition.objects.filter(pk__in=roles).order_by("name")
    ]
    return etagged(request, list[CoalitionOut], rows)


api.add_router("/", coalitions)
api.add_router("/", directory_router)
api.add_router("/", engagements_router)
api.add_router("/", insights_router)
api.add_router("/", tensions_router)
api.add_router("/", surveys_router)
api.add_router("/", pathways_router)

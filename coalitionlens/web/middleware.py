"""Security headers, no caching of signed-in pages, session time limits, and the second-factor gate."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from coalitionlens.accounts.mfa import mfa_gate
from coalitionlens.kit.api import PROBLEM_JSON, problem
from coalitionlens.web.faults import API_PREFIX

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class ApiProblemMiddleware:
    """Under the REST API an error is always problem details, whatever answered it: Django's
    405 of a method a path does not take, or any page-shaped refusal, becomes one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_JSON)
        ):
            answer = problem(request, response.status_code)
            for header in ("Allow", "Retry-After"):
                if response.has_header(header):
                    answer[header] = response[header]
            return answer
        return response


class SessionTimeoutMiddleware:
    """End a session after the idle limit or the absolute limit, whichever comes first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("cl_started", now)
            last = request.session.get("cl_seen", now)
            idle_limit = settings.SESSION_IDLE_TIMEOUT
            if now - last > idle_limit or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
            elif now - last > 30 or "cl_seen" not in request.session:
                request.session["cl_seen"] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page and download Django makes (static files are served
    before this by WhiteNoise): a shared computer's browser cache or a proxy must keep no copy of a
    coalition's pages. Only a visitor who is not signed in may get a response its view marked
    cacheable itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response


class MFARequiredMiddleware:
    """Before any page but the account pages, a person who must use a second factor enrols or gives
    a code (the rule: :func:`coalitionlens.accounts.mfa.mfa_gate`)."""

    #: URL names open to everyone signed in: sign-in and -out, password reset, the MFA pages
    #: themselves (allauth's ``account_*`` and ``mfa_*``), and the language switch.
    OPEN_PREFIXES = ("account_", "mfa_")
    OPEN_NAMES = frozenset({"set_language", "javascript_catalog"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        name = (match.url_name if match else None) or ""
        if name.startswith(self.OPEN_PREFIXES) or name in self.OPEN_NAMES:
            return None
        target = mfa_gate(request)
        if target is None:
            return None
        if request.path.startswith(API_PREFIX):
            return problem(
                request,
                403,
                _(
                    "Give your second factor on the sign-in pages first, or use a personal access token."
                ),
            )
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)

"""The tokens page: a signed-in person makes, sees and revokes their personal access tokens."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalitionlens.accounts import tokens
from coalitionlens.accounts.forms import TokenForm
from coalitionlens.accounts.reauth import signed_in_recently
from coalitionlens.kit.once import once, once_answered


def _page(
    request: HttpRequest, form: TokenForm, *, secret: str = "", status: int = 200
) -> HttpResponse:
    response = render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": tokens.tokens_for(request.user),
            "now": timezone.now(),
            "secret": secret,
            "recent": signed_in_recently(request),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request, TokenForm(user=request.user))


@login_required
@once
@require_http_methods(["POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    if not signed_in_recently(request):
        messages.info(
            request, _("Making a token needs a recent sign-in: please confirm it is you.")
        )
        return HttpResponseRedirect(
            reverse("account_reauthenticate") + "?" + urlencode({"next": reverse("token_list")})
        )
    form = TokenForm(request.POST, user=request.user)
    if form.is_valid():
        coalition, role = form.chosen()
        try:
            _token, secret = tokens.token_create(
                user=request.user,  # type: ignore[arg-type]
                coalition=coalition,
                role=role,
                name=form.cleaned_data["name"],
                expires_at=timezone.now() + dt.timedelta(days=form.cleaned_data["expires_days"]),
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            # The secret is on this page alone: a resend of the form says it was made, and makes
            # no second token.
            return once_answered(
                _page(request, TokenForm(user=request.user), secret=secret),
                then=reverse("token_list"),
            )
    return _page(request, form, status=400)


@login_required
@require_http_methods(["POST"])
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = tokens.tokens_for(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    tokens.token_revoke(token=token, actor=request.user, request=request)
    messages.success(request, _("The token %(prefix)s is revoked.") % {"prefix": token.prefix})
    return HttpResponseRedirect(reverse("token_list"))

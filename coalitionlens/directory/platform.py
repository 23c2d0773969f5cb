"""The platform admin's page: every coalition on this server, creating a new one, and resetting a
person's two-factor authentication."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from coalitionlens.accounts.models import User
from coalitionlens.accounts.services import coalition_create, mfa_reset
from coalitionlens.coalitions.models import Coalition
from coalitionlens.kit.once import once


class CoalitionCreateForm(forms.ModelForm):  # type: ignore[type-arg,unused-ignore]
    coordinator_email = forms.EmailField(label=gettext_lazy("First coordinator's e-mail address"))

    class Meta:
        model = Coalition
        fields = [
            "slug",
            "name",
            "country",
            "region",
            "founded",
            "origin_sector",
            "governance_model",
            "default_language",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class MFAResetForm(forms.Form):
    mfa_email = forms.EmailField(
        label=gettext_lazy("E-mail address of the person"),
        widget=forms.EmailInput(attrs={"class": "form-control"}),
    )

    def clean_mfa_email(self) -> User:
        email = self.cleaned_data["mfa_email"].strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(gettext_lazy("Nobody signs in with this address."))
        return user


@login_required
@once
@require_http_methods(["GET", "HEAD", "POST"])
def platform_home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise Http404
    posted = request.POST if request.method == "POST" else None
    resetting = posted is not None and posted.get("form") == "mfa_reset"
    reset_form = MFAResetForm(posted if resetting else None)
    form = CoalitionCreateForm(posted if not resetting else None)
    if resetting and reset_form.is_valid():
        person = reset_form.cleaned_data["mfa_email"]
        mfa_reset(user=person, actor=request.user, request=request)
        messages.success(
            request,
            _(
                "Two-factor authentication of %(email)s reset: they set up a new app at their next sign-in."
            )
            % {"email": person.email},
        )
        return redirect("platform_home")
    if not resetting and request.method == "POST" and form.is_valid():
        try:
            coalition = coalition_create(
                coalition=form.save(commit=False),
                coordinator_email=form.cleaned_data["coordinator_email"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Created: %(obj)s") % {"obj": coalition})
            return redirect("platform_home")
    coalitions = Coalition.objects.annotate(
        n_orgs=Count("organisations", distinct=True), n_people=Count("roles", distinct=True)
    ).order_by("name")
    return render(
        request,
        "web/platform.html",
        {"coalitions": coalitions, "form": form, "reset_form": reset_form},
        status=400 if form.errors or reset_form.errors else 200,
    )

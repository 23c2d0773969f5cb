"""The platform admin's page: every coalition on this server, and creating a new one."""

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

from coalitionlens.accounts.services import coalition_create
from coalitionlens.coalitions.models import Coalition


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


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def platform_home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise Http404
    form = CoalitionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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
        {"coalitions": coalitions, "form": form},
        status=400 if form.errors else 200,
    )

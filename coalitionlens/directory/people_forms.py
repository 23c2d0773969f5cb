from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.kit.forms import CoalitionForm


class RoleForm(CoalitionForm):
    email = forms.EmailField(label=_("E-mail address"))

    class Meta:
        model = CoalitionRole
        fields = ["email", "role", "organisation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["class"] = "form-control"
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
            self.fields["email"].disabled = True

"""The form that makes a personal access token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.accounts.permissions import role_at_most
from coalitionlens.coalitions.vocab import Role


class TokenForm(forms.Form):
    """One choice per (coalition, role) the person may grant: their coalitions, each with the
    roles no higher than theirs there."""

    grant = forms.ChoiceField(label=_("Coalition and role"))
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("What the token is for, to recognise it later."),
    )
    expires_days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=settings.COALITIONLENS_TOKEN_MAX_DAYS,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"expires_days": settings.COALITIONLENS_TOKEN_DEFAULT_DAYS})
        super().__init__(*args, **kwargs)
        self.coalitions: dict[str, Any] = {}
        choices: list[tuple[str, Any]] = []
        held = CoalitionRole.objects.filter(user=user).select_related("coalition")
        for held_role in held.order_by("coalition__name"):
            coalition = held_role.coalition
            self.coalitions[str(coalition.pk)] = coalition
            for role, label in Role.choices:
                if role_at_most(role, held_role.role):
                    choices.append((f"{coalition.pk}:{role}", f"{coalition.name} · {label}"))
        self.fields["grant"].choices = choices  # type: ignore[attr-defined]
        self.fields["grant"].widget.attrs["class"] = "form-select"
        for name in ("name", "expires_days"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def chosen(self) -> tuple[Any, str]:
        """The (coalition, role) picked."""
        coalition_id, role = self.cleaned_data["grant"].split(":", 1)
        return self.coalitions[coalition_id], role

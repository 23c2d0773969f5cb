"""Coordinator forms for survey rounds. Fields are listed explicitly (no mass assignment)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.models import Organisation
from coalitionlens.surveys.instruments import KINDS

INSTRUMENT_LABELS = {
    "relationship": _("Relationship survey (partners, trust and value)"),
    "health": _("Collaboration-health inventory"),
    "hopes_fears": _("Hopes and fears about government, business and international actors"),
}


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    instruments = forms.MultipleChoiceField(
        label=_("Instruments"),
        choices=[(k, INSTRUMENT_LABELS[k]) for k in KINDS],
        widget=forms.CheckboxSelectMultiple,
        initial=list(KINDS),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "instruments":
                field.widget.attrs.setdefault("class", "form-control")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("A round cannot close before it opens."))
        return data


class RespondentForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    language = forms.ChoiceField(label=_("Language of the survey"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, coalition: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            coalition=coalition
        ).order_by("name")
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

from __future__ import annotations

from django import forms

from coalitionlens.kit.forms import CoalitionForm, DateInput
from coalitionlens.tensions.models import Strategy, Tension


class TensionForm(CoalitionForm):
    class Meta:
        model = Tension
        fields = [
            "title",
            "level",
            "category",
            "parties",
            "status",
            "observed_on",
            "resolved_on",
            "description",
        ]
        widgets = {
            "observed_on": DateInput(),
            "resolved_on": DateInput(),
            "parties": forms.SelectMultiple(attrs={"data-org-picker": "1"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class StrategyForm(CoalitionForm):
    class Meta:
        model = Strategy
        fields = ["title", "category", "status", "adopted_on", "tensions", "description"]
        widgets = {
            "adopted_on": DateInput(),
            "tensions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

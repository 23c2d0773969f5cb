from __future__ import annotations

from django import forms

from coalitionlens.kit.forms import CoalitionForm, DateInput
from coalitionlens.tensions.models import Strategy, StrategyAction, Tension


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
        fields = [
            "title",
            "category",
            "status",
            "owner",
            "adopted_on",
            "review_on",
            "tensions",
            "description",
        ]
        widgets = {
            "adopted_on": DateInput(),
            "review_on": DateInput(),
            "tensions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class StrategyActionForm(CoalitionForm):
    class Meta:
        model = StrategyAction
        fields = ["strategy", "text", "due_on", "status", "done_on"]
        widgets = {"due_on": DateInput(), "done_on": DateInput()}

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Organisation
from coalitionlens.engagements.models import Engagement, ParticipationRole
from coalitionlens.kit.forms import CoalitionForm, DateInput, code_choices_field


class EngagementForm(CoalitionForm):
    leads = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(),
        label=_("lead organisations"),
        widget=forms.SelectMultiple(attrs={"data-org-picker": "1"}),
    )
    counterparts = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(),
        label=_("counterpart organisations"),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-org-picker": "1"}),
    )
    domains = code_choices_field(vocab.ActivityDomain.choices, _("activity domains"))
    four_ps = code_choices_field(vocab.FourP.choices, _("4 Ps"))

    class Meta:
        model = Engagement
        fields = [
            "date",
            "end_date",
            "practice_type",
            "title",
            "leads",
            "counterparts",
            "domains",
            "four_ps",
            "initiated_by",
            "description",
            "outcome",
            "outcome_notes",
            "follow_up",
            "follow_up_due",
            "confidentiality",
            "focal_points",
        ]
        widgets = {
            "date": DateInput(),
            "end_date": DateInput(),
            "follow_up_due": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome_notes": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            parts = list(self.instance.participations.all())
            self.initial["leads"] = [
                p.organisation_id for p in parts if p.role == ParticipationRole.LEAD
            ]
            self.initial["counterparts"] = [
                p.organisation_id for p in parts if p.role == ParticipationRole.COUNTERPART
            ]
        for name in ("leads", "counterparts"):
            self.fields[name].queryset = self.fields[name].queryset.select_related("sector")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("leads") or []) & set(data.get("counterparts") or [])
        if both:
            self.add_error(
                "counterparts", _("An organisation cannot be both lead and counterpart.")
            )
        on_it = {o.pk for o in [*(data.get("leads") or []), *(data.get("counterparts") or [])]}
        if any(f.organisation_id not in on_it for f in data.get("focal_points") or []):
            self.add_error(
                "focal_points",
                _("A focal point must belong to one of the organisations on the engagement."),
            )
        return data

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import (
    Coalition,
    FocalPoint,
    Funding,
    GovernmentSeat,
    Membership,
    Observation,
    Organisation,
    Partnership,
    Sector,
    Unit,
    UnitMember,
)
from coalitionlens.kit.forms import CoalitionForm, DateInput, code_choices_field


class OrganisationForm(CoalitionForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "sector",
            "subsector",
            "faith_based",
            "survivor_led",
            "scale",
            "origin",
            "at_risk",
            "staff_band",
            "budget_band",
            "city",
            "province",
            "district",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        subsector = self.fields["subsector"]
        assert isinstance(sector, forms.ModelChoiceField)
        assert isinstance(subsector, forms.ModelChoiceField)
        sector.queryset = sector.queryset.filter(parent__isnull=True)  # type: ignore[union-attr]
        subsector.queryset = subsector.queryset.filter(parent__isnull=False)  # type: ignore[union-attr]


class MembershipForm(CoalitionForm):
    class Meta:
        model = Membership
        fields = ["organisation", "tier", "status", "joined_on", "ended_on", "end_reason", "notes"]
        widgets = {
            "joined_on": DateInput(),
            "ended_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class PartnershipForm(CoalitionForm):
    purposes = code_choices_field(vocab.ActivityDomain.choices, _("purposes"))

    class Meta:
        model = Partnership
        fields = [
            "organisation",
            "partnership_type",
            "formality",
            "level",
            "purposes",
            "started_on",
            "ended_on",
            "notes",
        ]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class FundingForm(CoalitionForm):
    """A funding flow: who gives whom (or the coalition itself), in a band, optionally exact."""

    class Meta:
        model = Funding
        fields = [
            "funder",
            "recipient",
            "partnership",
            "amount_band",
            "amount",
            "currency",
            "started_on",
            "ended_on",
            "notes",
        ]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ModelChoiceField)
        recipient.empty_label = str(_("The coalition itself"))

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()


class UnitForm(CoalitionForm):
    class Meta:
        model = Unit
        fields = ["kind", "name", "description", "established_on", "dissolved_on"]
        widgets = {
            "established_on": DateInput(),
            "dissolved_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class UnitMemberForm(CoalitionForm):
    class Meta:
        model = UnitMember
        fields = ["unit", "organisation", "role", "since", "until"]
        widgets = {"since": DateInput(), "until": DateInput()}


class FocalPointForm(CoalitionForm):
    class Meta:
        model = FocalPoint
        fields = [
            "organisation",
            "name",
            "role_title",
            "since",
            "expected_until",
            "languages",
            "work_email",
        ]
        widgets = {"since": DateInput(), "expected_until": DateInput()}


class GovernmentSeatForm(CoalitionForm):
    class Meta:
        model = GovernmentSeat
        fields = ["body", "held_by", "kind", "since", "until", "notes"]
        widgets = {
            "since": DateInput(),
            "until": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = self.fields["body"].queryset.filter(  # type: ignore[attr-defined]
            sector__macro_sector=vocab.MacroSector.PUBLIC
        )


class ObservationForm(CoalitionForm):
    class Meta:
        model = Observation
        fields = ["kind", "observed_on", "value", "currency", "note"]
        widgets = {"observed_on": DateInput()}


class SubsectorForm(CoalitionForm):
    class Meta:
        model = Sector
        fields = ["parent", "code", "name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.required = True
        parent.queryset = Sector.objects.filter(parent__isnull=True, coalition__isnull=True)

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper().replace(" ", "_")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent = data.get("parent")
        if parent is not None:
            self.instance.macro_sector = parent.macro_sector
        return data


class CoalitionSettingsForm(forms.ModelForm):  # type: ignore[type-arg,unused-ignore]
    """A coordinator edits the coalition's own profile (its address, the slug, never changes)."""

    languages = forms.MultipleChoiceField(
        label=_("languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, name) for code, name in settings.LANGUAGES],
    )

    class Meta:
        model = Coalition
        fields = [
            "name",
            "country",
            "region",
            "founded",
            "origin_sector",
            "governance_model",
            "languages",
            "default_language",
            "secretariat",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        secretariat = self.fields["secretariat"]
        assert isinstance(secretariat, forms.ModelChoiceField)
        secretariat.queryset = Organisation.objects.filter(coalition=self.instance)
        self.fields["default_language"] = forms.ChoiceField(
            label=_("default language"), choices=settings.LANGUAGES
        )
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxSelectMultiple):
                w.attrs.setdefault("class", "form-check-input")
            else:
                w.attrs.setdefault(
                    "class", "form-select" if isinstance(w, forms.Select) else "form-control"
                )

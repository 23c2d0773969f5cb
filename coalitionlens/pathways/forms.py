"""The forms of the pathway records, each bound to one coalition (``kit.forms.CoalitionForm``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.selectors import province_list
from coalitionlens.kit.forms import CoalitionForm, DateInput, code_choices_field
from coalitionlens.pathways import vocab
from coalitionlens.pathways.models import ReferralTie, Service, SubStage

#: The practice types of the engagements a referral tie may rest on.
REFERRAL_PRACTICES = ("REFERRAL_PROTOCOL", "MOU")


class ListField(forms.CharField):
    """A list of short names typed as one line, separated by commas (stored as a JSON list)."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, (list, tuple)):
            items = [str(v) for v in value]
        else:
            items = str(super().to_python(value) or "").split(",")
        out: list[str] = []
        for item in (i.strip() for i in items):
            if not item:
                continue
            if len(item) > 120:
                raise ValidationError(_("Each name may have at most 120 characters."))
            if item not in out:
                out.append(item)
        return out


class SubStageForm(CoalitionForm):
    class Meta:
        model = SubStage
        fields = ["stage", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ServiceForm(CoalitionForm):
    trafficking_types = code_choices_field(
        vocab.TraffickingType.choices, _("trafficking types"), required=True
    )
    populations = code_choices_field(vocab.Population.choices, _("populations served"), True)
    provinces = ListField(
        label=_("provinces covered"),
        required=False,
        max_length=2000,
        help_text=_("Separated by commas; leave empty for a service offered nationwide."),
    )
    languages = ListField(
        label=_("languages"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. Khmer, Thai, English."),
    )

    class Meta:
        model = Service
        fields = [
            "organisation",
            "name",
            "stage",
            "substage",
            "trafficking_types",
            "populations",
            "provinces",
            "district",
            "capacity",
            "languages",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = province_list(coalition=self.instance.coalition)
        if known:
            self.fields["provinces"].widget.attrs["placeholder"] = ", ".join(known[:6])


class ReferralTieForm(CoalitionForm):
    class Meta:
        model = ReferralTie
        fields = [
            "from_service",
            "to_service",
            "kind",
            "partnership",
            "engagement",
            "since",
            "notes",
        ]
        widgets = {"since": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("from_service", "to_service"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = field.queryset.select_related("organisation")  # type: ignore[union-attr]
        engagement = self.fields["engagement"]
        assert isinstance(engagement, forms.ModelChoiceField)
        engagement.queryset = engagement.queryset.filter(  # type: ignore[union-attr]
            practice_type__in=REFERRAL_PRACTICES
        )

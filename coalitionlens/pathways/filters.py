"""The filters of the pathway pages: stage, trafficking type, population, province."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.models import Coalition
from coalitionlens.pathways import vocab
from coalitionlens.pathways.selectors import provinces_of


class PathwayFilter(forms.Form):
    trafficking_type = forms.ChoiceField(
        label=_("Trafficking type"),
        required=False,
        choices=[("", _("All types")), *vocab.TraffickingType.choices],
    )
    population = forms.ChoiceField(
        label=_("Population"),
        required=False,
        choices=[("", _("All populations")), *vocab.Population.choices],
    )
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces"))] + [  # type: ignore[attr-defined]
            (p, p) for p in provinces_of(coalition)
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class ServiceFilter(PathwayFilter):
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *vocab.Stage.choices]
    )
    field_order = ["stage", "trafficking_type", "population", "province"]

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, coalition=coalition, **kwargs)
        self.fields["stage"].widget.attrs["class"] = "form-select"

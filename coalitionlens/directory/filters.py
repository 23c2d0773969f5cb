from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, Sector
from coalitionlens.coalitions.selectors import province_list


class OrganisationFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.SearchInput)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    macro_sector = forms.ChoiceField(
        label=_("Macro-sector"),
        required=False,
        choices=[("", _("All macro-sectors")), *vocab.MacroSector.choices],
    )
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sectors = Sector.objects.filter(parent__isnull=True, coalition__isnull=True)
        self.fields["sector"].choices = [("", _("All sectors"))] + [  # type: ignore[attr-defined]
            (s.code, s.label) for s in sectors
        ]
        self.fields["q"].widget.attrs.update(
            {"class": "form-control", "placeholder": _("Name, acronym or city")}
        )
        self.fields["province"].choices = [("", _("All provinces"))] + [  # type: ignore[attr-defined]
            (p, p) for p in province_list(coalition=coalition)
        ]
        for name in ("sector", "macro_sector", "province"):
            self.fields[name].widget.attrs["class"] = "form-select"

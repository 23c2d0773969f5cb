from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, Organisation, Sector
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


#: The recipient filter's value for the flows the coalition itself receives.
TO_COALITION = "coalition"


class FundingFilter(forms.Form):
    """The funding list's filters and sort (the list is read by coordinators and analysts only)."""

    funder = forms.ModelChoiceField(
        label=_("Funder"), required=False, queryset=Organisation.objects.none()
    )
    recipient = forms.ChoiceField(label=_("Recipient"), required=False)
    band = forms.ChoiceField(
        label=_("Amount a year"),
        required=False,
        choices=[("", _("All bands")), *vocab.FundingBand.choices],
    )
    active_on = forms.DateField(
        label=_("Active on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("", _("Funder")),
            ("recipient", _("Recipient")),
            ("band", _("Amount a year")),
            ("-started_on", _("Newest first")),
            ("started_on", _("Oldest first")),
        ],
    )

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.orgs = Organisation.objects.filter(coalition=coalition)
        self.fields["funder"].queryset = self.orgs  # type: ignore[attr-defined]
        self.fields["recipient"].choices = [  # type: ignore[attr-defined]
            ("", _("All recipients")),
            (TO_COALITION, _("The coalition itself")),
            *((str(o.pk), o.name) for o in self.orgs),
        ]
        self.fields["active_on"].widget.attrs["class"] = "form-control"
        for name in ("funder", "recipient", "band", "sort"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean_recipient(self) -> Organisation | str | None:
        value = self.cleaned_data.get("recipient") or ""
        if value in ("", TO_COALITION):
            return value or None
        return self.orgs.filter(pk=int(value)).first()

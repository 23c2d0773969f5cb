"""The insight pages' forms: the network map's filters and recording a finding as a tension."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from coalitionlens.coalitions import vocab
from coalitionlens.insights.networks import MODES, NetworkFilters
from coalitionlens.insights.selectors import MEASURES


class NetworkFilterForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Mode"),
        required=False,
        choices=[("all", gettext_lazy("All three modes")), *vocab.EngagementMode.choices],
    )
    practice = forms.ChoiceField(
        label=gettext_lazy("Practice"),
        required=False,
        choices=[("", gettext_lazy("Every practice")), *vocab.PracticeType.choices],
    )
    size = forms.ChoiceField(
        label=gettext_lazy("Size by"), required=False, choices=list(MEASURES.items())
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css + " form-select-sm form-control-sm"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:  # a field in error says so to assistive technology too
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end < start:
            self.add_error("end", gettext_lazy("“Until” is before “From”."))
        return cleaned

    def filters(self) -> NetworkFilters:
        """The filters the person chose, as the network reads them. *Until* is the last day in;
        the network's ``end`` is its first day out (the day after), as
        :func:`~coalitionlens.insights.networks.filters_as_of` gives it. The form still shows the
        day typed; the last day a date can be leaves the window open (there is no day after it)."""
        d = self.cleaned_data if self.is_valid() else {}
        mode = d.get("mode") or "all"
        until = d.get("end")
        return NetworkFilters(
            start=d.get("start"),
            end=until + dt.timedelta(days=1) if until is not None and until < dt.date.max else None,
            mode=mode if mode in MODES else "all",
            practice=d.get("practice") or "",
        )


class AdoptForm(forms.Form):
    rule = forms.CharField(max_length=60, widget=forms.HiddenInput)
    key = forms.CharField(max_length=120, required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=gettext_lazy("Tension title"), max_length=200)
    strategy = forms.ChoiceField(
        label=gettext_lazy("Strategy to adopt"),
        required=False,
        choices=[("", gettext_lazy("None for now")), *vocab.StrategyCategory.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

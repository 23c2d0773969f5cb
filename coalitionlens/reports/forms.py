from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitionlens.kit.forms import DateInput, style_widgets
from coalitionlens.reports.models import ReportFormat
from coalitionlens.reports.services import EARLIEST_DAY

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("km", "ខ្មែរ")]


class ReportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    safe = forms.BooleanField(
        label=_("Safe mode (for sharing outside the coalition)"),
        required=False,
        help_text=_("Organisation names become stable aliases; free text is left out."),
    )
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Leave empty for today. A past day shows the findings, network and survey rounds of "
            "that day."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.fields["as_of"].widget.attrs.update(
            min=EARLIEST_DAY.isoformat(), max=self.today.isoformat()
        )
        style_widgets(self)

    def clean_as_of(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data["as_of"]
        if day is not None and day > self.today:
            raise forms.ValidationError(
                _("A report cannot be as of a day after today (%(today)s)."),
                code="future",
                params={"today": self.today.isoformat()},
            )
        if day is not None and day < EARLIEST_DAY:
            raise forms.ValidationError(
                _("A report cannot be as of a day before %(earliest)s."),
                code="too_early",
                params={"earliest": EARLIEST_DAY.isoformat()},
            )
        return day

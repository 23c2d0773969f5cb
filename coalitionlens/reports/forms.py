from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalitionlens.kit.forms import style_widgets
from coalitionlens.reports.models import ReportFormat

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("km", "ខ្មែរ")]


class ReportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    safe = forms.BooleanField(
        label=_("Safe mode (for sharing outside the coalition)"),
        required=False,
        help_text=_("Organisation names become stable aliases; free text is left out."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

"""Forms of the import and export pages (fields listed explicitly: no mass assignment)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KIND_CHOICES = [
    ("", _("Found from sheet names and headers")),
    ("organisations", _("Organisations")),
    ("memberships", _("Memberships")),
    ("partnerships", _("Partnerships")),
    ("engagements", _("Engagements")),
]
FORMAT_CHOICES = [
    ("xlsx", _("Workbook (XLSX)")),
    ("csv", _("CSV files (zip)")),
    ("json", "JSON"),
    ("graphml", _("Network (GraphML)")),
    ("gexf", _("Network (GEXF, for Gephi)")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV, XLSX or ODS: one kind of record, or a workbook with a sheet per kind."),
    )
    kind = forms.ChoiceField(label=_("The file holds"), choices=KIND_CHOICES, required=False)

    def __init__(self, *args: Any, too_large: bool = False, **kwargs: Any) -> None:
        """``too_large``: the request body was too large for its file to be read at all
        (``transfer.uploads``); the form then says so instead of asking for a file."""
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:
            self.fields["file"].required = False
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ".csv,.xlsx,.ods,text/csv"}
        )
        self.fields["kind"].widget.attrs["class"] = "form-select"

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        cap = settings.COALITIONLENS_IMPORT_MAX_BYTES
        if self.too_large or (upload is not None and (upload.size or 0) > cap):
            raise ValidationError(_("The file is larger than %(mb).1f MB.") % {"mb": cap / 2**20})
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    safe = forms.BooleanField(
        label=_("Safe mode (for sharing outside the coalition)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_(
            "Organisation names become the aliases the safe reports use; acronyms, cities, the "
            "at-risk flag, titles, notes and other free text are left out."
        ),
    )

"""The base of every coalition form: related-record choices limited to the form's coalition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

#: The largest id a 64-bit integer column holds (SQLite's INTEGER, PostgreSQL's bigint).
_MAX_ID = 2**63 - 1


def _ids_in_range(field: forms.ModelMultipleChoiceField) -> None:
    """Refuse, as an invalid choice, an id no column can hold: Django looks a multiple choice up
    with ``pk__in``, which SQLite answers with an OverflowError (a server error) for such a value."""
    check = field._check_values  # type: ignore[attr-defined]

    def checked(value: Any) -> Any:
        for item in value:
            try:
                number = int(str(item))
            except ValueError:
                continue  # Django's own check refuses it
            if not -_MAX_ID <= number <= _MAX_ID:
                raise ValidationError(
                    field.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return check(value)

    field._check_values = checked  # type: ignore[attr-defined]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap's classes on every widget of ``form``: the look of every form in the product."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class CoalitionForm(forms.ModelForm):  # type: ignore[type-arg,unused-ignore]
    """A ModelForm bound to one coalition.

    Every choice of a related record is narrowed to that coalition, so a form can never attach a
    record to another coalition's organisation, unit or tension, whatever id the browser sends.
    """

    def __init__(self, *args: Any, coalition: models.Model, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coalition = coalition
        self.instance.coalition = coalition
        for field in self.fields.values():
            qs = getattr(field, "queryset", None)
            if qs is None:
                continue
            model = qs.model
            owner = next((f for f in model._meta.fields if f.name == "coalition"), None)
            if owner is None:
                continue
            if owner.null:
                # Shared rows (the core sector taxonomy) have no coalition; a coalition's own
                # additions are offered to that coalition only.
                field.queryset = qs.filter(Q(coalition__isnull=True) | Q(coalition=coalition))  # type: ignore[attr-defined]
            else:
                field.queryset = qs.filter(coalition=coalition)  # type: ignore[attr-defined]
        for field in self.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField):
                _ids_in_range(field)
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        # Marked after validation (never during __init__, which would validate before subclasses
        # have narrowed their choices).
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
                widget.attrs["aria-invalid"] = "true"


def code_choices_field(
    choices: Any, label: Any, required: bool = False
) -> forms.MultipleChoiceField:
    """A multiple choice among vocabulary codes, stored as a JSON list."""
    return forms.MultipleChoiceField(
        choices=choices, label=label, required=required, widget=forms.CheckboxSelectMultiple
    )

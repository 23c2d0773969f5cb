"""Template helpers for showing records: one place decides how a value reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from coalitionlens.kit.masking import Hidden
from coalitionlens.kit.numbers import MEASURE_DIGITS, number
from coalitionlens.kit.once import ONCE_FIELD, new_once_key, posted_once_key

register = template.Library()


def _resolve(obj: Any, path: str) -> Any:
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


def show(value: Any, codes: Any = None) -> str:
    if isinstance(value, Hidden):
        return str(value)
    if isinstance(value, models.Manager):
        value = list(value.all())
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return (
            date_format(value, "SHORT_DATE_FORMAT")
            if isinstance(value, dt.datetime)
            else value.isoformat()
        )
    if isinstance(value, (list, tuple)):
        if not value:
            return "—"
        labels = dict(codes.choices) if codes is not None else {}
        return ", ".join(str(labels.get(v, v)) for v in value)
    return str(value)


@register.simple_tag
def cell(obj: Any, column: Any) -> str:
    return show(_resolve(obj, column.attr))


@register.simple_tag
def detail_rows(obj: Any, resource: Any, scope: Any) -> list[tuple[str, str, bool]]:
    """(label, text, hidden) for each detail field the reader may see."""
    rows = []
    meta = resource.model._meta
    for name in resource.visible_fields(scope):
        label = resource.labels.get(name)
        if label is None:
            try:
                label = meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                label = name.replace("_", " ")
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if callable(display) else getattr(obj, name)
        rows.append(
            (
                str(label)[:1].upper() + str(label)[1:],
                show(value, resource.code_lists.get(name)),
                isinstance(value, Hidden),
            )
        )
    return rows


@register.simple_tag
def coalition_url(name: str, scope: Any, *args: Any) -> str:
    return reverse(name, args=[scope.coalition.slug, *args])


@register.filter(name="num")
def num(value: Any, digits: int = MEASURE_DIGITS) -> str:
    """A measure or a count as the active language writes it (:func:`coalitionlens.kit.numbers.number`):
    ``{{ row.constraint|num }}`` reads "0.20" in English, "0,20" in French; an integer reads as one."""
    if isinstance(value, Hidden):
        return str(value)
    return number(value, int(digits))


@register.filter(name="count")
def count(value: Any) -> str:
    """A count, always a whole number: ``{{ summary.ties|count }}``."""
    return num(value, 0)


@register.simple_tag(takes_context=True)
def once_key(context: template.Context, action: str = "") -> str:
    """The hidden one-time key of a create form (kit/once.py).

    A fresh key each time the form is shown; when the page shows a form sent to this same path that
    failed validation, the first such form keeps the key it was sent with, so its corrected resend is
    still the same sending. ``action`` is the form's ``action`` when it posts elsewhere.
    """
    request = context.get("request")
    key = None
    if request is not None and (not action or action == request.path):
        posted = posted_once_key(request)
        if posted is not None and not getattr(request, "_once_key_reshown", False):
            request._once_key_reshown = True
            key = posted
    return format_html(
        '<input type="hidden" name="{}" value="{}">', ONCE_FIELD, key or new_once_key()
    )

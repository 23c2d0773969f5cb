"""How a number reads on a page, in the active language: the one formatting function.

A *count* (organisations, ties, days, a brokerage count) reads as a whole number with the language's
thousands separator; a *measure* (betweenness, constraint, an E-I index, a score) with a fixed number
of decimals and the language's decimal mark ("0.20" in English, "0,20" in French). Anything that is
no number (a label, a hidden value's stand-in) reads as :func:`coalitionlens.kit.templatetags.lens.show`
shows it.

>>> from django.utils import translation
>>> with translation.override("fr"):
...     number(0.2), number(44), number(1234567), number(17.0, digits=0)
('0,20', '44', '1\\xa0234\\xa0567', '17')
>>> with translation.override("en"):
...     number(0.19666), number(29.2307, digits=1), number(float("nan")), number(None)
('0.20', '29.2', '—', '—')
"""

from __future__ import annotations

import numbers
from decimal import Decimal
from typing import Any

from django.utils import formats

__all__ = ["MEASURE_DIGITS", "count", "number"]

#: Decimals of a measure, unless a page asks for another precision.
MEASURE_DIGITS = 2


def number(value: Any, digits: int = MEASURE_DIGITS) -> str:
    """``value`` as the active language writes it: an integer as a count, any other real number
    with ``digits`` decimals; ``None`` and NaN as "—"; anything else as text."""
    if value is None or isinstance(value, bool):
        return "—" if value is None else str(value)
    if isinstance(value, numbers.Integral):
        return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)
    if isinstance(value, (numbers.Real, Decimal)):
        f = float(value)
        if f != f:
            return "—"
        if digits == 0:
            return formats.number_format(round(f), 0, use_l10n=True, force_grouping=True)
        return formats.number_format(
            round(Decimal(repr(f)), digits), digits, use_l10n=True, force_grouping=True
        )
    return str(value)


def count(value: Any) -> str:
    """A count: a whole number, never "44.00" nor "17.0"."""
    return number(value, digits=0)

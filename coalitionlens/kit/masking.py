"""The stand-in for a value a role may not read. Pages render it as a short notice."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class Hidden:
    """Stands in for a hidden value; renders as a short notice."""

    def __str__(self) -> str:
        return str(_("Confidential"))

    def __bool__(self) -> bool:
        return False

    def __iter__(self) -> Any:
        return iter(())


HIDDEN = Hidden()

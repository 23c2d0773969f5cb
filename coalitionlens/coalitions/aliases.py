"""Safe-mode aliases: a stable, meaningless name per organisation, e.g. "Civil society org. 3F09A2".

The code is an HMAC of the organisation id under the coalition's secret (:class:`AliasKey`), so the
same organisation reads the same in every safe report and safe export of its coalition and nobody
without the secret can link an alias back to an id. Reports and exports both take their aliases from
here, so one organisation never has two aliases.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from coalitionlens.coalitions.models import AliasKey, Coalition, Organisation

__all__ = ["alias_code", "alias_map", "alias_secret", "organisation_aliases", "scrub"]


def alias_secret(coalition: Coalition) -> str:
    key, _created = AliasKey.objects.get_or_create(coalition=coalition)
    return key.secret


def _prefix(macro: str) -> str:
    return {
        "PUBLIC": _("Public-sector org."),
        "PRIVATE": _("Private-sector org."),
        "CIVIL": _("Civil society org."),
        "INTERNATIONAL": _("International org."),
    }.get(macro, _("Organisation"))


def alias_map(secret: str, organisations: Iterable[tuple[Any, str]]) -> dict[Any, str]:
    """``(id, macro_sector)`` pairs → alias; codes grow until no two organisations share one."""
    items = list(organisations)
    for width in (6, 8, 12, 64):
        codes = {
            pk: hmac.new(secret.encode(), str(pk).encode(), hashlib.sha256).hexdigest()[:width]
            for pk, _macro in items
        }
        if len(set(codes.values())) == len(codes):
            break
    return {pk: f"{_prefix(macro)} {codes[pk].upper()}" for pk, macro in items}


def organisation_aliases(coalition: Coalition) -> dict[int, str]:
    """Organisation id → alias for every organisation of ``coalition`` (in the active language)."""
    rows = Organisation.objects.filter(coalition=coalition).values_list(
        "id", "sector__macro_sector"
    )
    return alias_map(alias_secret(coalition), list(rows))


def alias_code(alias: str) -> str:
    """The language-independent part of an alias: "Civil society org. 3F09A2" → "3F09A2"."""
    return alias.rsplit(" ", 1)[-1]


def scrub(text: str, names: dict[str, str]) -> str:
    """Replace every occurrence of a name (longest first) by its alias."""
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = text.replace(name, names[name])
    return text

"""French typography in the compiled French catalogue: a no-break space (U+00A0 before ":", U+202F
before ";", "!" and "?") where a phrase's high punctuation follows a word; the fixing script
(locale/french_spacing.py) leaves times, addresses and query strings alone and is idempotent."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from coalitionlens.locale.french_spacing import PO, fix_catalogue, fix_text

MO = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
# high punctuation ending a phrase (then a space, the end, a tag or a bracket) not preceded by a
# no-break space: what French typography forbids
WRONG = re.compile(r"(?<![\u00a0\u202f:;!?])[:;!?](?=[ \t\n]|$|<|\)|»)")


def test_every_french_message_has_its_no_break_space():
    catalogue = gettext.GNUTranslations(MO.open("rb"))._catalog  # type: ignore[attr-defined]
    wrong = sorted(
        str(text)
        for key, text in catalogue.items()
        if key and isinstance(text, str) and WRONG.search(text)
    )
    assert len(catalogue) > 500
    assert wrong == []
    colons = [t for t in catalogue.values() if isinstance(t, str) and "\u00a0:" in t]
    assert colons, "no French colon found: the catalogue is not the French one"


def test_the_script_sets_the_spaces_and_leaves_times_and_addresses_alone():
    assert fix_text("Votre rôle : %(role)s") == "Votre rôle\u00a0: %(role)s"
    assert fix_text("Pourquoi?") == "Pourquoi\u202f?"
    assert fix_text("un ; deux") == "un\u202f; deux"
    for same in (
        "à 12:30",
        "https://exemple.org/?q=a",
        'Voir <a href=\\"x\\">ici</a>',
        "déjà\u00a0:",
    ):
        assert fix_text(same) == same
    assert fix_catalogue(PO.read_text(encoding="utf-8")) == PO.read_text(encoding="utf-8")

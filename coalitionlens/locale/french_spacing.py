"""French typography in the French catalogue: a non-breaking space before the high punctuation.

French sets a space before ``:`` ``;`` ``!`` ``?`` that must never break from the word before it:
U+00A0 (no-break space) before the colon, U+202F (narrow no-break space) before ``;`` ``!`` ``?``
(the Imprimerie nationale's rule, as Unicode's CLDR writes French). This rewrites every ``msgstr``
of ``fr/LC_MESSAGES/django.po`` in place: an ordinary space there is replaced, a missing one added.
Only punctuation that ends a phrase is touched (followed by a space, the end of the text, a tag or a
closing bracket), so times (``12:30``), addresses (``https://``), query strings and placeholders are
left alone. Running it twice changes nothing.

    python coalitionlens/locale/french_spacing.py [--check]   # then `make messages`
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent / "fr" / "LC_MESSAGES" / "django.po"
NBSP, NNBSP = "\u00a0", "\u202f"
# in a .po line's quoted text: a word-ish character, maybe an ordinary space, the punctuation, then
# a phrase end (a space, an escape such as \n or \", a tag, a closing bracket or the end)
_PUNCT = re.compile(r"(?:(?<=[^\s:;!?«(\u00a0\u202f\\])|^(?= ))( ?)([:;!?])(?=[ \t]|\\|<|\)|»|$)")


def _space(match: re.Match[str]) -> str:
    mark = match[2]
    return (NBSP if mark == ":" else NNBSP) + mark


def fix_text(text: str) -> str:
    """The quoted text of one .po line with the French spaces set."""
    return _PUNCT.sub(_space, text)


def fix_catalogue(po: str) -> str:
    """Every msgstr of a .po text with the French spaces set; the header entry (the msgstr of the
    empty msgid) is metadata and left alone."""
    out: list[str] = []
    in_msgstr = False
    msgid = ""
    in_msgid = False
    for line in po.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped.startswith("msgid "):
            in_msgid, msgid = True, stripped[6:].strip().strip('"')
        elif stripped.startswith('"') and in_msgid:
            msgid += stripped.strip().strip('"')
        else:
            in_msgid = False
        if stripped.startswith("msgstr"):
            in_msgstr = msgid != ""
        elif not stripped.startswith('"'):
            in_msgstr = False
        if in_msgstr and '"' in line:
            head, _, rest = line.partition('"')
            body, quote, tail = rest.rpartition('"')
            line = head + '"' + fix_text(body) + quote + tail
        out.append(line)
    return "".join(out)


def main(argv: list[str]) -> int:
    before = PO.read_text(encoding="utf-8")
    after = fix_catalogue(before)
    if "--check" in argv:
        if before != after:
            print(f"{PO}: French spacing missing; run {Path(__file__).name}")
            return 1
        return 0
    if before != after:
        PO.write_text(after, encoding="utf-8")
        changed = sum(a != b for a, b in zip(before.splitlines(), after.splitlines(), strict=True))
        print(f"{PO.name}: {changed} lines set with French spaces")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

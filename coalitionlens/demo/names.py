"""Invented names for demo organisations, places and people.

Names are built from invented syllables and ordinary words so that no demo record can be mistaken
for a real organisation. :data:`REAL_NAMES` lists real bodies and acronyms that must never appear;
:func:`contains_real_name` is what the generator and the tests check against.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from functools import cache

__all__ = ["REAL_NAMES", "NameMaker", "acronym_of", "contains_real_name"]

# Real organisations and their acronyms that are active in counter-trafficking or development work.
# Whole-word, case-insensitive matches; the acronyms are matched case-sensitively (see below).
REAL_NAMES: tuple[str, ...] = (
    "UNODC",
    "IOM",
    "ILO",
    "UNICEF",
    "UNDP",
    "UNFPA",
    "UNHCR",
    "UN Women",
    "OHCHR",
    "OSCE",
    "USAID",
    "DFID",
    "FCDO",
    "GIZ",
    "JICA",
    "AusAID",
    "DFAT",
    "SIDA",
    "NORAD",
    "KOICA",
    "EU",
    "World Bank",
    "Asian Development Bank",
    "African Development Bank",
    "ASEAN",
    "ECOWAS",
    "SADC",
    "Pacific Islands Forum",
    "Interpol",
    "Europol",
    "World Vision",
    "Save the Children",
    "Plan International",
    "Oxfam",
    "CARE International",
    "Caritas",
    "Salvation Army",
    "Red Cross",
    "Red Crescent",
    "Terre des Hommes",
    "ECPAT",
    "Polaris",
    "Walk Free",
    "Anti-Slavery International",
    "International Justice Mission",
    "IJM",
    "Hope for Justice",
    "A21",
    "Chab Dai",
    "AFESIP",
    "Winrock",
    "Liberty Shared",
    "Liberty Asia",
    "La Strada",
    "Free the Slaves",
    "Not For Sale",
    "Stop the Traffik",
    "Stop The Traffik",
    "Freedom Fund",
    "Humanity United",
    "Open Society",
    "Ford Foundation",
    "Rockefeller",
    "Gates Foundation",
    "Global Fund",
    "Catholic Relief Services",
    "Tearfund",
    "Compassion International",
    "Mercy Corps",
    "Médecins Sans Frontières",
    "Doctors Without Borders",
    "Amnesty International",
    "Human Rights Watch",
    "Transparency International",
    "Rotary",
    "Lions Club",
    "YMCA",
    "YWCA",
    "Girl Guides",
    "Scouts",
    "Samaritan's Purse",
    "World Relief",
    "Hagar",
    "Destiny Rescue",
    "Love146",
    "Shared Hope",
    "Thorn",
    "Unseen",
    "Justice and Care",
    "Blue Dragon",
    "NAPTIP",
    "TIP Office",
    "Fiji Police",
    "Global Alliance Against Traffic in Women",
    "GAATW",
    "Verité",
    "Verite",
    "Fair Labor Association",
    "amfori",
    "Sedex",
    "Issara",
    "ITUC",
    "Solidarity Center",
    "Walmart",
    "Unilever",
    "Nestlé",
    "Nestle",
    "Coca-Cola",
    "Microsoft",
    "Google",
    "Facebook",
    "Meta",
    "Western Union",
    "Standard Chartered",
    "HSBC",
    "Thai Union",
    "CP Foods",
    "Marriott",
    "Hilton",
    "Accor",
    "Qantas",
    "Emirates",
    "Telstra",
    "Digicel",
    "Vodafone",
    "MTN",
    "Safaricom",
    "Airtel",
    "Ecobank",
    "Reuters",
    "Al Jazeera",
    "BBC",
)

_ACRONYMS = frozenset(
    n for n in REAL_NAMES if n.isupper() or (n.replace(" ", "").isalnum() and len(n) <= 6)
)


@cache
def _pattern() -> re.Pattern[str]:
    words = sorted((n for n in REAL_NAMES if n not in _ACRONYMS), key=len, reverse=True)
    return re.compile(
        r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )


@cache
def _acronym_pattern() -> re.Pattern[str]:
    words = sorted(_ACRONYMS, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def contains_real_name(text: str) -> str | None:
    """Return the real organisation name or acronym found in ``text``, or ``None``.

    >>> contains_real_name("Kestrel Valley Women's Shelter Network") is None
    True
    >>> contains_real_name("Joint visit with the IOM office")
    'IOM'
    """
    for pattern in (_pattern(), _acronym_pattern()):
        found = pattern.search(text)
        if found:
            return found.group(1)
    return None


def acronym_of(name: str) -> str:
    """Initials of the capitalised words of ``name``.

    >>> acronym_of("Kestrel Valley Women's Shelter Network")
    'KVWSN'
    """
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", name) if w[0].isupper())


class NameMaker:
    """Draws invented words from a region's syllables with a seeded random generator."""

    def __init__(
        self, rng: random.Random, syllables: Sequence[str], endings: Sequence[str]
    ) -> None:
        self.rng = rng
        self.syllables = tuple(syllables)
        self.endings = tuple(endings)
        self._seen: set[str] = set()

    def word(self) -> str:
        """An invented place-like word, e.g. 'Kamboza'."""
        while True:
            parts = [self.rng.choice(self.syllables) for _ in range(self.rng.randint(1, 2))]
            word = ("".join(parts) + self.rng.choice(self.endings)).capitalize()
            if (
                4 <= len(word) <= 11
                and word not in _UNFORTUNATE
                and contains_real_name(word) is None
            ):
                return word

    def place(self) -> str:
        """A place name: an invented word, sometimes with an ordinary landscape word."""
        roll = self.rng.random()
        if roll < 0.25:
            return f"{self.rng.choice(_NATURE)} {self.rng.choice(_LANDSCAPE)}"
        if roll < 0.45:
            return f"{self.word()} {self.rng.choice(_LANDSCAPE)}"
        return self.word()

    def person(self) -> str:
        """An invented person's name for a foundation or a parish: first name and family name."""
        return f"{self.rng.choice(_FIRST_NAMES)} {self.word()}"

    def unique(self, make: Callable[[], str]) -> str:
        """Call ``make`` until it returns a name not returned before and free of real names."""
        for _ in range(500):
            name = make()
            if name not in self._seen and contains_real_name(name) is None:
                self._seen.add(name)
                return name
        raise RuntimeError("could not invent a fresh name; widen the vocabulary")


# Invented words that happen to be English words nobody wants in an organisation's name.
_UNFORTUNATE = frozenset(
    {"Fake", "Rape", "Kill", "Slave", "Nazi", "Liar", "Sick", "Dead", "Toxic", "Poor", "Mole"}
)

_NATURE = (
    "Kestrel",
    "Amber",
    "Heron",
    "Silver",
    "Red",
    "Tamarind",
    "Baobab",
    "Coral",
    "Mango",
    "Lotus",
    "Ironwood",
    "Cinnamon",
    "Falcon",
    "Jade",
    "Copper",
    "Willow",
    "Ebony",
    "Monsoon",
    "Hibiscus",
)
_LANDSCAPE = (
    "Valley",
    "Coast",
    "Hills",
    "River",
    "Bay",
    "Highlands",
    "Plains",
    "Lagoon",
    "Delta",
    "Ridge",
)
_FIRST_NAMES = (
    "Amara",
    "Tevita",
    "Sokha",
    "Ngozi",
    "Losana",
    "Dara",
    "Kofi",
    "Mele",
    "Sreymom",
    "Ayo",
    "Vika",
    "Bopha",
    "Thandi",
    "Semisi",
    "Chenda",
    "Imani",
    "Ana",
    "Rithy",
    "Zola",
    "Iliesa",
)

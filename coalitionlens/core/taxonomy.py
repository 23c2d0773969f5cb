"""The sector taxonomy of DESIGN.md §4 as plain data: sector code → macro-sector.

Every cross-sector measure is computed on these codes. The Django app seeds its vocabulary from this
module, so the codes here are the product's core codes: coordinators may add sub-types under them,
never remove them.

Examples
--------
>>> macro_sector_of("FAITH_BASED")
'CIVIL'
>>> normalise_code("law enforcement")
'LAW_ENFORCEMENT'
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = [
    "MACRO_SECTORS",
    "MACRO_SECTOR_LABELS",
    "SECTORS",
    "SECTOR_LABELS",
    "SECTOR_TO_MACRO",
    "SUB_SECTORS",
    "macro_sector_of",
    "normalise_code",
]

MACRO_SECTORS: Final[tuple[str, ...]] = ("PUBLIC", "PRIVATE", "CIVIL", "INTERNATIONAL")

MACRO_SECTOR_LABELS: Final = MappingProxyType(
    {
        "PUBLIC": "Public sector",
        "PRIVATE": "Private sector",
        "CIVIL": "Civil society",
        "INTERNATIONAL": "International",
    }
)

SECTOR_TO_MACRO: Final = MappingProxyType(
    {
        "GOVERNMENT": "PUBLIC",
        "LAW_ENFORCEMENT": "PUBLIC",
        "CIVIL_SOCIETY": "CIVIL",
        "FAITH_BASED": "CIVIL",
        "SURVIVOR_LED": "CIVIL",
        "TRADITIONAL_AUTHORITY": "CIVIL",
        "LABOUR_PROFESSIONAL": "CIVIL",
        "ACADEMIA": "CIVIL",
        "MEDIA": "PRIVATE",
        "BUSINESS": "PRIVATE",
        "DONOR_FOUNDATION": "CIVIL",
        "DONOR_BILATERAL": "PUBLIC",
        "DONOR_MULTILATERAL": "INTERNATIONAL",
        "INTERGOVERNMENTAL": "INTERNATIONAL",
        "INTERNATIONAL_NGO": "INTERNATIONAL",
    }
)

SECTORS: Final[tuple[str, ...]] = tuple(SECTOR_TO_MACRO)

SECTOR_LABELS: Final = MappingProxyType(
    {
        "GOVERNMENT": "Government",
        "LAW_ENFORCEMENT": "Law enforcement",
        "CIVIL_SOCIETY": "Civil society organisation",
        "FAITH_BASED": "Faith-based organisation",
        "SURVIVOR_LED": "Survivor-led organisation",
        "TRADITIONAL_AUTHORITY": "Traditional authority",
        "LABOUR_PROFESSIONAL": "Labour union or professional body",
        "ACADEMIA": "Academia",
        "MEDIA": "Media",
        "BUSINESS": "Business",
        "DONOR_FOUNDATION": "Donor: private foundation",
        "DONOR_BILATERAL": "Donor: bilateral aid agency or embassy",
        "DONOR_MULTILATERAL": "Donor: multilateral",
        "INTERGOVERNMENTAL": "Intergovernmental or UN agency",
        "INTERNATIONAL_NGO": "International NGO",
    }
)

# Sub-sectors named in DESIGN.md §4; the sub-sector never changes the macro-sector.
SUB_SECTORS: Final = MappingProxyType(
    {
        "GOVERNMENT": (
            "EXECUTIVE_AGENCY",
            "NATIONAL_ANTI_TRAFFICKING_BODY",
            "LOCAL_GOVERNMENT",
            "LEGISLATURE",
            "JUDICIARY",
            "PROSECUTION",
            "LABOUR_INSPECTION",
            "IMMIGRATION_BORDER",
        ),
        "CIVIL_SOCIETY": (
            "VICTIM_SERVICES",
            "MOBILISATION_ADVOCACY",
            "COMMUNITY_BASED",
            "NETWORK_UMBRELLA",
            "RESEARCH_NGO",
        ),
        "BUSINESS": (
            "EMPLOYER",
            "SUPPLY_CHAIN_BRAND",
            "FINANCIAL",
            "PROFESSIONAL_SERVICES",
            "TRANSPORT_HOSPITALITY",
            "TECH",
            "BUSINESS_ASSOCIATION",
        ),
    }
)


def normalise_code(value: str) -> str:
    """Return a vocabulary code in canonical form: upper case, words joined by underscores.

    Parameters
    ----------
    value : str
        A code or a loosely written label such as ``"faith-based"``.

    Returns
    -------
    str
        The canonical code.

    Examples
    --------
    >>> normalise_code(" Faith-based ")
    'FAITH_BASED'
    """
    cleaned = "".join(ch if ch.isalnum() else " " for ch in value.strip())
    return "_".join(cleaned.upper().split())


def macro_sector_of(sector: str) -> str | None:
    """Return the macro-sector of a sector code, or ``None`` when the code is not a core sector.

    Parameters
    ----------
    sector : str
        A sector code; it is normalised first, so labels such as ``"law enforcement"`` work.

    Returns
    -------
    str or None
        One of :data:`MACRO_SECTORS`, or ``None`` for a code outside the taxonomy.

    Examples
    --------
    >>> macro_sector_of("DONOR_BILATERAL")
    'PUBLIC'
    >>> macro_sector_of("astrologers") is None
    True
    """
    return SECTOR_TO_MACRO.get(normalise_code(sector))

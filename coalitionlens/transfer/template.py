"""The import template workbook: a sheet per kind with its headers and an example row, the accepted
values of every coded column (codes and labels in every shipped language), and instructions.

Written in one language: the instructions, and the drop-down list of every coded column (Excel's
data validation, the labels in that language, read from a hidden sheet ``lists``). A drop-down
only warns: a code, a label in another language or a synonym typed by hand still imports."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Sector
from coalitionlens.pathways import vocab as pathway_vocab
from coalitionlens.transfer.columns import COLUMNS, KINDS
from coalitionlens.transfer.whole import EXTRA_COLUMNS, PATHWAY_COLUMNS
from coalitionlens.transfer.writers import safe_cell

__all__ = ["EXAMPLES", "template_bytes"]

SHELTER, PORT = "Example Shelter Network", "Example Port Authority"
EXAMPLES: dict[str, dict[str, Any]] = {
    "organisations": {
        "name": SHELTER,
        "acronym": "ESN",
        "sector": "CIVIL_SOCIETY",
        "subsector": "VICTIM_SERVICES",
        "faith_based": "no",
        "survivor_led": "no",
        "scale": "NATIONAL",
        "origin": "DOMESTIC",
        "at_risk": "no",
        "city": "Capital",
        "province": "Capital Province",
        "district": "Riverside",
        "notes": "Delete the example rows before importing your own.",
    },
    "memberships": {
        "organisation": SHELTER,
        "tier": "FULL",
        "status": "ACTIVE",
        "joined_on": dt.date(2024, 1, 15),
    },
    "partnerships": {
        "organisation": PORT,
        "partnership_type": "REFERRAL",
        "formality": "MOU",
        "level": 3,
        "purposes": "PREVENTION; INTERVENTION",
        "started_on": dt.date(2024, 3, 1),
    },
    "engagements": {
        "date": dt.date(2024, 5, 20),
        "practice_type": "JOINT_EVENT",
        "title": "Example: awareness day at the port",
        "leads": SHELTER,
        "counterparts": PORT,
        "domains": "AWARENESS",
        "four_ps": "PREVENTION",
        "initiated_by": "COALITION",
        "outcome": "ACHIEVED",
        "confidentiality": "INTERNAL",
    },
}
EXAMPLE_EXTRA_ORGANISATION = {
    "name": PORT,
    "sector": "GOVERNMENT",
    "subsector": "IMMIGRATION_BORDER",
    "scale": "NATIONAL",
    "origin": "DOMESTIC",
}

README = [
    _("Coalition Lens import template"),
    "",
    _("One sheet per kind of record: organisations, memberships, partnerships, engagements."),
    _(
        "The sheet 'services' lists the services organisations offer on the referral pathway: "
        "one stage each, for which trafficking types and populations (separated by ;), in which "
        "provinces (none: nationwide)."
    ),
    _("Keep the header row; column names are matched forgivingly (case, accents, French names)."),
    _(
        "Coded columns have a drop-down list; they also take a code or its label in any language "
        "(see the sheet 'accepted values'). A value the import does not know is asked about once "
        "in the preview."
    ),
    _(
        "Dates: 2025-03-31, a date cell, or 31/03/2025; for 03/31/2025 (month first) the preview "
        "asks the order when no day above 12 tells it."
    ),
    _("Several values in one cell: separate them with ;"),
    _("Leads and counterparts of engagements are organisation names, separated by ;"),
    _("Organisations named in other sheets must exist in the coalition or in this workbook."),
    _(
        "Importing the same file twice changes nothing: rows are matched by natural keys "
        "(organisation: name; membership: organisation and joined_on; partnership: organisation, "
        "partnership_type and started_on; engagement: date, title and practice_type)."
    ),
    _("The example rows import as they are: delete them before importing your own data."),
]
#: Rows of each sheet that get the drop-down lists.
LIST_ROWS = 1000

#: The referral pathway's services (issue 18): read back by the whole-coalition import
#: (``whole.PATHWAY_COLUMNS``), their coded columns with drop-downs like the four kinds'.
SERVICE_EXAMPLE: dict[str, Any] = {
    "organisation": SHELTER,
    "name": "Example: emergency shelter",
    "stage": "SHELTER",
    "trafficking_types": "LABOUR; SEXUAL",
    "populations": "WOMEN; MINORS",
    "provinces": "Capital Province",
    "district": "Riverside",
    "capacity": "MODERATE",
    "languages": "Khmer; English",
}
#: (column, its vocabulary, several values in one cell).
SERVICE_CODED: tuple[tuple[str, Any, bool], ...] = (
    ("stage", pathway_vocab.Stage, False),
    ("trafficking_types", pathway_vocab.TraffickingType, True),
    ("populations", pathway_vocab.Population, True),
    ("capacity", pathway_vocab.CapacityBand, False),
)
#: Power and money (issue 18): a funding flow, read back by the whole-coalition import
#: (``whole.EXTRA_COLUMNS["fundings"]``); an empty recipient is the coalition itself.
FUNDING_EXAMPLE: dict[str, Any] = {
    "funder": PORT,
    "recipient": SHELTER,
    "amount_band": "F_10K_50K",
    "started_on": dt.date(2024, 1, 1),
}
FUNDING_CODED: tuple[tuple[str, Any, bool], ...] = (("amount_band", vocab.FundingBand, False),)


def _labels(label: Any) -> list[str]:
    out = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out.append(str(label))
    return out


def accepted_values() -> list[list[Any]]:
    """Rows of (kind, column, code, label in each language)."""
    rows: list[list[Any]] = []
    for kind in KINDS:
        for column in COLUMNS[kind]:
            if column.codes is not None:
                for code, label in column.codes.choices:
                    rows.append([kind, column.key, code, *_labels(label)])
            elif column.type in ("sector", "subsector"):
                top = column.type == "sector"
                for s in Sector.objects.filter(coalition__isnull=True, parent__isnull=top):
                    rows.append([kind, column.key, s.code, *_labels(s.label)])
            elif column.type == "bool":
                rows.append([kind, column.key, "yes", *_labels(_yes())])
                rows.append([kind, column.key, "no", *_labels(_no())])
    return rows


def _yes() -> Any:
    from django.utils.translation import gettext_lazy

    return gettext_lazy("Yes")


def _no() -> Any:
    from django.utils.translation import gettext_lazy

    return gettext_lazy("No")


def drop_down_values(kind: str, column: Any) -> list[str]:
    """The entries of ``column``'s drop-down list in the active language (its labels); ``[]`` for
    a column that has none."""
    if column.codes is not None:
        return [str(label) for _code, label in column.codes.choices]
    if column.type in ("sector", "subsector"):
        top = column.type == "sector"
        sectors = Sector.objects.filter(coalition__isnull=True, parent__isnull=top)
        return [str(s.label) for s in sectors.order_by("code")]
    if column.type == "bool":
        return [str(_yes()), str(_no())]
    return []


def template_bytes(language: str | None = None) -> bytes:
    """The template in ``language`` (the active language when not given)."""
    with translation.override(language or translation.get_language() or "en"):
        return _template()


def _template() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "instructions"
    for line in README:
        readme.append([str(line)])
    readme.column_dimensions["A"].width = 110
    bold = Font(bold=True)
    readme["A1"].font = bold
    lists = book.create_sheet("lists")
    list_column = 0
    for kind in KINDS:
        sheet = book.create_sheet(kind)
        keys = [c.key for c in COLUMNS[kind]]
        sheet.append(keys)
        for cell in sheet[1]:
            cell.font = bold
        examples = [EXAMPLES[kind]]
        if kind == "organisations":
            examples.append(EXAMPLE_EXTRA_ORGANISATION)
        for example in examples:
            sheet.append([safe_cell(example.get(k)) for k in keys])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for i, key in enumerate(keys):
            sheet.column_dimensions[_letter(i)].width = max(12, len(key) + 4)
        for i, column in enumerate(COLUMNS[kind]):
            entries = drop_down_values(kind, column)
            if not entries:
                continue
            several = column.type == "codes"
            _drop_down(sheet, i, lists, list_column, f"{kind}.{column.key}", entries, several)
            list_column += 1
    list_column = _extra_sheet(
        book, lists, list_column, bold, "services", PATHWAY_COLUMNS["services"], SERVICE_EXAMPLE,
        SERVICE_CODED,
    )  # fmt: skip
    _extra_sheet(
        book, lists, list_column, bold, "fundings", EXTRA_COLUMNS["fundings"], FUNDING_EXAMPLE,
        FUNDING_CODED,
    )  # fmt: skip
    lists.sheet_state = "hidden"
    values = book.create_sheet("accepted values")
    values.append(["sheet", "column", "code", *[name for _c, name in _language_names()]])
    for cell in values[1]:
        cell.font = bold
    for row in accepted_values():
        values.append(row)
    for kind, coded in (("services", SERVICE_CODED), ("fundings", FUNDING_CODED)):
        for key, choices, _several in coded:
            for code, label in choices.choices:
                values.append([kind, key, code, *_labels(label)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _extra_sheet(
    book: Any,
    lists: Any,
    list_column: int,
    bold: Any,
    kind: str,
    keys: tuple[str, ...],
    example: dict[str, Any],
    coded: tuple[tuple[str, Any, bool], ...],
) -> int:
    """A sheet the whole-coalition import reads (services, fundings): its headers, an example
    row, a drop-down (labels in the active language) on each coded column. Returns the next free
    column of ``lists``."""
    sheet = book.create_sheet(kind)
    sheet.append(list(keys))
    for cell in sheet[1]:
        cell.font = bold
    sheet.append([safe_cell(example.get(k)) for k in keys])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for i, key in enumerate(keys):
        sheet.column_dimensions[_letter(i)].width = max(12, len(key) + 4)
    for key, choices, several in coded:
        entries = [str(label) for _code, label in choices.choices]
        _drop_down(sheet, keys.index(key), lists, list_column, f"{kind}.{key}", entries, several)
        list_column += 1
    return list_column


def _drop_down(
    sheet: Any,
    index: int,
    lists: Any,
    list_column: int,
    header: str,
    entries: list[str],
    several: bool,
) -> None:
    """A drop-down on column ``index`` of ``sheet``, its values in column ``list_column`` of the
    hidden ``lists`` sheet under ``header``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = _letter(list_column)
    lists.cell(row=1, column=list_column + 1, value=header)
    for row_number, entry in enumerate(entries, start=2):
        lists.cell(row=row_number, column=list_column + 1, value=entry)
    validation = DataValidation(
        type="list",
        formula1=f"=lists!${letter}$2:${letter}${len(entries) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        # Several values ("A; B"), codes and synonyms typed by hand stay allowed.
        errorStyle="information" if several else "warning",
        error=str(
            _("Several values: separate them with ;")
            if several
            else _("Not in the list: the import will ask what it means.")
        ),
    )
    at = _letter(index)
    validation.add(f"{at}2:{at}{LIST_ROWS}")
    sheet.add_data_validation(validation)


def _language_names() -> list[tuple[str, str]]:
    names = getattr(settings, "LANGUAGE_NAMES_LOCAL", {})
    return [(code, names.get(code, code)) for code, _name in settings.LANGUAGES]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))

"""The caps of one import file and the rows read within them (SAFETY.md "Uploads").

:class:`Limits` says how much a file may hold (the ``COALITIONLENS_IMPORT_MAX_*`` settings);
:class:`SheetReader` keeps the rows the readers (:mod:`coalitionlens.transfer.readers`,
:mod:`coalitionlens.transfer.spreadsheets`) find, refusing the first one past a cap with a
:class:`FileRejected` that names the file, sheet, row and column. Rows are kept dense (row ``i`` of
the list is row ``i + 1`` of the sheet) but only up to a row with a value, so empty rows at the end
of a sheet cost nothing, and the rows before a far row are bounded by the cap on rows.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, NoReturn

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

__all__ = [
    "CHUNK",
    "ZIP_ERRORS",
    "FileRejected",
    "Limits",
    "Sheet",
    "SheetReader",
    "cell_value",
    "column_letter",
    "column_number",
    "damaged",
    "grouped",
    "number_in",
]

CHUNK = 1 << 16
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,  # an unsupported compression method
    RuntimeError,  # an encrypted entry
)
_INTEGER = re.compile(r"[+-]?\d{1,18}\Z", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,4})?\Z", re.ASCII)


class FileRejected(Exception):
    """The file cannot be read; ``reason`` says why, for people, and the other attributes where."""

    def __init__(
        self,
        reason: str,
        *,
        file: str = "",
        sheet: str = "",
        row: int | None = None,
        column: str = "",
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.sheet:
            where.append(_("sheet “%(name)s”") % {"name": self.sheet})
        if self.row is not None:
            where.append(_("row %(n)s") % {"n": self.row})
        if self.column:
            where.append(_("column %(letter)s") % {"letter": self.column})
        return " › ".join(where) + ": " + self.reason if where else self.reason


@dataclass(frozen=True)
class Limits:
    """How much one file may hold."""

    rows: int  #: rows of all the sheets together, counted to each sheet's last non-empty row
    columns: int  #: columns of one sheet
    cells: int  #: cells of all the sheets together
    cell_chars: int  #: characters of one cell
    text_chars: int  #: characters of text of all the cells together

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            rows=settings.COALITIONLENS_IMPORT_MAX_ROWS,
            columns=settings.COALITIONLENS_IMPORT_MAX_COLUMNS,
            cells=settings.COALITIONLENS_IMPORT_MAX_CELLS,
            cell_chars=settings.COALITIONLENS_IMPORT_MAX_CELL_CHARS,
            # No more than a CSV file within the size cap could hold.
            text_chars=settings.COALITIONLENS_IMPORT_MAX_BYTES,
        )


@dataclass
class Sheet:
    name: str
    #: Rows of cells; cells are str, int, float, bool, date or None. Row ``i`` of the list is row
    #: ``i + 1`` of the sheet; rows are cut after their last value (CSV rows are kept as they are).
    rows: list[list[Any]] = field(default_factory=list)


def column_letter(number: int) -> str:
    """The spreadsheet name of a column: 1 → ``A``, 27 → ``AA``.

    >>> column_letter(1), column_letter(28), column_letter(16384)
    ('A', 'AB', 'XFD')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def grouped(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


# --- the caps of one file ------------------------------------------------------------------------


class SheetReader:
    """The sheets read so far and what they used of the caps."""

    def __init__(self, limits: Limits, file: str) -> None:
        self.limits = limits
        self.file = file
        self.sheets: list[Sheet] = []
        self.sheet: Sheet | None = None
        self.rows_before = 0  # rows of the sheets already read
        self.last_row = 0  # last non-empty row of the sheet being read
        self.cells = 0
        self.text = 0

    def refuse(self, reason: str, row: int | None = None, column: int = 0) -> NoReturn:
        raise FileRejected(
            reason,
            file=self.file,
            sheet=self.sheet.name if self.sheet else "",
            row=row,
            column=column_letter(column) if column else "",
        )

    def start_sheet(self, name: str) -> None:
        self.finish_sheet()
        self.sheet = Sheet(name=name)
        self.last_row = 0

    def finish_sheet(self) -> None:
        if self.sheet is not None:
            self.sheets.append(self.sheet)
            self.rows_before += self.last_row
            self.sheet = None

    def check_place(self, row: int, column: int) -> None:
        """A value in (row, column): within the rows and columns a file may have?"""
        if self.rows_before + row > self.limits.rows:
            self.refuse(
                _(
                    "This row is past the %(max)s rows a file may hold "
                    "(the rows of all its sheets together)."
                )
                % {"max": grouped(self.limits.rows)},
                row,
                column,
            )
        if column > self.limits.columns:
            self.refuse(
                _("This cell is past the %(max)s columns a sheet may have.")
                % {"max": grouped(self.limits.columns)},
                row,
                column,
            )

    def check_length(self, length: int, row: int, column: int) -> None:
        if length > self.limits.cell_chars:
            self.refuse(
                _("This cell holds more than the %(max)s characters a cell may hold.")
                % {"max": grouped(self.limits.cell_chars)},
                row,
                column,
            )

    def add_text(self, length: int, row: int | None = None, column: int = 0) -> None:
        self.text += length
        if self.text > self.limits.text_chars:
            self.refuse(
                _("The file holds more than the %(max)s characters of text allowed in all.")
                % {"max": grouped(self.limits.text_chars)},
                row,
                column,
            )

    def add_row(self, number: int, cells: list[Any]) -> None:
        """Keep a row that has a value; rows come in order (a repeated number replaces the row)."""
        assert self.sheet is not None
        first = next(i for i, v in enumerate(cells, start=1) if v is not None and v != "")
        too_wide = len(cells) > self.limits.columns
        self.check_place(number, self.limits.columns + 1 if too_wide else first)
        if self.cells + len(cells) > self.limits.cells:
            self.refuse(
                _("The file holds more than the %(max)s cells allowed.")
                % {"max": grouped(self.limits.cells)},
                number,
                self.limits.cells - self.cells + 1,
            )
        self.cells += len(cells)
        rows = self.sheet.rows
        if number <= len(rows):
            rows[number - 1] = cells
            return
        rows.extend([] for _gap in range(number - 1 - len(rows)))
        rows.append(cells)
        self.last_row = number


def damaged(part: str) -> str:
    return _("This spreadsheet is damaged: its part %(part)s cannot be read.") % {"part": part}


def cell_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def number_in(text: str) -> int | float | None:
    """The number ``text`` writes, or ``None`` (also for infinities and NaN)."""
    text = text.strip()
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        value = float(text)
        return value if math.isfinite(value) else None
    return None

"""XLSX and ODS sheets read with expat a piece at a time, within the caps (SAFETY.md "Uploads").

Nothing is built that the caps do not allow: an XLSX sheet that declares (``<dimension>``) cells
past the caps is refused before its rows; a cell far down a sheet is refused when it is met; a
cell's text is refused as soon as it passes the cap, before it is kept; empty rows and ODS rows or
cells repeated to the end of a sheet only move the position. Only the parts needed are read: for
XLSX the workbook and its relationships, the shared texts, the number formats (to tell dates) and
the worksheets; for ODS ``content.xml``. A document type declaration (entity expansion) is refused.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Callable
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext as _

from coalitionlens.transfer.bounds import (
    CHUNK,
    ZIP_ERRORS,
    SheetReader,
    cell_value,
    column_letter,
    column_number,
    damaged,
    grouped,
    number_in,
)

__all__ = ["read_ods", "read_xlsx"]

_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?(\d{1,9})\Z")


# --- XML, a piece at a time ----------------------------------------------------------------------


class _Done(Exception):
    """Everything wanted from a part has been read."""


def _local(name: str) -> str:
    return name[name.rfind("}") + 1 :]


def _parse_part(
    archive: zipfile.ZipFile,
    part: str,
    reader: SheetReader,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None = None,
) -> None:
    """Feed ``part`` of the archive to expat, ``CHUNK`` bytes at a time; names are local names."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    parser.EndElementHandler = lambda name: end(_local(name))
    if text is not None:
        parser.CharacterDataHandler = text

    def no_dtd(*_args: Any) -> None:
        reader.refuse(
            _("This spreadsheet declares a document type or entities, which is not allowed.")
        )

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Done:
        return
    except expat.ExpatError as exc:
        reader.refuse(damaged(part) + f" ({expat.ErrorString(exc.code)}, line {exc.lineno})")
    except ZIP_ERRORS:
        reader.refuse(damaged(part))


def _elements(
    archive: zipfile.ZipFile, part: str, reader: SheetReader, wanted: set[str]
) -> list[tuple[str, str, dict[str, str]]]:
    """(parent, name, attributes) of the ``wanted`` elements of a small part."""
    found: list[tuple[str, str, dict[str, str]]] = []
    stack: list[str] = [""]
    most = 70_000  # Excel allows 64,000 cell formats; sheets and relationships are far fewer

    def start(name: str, attrs: dict[str, str]) -> None:
        if name in wanted:
            found.append((stack[-1], name, {_local(k): v for k, v in attrs.items()}))
            if len(found) > most:
                reader.refuse(damaged(part))
        stack.append(name)

    def end(name: str) -> None:
        stack.pop()

    _parse_part(archive, part, reader, start, end)
    return found


# --- XLSX ----------------------------------------------------------------------------------------


class _Overlong:
    """A shared text longer than a cell may hold: refused at the first cell that uses it."""

    def __init__(self, length: int) -> None:
        self.length = length


def read_xlsx(archive: zipfile.ZipFile, reader: SheetReader) -> None:
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

    rels: dict[str, tuple[str, str]] = {}
    for _parent, _name, attrs in _elements(
        archive, "xl/_rels/workbook.xml.rels", reader, {"Relationship"}
    ):
        if attrs.get("TargetMode") == "External" or "Target" not in attrs:
            continue
        target = attrs["Target"]
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        rels[attrs.get("Id", "")] = (attrs.get("Type", ""), posixpath.normpath(path))
    sheets, epoch = [], WINDOWS_EPOCH
    for _parent, name, attrs in _elements(
        archive, "xl/workbook.xml", reader, {"sheet", "workbookPr"}
    ):
        if name == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
            epoch = MAC_EPOCH
        elif name == "sheet":
            sheets.append((attrs.get("name", ""), attrs.get("id", "")))
    by_type = {kind.rsplit("/", 1)[-1]: path for kind, path in rels.values()}
    shared = (
        _shared_strings(archive, by_type["sharedStrings"], reader)
        if "sharedStrings" in by_type
        else []
    )
    dates, durations = (
        _date_styles(archive, by_type["styles"], reader) if "styles" in by_type else (set(), set())
    )
    for name, rel in sheets:
        kind, path = rels.get(rel, ("", ""))
        if not kind.endswith("/worksheet"):
            continue  # chart sheets and the like hold no rows
        reader.start_sheet(name)
        handler = _XlsxSheet(reader, shared, dates, durations, epoch)
        _parse_part(archive, path, reader, handler.start, handler.end, handler.text)
        reader.finish_sheet()


def _shared_strings(archive: zipfile.ZipFile, part: str, reader: SheetReader) -> list[Any]:
    strings: list[Any] = []
    pieces: list[str] = []
    state = {"length": 0, "collect": False, "phonetic": 0}
    cap, most = reader.limits.cell_chars, reader.limits.cells

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "si":
            pieces.clear()
            state["length"] = 0
        elif name == "t":
            state["collect"] = not state["phonetic"]
        elif name == "rPh":  # a pronunciation guide, not part of the text
            state["phonetic"] += 1

    def end(name: str) -> None:
        if name == "t":
            state["collect"] = False
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "si":
            length = state["length"]
            strings.append("".join(pieces) if length <= cap else _Overlong(length))
            pieces.clear()
            reader.add_text(min(length, cap + 1))
            if len(strings) > most:
                reader.refuse(
                    _("The file holds more than the %(max)s cells allowed.")
                    % {"max": grouped(most)}
                )

    def text(data: str) -> None:
        if state["collect"]:
            state["length"] += len(data)
            if state["length"] <= cap:
                pieces.append(data)

    _parse_part(archive, part, reader, start, end, text)
    return strings


def _date_styles(
    archive: zipfile.ZipFile, part: str, reader: SheetReader
) -> tuple[set[int], set[int]]:
    """The cell styles (indices into ``cellXfs``) that show a number as a date, and as a duration."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    custom: dict[int, str] = {}
    styles: list[int] = []
    for parent, name, attrs in _elements(archive, part, reader, {"numFmt", "xf"}):
        number = attrs.get("numFmtId", "0")
        key = int(number) if number.isdigit() and len(number) < 9 else 0
        if name == "numFmt":
            custom[key] = attrs.get("formatCode", "")
        elif parent == "cellXfs":
            styles.append(key)
    dates, durations = set(), set()
    for index, key in enumerate(styles):
        code = custom.get(key) or BUILTIN_FORMATS.get(key, "General")
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


class _XlsxSheet:
    """Rows of one worksheet part, as expat reads it."""

    def __init__(
        self,
        reader: SheetReader,
        shared: list[Any],
        dates: set[int],
        durations: set[int],
        epoch: dt.datetime,
    ) -> None:
        self.reader = reader
        self.shared = shared
        self.dates, self.durations, self.epoch = dates, durations, epoch
        self.cap = reader.limits.cell_chars
        self.row_number = 0
        self.row: list[Any] = []
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.pieces: list[str] = []
        self.length = 0
        self.collect = False
        self.inline = False
        self.phonetic = 0
        self.has_value = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            ref = _REF.match(attrs.get("r", ""))
            self.column = column_number(ref.group(1)) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s", "")
            self.style = int(style) if style.isdigit() and len(style) < 9 else 0
            self.pieces = []
            self.length = 0
            self.has_value = False
        elif name == "v":
            self.collect = self.has_value = True
        elif name == "is":
            self.inline = self.has_value = True
        elif name == "t":
            self.collect = self.inline and not self.phonetic
        elif name == "rPh":
            self.phonetic += 1
        elif name == "row":
            number = attrs.get("r", "")
            self.row_number = (
                int(number) if number.isdigit() and len(number) < 10 else self.row_number + 1
            )
            self.row = []
            self.column = 0
        elif name == "dimension":
            self._dimension(attrs.get("ref", ""))

    def text(self, data: str) -> None:
        if self.collect:
            self.length += len(data)
            self.reader.check_length(self.length, self.row_number, self.column)
            self.pieces.append(data)

    def end(self, name: str) -> None:
        if name in ("v", "t"):
            self.collect = False
        elif name == "is":
            self.inline = False
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            self._cell()
        elif name == "row":
            if self.row:
                self.reader.add_row(self.row_number, self.row)
            self.row = []
        elif name == "sheetData":
            raise _Done

    def _dimension(self, ref: str) -> None:
        """Refuse a sheet that declares more rows or columns than a file may hold, unread."""
        corner = _REF.match(ref.rsplit(":", 1)[-1])
        if corner is None:
            return
        column, row = column_number(corner.group(1)), int(corner.group(2))
        limits = self.reader.limits
        if row > limits.rows or column > limits.columns:
            self.reader.refuse(
                _(
                    "The sheet declares cells as far as %(ref)s, past the %(rows)s rows and "
                    "%(columns)s columns a file may hold. Delete the empty rows and columns after "
                    "the data, or copy the data into a new file."
                )
                % {
                    "ref": f"{column_letter(column)}{row}",
                    "rows": grouped(limits.rows),
                    "columns": grouped(limits.columns),
                },
                row,
                column,
            )

    def _cell(self) -> None:
        value = self._value("".join(self.pieces) if self.has_value else None)
        if value is None or value == "":
            return
        row, column = self.row_number, self.column
        self.reader.check_place(row, column)
        if self.kind != "s" and isinstance(value, str):
            self.reader.add_text(len(value), row, column)
        cells = self.row
        if column > len(cells):
            cells.extend([None] * (column - 1 - len(cells)))
            cells.append(value)
        else:
            cells[column - 1] = value

    def _value(self, text: str | None) -> Any:
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        if text is None:
            return None  # includes a formula whose result was never saved
        kind = self.kind
        if kind == "s":
            found: Any = None
            if text.strip().isdigit() and len(text) < 10 and int(text) < len(self.shared):
                found = self.shared[int(text)]
            if found is None:
                self.reader.refuse(
                    _("This cell refers to a shared text the file does not hold."),
                    self.row_number,
                    self.column,
                )
            if isinstance(found, _Overlong):
                self.reader.check_length(found.length, self.row_number, self.column)
            return found
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return {"1": True, "0": False, "true": True, "false": False}.get(
                text.strip().lower(), text
            )
        if kind == "d":
            try:
                return cell_value(from_ISO8601(text.strip()))
            except (ValueError, TypeError, OverflowError):
                return text
        number = number_in(text)
        if number is None:
            # A cell that says it holds a number but holds text: what a formula whose result is
            # text looks like in some files. The text is what people see.
            return text
        if self.style in self.dates:
            try:
                return cell_value(
                    from_excel(number, self.epoch, timedelta=self.style in self.durations)
                )
            except (ValueError, TypeError, OverflowError):
                return number
        return cell_value(number)


# --- ODS -----------------------------------------------------------------------------------------


def read_ods(archive: zipfile.ZipFile, reader: SheetReader) -> None:
    handler = _OdsContent(reader)
    _parse_part(archive, "content.xml", reader, handler.start, handler.end, handler.text)
    reader.finish_sheet()


def _repeat(attrs: dict[str, str], name: str) -> int:
    raw = attrs.get(name, "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 10 and int(raw) > 0 else 1


class _OdsContent:
    """Every table of an ODS ``content.xml``, as expat reads it. Repeated empty rows and cells
    (LibreOffice repeats them to the end of the sheet) only move the position."""

    def __init__(self, reader: SheetReader) -> None:
        self.reader = reader
        self.tables = 0  # depth of table elements (a table inside a cell is not read)
        self.row_number = 0  # rows of the current table so far
        self.row: list[Any] = []
        self.row_repeat = 1
        self.column = 0
        self.in_cell = False
        self.cell: dict[str, str] = {}
        self.cell_repeat = 1
        self.pieces: list[str] = []
        self.length = 0
        self.paragraphs = 0
        self.collect = 0
        self.notes = 0

    def _attrs(self, attrs: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in attrs.items():
            out.setdefault(_local(key), value)
        return out

    def _add(self, piece: str) -> None:
        self.length += len(piece)
        self.reader.check_length(self.length, self.row_number + 1, self.column + 1)
        self.pieces.append(piece)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "table":
            self.tables += 1
            if self.tables == 1 and not self.in_cell:
                self.reader.start_sheet(self._attrs(attrs).get("name", ""))
                self.row_number = 0
            return
        if self.tables != 1:
            return
        if name == "table-row" and not self.in_cell:
            self.row = []
            self.column = 0
            self.row_repeat = _repeat(self._attrs(attrs), "number-rows-repeated")
        elif name in ("table-cell", "covered-table-cell") and not self.in_cell:
            self.in_cell = True
            self.cell = self._attrs(attrs)
            self.cell_repeat = _repeat(self.cell, "number-columns-repeated")
            self.pieces = []
            self.length = 0
            self.paragraphs = 0
        elif not self.in_cell:
            return
        elif name == "annotation":
            self.notes += 1
        elif self.notes:
            return
        elif name in ("p", "h"):
            if self.paragraphs:
                self._add("\n")
            self.paragraphs += 1
            self.collect += 1
        elif self.collect and name == "s":
            count = _repeat(self._attrs(attrs), "c")
            self.reader.check_length(self.length + count, self.row_number + 1, self.column + 1)
            self._add(" " * count)
        elif self.collect and name == "tab":
            self._add("\t")
        elif self.collect and name == "line-break":
            self._add("\n")

    def text(self, data: str) -> None:
        if self.collect and not self.notes:
            self._add(data)

    def end(self, name: str) -> None:
        if name == "table":
            self.tables -= 1
            if self.tables == 0 and not self.in_cell:
                self.reader.finish_sheet()
            return
        if self.tables != 1:
            return
        if name == "annotation" and self.in_cell:
            self.notes -= 1
        elif name in ("p", "h") and self.in_cell and not self.notes:
            self.collect -= 1
        elif name in ("table-cell", "covered-table-cell") and self.in_cell:
            self.in_cell = False
            self._cell()
        elif name == "table-row" and not self.in_cell:
            self._row()

    def _cell(self) -> None:
        value = self._value()
        first = self.column + 1
        self.column += self.cell_repeat
        if value is None or value == "":
            return
        row = self.row_number + 1
        self.reader.check_place(row, first)
        self.reader.check_place(row, self.column)
        if isinstance(value, str):
            self.reader.add_text(len(value), row, first)
        cells = self.row
        cells.extend([None] * (first - 1 - len(cells)))
        cells.extend([value] * self.cell_repeat)

    def _value(self) -> Any:
        attrs = self.cell
        kind = attrs.get("value-type", "")
        text = "".join(self.pieces)
        if kind in ("float", "percentage", "currency"):
            number = number_in(attrs.get("value", ""))
            return cell_value(number) if number is not None else text
        if kind == "date":
            raw = attrs.get("date-value", "")
            try:
                return cell_value(
                    dt.date.fromisoformat(raw) if len(raw) == 10 else dt.datetime.fromisoformat(raw)
                )
            except ValueError:
                return text or raw
        if kind == "boolean":
            return attrs.get("boolean-value", "").strip().lower() == "true"
        if kind == "string" and "string-value" in attrs:
            self.reader.check_length(
                len(attrs["string-value"]), self.row_number + 1, self.column + 1
            )
            return attrs["string-value"]
        return text or None

    def _row(self) -> None:
        cells = self.row
        if cells:
            for i in range(self.row_repeat):
                self.reader.add_row(self.row_number + 1 + i, cells if i == 0 else list(cells))
        self.row_number += self.row_repeat
        self.row = []

"""From sheets of cells to typed rows: headers recognised, kinds found, every value checked.

Nothing here touches the database except to read the coalition's sectors. Every problem becomes an
:class:`Issue` naming the file, sheet, row, column, the value found and what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, Sector
from coalitionlens.coalitions.selectors import sectors_for
from coalitionlens.transfer.codes import (
    CodeBook,
    ValueMap,
    _build,
    booleans,
    codebook_for,
    synonyms,
)
from coalitionlens.transfer.columns import (
    COLUMNS,
    KINDS,
    MODELS,
    Column,
    header_map,
    ignored_sheet,
    kind_for_sheet,
    normalise,
)
from coalitionlens.transfer.layout import find_header
from coalitionlens.transfer.readers import Sheet

__all__ = [
    "DATE_ORDERS",
    "KEEP",
    "MAX_ERRORS",
    "SKIP",
    "ErrorBudget",
    "ImportOptions",
    "Issue",
    "ParsedRow",
    "ParsedSheet",
    "SectorBooks",
    "parse_sheet",
]

#: A dangerous first character that an export neutralised with a leading apostrophe.
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SPLIT = re.compile(r"[;\n]")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d")
#: The two orders of a date written with separators (3/4/2019): day first or month first.
DATE_ORDERS = {
    "dmy": ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"),
    "mdy": ("%m/%d/%Y", "%m.%d.%Y", "%m-%d-%Y"),
}
SEPARATED_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T].*)?$")
#: Three two-digit parts joined by hyphens (19-04-03): the short form of year-month-day as much
#: as day-month-year, so the year's place is unknown and the value is refused.
YEAR_PLACE_UNKNOWN = re.compile(r"^\s*\d{2}-\d{2}-\d{2}(?:[ T].*)?$")
#: The century of a two-digit year (always the last part, 03/04/19): 00-69 are 2000-2069 and
#: 70-99 are 1970-1999, as POSIX and Python's ``%y`` read them.
CENTURY_PIVOT = 70
#: Excel's serial numbers of dates (1900 system): day 1 is 1900-01-01, and Excel counts a
#: 1900-02-29 that never was (serial 60), so serials after it are one day ahead.
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_FAKE_LEAP_DAY = 60
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
#: Errors after which the rest of a file is left unread. An import is all or nothing, so the first
#: errors are enough to start correcting, and a file of a million wrong cells costs no more.
MAX_ERRORS = 1000
#: Values longer than this get no "did you mean" (a near miss of a code or a name is short, and
#: fuzzy matching costs grow with the length of both strings).
SUGGEST_MAX_CHARS = 100
#: Rows read between two calls of ``ImportOptions.on_rows``.
ROWS_PER_TICK = 250


class _Keep:
    """An empty cell in a column whose field cannot be empty: a new record takes the default,
    an existing one keeps its value."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


@dataclass
class Issue:
    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    expected: str
    message: str
    suggestion: str = ""
    level: str = "error"
    #: What the person importing can answer to clear this error: ``"value"`` (map an unknown value
    #: to a code) or ``"date_order"`` (say whether a column's dates are day or month first).
    ask: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = [self.file or "file", f"sheet {self.sheet!r}" if self.sheet else ""]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = " › ".join(w for w in where if w) + f": {self.message}"
        if self.value != "":
            text += f" Found {self.value!r}."
        if self.expected:
            text += f" Expected {self.expected}."
        if self.suggestion:
            text += f" Did you mean {self.suggestion}?"
        return text


@dataclass
class ErrorBudget:
    """How many more errors the parse of one file may report before it stops."""

    left: int = MAX_ERRORS
    #: Unknown values already counted: the same value in many rows is one question (mapped once
    #: in the preview), so it costs one error and the whole file is read for the count of its rows.
    asked: set[tuple[str, str]] = field(default_factory=set)

    def spend(self, issues: list[Issue]) -> None:
        for issue in issues:
            if issue.level != "error":
                continue
            if issue.ask == "value":
                key = (issue.column, normalise(issue.value))
                if key in self.asked:
                    continue
                self.asked.add(key)
            self.left -= 1

    @property
    def spent(self) -> bool:
        return self.left <= 0


#: What a sheet may be taken for in the sheet choice: a kind of record, or skipped.
SKIP = "skip"


@dataclass
class ImportOptions:
    """Answers of the person importing: unknown values mapped to codes, date orders (column →
    ``"dmy"`` or ``"mdy"``; the column ``""`` for every date column), and the sheet choice.

    ``sheets``: sheet name → a kind of record, :data:`SKIP`, or ``""`` (as recognised from its
    name and headers); ``other_sheets``: the same for the sheets not named (``""`` or
    :data:`SKIP`). For a progress bar: ``on_total(rows)`` is told how many rows the file has once
    it is read, and ``on_rows(n)`` each time ``n`` more are parsed."""

    values: ValueMap = field(default_factory=ValueMap)
    date_orders: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    other_sheets: str = ""
    on_total: Callable[[int], None] | None = None
    on_rows: Callable[[int], None] | None = None

    def sheet_choice(self, name: str) -> str:
        """What the person importing chose for the sheet ``name`` (``""``: as recognised)."""
        return self.sheets.get(name, self.other_sheets)

    def date_order(self, column: str) -> str | None:
        return self.date_orders.get(column) or self.date_orders.get("")


@dataclass
class ParsedRow:
    kind: str
    sheet: str
    row: int
    values: dict[str, Any]
    raw: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)


@dataclass
class ParsedSheet:
    name: str
    kind: str | None
    columns: list[str]  # column keys present in the file
    rows: list[ParsedRow]
    issues: list[Issue]
    header_row: int = 1
    #: Left out by the sheet choice of the person importing.
    skipped: bool = False


@dataclass
class SectorBooks:
    top: CodeBook
    sub: CodeBook
    by_code: dict[str, Sector]

    @classmethod
    def for_coalition(cls, coalition: Coalition | None) -> SectorBooks:
        sectors = (
            list(sectors_for(coalition))
            if coalition is not None
            else list(Sector.objects.filter(coalition__isnull=True).select_related("parent"))
        )
        extra = synonyms().get("sectors")
        top = _build([(s.code, s.label) for s in sectors if s.parent_id is None], extra)
        sub = _build([(s.code, s.label) for s in sectors if s.parent_id is not None], extra)
        return cls(top=top, sub=sub, by_code={s.code: s for s in sectors})


def unneutralise(text: str) -> str:
    """Undo the apostrophe an export puts before ``= + - @`` so a round trip keeps the text."""
    if len(text) > 1 and text[0] == "'" and text[1] in DANGEROUS_START:
        return text[1:]
    return text


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Sheet:
    """Parsing state of one sheet."""

    def __init__(self, file: str, sheet: Sheet, books: SectorBooks, options: ImportOptions) -> None:
        self.file = file
        self.sheet = sheet
        self.books = books
        self.options = options
        self.date_orders: dict[str, str] = {}
        #: (column, normalised value) → [code, rows, value as first found]: the mapped values used.
        self.mapped: dict[tuple[str, str], list[Any]] = {}

    def issue(
        self, row: int | None, column: str, value: Any, expected: str, message: str, **kw: Any
    ) -> Issue:
        return Issue(
            file=self.file,
            sheet=self.sheet.name,
            row=row,
            column=column,
            value=_display(value),
            expected=expected,
            message=message,
            **kw,
        )


def parse_sheet(
    sheet: Sheet,
    *,
    file: str,
    books: SectorBooks,
    kind: str | None = None,
    budget: ErrorBudget | None = None,
    options: ImportOptions | None = None,
) -> ParsedSheet:
    """Recognise the headers and kind of ``sheet`` and read every row into typed values.

    With a ``budget`` shared by the sheets of a file, reading stops once it is spent. ``options``:
    the values mapped and date orders chosen by the person importing.
    """
    budget = budget or ErrorBudget()
    state = _Sheet(file, sheet, books, options or ImportOptions())
    issues: list[Issue] = []
    sheet_kind = kind or kind_for_sheet(sheet.name)
    candidates = [sheet_kind] if sheet_kind else list(KINDS)
    found = find_header(sheet.rows, list(KINDS))
    if found is None or ignored_sheet(sheet.name):
        return ParsedSheet(sheet.name, kind, [], [], [])
    header_index, headers = found
    header_row = header_index + 1
    mapped: dict[int, str] = {}
    # Map against every candidate kind to guess the kind, then again against the chosen one.
    guesses: dict[str, dict[int, str]] = {}
    for k in candidates:
        table = header_map(k)
        guesses[k] = {
            i: table[normalise(h)]
            for i, h in enumerate(headers)
            if not _blank(h) and normalise(h) in table
        }
    chosen = sheet_kind
    if chosen is None:
        scored = []
        for k, m in guesses.items():
            required = {c.key for c in COLUMNS[k] if c.required}
            # Headers must mostly be known: a "Contacts" sheet of a name, an e-mail and a phone
            # is not a list of memberships.
            named = sum(1 for h in headers if not _blank(h))
            if required <= set(m.values()) and 2 * len(m) >= named:
                scored.append((len(set(m.values())), k))
        if {k for _n, k in scored} >= {"organisations", "memberships"}:
            # Organisations with membership columns: a member list (both are read from it).
            scored = [(n, k) for n, k in scored if k != "memberships"]
        chosen = max(scored)[1] if scored else None
    if chosen is None:
        issues.append(
            state.issue(
                header_row,
                "",
                "",
                _("a sheet named after a kind of record (%(kinds)s) or headers of one")
                % {"kinds": ", ".join(KINDS)},
                _(
                    "The sheet “%(sheet)s” holds no kind of record this import knows; it was skipped."
                )
                % {"sheet": sheet.name},
                level="warning",
            )
        )
        return ParsedSheet(sheet.name, None, [], [], issues, header_row)
    table = header_map(chosen)
    known = sorted({c.key for c in COLUMNS[chosen]})
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        if _blank(h):
            continue
        key = table.get(normalise(h))
        if key is None:
            best = (
                process.extractOne(normalise(h), list(table), scorer=fuzz.WRatio, score_cutoff=80)
                if len(str(h)) <= SUGGEST_MAX_CHARS
                else None
            )
            issues.append(
                state.issue(
                    header_row,
                    str(h),
                    h,
                    _("one of the columns %(cols)s") % {"cols": ", ".join(known)},
                    _("Column not recognised; it was ignored."),
                    suggestion=table[best[0]] if best else "",
                    level="warning",
                )
            )
            continue
        if key in seen:
            issues.append(
                state.issue(
                    header_row,
                    str(h),
                    h,
                    _("each column once"),
                    _("Two columns both mean %(key)s (columns %(a)s and %(b)s).")
                    % {"key": key, "a": seen[key] + 1, "b": i + 1},
                )
            )
            continue
        seen[key] = i
        mapped[i] = key
    present = set(mapped.values())
    for column in COLUMNS[chosen]:
        if column.required and column.key not in present:
            issues.append(
                state.issue(
                    header_row,
                    column.key,
                    "",
                    _("a column %(key)s") % {"key": column.key},
                    _("A required column is missing."),
                )
            )
    parsed = ParsedSheet(
        sheet.name, chosen, [mapped[i] for i in sorted(mapped)], [], issues, header_row
    )
    budget.spend(issues)
    if any(i.level == "error" for i in issues):
        return parsed
    specs = {c.key: c for c in COLUMNS[chosen]}
    model = MODELS[chosen]
    for i, key in mapped.items():
        if specs[key].type == "date":
            values = (r[i] for r in sheet.rows[header_index + 1 :] if i < len(r))
            parsed.issues.extend(_date_order(state, header_row, key, values))
    budget.spend(parsed.issues)
    for index in range(header_index + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        if all(_blank(v) for v in cells):
            continue
        if budget.spent:
            parsed.issues.append(
                state.issue(
                    index + 1,
                    "",
                    "",
                    "",
                    _(
                        "Reading stopped here, after %(n)s errors: correct them and upload "
                        "the file again."
                    )
                    % {"n": MAX_ERRORS},
                )
            )
            break
        row = ParsedRow(kind=chosen, sheet=sheet.name, row=index + 1, values={}, raw={})
        for i, key in mapped.items():
            raw = cells[i] if i < len(cells) else None
            row.raw[key] = raw
            row.values[key] = _coerce(state, row, specs[key], model, raw)
        budget.spend(row.issues)
        parsed.rows.append(row)
        if state.options.on_rows is not None and len(parsed.rows) % ROWS_PER_TICK == 0:
            state.options.on_rows(ROWS_PER_TICK)
    if state.options.on_rows is not None and len(parsed.rows) % ROWS_PER_TICK:
        state.options.on_rows(len(parsed.rows) % ROWS_PER_TICK)
    for (key, _value), (code, count, value) in state.mapped.items():
        parsed.issues.append(
            state.issue(
                None,
                key,
                value,
                "",
                _("Read as %(code)s in %(n)s row(s), as mapped for this coalition or this import.")
                % {"code": code, "n": count},
                level="warning",
            )
        )
    return parsed


def _coerce(state: _Sheet, row: ParsedRow, column: Column, model: Any, raw: Any) -> Any:
    kind = column.type
    if isinstance(raw, str):
        raw = unneutralise(raw.strip())
    if _blank(raw):
        if column.required:
            row.issues.append(
                state.issue(
                    row.row, column.key, "", _expected(state, column), _("A value is required.")
                )
            )
            return None
        return _empty(column, model)
    if kind == "text":
        text = _display(raw) if not isinstance(raw, str) else raw
        limit = getattr(model._meta.get_field(column.key), "max_length", None)
        if limit and len(text) > limit:
            row.issues.append(
                state.issue(
                    row.row,
                    column.key,
                    text[:60] + "…",
                    _("at most %(n)s characters") % {"n": limit},
                    _("The text is too long (%(n)s characters).") % {"n": len(text)},
                )
            )
        return text
    if kind == "date":
        value = _date(raw, state.date_orders.get(column.key, "dmy"))
        if value is None and isinstance(raw, str) and YEAR_PLACE_UNKNOWN.match(raw):
            row.issues.append(
                state.issue(
                    row.row,
                    column.key,
                    raw,
                    _("a year of four digits: 2019-04-03, or 19/04/2003 with the order chosen"),
                    _(
                        "Which part is the year is unknown (%(value)s could be 2019-04-03 or "
                        "19 April 2003): write the year with four digits."
                    )
                    % {"value": raw.strip()},
                )
            )
        elif value is None:
            row.issues.append(
                state.issue(row.row, column.key, raw, _expected(state, column), _("Not a date."))
            )
        return value
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        found = booleans().match(raw)
        if found is None:
            row.issues.append(
                state.issue(row.row, column.key, raw, _expected(state, column), _("Not yes or no."))
            )
        return found
    if kind == "level":
        number = _whole(raw)
        if number is not None and number in vocab.CollaborationLevel.values:
            return number
        return _code(state, row, column, raw, codebook_for(column.codes))
    if kind == "code":
        return _code(state, row, column, raw, codebook_for(column.codes))
    if kind == "codes":
        book = codebook_for(column.codes)
        out = []
        for part in LIST_SPLIT.split(str(raw)):
            if part.strip():
                code = _code(state, row, column, part.strip(), book)
                if code is not None and code not in out:
                    out.append(code)
        return out
    if kind == "sector":
        code = _code(state, row, column, raw, state.books.top)
        return state.books.by_code.get(code) if code else None
    if kind == "subsector":
        code = _code(state, row, column, raw, state.books.sub)
        return state.books.by_code.get(code) if code else None
    if kind == "org":
        return str(raw).strip()
    if kind == "orgs":
        names: list[str] = []
        for part in LIST_SPLIT.split(str(raw)):
            if part.strip() and part.strip() not in names:
                names.append(part.strip())
        return names
    raise AssertionError(kind)


def _whole(raw: Any) -> int | None:
    """``raw`` as a whole number when it is one: 3, 3.0 or "3" (not "3.5", "²", "1e400" or yes)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if isinstance(raw, str):
        text = raw.strip()
        if text.isascii() and text.isdigit() and len(text) < 10:
            return int(text)
    return None


def _empty(column: Any, model: Any) -> Any:
    if column.type == "bool":
        return False
    if column.type in ("codes", "orgs"):
        return []
    if column.type in ("date", "sector", "subsector", "org"):
        return None
    if column.type == "text":
        return ""
    field_ = model._meta.get_field(column.key)
    return "" if field_.blank else KEEP


def _code(state: _Sheet, row: ParsedRow, column: Any, raw: Any, book: CodeBook) -> Any:
    found = book.match(raw)
    if found is None:
        mapped = state.options.values.get(column.key, raw)
        if mapped is not None:
            accepted = {str(c): c for c in book.codes()}
            if str(mapped) in accepted:
                used = state.mapped.setdefault(
                    (column.key, normalise(raw)), [mapped, 0, _display(raw)]
                )
                used[1] += 1
                return accepted[str(mapped)]
            row.issues.append(
                state.issue(
                    row.row,
                    column.key,
                    raw,
                    _expected(state, column),
                    _("This value was mapped to %(code)s, which this column does not accept.")
                    % {"code": mapped},
                    ask="value",
                )
            )
            return None
        row.issues.append(
            state.issue(
                row.row,
                column.key,
                raw,
                _expected(state, column),
                _("Not an accepted value."),
                suggestion=book.suggest(raw) if len(str(raw)) <= SUGGEST_MAX_CHARS else "",
                ask="value",
            )
        )
    return found


def _expected(state: _Sheet, column: Any) -> str:
    kind = column.type
    if kind == "date":
        order = state.date_orders.get(column.key, "dmy")
        return (
            _("a date like 2025-03-31 (or 03/31/2025)")
            if order == "mdy"
            else _("a date like 2025-03-31 (or 31/03/2025)")
        )
    if kind == "bool":
        return _("yes or no")
    if kind == "text":
        return _("some text")
    if kind == "org":
        return _("the name of an organisation of the coalition or of this file")
    if kind == "orgs":
        return _("names of organisations separated by ;")
    if kind == "sector":
        return state.books.top.expected()
    if kind == "subsector":
        return state.books.sub.expected()
    book = codebook_for(column.codes)
    return book.expected() + (_("; several separated by ;") if kind == "codes" else "")


def _date_order(state: _Sheet, header_row: int, column: str, values: Any) -> list[Issue]:
    """Decide whether the dates of ``column`` written like 3/4/2019 are day or month first.

    A day above 12 decides; the person importing decides otherwise (and always may). Without an
    answer, a column whose dates could be read both ways is an error, never a guess.
    """
    day_first: list[str] = []
    month_first: list[str] = []
    samples: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        match = SEPARATED_DATE.match(value)
        if match is None or YEAR_PLACE_UNKNOWN.match(value):
            continue  # refused row by row, whatever the order
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 and second <= 12:
            day_first.append(value.strip())
        elif second > 12 and first <= 12:
            month_first.append(value.strip())
        elif len(samples) < 3:
            samples.append(value.strip())
    chosen = state.options.date_order(column)
    if chosen in DATE_ORDERS:
        state.date_orders[column] = chosen
        return []
    if day_first and not month_first:
        state.date_orders[column] = "dmy"
        return []
    if month_first and not day_first:
        state.date_orders[column] = "mdy"
        return []
    if day_first and month_first:
        shown = ", ".join([*day_first[:2], *month_first[:2]])
        message = _(
            "Some dates of this column are day first and others month first; correct them or "
            "choose the order (dmy or mdy)."
        )
    elif samples:
        shown = ", ".join(samples)
        message = _(
            "These dates can be read day first or month first: choose the order of this column "
            "(dmy: 03/04/2019 is 3 April; mdy: it is 4 March)."
        )
    else:
        return []
    return [
        state.issue(
            header_row,
            column,
            shown,
            _("the order of the dates: dmy (day/month/year) or mdy (month/day/year)"),
            message,
            ask="date_order",
        )
    ]


def _excel_serial(number: float) -> dt.date | None:
    """The date of an Excel serial number (1900 system); ``None`` for 1900-02-29 and out of range."""
    if not 1 <= number < EXCEL_MAX_SERIAL + 1:  # also NaN and infinities
        return None
    serial = int(number)  # a fraction is the time of day
    if serial == EXCEL_FAKE_LEAP_DAY:
        return None
    if serial < EXCEL_FAKE_LEAP_DAY:  # before Excel's imaginary leap day
        serial += 1
    return EXCEL_EPOCH + dt.timedelta(days=serial)


def _date(raw: Any, order: str = "dmy") -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _excel_serial(raw)
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _date_slow(text, order)
    except ValueError:
        return _date_slow(text, order)


def full_year(two_digits: int) -> int:
    """The year of a two-digit year (:data:`CENTURY_PIVOT`).

    >>> full_year(19), full_year(69), full_year(70), full_year(99)
    (2019, 2069, 1970, 1999)
    """
    return (1900 if two_digits >= CENTURY_PIVOT else 2000) + two_digits


def _date_slow(text: str, order: str = "dmy") -> dt.date | None:
    if "T" in text or " " in text:
        text = text.replace("T", " ").split(" ", 1)[0]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    match = SEPARATED_DATE.match(text)
    if match is None or YEAR_PLACE_UNKNOWN.match(text):
        return None
    first, second, year = int(match.group(1)), int(match.group(2)), match.group(3)
    day, month = (second, first) if order == "mdy" else (first, second)
    try:
        return dt.date(full_year(int(year)) if len(year) == 2 else int(year), month, day)
    except ValueError:
        return None

"""The one error type the core raises for bad input."""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(ValueError):
    """Bad input: names the file (or table), the row, the column and what was expected.

    ``row`` counts like a spreadsheet: the header is row 1, the first record row 2. It is ``None``
    when the problem concerns a whole column or file.

    Examples
    --------
    >>> str(InputError("ties.csv", row=4, column="weight", expected="a number", found="abc"))
    "ties.csv, row 4, column 'weight': expected a number, found 'abc'"
    """

    def __init__(
        self,
        file: str,
        *,
        row: int | None = None,
        column: str | None = None,
        expected: str,
        found: object = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        message = f"{', '.join(where)}: expected {expected}"
        if found is not None:
            message += f", found {found!r}"
        super().__init__(message)

"""Building import files in tests."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = book.active if first else book.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[Any]], sep: str = ",") -> bytes:
    return ("\n".join(sep.join(str(c) for c in row) for row in rows) + "\n").encode()


ORGS = [
    ["name", "sector", "subsector", "scale"],
    ["Riverside Legal Aid", "CIVIL_SOCIETY", "VICTIM_SERVICES", "NATIONAL"],
    ["Harbour Police Unit", "Law enforcement", "", "LOCAL"],
]
ENGAGEMENTS = [
    ["date", "practice_type", "title", "leads", "counterparts", "domains"],
    [
        "2025-03-14",
        "JOINT_EVENT",
        "Port awareness day",
        "Riverside Legal Aid",
        "Harbour Police Unit",
        "AWARENESS; PREVENTION",
    ],
]

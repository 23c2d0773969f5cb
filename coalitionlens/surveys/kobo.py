"""KoboToolbox and ODK Central exports as they come (see :mod:`coalitionlens.surveys.offline`).

* A Kobo "Labels" export has the questions' labels as headers and the choices' labels as values.
  It is read back through the round's XLSForm (:func:`form_labels`, :func:`relabel`): a header is
  the question's label, or its group labels and label joined by "/", in any language of the form;
  a value is a choice's label. What cannot be read so is refused with the export setting to choose.
* Submissions marked rejected are skipped and counted: Kobo's ``_validation_status``
  ``validation_status_not_approved`` ("Not Approved" in a labels export) and ODK Central's
  ``ReviewState`` ``rejected``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from coalitionlens.transfer.columns import normalise

__all__ = ["FormLabels", "form_labels", "is_rejected", "relabel"]

#: Column → the values (normalised) that mark a submission rejected.
REJECTED = {
    "_validation_status": {"validation status not approved", "not approved"},
    "ReviewState": {"rejected"},
}


def is_rejected(header: list[Any], row: list[Any]) -> bool:
    for i, cell in enumerate(header):
        values = REJECTED.get(str(cell or "").strip())
        if values and i < len(row) and normalise(row[i] or "") in values:
            return True
    return False


@dataclass
class FormLabels:
    #: normalised label (or group labels and label) → question name
    questions: dict[str, str] = field(default_factory=dict)
    #: question name → normalised choice label → choice name
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    multiple: set[str] = field(default_factory=set)


def form_labels(xlsform: bytes) -> FormLabels:
    """The labels of the questions and choices of an XLSForm (the one the round gives out)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsform), read_only=True)
    survey = list(book["survey"].iter_rows(values_only=True))
    choice_rows = list(book["choices"].iter_rows(values_only=True))
    head = [str(c or "") for c in survey[0]]
    label_columns = [i for i, c in enumerate(head) if c.startswith("label")]
    lists: dict[str, dict[str, str]] = {}
    chead = [str(c or "") for c in choice_rows[0]]
    clabels = [i for i, c in enumerate(chead) if c.startswith("label")]
    for row in choice_rows[1:]:
        entry = lists.setdefault(str(row[0]), {})
        for i in clabels:
            if row[i]:
                entry[normalise(row[i])] = str(row[1])
    found: dict[str, set[str]] = {}
    out = FormLabels()
    groups: list[list[str]] = []  # the labels of each enclosing group, one per language
    for row in survey[1:]:
        cell = dict(zip(head, row, strict=False))
        kind, name = str(cell.get("type") or ""), str(cell.get("name") or "")
        labels = [str(row[i] or "") for i in label_columns]
        if kind == "begin group":
            groups.append(labels)
            continue
        if kind == "end group":
            groups.pop()
            continue
        if kind == "note":
            continue
        for lang, label in enumerate(labels):
            path = [g[lang] for g in groups] + [label]
            for start in range(len(path)):  # the label alone and with its groups
                found.setdefault(normalise("/".join(path[start:])), set()).add(name)
        found.setdefault(normalise(name), set()).add(name)
        if kind.startswith(("select_one ", "select_multiple ")):
            out.choices[name] = lists.get(kind.split()[1], {})
            if kind.startswith("select_multiple"):
                out.multiple.add(name)
    out.questions = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    return out


def _code(labels: FormLabels, name: str, value: Any) -> Any:
    choices = labels.choices.get(name)
    if not choices or value is None or str(value).strip() == "":
        return value
    text = normalise(value)
    if name not in labels.multiple:
        return choices.get(text, value)
    codes = []
    for label in sorted(choices, key=len, reverse=True):  # longest first: "Org 10" before "Org 1"
        pattern = rf"(?:^| ){re.escape(label)}(?: |$)"
        if re.search(pattern, text):
            codes.append(choices[label])
            text = re.sub(pattern, " ", text, count=1)
    return " ".join(codes) if codes and not text.strip() else value


def relabel(rows: list[list[Any]], labels: FormLabels) -> list[list[Any]]:
    """The rows of a labels export with the questions' names as headers and choices' names as
    values; headers that are no question's label are kept as they are."""
    header = rows[0]
    names = [labels.questions.get(normalise(h or "")) for h in header]
    out = [[n or h for n, h in zip(names, header, strict=True)]]
    for row in rows[1:]:
        cells = []
        for i, value in enumerate(row):
            name = names[i] if i < len(names) else None
            cells.append(_code(labels, name, value) if name else value)
        out.append(cells)
    return out

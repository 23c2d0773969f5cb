"""Importing KoboToolbox and ODK Central exports of a round's XLSForm (CSV or XLSX).

Columns are matched by question name: the last part of a header, so Kobo's ``group/question`` and
ODK Central's ``group-question`` both work, as do headers without groups. A submission already
imported (same instance id) is skipped. Every value is checked exactly as the web form checks it;
one bad value anywhere and nothing is written, and every error names the file, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import Organisation
from coalitionlens.surveys import answering, kobo, services
from coalitionlens.surveys.answering import AnswerError, AnswerIn
from coalitionlens.surveys.instruments import load
from coalitionlens.surveys.models import (
    Respondent,
    Response,
    ResponseSource,
    RoundStatus,
    SurveyRound,
)
from coalitionlens.surveys.selectors import round_xlsform
from coalitionlens.transfer.readers import FileRejected, read_sheets

__all__ = ["ImportFailed", "ImportResult", "RowError", "submissions_import"]

REQUIRED = ("respondent_org", "consent")
INSTANCE_COLUMNS = (
    "meta/instanceID",
    "meta-instanceID",
    "instanceID",
    "KEY",
    "_uuid",
    "meta/rootUuid",
)


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column {self.column}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(str(e) for e in errors[:50]))
        self.errors = errors


@dataclass
class ImportResult:
    imported: int = 0
    duplicates: int = 0
    declined: int = 0
    #: Submissions marked rejected in Kobo (not approved) or ODK Central: skipped.
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)


def _norm_id(raw: Any) -> str:
    text = "" if raw is None else str(raw).strip()
    return text[5:] if text.lower().startswith("uuid:") else text


def _columns(header: list[Any]) -> tuple[dict[str, int], int | None]:
    names: dict[str, int] = {}
    instance: dict[str, int] = {}
    for i, cell in enumerate(header):
        text = str(cell or "").strip()
        if text in INSTANCE_COLUMNS:
            instance.setdefault(text, i)
            continue
        name = re.split(r"[/-]", text)[-1]
        names.setdefault(name, i)
    found = next((instance[c] for c in INSTANCE_COLUMNS if c in instance), None)
    return names, found


def _row_answers(
    round_: SurveyRound, get: Callable[[str], Any], roster: set[int], org: int
) -> list[AnswerIn]:
    versions = {k: int(v) for k, v in round_.instruments.items()}
    answers: list[AnswerIn] = []

    def getlist(name: str) -> list[str]:
        return str(get(name) or "").split()

    if "relationship" in versions:
        rel = load("relationship", versions["relationship"])
        partners = answering.parse_partners(getlist("partners"), roster - {org})
        answers.append(AnswerIn("relationship", "partners", None, "", partners))
        for t in partners:
            answers += answering.parse_ratings(rel, t, get, getlist, prefix=f"p{t}_")
    if "health" in versions:
        health = load("health", versions["health"])
        answers += answering.parse_health(
            health, [i["code"] for i in health.items], get, comment=True
        )
    if "hopes_fears" in versions:
        hf = load("hopes_fears", versions["hopes_fears"])
        for about in hf.data["about"]:
            answers += answering.parse_hopes(hf, about["code"], get, prefix=f"hf_{about['code']}_")
    return answers


def submissions_import(
    *, round: SurveyRound, data: bytes, file_name: str, actor: Any = None, request: Any = None
) -> ImportResult:
    """Import every submission of the file into the open ``round``, or nothing (:class:`ImportFailed`)."""
    if round.status != RoundStatus.OPEN:
        raise ImportFailed([RowError(file_name, 0, "", _("The round is not open."))])
    try:
        sheets = read_sheets(data, name=file_name)
    except FileRejected as exc:
        raise ImportFailed([RowError(file_name, 0, "", str(exc))]) from exc
    rows = sheets[0].rows if sheets else []
    if not rows:
        raise ImportFailed([RowError(file_name, 0, "", _("The file is empty."))])
    names, instance_col = _columns(rows[0])
    missing = [c for c in REQUIRED if c not in names]
    if missing:  # a Kobo "Labels" export? read it through the round's XLSForm
        rows = kobo.relabel(rows, kobo.form_labels(round_xlsform(round=round)))
        names, instance_col = _columns(rows[0])
        missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportFailed(
            [
                RowError(
                    file_name,
                    1,
                    c,
                    _(
                        "this column is missing. From KoboToolbox, export the data again with "
                        "“XML values and headers” (not “Labels”); from ODK Central, upload its "
                        "CSV export as it is."
                    ),
                )
                for c in missing
            ]
        )
    roster = set(
        Organisation.objects.filter(coalition_id=round.coalition_id).values_list("pk", flat=True)
    )
    existing = set(
        Response.objects.filter(round=round)
        .exclude(instance_id="")
        .values_list("instance_id", flat=True)
    )
    result = ImportResult()
    parsed: list[tuple[int, str, list[AnswerIn]]] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in row):
            continue

        def get(name: str, row: list[Any] = row) -> Any:
            i = names.get(name)
            return row[i] if i is not None and i < len(row) else None

        iid = (
            _norm_id(row[instance_col])
            if instance_col is not None and instance_col < len(row)
            else ""
        )
        if iid and (iid in existing or iid in seen):
            result.duplicates += 1
            continue
        seen.add(iid)
        if kobo.is_rejected(rows[0], row):
            result.rejected += 1
            continue
        consent = str(get("consent") or "").strip().lower()
        if consent != "yes":
            if consent not in ("no", ""):
                result.errors.append(
                    RowError(file_name, number, "consent", _("expected yes or no"))
                )
            else:
                result.declined += 1
            continue
        try:
            org = int(str(get("respondent_org")).strip())
            if org not in roster:
                raise ValueError
        except (TypeError, ValueError):
            result.errors.append(
                RowError(
                    file_name, number, "respondent_org", _("expected an organisation of the roster")
                )
            )
            continue
        try:
            parsed.append((org, iid, _row_answers(round, get, roster, org)))
        except AnswerError as exc:
            result.errors.append(RowError(file_name, number, exc.field, exc.message))
    if result.errors:
        raise ImportFailed(result.errors)
    with transaction.atomic():
        for org, iid, answers in parsed:
            respondent = Respondent.objects.create(
                coalition_id=round.coalition_id, round=round, organisation_id=org, language="en"
            )
            services.respondent_added_after_opening(respondent=respondent)
            response = services.consent_give(
                respondent=respondent, source=ResponseSource.IMPORT, instance_id=iid
            )
            services.answers_save(response=response, replace=[], answers=answers)
            services.response_submit(response=response)
            result.imported += 1
        audit_record(
            action=Action.IMPORT,
            actor=actor,
            coalition_id=round.coalition_id,
            obj=round,
            summary=f"imported {result.imported} survey submissions ({result.duplicates} already there, {result.rejected} rejected skipped)"[
                :300
            ],
            request=request,
        )
    return result

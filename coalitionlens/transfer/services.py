"""Writes of the transfer app: imports (all or nothing), upload batches, and the export audit entry.

An import is planned (:mod:`coalitionlens.transfer.plan`) and, only when no row has an error,
written in one transaction with bulk inserts of records that ``full_clean`` already validated; one
IMPORT entry in the audit log sums it up. Any error, or any failure while writing, leaves the
database as it was.

An upload is read within the caps of :mod:`coalitionlens.transfer.readers` and planned once, when it
arrives: its preview (:func:`preview_data`) is kept with it, so the preview page never reads the file
again. A file that cannot be read is refused there and nothing is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_export, audit_record
from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership
from coalitionlens.engagements.models import Engagement, Participation, ParticipationRole
from coalitionlens.transfer.codes import codebook_for
from coalitionlens.transfer.columns import CODED, KINDS, normalise
from coalitionlens.transfer.layout import member_list_memberships
from coalitionlens.transfer.models import BatchStatus, ImportBatch, ValueMapping
from coalitionlens.transfer.parse import (
    DATE_ORDERS,
    SKIP,
    ErrorBudget,
    ImportOptions,
    Issue,
    ParsedSheet,
    SectorBooks,
    parse_sheet,
)
from coalitionlens.transfer.plan import ImportPlan, ImportReport, plan_import
from coalitionlens.transfer.readers import FileRejected, read_sheets, sniff_format

__all__ = [
    "ImportFile",
    "import_apply",
    "import_batch_answer",
    "import_batch_create",
    "import_batch_preview",
    "import_batch_purge",
    "import_batch_sheets",
    "import_preview",
    "preview_data",
    "sheet_summary",
    "value_mapping_delete",
]

MODELS_IN_ORDER = (
    ("organisations", Organisation),
    ("memberships", Membership),
    ("partnerships", Partnership),
    ("engagements", Engagement),
)
#: Rows and issues a stored preview keeps (the page says how many more there are).
PREVIEW_ROWS = 500
PREVIEW_ISSUES = 1000


@dataclass(frozen=True)
class ImportFile:
    """An import file's bytes and the name to show in messages (never used as a path)."""

    name: str
    data: bytes
    kind: str | None = None
    #: Values mapped and date orders given for this file (the coalition's remembered mappings
    #: apply as well; these win).
    options: ImportOptions = field(default_factory=ImportOptions)


def _parsed(coalition: Coalition, file: ImportFile, fmt: str | None = None) -> list[ParsedSheet]:
    """Every sheet of ``file`` read and parsed, as the sheet choice of ``file.options`` says;
    :class:`FileRejected` when it cannot be read."""
    from coalitionlens.transfer.selectors import value_map_for
    from coalitionlens.transfer.whole import EXTRA_COLUMNS

    # The whole-coalition sheets of an export (profile, units...) are ``whole.import_whole``'s.
    sheets = [s for s in read_sheets(file.data, fmt, file=file.name) if s.name not in EXTRA_COLUMNS]
    books = SectorBooks.for_coalition(coalition)
    budget = ErrorBudget()
    given = file.options
    options = ImportOptions(
        values=value_map_for(coalition=coalition).merged(given.values),
        date_orders=given.date_orders,
        on_rows=given.on_rows,
    )
    parsed = [_missing_sheets(file, [s.name for s in sheets])] if given.sheets else []
    parsed = [p for p in parsed if p.issues]
    if given.on_total is not None:
        given.on_total(sum(len(s.rows) for s in sheets if given.sheet_choice(s.name) != SKIP))
    while sheets:  # the raw rows of a sheet go once it is parsed
        sheet = sheets.pop(0)
        choice = given.sheet_choice(sheet.name)
        if choice == SKIP:
            parsed.append(ParsedSheet(sheet.name, None, [], [], [], skipped=True))
            continue
        one = parse_sheet(
            sheet,
            file=file.name,
            books=books,
            kind=choice or file.kind,
            budget=budget,
            options=options,
        )
        parsed.append(one)
        if one.kind == "organisations" and (members := member_list_memberships(sheet)):
            # A member list: its membership columns make the organisations' memberships.
            member_sheet, taken = members
            one.issues = [
                i for i in one.issues if not (i.row == one.header_row and i.column in taken)
            ]
            parsed.append(
                parse_sheet(
                    member_sheet,
                    file=file.name,
                    books=books,
                    kind="memberships",
                    budget=budget,
                    options=options,
                )
            )
    return parsed


def _missing_sheets(file: ImportFile, names: list[str]) -> ParsedSheet:
    """An error for each sheet the sheet choice names that the file does not have."""
    issues = [
        Issue(
            file=file.name,
            sheet=name,
            row=None,
            column="",
            value=name,
            expected=_("one of the sheets of this file: %(names)s") % {"names": ", ".join(names)},
            message=_("This file has no sheet of that name."),
        )
        for name in file.options.sheets
        if name not in names
    ]
    return ParsedSheet("", None, [], [], issues)


def sheet_summary(sheets: list[ParsedSheet]) -> list[dict[str, Any]]:
    """Each sheet of a file once, in order, with what it was read as: ``kinds`` (a member list
    is read as organisations and memberships), ``rows`` and whether it was ``skipped``."""
    out: dict[str, dict[str, Any]] = {}
    for sheet in sheets:
        if not sheet.name and not sheet.kind:
            continue  # the issues of the sheet choice itself
        entry = out.setdefault(
            sheet.name, {"name": sheet.name, "kinds": [], "rows": 0, "skipped": sheet.skipped}
        )
        if sheet.kind and sheet.kind not in entry["kinds"]:
            entry["kinds"].append(sheet.kind)
            entry["rows"] = max(entry["rows"], len(sheet.rows))
    return list(out.values())


def accepted_codes(*, coalition: Coalition, column: str) -> list[tuple[str, str]]:
    """(code, label) of every value ``column`` accepts in ``coalition``; ``[]`` if it is not coded."""
    spec = CODED.get(column)
    if spec is None:
        return []
    if spec.type in ("sector", "subsector"):
        books = SectorBooks.for_coalition(coalition)
        book = books.top if spec.type == "sector" else books.sub
    else:
        book = codebook_for(spec.codes)
    return [(str(code), str(label)) for code, label in book.labels.items()]


def import_batch_answer(
    *,
    batch: ImportBatch,
    actor: Any,
    values: dict[tuple[str, str], str],
    date_orders: dict[str, str],
    request: Any = None,
) -> ImportBatch:
    """Keep the answers of a preview's mapping step and work the preview out again.

    ``values``: (column, value as found) → code; remembered for the coalition's next imports.
    ``date_orders``: column → ``"dmy"`` or ``"mdy"``, for this file. A code the column does not
    accept, or an order that is neither, raises ``ValueError`` and nothing is kept.
    """
    coalition = batch.coalition
    with transaction.atomic():
        for (column, _value), code in values.items():
            if code not in dict(accepted_codes(coalition=coalition, column=column)):
                raise ValueError(f"{code!r} is not a code of column {column!r}")
        for order in date_orders.values():
            if order not in DATE_ORDERS:
                raise ValueError(f"{order!r} is not a date order")
        kept = []
        for (column, value), code in values.items():
            key = normalise(value)[:200]
            mapping = ValueMapping.objects.filter(
                coalition=coalition, column=column, value=key
            ).first() or ValueMapping(coalition=coalition, column=column, value=key)
            mapping.code = code
            mapping.created_by = actor if getattr(actor, "is_authenticated", False) else None
            mapping.full_clean()
            mapping.save()
            kept.append({"column": column, "value": value, "code": code})
        batch.date_orders = {**batch.date_orders, **date_orders}
        report = import_preview(coalition=coalition, file=batch_file(batch))
        batch.preview = preview_data(report, coalition=coalition)
        batch.summary = {"counts": report.counts(), "totals": report.totals()}
        batch.save(update_fields=["date_orders", "preview", "summary"])
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            coalition_id=coalition.pk,
            obj=batch,
            summary=(
                f"{batch.file_name}: {len(kept)} value(s) mapped, "
                f"{len(date_orders)} date order(s) chosen"
            )[:300],
            changes={"values": kept, "date_orders": date_orders},
            request=request,
        )
    return batch


def import_batch_sheets(
    *, batch: ImportBatch, actor: Any, sheets: dict[str, str], request: Any = None
) -> ImportBatch:
    """Keep the sheet choice of a preview (sheet name → a kind of record, ``"skip"``, or ``""``
    for as recognised) and work the preview out again. A sheet the file does not have, or a
    choice that is none of these, raises ``ValueError`` and nothing is kept."""
    known = {s["name"] for s in (batch.preview or {}).get("sheets", [])}
    for name, choice in sheets.items():
        if name not in known:
            raise ValueError(f"{name!r} is not a sheet of this file")
        if choice not in ("", SKIP, *KINDS):
            raise ValueError(f"{choice!r} is neither a kind of record nor {SKIP!r}")
    coalition = batch.coalition
    with transaction.atomic():
        batch.sheet_kinds = {name: choice for name, choice in sheets.items() if choice}
        report = import_preview(coalition=coalition, file=batch_file(batch))
        batch.preview = preview_data(report, coalition=coalition)
        batch.summary = {"counts": report.counts(), "totals": report.totals()}
        batch.save(update_fields=["sheet_kinds", "preview", "summary"])
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            coalition_id=coalition.pk,
            obj=batch,
            summary=f"{batch.file_name}: sheet choice"[:300],
            changes={"sheets": batch.sheet_kinds},
            request=request,
        )
    return batch


def value_mapping_delete(*, mapping: ValueMapping, actor: Any, request: Any = None) -> None:
    """Forget a remembered value mapping: the coalition's next imports ask about the value again.
    Audited (``kit.audited.record_delete``)."""
    from coalitionlens.kit.audited import record_delete

    record_delete(instance=mapping, actor=actor, request=request)


def _rejected(file: ImportFile, exc: FileRejected) -> Issue:
    return Issue(
        file=file.name,
        sheet=exc.sheet,
        row=exc.row,
        column=exc.column,
        value="",
        expected=_("a CSV, XLSX or ODS file"),
        message=exc.reason,
    )


def _plan_parsed(
    coalition: Coalition, file: ImportFile, sheets: list[ParsedSheet]
) -> tuple[ImportReport, ImportPlan]:
    report, plan = plan_import(coalition=coalition, file=file.name, sheets=sheets)
    report.sheets = sheet_summary(sheets)
    if not any(s.kind for s in sheets):
        report.issues.append(
            Issue(
                file=file.name,
                sheet="",
                row=None,
                column="",
                value="",
                expected=_("sheets named organisations, memberships, partnerships or engagements"),
                message=_("No sheet of this file holds records that can be imported."),
            )
        )
    return report, plan


def _plan(coalition: Coalition, file: ImportFile) -> tuple[ImportReport, ImportPlan]:
    try:
        sheets = _parsed(coalition, file)
    except FileRejected as exc:
        return ImportReport(file=file.name, issues=[_rejected(file, exc)]), ImportPlan()
    return _plan_parsed(coalition, file, sheets)


def import_preview(*, coalition: Coalition, file: ImportFile) -> ImportReport:
    """What importing ``file`` would do, row by row. Writes nothing."""
    return _plan(coalition, file)[0]


def _clean(value: Any) -> Any:
    """JSON that PostgreSQL's jsonb accepts (no NUL character in a string)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _questions(report: ImportReport, coalition: Coalition | None) -> dict[str, Any]:
    """The mapping step: each unknown value once (with its count of rows and a suggestion), and
    each date column whose order the values leave open."""
    values: dict[tuple[str, str], dict[str, Any]] = {}
    dates: dict[str, dict[str, Any]] = {}
    for issue in report.errors:
        if issue.ask == "value":
            key = (issue.column, normalise(issue.value))
            entry = values.setdefault(
                key,
                {
                    "column": issue.column,
                    "value": issue.value,
                    "count": 0,
                    "suggestion": issue.suggestion.split(" ", 1)[0],
                    "sheets": [],
                },
            )
            entry["count"] += 1
            if issue.sheet not in entry["sheets"]:
                entry["sheets"].append(issue.sheet)
        elif issue.ask == "date_order":
            dates.setdefault(issue.column, {"column": issue.column, "samples": issue.value})
    if coalition is not None:
        choices: dict[str, list[tuple[str, str]]] = {}
        for entry in values.values():
            column = entry["column"]
            if column not in choices:
                choices[column] = accepted_codes(coalition=coalition, column=column)
            entry["choices"] = choices[column]
    return {"values": list(values.values()), "dates": list(dates.values())}


def preview_data(report: ImportReport, coalition: Coalition | None = None) -> dict[str, Any]:
    """What the preview page shows of ``report``, as JSON: totals, the first rows and issues, and
    the questions of the mapping step (with the codes to choose from when ``coalition`` is given)."""
    errors, warnings = report.errors, report.warnings
    return _clean(
        {
            "file": report.file,
            "ok": report.ok,
            "applicable": report.ok and any(r.status in ("new", "changed") for r in report.rows),
            "totals": report.totals(),
            "counts": report.counts(),
            "errors": [i.as_dict() for i in errors[:PREVIEW_ISSUES]],
            "error_count": len(errors),
            "warnings": [i.as_dict() for i in warnings[:PREVIEW_ISSUES]],
            "warning_count": len(warnings),
            "rows": [r.as_dict() for r in report.rows[:PREVIEW_ROWS]],
            "row_count": len(report.rows),
            "questions": _questions(report, coalition),
            "sheets": report.sheets,
        }
    )


def import_apply(
    *,
    coalition: Coalition,
    file: ImportFile,
    actor: Any,
    request: Any = None,
    batch: ImportBatch | None = None,
) -> ImportReport:
    """Import ``file`` all or nothing: with any error in any row, nothing is written.

    The plan is made again inside the transaction, against the data as it is now, so a preview
    taken earlier cannot apply stale changes.
    An export of the whole coalition (:func:`~coalitionlens.transfer.whole.is_whole_export`) goes
    through :func:`~coalitionlens.transfer.whole.import_whole`, its extra kinds with it.
    """
    from coalitionlens.transfer.whole import import_whole, is_whole_export

    with transaction.atomic():
        if file.kind is None and is_whole_export(file.data):
            report = import_whole(
                coalition=coalition,
                name=file.name,
                data=file.data,
                actor=actor,
                request=request,
                options=file.options,
            )
            if not report.applied:
                return report
            _batch_applied(batch, report)
            return report
        report, plan = _plan(coalition, file)
        if not report.ok:
            return report
        _write(plan)
        totals = report.totals()
        audit_record(
            action=Action.IMPORT,
            actor=actor,
            coalition_id=coalition.pk,
            summary=(
                f"{file.name}: {totals['new']} new, {totals['changed']} changed, "
                f"{totals['unchanged']} unchanged"
            )[:300],
            changes={
                "file": file.name,
                "sha256": hashlib.sha256(file.data).hexdigest(),
                "counts": report.counts(),
            },
            request=request,
        )
        report.applied = True
        _batch_applied(batch, report)
    return report


def _batch_applied(batch: ImportBatch | None, report: ImportReport) -> None:
    if batch is not None:
        batch.status = BatchStatus.APPLIED
        batch.applied_at = timezone.now()
        batch.summary = {"counts": report.counts(), "totals": report.totals()}
        batch.preview = preview_data(report, coalition=batch.coalition)
        batch.save(update_fields=["status", "applied_at", "summary", "preview"])


def _batch_report(
    coalition: Coalition, file: ImportFile, fmt: str | None = None
) -> tuple[ImportReport, str]:
    """What importing ``file`` would do, and its format. A whole-coalition export is planned by
    :func:`~coalitionlens.transfer.whole.import_whole` (checked, written, rolled back), so its
    extra kinds are counted too."""
    from coalitionlens.transfer.whole import (
        _is_csv_zip,
        import_whole,
        is_export_json,
        is_whole_export,
    )

    if file.kind is None and is_whole_export(file.data):
        report = import_whole(
            coalition=coalition,
            name=file.name,
            data=file.data,
            actor=None,
            dry_run=True,
            options=file.options,
        )
        if is_export_json(file.data):
            report.sheets = []  # an export's records are its own: no sheet choice
            return report, "json"
        if _is_csv_zip(file.data):
            report.sheets = []
            return report, "zip"
        return report, "xlsx"  # a workbook keeps its sheet choice (a filled-in template)
    if fmt is None:
        fmt = sniff_format(file.data)
    return _plan_parsed(coalition, file, _parsed(coalition, file, fmt))[0], fmt


def _write(plan: ImportPlan) -> None:
    now = timezone.now()
    for kind, model in MODELS_IN_ORDER:
        new = plan.new.get(kind, [])
        if new and model is Engagement and connection.vendor == "sqlite":
            _insert_engagements_sqlite(new)
        elif new:
            # Foreign keys to organisations created a moment ago: copy their new ids.
            model._default_manager.bulk_create(new, batch_size=2000)  # type: ignore[arg-type]
        changed = plan.changed.get(kind, [])
        if changed:
            fields = sorted({f for _obj, fs in changed for f in fs})
            if hasattr(model, "updated_at"):
                for obj, _fs in changed:
                    obj.updated_at = now  # type: ignore[attr-defined]
                fields.append("updated_at")
            if fields != ["updated_at"]:
                objs: list[Any] = [obj for obj, _fs in changed]
                model._default_manager.bulk_update(objs, fields, batch_size=1000)
    if plan.participants:
        engagements = [e for e, _l, _c in plan.participants.values()]
        changed_ids = [e.pk for e in engagements if e.pk in _changed_ids(plan)]
        if changed_ids:
            Participation.objects.filter(engagement__in=changed_ids).delete()
        _insert_participations(
            [
                (engagement.coalition_id, engagement.pk, org.pk, role.value)
                for engagement, leads, counterparts in plan.participants.values()
                for role, orgs in (
                    (ParticipationRole.LEAD, leads),
                    (ParticipationRole.COUNTERPART, counterparts),
                )
                for org in orgs
            ]
        )


def _insert_engagements_sqlite(objs: list[Any]) -> None:
    """Insert validated engagements with one ``executemany`` and read their ids back.

    Django's ``bulk_create`` spends most of an import's time preparing each value of each row;
    here the values are converted once per type. The ids are the table's last ``n`` rows: SQLite
    runs the import in an IMMEDIATE transaction, so no other writer can insert meanwhile, and
    AUTOINCREMENT ids only grow. A check on every title makes sure of it.
    """
    now = timezone.now()
    fields = [f for f in Engagement._meta.concrete_fields if not f.primary_key]
    converters = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
            stamp = connection.ops.adapt_datetimefield_value(now)
            converters.append(lambda obj, stamp=stamp: stamp)
        elif f.get_internal_type() == "DateField":
            converters.append(
                lambda obj, a=f.attname: v.isoformat() if (v := getattr(obj, a)) else None
            )
        elif f.get_internal_type() == "JSONField":
            converters.append(lambda obj, a=f.attname: json.dumps(getattr(obj, a)))
        elif f.get_internal_type() in ("CharField", "TextField", "ForeignKey"):
            converters.append(lambda obj, a=f.attname: getattr(obj, a))
        else:
            converters.append(
                lambda obj, f=f: f.get_db_prep_save(f.pre_save(obj, True), connection)
            )
    rows = [tuple(convert(obj) for convert in converters) for obj in objs]
    qn = connection.ops.quote_name
    table, pk = qn(Engagement._meta.db_table), qn(str(Engagement._meta.pk.column))
    columns = ", ".join(qn(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 -- quoted identifiers from model metadata; values are parameters  # nosec B608
        cursor.execute(
            f"SELECT {pk}, {qn('title')} FROM {table} ORDER BY {pk} DESC LIMIT %s",  # noqa: S608 -- quoted identifiers from model metadata; values are parameters  # nosec B608
            [len(objs)],
        )
        inserted = cursor.fetchall()[::-1]
    if len(inserted) != len(objs) or any(
        title != obj.title for (_pk, title), obj in zip(inserted, objs, strict=False)
    ):
        raise RuntimeError("inserted engagements could not be matched to their ids")
    for (new_pk, _title), obj in zip(inserted, objs, strict=True):
        obj.pk = new_pk
        obj._state.adding = False
        obj._state.db = connection.alias


def _changed_ids(plan: ImportPlan) -> set[int]:
    return {obj.pk for obj, _fs in plan.changed.get("engagements", [])}


def _insert_participations(rows: list[tuple[int, int, int, str]]) -> None:
    """One parameterised ``executemany``: these rows are ids the plan resolved and roles from
    the enum, and building 100,000 model instances would dominate an import's time. The SQL is
    made from model metadata only, never from file contents."""
    meta = Participation._meta
    qn = connection.ops.quote_name
    columns = ", ".join(
        qn(str(meta.get_field(name).column))  # type: ignore[union-attr]
        for name in ("coalition", "engagement", "organisation", "role")
    )
    sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608 -- quoted identifiers from model metadata; values are parameters  # nosec B608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


def import_batch_create(
    *, coalition: Coalition, actor: Any, name: str, data: bytes, kind: str = ""
) -> ImportBatch:
    """Keep an upload, with its preview, for "Apply". The size cap, format sniffing and the caps
    of the readers apply here: :class:`FileRejected` (naming the file, sheet, row and column)
    when the file cannot be read, and then nothing is kept."""
    if len(data) > settings.COALITIONLENS_IMPORT_MAX_BYTES:
        raise FileRejected(
            _("The file is larger than %(mb).1f MB.")
            % {"mb": settings.COALITIONLENS_IMPORT_MAX_BYTES / 2**20}
        )
    from coalitionlens.transfer.whole import is_whole_export

    file = ImportFile(name=_display_name(name), data=data, kind=kind or None)
    try:
        fmt = None if file.kind is None and is_whole_export(data) else sniff_format(data)
        report, fmt = _batch_report(coalition, file, fmt)
    except FileRejected as exc:
        exc.file = file.name
        raise
    import_batch_purge()
    return ImportBatch.objects.create(
        coalition=coalition,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        file_name=file.name,
        file_format=fmt,
        kind=kind,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        summary={"counts": report.counts(), "totals": report.totals()},
        preview=preview_data(report, coalition=coalition),
    )


def _display_name(name: str) -> str:
    """The last part of what the browser sent, for display: no directories, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch for ch in base if ch.isprintable()).strip()
    return clean[:200] or "upload"


def import_batch_purge(*, now: dt.datetime | None = None) -> int:
    """Delete uploads older than ``COALITIONLENS_IMPORT_KEEP_HOURS``; returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.COALITIONLENS_IMPORT_KEEP_HOURS)
    deleted, _detail = ImportBatch.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def import_batch_preview(*, batch: ImportBatch) -> dict[str, Any]:
    """The stored preview of ``batch``; worked out and stored once for a batch that has none."""
    if not batch.preview:
        report = _batch_report(batch.coalition, batch_file(batch), batch.file_format)[0]
        batch.preview = preview_data(report, coalition=batch.coalition)
        batch.summary = {"counts": report.counts(), "totals": report.totals()}
        batch.save(update_fields=["preview", "summary"])
    return dict(batch.preview)


def batch_file(batch: ImportBatch) -> ImportFile:
    return ImportFile(
        name=batch.file_name,
        data=bytes(batch.data),
        kind=batch.kind or None,
        options=ImportOptions(
            date_orders=dict(batch.date_orders or {}), sheets=dict(batch.sheet_kinds or {})
        ),
    )


def coverage_export_run(
    *, coalition: Coalition, params: dict[str, Any], fmt: str, actor: Any, request: Any = None
) -> bytes:
    """The coverage matrix the page shows with ``params`` (its filters), one line per cell, as CSV
    (with a BOM) or XLSX, recorded in the audit log as every export is (SAFETY.md)."""
    from coalitionlens.pathways.coverage_table import EXPORT_COLUMNS, coverage_table, export_rows
    from coalitionlens.transfer.writers import csv_text, write_xlsx

    rows = export_rows(coverage_table(coalition, **params))
    columns = {"coverage": EXPORT_COLUMNS}
    data = (
        ("\ufeff" + csv_text("coverage", rows, columns)).encode("utf-8")
        if fmt == "csv"
        else write_xlsx({"coverage": rows}, columns)
    )
    audit_export(
        coalition_id=coalition.pk,
        actor=actor,
        summary=f"{fmt} export of the coverage matrix of {coalition.slug}",
        data=data,
        request=request,
        format=fmt,
        filters={k: str(v) for k, v in params.items() if v},
    )
    return data


def export_run(
    *,
    coalition: Coalition,
    role: str | None,
    fmt: str,
    actor: Any,
    request: Any = None,
    safe: bool = False,
    kind: str | None = None,
    on_step: Any = None,
) -> bytes:
    """Build an export as ``role`` may read it, safe for sharing outside the coalition when ``safe``,
    and record it in the audit log (SAFETY.md). ``kind``: one kind of record as one CSV file;
    ``on_step``: see :func:`~coalitionlens.transfer.exports.export_bytes`."""
    from coalitionlens.transfer.exports import export_bytes

    data = export_bytes(
        coalition=coalition, role=role, fmt=fmt, safe=safe, kind=kind, on_step=on_step
    )
    mode = "safe " if safe else ""
    audit_export(
        coalition_id=coalition.pk,
        actor=actor,
        summary=f"{fmt} {mode}export of {coalition.slug} as {role}",
        data=data,
        request=request,
        format=fmt,
        role=role,
        safe=safe,
        kind=kind,
    )
    return data

"""A whole coalition out and back: the records the four import kinds do not hold.

The export carries, beside organisations, memberships, partnerships and engagements, the coalition's
profile (with its secretariat, which memberships and partnerships tie to: without it a round trip
loses every partnership tie of the network), its units and their members, its seats on government
bodies, its funding flows, its observations, tensions and strategies. Each is one more sheet (XLSX), member (JSON) or
file (CSV zip), named by :data:`EXTRA_COLUMNS`.

Confidentiality: tensions, and which tensions a strategy addresses, are only in the export of a
role that may read tensions (``cl.view_tensions``: coordinator and analyst). A safe export carries
none of these records (they name organisations and hold free text).

:func:`import_whole` reads an export (XLSX, JSON or the CSV zip) back: the four kinds go through
the importer's plan (all or nothing, every error listed), the rest is written in the same
transaction, each matched by its natural key so importing the same file again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import (
    Coalition,
    FocalPoint,
    Funding,
    GovernmentSeat,
    Observation,
    Organisation,
    Partnership,
    Unit,
    UnitMember,
)
from coalitionlens.coalitions.vocab import FundingBand
from coalitionlens.pathways import vocab as pathway_vocab
from coalitionlens.pathways.models import ReferralTie, Service, SubStage
from coalitionlens.tensions.models import Strategy, Tension
from coalitionlens.transfer.bounds import ZIP_ERRORS
from coalitionlens.transfer.codes import codebook_for
from coalitionlens.transfer.columns import KINDS
from coalitionlens.transfer.parse import (
    SKIP,
    ErrorBudget,
    ImportOptions,
    Issue,
    ParsedSheet,
    SectorBooks,
    parse_sheet,
)
from coalitionlens.transfer.plan import ImportReport, RowResult, name_key
from coalitionlens.transfer.readers import FileRejected, Sheet, read_sheets, sniff_format

__all__ = [
    "EXTRA_COLUMNS",
    "extra_tables",
    "funding_table",
    "import_whole",
    "is_export_json",
    "is_whole_export",
]

#: The referral pathway's records (sub-stages, services, referral ties), each matched on import by
#: its natural key: a sub-stage by stage and name, a service by organisation, stage and name, a
#: tie by the two services it joins. Which partnership or engagement a tie rests on is not carried.
PATHWAY_COLUMNS: dict[str, tuple[str, ...]] = {
    "substages": ("stage", "name", "description"),
    "services": (
        "organisation",
        "name",
        "stage",
        "substage",
        "trafficking_types",
        "populations",
        "provinces",
        "district",
        "capacity",
        "languages",
        "notes",
    ),
    "referral_ties": (
        "from_organisation",
        "from_stage",
        "from_service",
        "to_organisation",
        "to_stage",
        "to_service",
        "kind",
        "since",
        "notes",
    ),
}

#: The extra kinds of record, in the order they are written and imported, with their columns.
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "profile": (
        "name",
        "country",
        "region",
        "founded",
        "origin_sector",
        "governance_model",
        "languages",
        "default_language",
        "description",
        "secretariat",
    ),
    "units": ("kind", "name", "description", "established_on", "dissolved_on"),
    "unit_members": ("unit", "organisation", "role", "since", "until"),
    # Personal data: in the full export of a coordinator (or the command line) only, never safe.
    "focal_points": (
        "organisation",
        "name",
        "role_title",
        "since",
        "expected_until",
        "languages",
        "work_email",
    ),
    "seats": ("body", "held_by", "kind", "since", "until", "notes"),
    # Confidential: in the export of a coordinator or an analyst (or the command line) only; safe
    # files carry them under aliases, in bands (``safe.KEPT``).
    "fundings": (
        "funder",
        "recipient",
        "partnership_organisation",
        "partnership_type",
        "partnership_started_on",
        "amount_band",
        "amount",
        "currency",
        "started_on",
        "ended_on",
        "notes",
    ),
    "observations": ("kind", "observed_on", "value", "currency", "note"),
    # The referral pathway (issue 18): services offered, never a case or anyone served.
    **PATHWAY_COLUMNS,
    "tensions": (
        "title",
        "description",
        "level",
        "category",
        "parties",
        "status",
        "observed_on",
        "resolved_on",
    ),
    "strategies": ("category", "title", "description", "status", "adopted_on", "tensions"),
}
TENSION_ROLES = ("coordinator", "analyst")  # who holds cl.view_tensions (accounts.permissions)
FOCAL_POINT_ROLES = ("coordinator",)  # who holds cl.view_focal_points
FUNDING_ROLES = ("coordinator", "analyst")  # who holds cl.view_funding

Table = list[dict[str, Any]]


def _reads_tensions(role: str | None) -> bool:
    return role is None or role in TENSION_ROLES


def funding_table(*, coalition: Coalition, role: str | None) -> Table | None:
    """The coalition's funding flows as export rows, or None for a role that may not read them
    (``role`` None: the command line, which reads everything)."""
    if role is not None and role not in FUNDING_ROLES:
        return None
    rows = []
    for f in Funding.objects.filter(coalition=coalition).select_related(
        "funder", "recipient", "partnership__organisation"
    ):
        p = f.partnership
        rows.append(
            {
                "funder": f.funder.name,
                "recipient": f.recipient.name if f.recipient else "",
                "partnership_organisation": p.organisation.name if p else "",
                "partnership_type": p.partnership_type if p else "",
                "partnership_started_on": p.started_on if p else None,
                "amount_band": f.amount_band,
                "amount": str(f.amount) if f.amount is not None else "",
                "currency": f.currency,
                "started_on": f.started_on,
                "ended_on": f.ended_on,
                "notes": f.notes,
            }
        )
    return sorted(
        rows,
        key=lambda r: (r["funder"], r["recipient"], str(r["started_on"] or ""), r["amount_band"]),
    )


def extra_tables(*, coalition: Coalition, role: str | None) -> dict[str, Table]:
    """The coalition's records beyond the four import kinds, as ``role`` may read them."""
    c = coalition
    profile = {
        "name": c.name,
        "country": c.country,
        "region": c.region,
        "founded": c.founded,
        "origin_sector": c.origin_sector,
        "governance_model": c.governance_model,
        "languages": list(c.languages or []),
        "default_language": c.default_language,
        "description": c.description,
        "secretariat": c.secretariat.name if c.secretariat else "",
    }
    units = [
        {
            "kind": u.kind,
            "name": u.name,
            "description": u.description,
            "established_on": u.established_on,
            "dissolved_on": u.dissolved_on,
        }
        for u in Unit.objects.filter(coalition=c).order_by("name")
    ]
    unit_members = sorted(
        (
            {
                "unit": m.unit.name,
                "organisation": m.organisation.name,
                "role": m.role,
                "since": m.since,
                "until": m.until,
            }
            for m in UnitMember.objects.filter(coalition=c).select_related("unit", "organisation")
        ),
        key=lambda r: (r["unit"], r["organisation"], r["role"], str(r["since"] or "")),
    )
    seats = sorted(
        (
            {
                "body": s.body.name,
                "held_by": s.held_by.name if s.held_by else "",
                "kind": s.kind,
                "since": s.since,
                "until": s.until,
                "notes": s.notes,
            }
            for s in GovernmentSeat.objects.filter(coalition=c).select_related("body", "held_by")
        ),
        key=lambda r: (r["body"], r["held_by"], r["kind"], str(r["since"] or "")),
    )
    observations = [
        {
            "kind": o.kind,
            "observed_on": o.observed_on,
            "value": str(o.value),
            "currency": o.currency,
            "note": o.note,
        }
        for o in Observation.objects.filter(coalition=c).order_by("kind", "observed_on")
    ]
    tables: dict[str, Table] = {
        "profile": [profile],
        "units": units,
        "unit_members": unit_members,
        "seats": seats,
        "observations": observations,
        **pathway_tables(coalition=c),
    }
    if role is None or role in FOCAL_POINT_ROLES:
        tables["focal_points"] = [
            {
                "organisation": f.organisation.name,
                "name": f.name,
                "role_title": f.role_title,
                "since": f.since,
                "expected_until": f.expected_until,
                "languages": f.languages,
                "work_email": f.work_email,
            }
            for f in FocalPoint.objects.filter(coalition=c)
            .select_related("organisation")
            .order_by("organisation__name", "name", "pk")
        ]
    fundings = funding_table(coalition=c, role=role)
    if fundings is not None:
        tables["fundings"] = fundings
    readable = _reads_tensions(role)
    if readable:
        tables["tensions"] = sorted(
            (
                {
                    "title": t.title,
                    "description": t.description,
                    "level": t.level,
                    "category": t.category,
                    "parties": sorted(o.name for o in t.parties.all()),
                    "status": t.status,
                    "observed_on": t.observed_on,
                    "resolved_on": t.resolved_on,
                }
                for t in Tension.objects.filter(coalition=c).prefetch_related("parties")
            ),
            key=lambda r: (str(r["observed_on"]), r["title"]),
        )
    tables["strategies"] = sorted(
        (
            {
                "category": s.category,
                "title": s.title,
                "description": s.description,
                "status": s.status,
                "adopted_on": s.adopted_on,
                "tensions": sorted(t.title for t in s.tensions.all()) if readable else [],
            }
            for s in Strategy.objects.filter(coalition=c).prefetch_related("tensions")
        ),
        key=lambda r: (r["title"], r["category"]),
    )
    return tables


def pathway_tables(*, coalition: Coalition) -> dict[str, Table]:
    """The referral pathway's records (:data:`PATHWAY_COLUMNS`); every role reads them, as it
    reads their pages."""
    substages = [
        {"stage": s.stage, "name": s.name, "description": s.description}
        for s in SubStage.objects.filter(coalition=coalition).order_by("stage", "name")
    ]
    services = [
        {
            "organisation": s.organisation.name,
            "name": s.name,
            "stage": s.stage,
            "substage": s.substage.name if s.substage else "",
            "trafficking_types": list(s.trafficking_types or []),
            "populations": list(s.populations or []),
            "provinces": list(s.provinces or []),
            "district": s.district,
            "capacity": s.capacity,
            "languages": list(s.languages or []),
            "notes": s.notes,
        }
        for s in Service.objects.filter(coalition=coalition)
        .select_related("organisation", "substage")
        .order_by("organisation__name", "stage", "name", "pk")
    ]
    ties = sorted(
        (
            {
                "from_organisation": t.from_service.organisation.name,
                "from_stage": t.from_service.stage,
                "from_service": t.from_service.name,
                "to_organisation": t.to_service.organisation.name,
                "to_stage": t.to_service.stage,
                "to_service": t.to_service.name,
                "kind": t.kind,
                "since": t.since,
                "notes": t.notes,
            }
            for t in ReferralTie.objects.filter(coalition=coalition).select_related(
                "from_service__organisation", "to_service__organisation"
            )
        ),
        key=lambda r: tuple(str(r[k]) for k in PATHWAY_COLUMNS["referral_ties"][:6]),
    )
    return {"substages": substages, "services": services, "referral_ties": ties}


# --- reading an export back ----------------------------------------------------------------------


def is_export_json(data: bytes) -> bool:
    """Whether ``data`` is a JSON export of this product (``format: coalitionlens-export``)."""
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return False
    return b"coalitionlens-export" in data[:400]


def is_whole_export(data: bytes) -> bool:
    """Whether ``data`` is an export to read with :func:`import_whole`: the JSON export, a zip of
    CSV files, or a workbook with a sheet of one of the extra kinds (``profile``, ``units``...)."""
    if is_export_json(data):
        return True
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        if _is_csv_zip(data):
            return True
    except (FileRejected, *ZIP_ERRORS):
        return False
    return bool(workbook_sheets(data) & set(EXTRA_COLUMNS))


def workbook_sheets(data: bytes) -> set[str]:
    """The names of an XLSX workbook's sheets (none when ``data`` is no workbook)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
    except (KeyError, *ZIP_ERRORS):
        return set()
    return set(re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', workbook))


def _cell(value: Any) -> Any:
    """A JSON value as a spreadsheet cell the importer reads (as the CSV export writes it)."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _as_sheet(kind: str, rows: list[dict[str, Any]]) -> Sheet:
    keys: list[str] = []
    for row in rows:
        keys.extend(k for k in row if k not in keys)
    return Sheet(name=kind, rows=[list(keys), *[[_cell(r.get(k)) for k in keys] for r in rows]])


def _as_dicts(sheet: Sheet) -> list[dict[str, Any]]:
    if not sheet.rows:
        return []
    header = [str(h or "").strip() for h in sheet.rows[0]]
    out = []
    for row in sheet.rows[1:]:
        if all(v in (None, "") for v in row):
            continue
        out.append({h: (row[i] if i < len(row) else None) for i, h in enumerate(header) if h})
    return out


def _read(data: bytes, name: str) -> tuple[list[Sheet], dict[str, list[dict[str, Any]]]]:
    """The four kinds as sheets for the importer, and the extra kinds as rows of values."""
    extras: dict[str, list[dict[str, Any]]] = {}
    if is_export_json(data):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise FileRejected(
                _("This JSON file cannot be read: %(error)s") % {"error": exc}
            ) from exc
        if not isinstance(document, dict) or document.get("safe_mode"):
            raise FileRejected(_("A safe export is for reading: it cannot be imported back."))
        sheets = [_as_sheet(k, document.get(k) or []) for k in KINDS if document.get(k)]
        for kind in EXTRA_COLUMNS:
            rows = document.get(kind)
            if isinstance(rows, list):
                extras[kind] = [r for r in rows if isinstance(r, dict)]
        return sheets, extras
    if data.startswith(b"PK\x03\x04") and _is_csv_zip(data):
        sheets = []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                kind = member.rsplit("/", 1)[-1].removesuffix(".csv")
                if kind not in KINDS and kind not in EXTRA_COLUMNS:
                    continue  # the network tables are derived, not records
                sheets.extend(read_sheets(archive.read(member), "csv", name=kind, file=name))
    else:
        sheets = read_sheets(data, sniff_format(data), file=name)
    kept = []
    for sheet in sheets:
        if sheet.name in EXTRA_COLUMNS:
            extras[sheet.name] = _as_dicts(sheet)
        else:
            kept.append(sheet)
    return kept, extras


def _is_csv_zip(data: bytes) -> bool:
    """A zip of ``.csv`` files (the CSV export), checked against the upload caps first."""
    from coalitionlens.transfer.readers import _checked_zip

    names = _checked_zip(data).namelist()
    return bool(names) and all(n.endswith(".csv") for n in names)


# --- writing the extra kinds ---------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, column: str, value: Any, message: str) -> None:
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(column: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value)[:10])
    except ValueError:
        raise _Bad(column, value, _("Not a date (YYYY-MM-DD).")) from None


def _day(column: str, value: Any) -> dt.date:
    """A date that must be there."""
    day = _date(column, value)
    if day is None:
        raise _Bad(column, value, _("A date is needed here."))
    return day


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [p.strip() for p in _text(value).split(";") if p.strip()]


class _Writer:
    def __init__(
        self, coalition: Coalition, file: str, report: ImportReport, *, fresh: bool
    ) -> None:
        self.coalition, self.file, self.report, self.fresh = coalition, file, report, fresh
        self.orgs = {name_key(o.name): o for o in Organisation.objects.filter(coalition=coalition)}
        self.units = {name_key(u.name): u for u in Unit.objects.filter(coalition=coalition)}
        self.tensions = {
            (name_key(t.title), t.observed_on): t
            for t in Tension.objects.filter(coalition=coalition)
        }

    def org(self, column: str, value: Any, *, required: bool = True) -> Organisation | None:
        text = _text(value)
        if not text and not required:
            return None
        found = self.orgs.get(name_key(text))
        if found is None:
            raise _Bad(column, value, _("No organisation of this coalition has this name."))
        return found

    def save(
        self, kind: str, number: int, label: str, obj: models.Model, created: bool, m2m: Any = None
    ) -> None:
        """Validate ``obj`` and write it (a change only when something differs)."""
        if created or obj._state.adding:
            status, changes = "new", {}
        else:
            before = type(obj)._default_manager.get(pk=obj.pk)
            changes = {
                f.name: [str(getattr(before, f.attname)), str(getattr(obj, f.attname))]
                for f in obj._meta.concrete_fields
                if f.name not in ("created_at", "updated_at")
                and getattr(before, f.attname) != getattr(obj, f.attname)
            }
            status = "changed" if changes else "unchanged"
        try:
            obj.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                raise _Bad(field, getattr(obj, field, ""), " ".join(messages)) from None
        if status != "unchanged":
            obj.save()
        if m2m is not None:
            manager, wanted = m2m
            if {o.pk for o in manager.all()} != {o.pk for o in wanted}:
                manager.set(wanted)
                if status == "unchanged":
                    status = "changed"
                    changes[manager.prefetch_cache_name] = ["", ""]
        self.report.rows.append(
            RowResult(
                kind=kind, sheet=kind, row=number, label=label, status=status, changes=changes
            )
        )

    def profile(self, rows: Table) -> None:
        for number, row in enumerate(rows[:1], start=2):
            c = self.coalition
            # Into an empty coalition the file's profile is taken whole (but the coalition keeps
            # its own name); into one that has records, only what the coalition lacks is filled.
            fresh = self.fresh
            for key in (
                "country",
                "region",
                "origin_sector",
                "governance_model",
                "default_language",
                "description",
            ):
                text = _text(row.get(key))
                if text and (fresh or not getattr(c, key)):
                    setattr(c, key, text)
            if row.get("founded") not in (None, "") and (fresh or c.founded is None):
                try:
                    c.founded = int(_text(row.get("founded")))
                except ValueError:
                    raise _Bad("founded", row.get("founded"), _("Not a year.")) from None
            languages = _list(row.get("languages"))
            if languages and (fresh or not c.languages):
                c.languages = languages
            secretariat = self.org("secretariat", row.get("secretariat"), required=False)
            if secretariat is not None and c.secretariat_id is None:
                c.secretariat = secretariat
            self.save("profile", number, c.name, c, created=False)

    def units_(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            name = _text(row.get("name"))
            unit = self.units.get(name_key(name)) or Unit(coalition=self.coalition, name=name)
            unit.kind = _text(row.get("kind"))
            unit.description = _text(row.get("description"))
            unit.established_on = _date("established_on", row.get("established_on"))
            unit.dissolved_on = _date("dissolved_on", row.get("dissolved_on"))
            self.save("units", number, name, unit, created=unit.pk is None)
            self.units[name_key(name)] = unit

    def unit_members(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            unit = self.units.get(name_key(_text(row.get("unit"))))
            if unit is None:
                raise _Bad("unit", row.get("unit"), _("No unit of this coalition has this name."))
            org = self.org("organisation", row.get("organisation"))
            role = _text(row.get("role")) or "MEMBER"
            since = _date("since", row.get("since"))
            member = UnitMember.objects.filter(
                coalition=self.coalition, unit=unit, organisation=org, role=role, since=since
            ).first() or UnitMember(
                coalition=self.coalition, unit=unit, organisation=org, role=role, since=since
            )
            member.until = _date("until", row.get("until"))
            self.save("unit_members", number, f"{org} · {unit}", member, member.pk is None)

    def focal_points(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            org = self.org("organisation", row.get("organisation"))
            name = _text(row.get("name"))
            person = FocalPoint.objects.filter(
                coalition=self.coalition, organisation=org, name=name
            ).first() or FocalPoint(coalition=self.coalition, organisation=org, name=name)
            person.role_title = _text(row.get("role_title"))
            person.since = _date("since", row.get("since"))
            person.expected_until = _date("expected_until", row.get("expected_until"))
            person.languages = _text(row.get("languages"))
            person.work_email = _text(row.get("work_email"))
            self.save("focal_points", number, f"{org}", person, person.pk is None)

    def seats(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            body = self.org("body", row.get("body"))
            held_by = self.org("held_by", row.get("held_by"), required=False)
            kind = _text(row.get("kind")) or "MEMBER"
            since = _date("since", row.get("since"))
            seat = GovernmentSeat.objects.filter(
                coalition=self.coalition, body=body, held_by=held_by, kind=kind, since=since
            ).first() or GovernmentSeat(
                coalition=self.coalition, body=body, held_by=held_by, kind=kind, since=since
            )
            seat.until = _date("until", row.get("until"))
            seat.notes = _text(row.get("notes"))
            self.save("seats", number, str(body), seat, seat.pk is None)

    def fundings(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            funder = self.org("funder", row.get("funder"))
            recipient = self.org("recipient", row.get("recipient"), required=False)
            band = self._code("amount_band", row.get("amount_band"), FundingBand)
            started_on = _date("started_on", row.get("started_on"))
            funding = Funding.objects.filter(
                coalition=self.coalition,
                funder=funder,
                recipient=recipient,
                started_on=started_on,
                amount_band=band,
            ).first() or Funding(
                coalition=self.coalition,
                funder=funder,
                recipient=recipient,
                started_on=started_on,
                amount_band=band,
            )
            amount = _text(row.get("amount"))
            try:
                funding.amount = Decimal(amount) if amount else None
            except InvalidOperation:
                raise _Bad("amount", row.get("amount"), _("Not a number.")) from None
            funding.currency = _text(row.get("currency")).upper()
            funding.ended_on = _date("ended_on", row.get("ended_on"))
            funding.notes = _text(row.get("notes"))
            partner = self.org(
                "partnership_organisation", row.get("partnership_organisation"), required=False
            )
            funding.partnership = None
            if partner is not None:
                funding.partnership = Partnership.objects.filter(
                    coalition=self.coalition,
                    organisation=partner,
                    partnership_type=_text(row.get("partnership_type")),
                    started_on=_date("partnership_started_on", row.get("partnership_started_on")),
                ).first()
                if funding.partnership is None:
                    raise _Bad(
                        "partnership_type",
                        row.get("partnership_type"),
                        _(
                            "No partnership of this coalition has this organisation, type and start."
                        ),
                    )
            label = f"{funder} → {funding.recipient_label}"
            self.save("fundings", number, label, funding, funding.pk is None)

    def observations(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            kind = _text(row.get("kind"))
            on = _day("observed_on", row.get("observed_on"))
            obs = Observation.objects.filter(
                coalition=self.coalition, kind=kind, observed_on=on
            ).first() or Observation(coalition=self.coalition, kind=kind, observed_on=on)
            try:
                obs.value = Decimal(_text(row.get("value")))
            except InvalidOperation:
                raise _Bad("value", row.get("value"), _("Not a number.")) from None
            obs.currency = _text(row.get("currency"))
            obs.note = _text(row.get("note"))
            self.save("observations", number, f"{kind} {on}", obs, obs.pk is None)

    def _code(self, column: str, value: Any, choices: Any, *, default: str = "") -> str:
        """A code of ``choices`` from its code or its label in any language."""
        text = _text(value)
        if not text and default:
            return default
        code = codebook_for(choices).match(text)
        if code is None:
            raise _Bad(column, value, _("Unknown code: %(codes)s") % {"codes": text})
        return str(code)

    def _codes(self, column: str, value: Any, choices: Any) -> list[str]:
        return [self._code(column, v, choices) for v in _list(value)]

    def substages(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            stage = self._code("stage", row.get("stage"), pathway_vocab.Stage)
            name = _text(row.get("name"))
            sub = SubStage.objects.filter(
                coalition=self.coalition, stage=stage, name=name
            ).first() or SubStage(coalition=self.coalition, stage=stage, name=name)
            sub.description = _text(row.get("description"))
            self.save("substages", number, name, sub, sub.pk is None)

    def services(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            org = self.org("organisation", row.get("organisation"))
            stage = self._code("stage", row.get("stage"), pathway_vocab.Stage)
            name = _text(row.get("name"))
            service = Service.objects.filter(
                coalition=self.coalition, organisation=org, stage=stage, name=name
            ).first() or Service(coalition=self.coalition, organisation=org, stage=stage, name=name)
            sub = _text(row.get("substage"))
            service.substage = None
            if sub:
                service.substage = SubStage.objects.filter(
                    coalition=self.coalition, stage=stage, name=sub
                ).first()
                if service.substage is None:
                    raise _Bad("substage", sub, _("No sub-stage of this stage has this name."))
            service.trafficking_types = self._codes(
                "trafficking_types", row.get("trafficking_types"), pathway_vocab.TraffickingType
            )
            service.populations = self._codes(
                "populations", row.get("populations"), pathway_vocab.Population
            )
            service.provinces = _list(row.get("provinces"))
            service.district = _text(row.get("district"))
            service.capacity = self._code(
                "capacity",
                row.get("capacity"),
                pathway_vocab.CapacityBand,
                default=pathway_vocab.CapacityBand.UNKNOWN,
            )
            service.languages = _list(row.get("languages"))
            service.notes = _text(row.get("notes"))
            self.save("services", number, f"{org} · {name}", service, service.pk is None)

    def _service(self, row: dict[str, Any], end: str) -> Service:
        org = self.org(f"{end}_organisation", row.get(f"{end}_organisation"))
        stage = self._code(f"{end}_stage", row.get(f"{end}_stage"), pathway_vocab.Stage)
        name = _text(row.get(f"{end}_service"))
        found = Service.objects.filter(
            coalition=self.coalition, organisation=org, stage=stage, name=name
        ).first()
        if found is None:
            raise _Bad(f"{end}_service", name, _("No service of this organisation has this name."))
        return found

    def referral_ties(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            a, b = self._service(row, "from"), self._service(row, "to")
            tie = ReferralTie.objects.filter(
                coalition=self.coalition, from_service=a, to_service=b
            ).first() or ReferralTie(coalition=self.coalition, from_service=a, to_service=b)
            tie.kind = self._code(
                "kind",
                row.get("kind"),
                pathway_vocab.ReferralKind,
                default=pathway_vocab.ReferralKind.PRACTICE,
            )
            tie.since = _date("since", row.get("since"))
            tie.notes = _text(row.get("notes"))
            self.save("referral_ties", number, f"{a} → {b}", tie, tie.pk is None)

    def tensions_(self, rows: Table) -> None:
        for number, row in enumerate(rows, start=2):
            title = _text(row.get("title"))
            on = _day("observed_on", row.get("observed_on"))
            tension = self.tensions.get((name_key(title), on)) or Tension(
                coalition=self.coalition, title=title, observed_on=on
            )
            for key in ("description", "level", "category", "status"):
                setattr(tension, key, _text(row.get(key)))
            tension.resolved_on = _date("resolved_on", row.get("resolved_on"))
            parties = [self.org("parties", p) for p in _list(row.get("parties"))]
            created = tension.pk is None
            if created:
                tension.full_clean()
                tension.save()
            self.save("tensions", number, title, tension, created, m2m=(tension.parties, parties))
            self.tensions[(name_key(title), on)] = tension

    def strategies(self, rows: Table) -> None:
        by_title: dict[str, list[Tension]] = {}
        for (title, _on), t in self.tensions.items():
            by_title.setdefault(title, []).append(t)
        for number, row in enumerate(rows, start=2):
            title = _text(row.get("title"))
            category = _text(row.get("category"))
            strategy = Strategy.objects.filter(
                coalition=self.coalition, title=title, category=category
            ).first() or Strategy(coalition=self.coalition, title=title, category=category)
            strategy.description = _text(row.get("description"))
            strategy.status = _text(row.get("status")) or strategy.status
            strategy.adopted_on = _date("adopted_on", row.get("adopted_on"))
            wanted = []
            for addressed in _list(row.get("tensions")):
                found = by_title.get(name_key(addressed))
                if not found:
                    raise _Bad(
                        "tensions", addressed, _("No tension of this coalition has this title.")
                    )
                wanted.extend(found)
            created = strategy.pk is None
            if created:
                strategy.full_clean()
                strategy.save()
            self.save(
                "strategies", number, title, strategy, created, m2m=(strategy.tensions, wanted)
            )

    def run(self, extras: dict[str, Table]) -> bool:
        steps = {
            "profile": self.profile,
            "units": self.units_,
            "unit_members": self.unit_members,
            "focal_points": self.focal_points,
            "seats": self.seats,
            "fundings": self.fundings,
            "observations": self.observations,
            "substages": self.substages,
            "services": self.services,
            "referral_ties": self.referral_ties,
            "tensions": self.tensions_,
            "strategies": self.strategies,
        }
        for kind, step in steps.items():
            rows = extras.get(kind) or []
            try:
                step(rows)
            except _Bad as bad:
                self.report.issues.append(
                    Issue(
                        file=self.file,
                        sheet=kind,
                        row=len([r for r in self.report.rows if r.kind == kind]) + 2,
                        column=bad.column,
                        value=_text(bad.value),
                        expected="",
                        message=bad.message,
                    )
                )
                return False
        return True


class _Abort(Exception):
    """Raised inside the import's transaction to roll all of it back: the file has an error, a
    record of the whole coalition's was refused, or the import is a dry run. Never leaves
    :func:`import_whole`."""


def import_whole(
    *,
    coalition: Coalition,
    name: str,
    data: bytes,
    actor: Any,
    dry_run: bool = False,
    request: Any = None,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Import an export (XLSX, JSON or the CSV zip) into ``coalition``, all or nothing.

    With ``dry_run`` everything is planned and checked, then rolled back.
    """
    from coalitionlens.transfer.services import _plan_parsed, _write

    try:
        sheets, extras = _read(data, name)
    except FileRejected as exc:
        issue = Issue(
            file=name,
            sheet=exc.sheet,
            row=exc.row,
            column=exc.column,
            value="",
            expected=_("an XLSX, CSV zip or JSON export"),
            message=exc.reason,
        )
        return ImportReport(file=name, issues=[issue])
    books = SectorBooks.for_coalition(coalition)
    budget = ErrorBudget()
    from coalitionlens.transfer.selectors import value_map_for

    given = options or ImportOptions()
    merged = ImportOptions(
        values=value_map_for(coalition=coalition).merged(given.values),
        date_orders=given.date_orders,
    )
    # A workbook's sheets as the sheet choice says (a filled-in template with a services sheet
    # comes this way: its other sheets may be skipped or taken as a kind, as on the usual path).
    parsed = [
        ParsedSheet(s.name, None, [], [], [], skipped=True)
        if given.sheet_choice(s.name) == SKIP
        else parse_sheet(
            s,
            file=name,
            books=books,
            kind=given.sheet_choice(s.name) or None,
            budget=budget,
            options=merged,
        )
        for s in sheets
    ]
    from coalitionlens.transfer.services import ImportFile

    report: ImportReport | None = None
    try:
        with transaction.atomic():
            report, plan = _plan_parsed(coalition, ImportFile(name=name, data=data), parsed)
            if not parsed and extras:
                report.issues = [i for i in report.issues if i.level != "error"]
            if not report.ok:
                raise _Abort
            fresh = not Organisation.objects.filter(coalition=coalition).exists()
            _write(plan)
            coalition.refresh_from_db()
            writer = _Writer(coalition, name, report, fresh=fresh)
            if not writer.run(extras) or dry_run:
                raise _Abort
            audit_record(
                action=Action.IMPORT,
                actor=actor,
                coalition_id=coalition.pk,
                summary=f"{name}: whole-coalition import"[:300],
                changes={
                    "file": name,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "counts": report.counts(),
                },
                request=request,
            )
            report.applied = True
    except _Abort:
        coalition.refresh_from_db()
    assert report is not None
    return report

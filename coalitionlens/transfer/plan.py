"""What an import would do: each row matched by its natural key to a record, and its fate decided.

Natural keys make a re-import change nothing: an organisation is its name (ignoring case and
spacing); a membership its (organisation, joined on); a partnership its (organisation, type, started
on); an engagement its (date, title, practice). Every record is built and validated with the model's
own ``full_clean`` here, so a preview reports exactly the errors an apply would meet.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from coalitionlens.coalitions.models import Coalition, Membership, Organisation, Partnership
from coalitionlens.engagements.models import Engagement, Participation, ParticipationRole
from coalitionlens.transfer.columns import COLUMNS, KINDS
from coalitionlens.transfer.parse import KEEP, Issue, ParsedRow, ParsedSheet

__all__ = ["ImportPlan", "ImportReport", "RowResult", "name_key", "plan_import"]

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
STATUSES = (NEW, CHANGED, UNCHANGED, ERROR)
#: Organisation names at least this similar (0-100) but not the same are reported.
NEAR_DUPLICATE = 90.0
#: New organisations compared with every other for near duplicates (the comparison is quadratic).
NEAR_DUPLICATE_CHECKS = 2000
#: Errors that get a "did you mean" among the organisations, and the longest name that does.
SUGGESTIONS = 200
SUGGEST_MAX_CHARS = 200
#: Names and titles longer than this are not kept in ``name_key``'s cache.
CACHED_CHARS = 300


def name_key(text: str) -> str:
    """How names and titles are compared: case and spacing ignored."""
    # Cached for the few names that fill most cells; a long text (up to a cell's cap) would keep
    # its copy in the process-wide cache, so it is not cached.
    return _name_key(text) if len(text) <= CACHED_CHARS else _key(text)


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_name_key = lru_cache(maxsize=65536)(_key)


@dataclass
class RowResult:
    kind: str
    sheet: str
    row: int
    status: str
    label: str
    changes: dict[str, list[Any]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "sheet": self.sheet,
            "row": self.row,
            "status": self.status,
            "label": self.label,
            "changes": self.changes,
            "issues": [i.as_dict() for i in self.issues],
        }


@dataclass
class ImportReport:
    file: str
    rows: list[RowResult] = field(default_factory=list)
    #: Problems not tied to one row (a missing column, an unreadable file) and warnings.
    issues: list[Issue] = field(default_factory=list)
    applied: bool = False
    #: Each sheet of the file and what it was read as (``services.sheet_summary``).
    sheets: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        row_errors = [i for r in self.rows for i in r.issues if i.level == "error"]
        return [i for i in self.issues if i.level == "error"] + row_errors

    @property
    def warnings(self) -> list[Issue]:
        row_warnings = [i for r in self.rows for i in r.issues if i.level != "error"]
        return [i for i in self.issues if i.level != "error"] + row_warnings

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, dict[str, int]]:
        out = {kind: dict.fromkeys(STATUSES, 0) for kind in KINDS}
        for r in self.rows:  # the whole-coalition import (``whole``) adds kinds of its own
            out.setdefault(r.kind, dict.fromkeys(STATUSES, 0))[r.status] += 1
        return {k: v for k, v in out.items() if any(v.values())}

    def totals(self) -> dict[str, int]:
        totals = Counter(r.status for r in self.rows)
        return {s: totals.get(s, 0) for s in STATUSES}

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "ok": self.ok,
            "applied": self.applied,
            "counts": self.counts(),
            "totals": self.totals(),
            "sheets": self.sheets,
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
            "rows": [r.as_dict() for r in self.rows],
        }


@dataclass
class ImportPlan:
    """The records to write, all validated."""

    new: dict[str, list[models.Model]] = field(default_factory=lambda: defaultdict(list))
    changed: dict[str, list[tuple[models.Model, list[str]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    #: engagement → (leads, counterparts), for new engagements and those whose participants change
    participants: dict[int, tuple[Engagement, list[Organisation], list[Organisation]]] = field(
        default_factory=dict
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value) if not isinstance(value, Organisation) else value.name
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


class _Planner:
    def __init__(self, coalition: Coalition, file: str) -> None:
        self.coalition = coalition
        self.file = file
        self.report = ImportReport(file=file)
        self.plan = ImportPlan()
        self.orgs: dict[str, list[Organisation]] = defaultdict(list)
        for org in Organisation.objects.filter(coalition=coalition).select_related(
            "sector", "subsector"
        ):
            self.orgs[name_key(org.name)].append(org)
        self.new_org_keys: set[str] = set()
        self.suggestions_left = SUGGESTIONS
        self._names: list[str] | None = None

    # --- helpers ---------------------------------------------------------------------------

    def _issue(
        self, row: ParsedRow, column: str, message: str, expected: str = "", **kw: Any
    ) -> Issue:
        raw = row.raw.get(column)
        value = "" if raw is None else (raw.isoformat() if isinstance(raw, dt.date) else str(raw))
        return Issue(
            file=self.file,
            sheet=row.sheet,
            row=row.row,
            column=column,
            value=value,
            expected=expected,
            message=message,
            **kw,
        )

    def _org(self, row: ParsedRow, column: str, name: str) -> Organisation | None:
        found = self.orgs.get(name_key(name))
        if not found:
            best = None
            if self.suggestions_left > 0 and len(name) <= SUGGEST_MAX_CHARS:
                self.suggestions_left -= 1
                if self._names is None:  # organisations are all planned before any row names one
                    self._names = [orgs[0].name for orgs in self.orgs.values()]
                best = process.extractOne(name, self._names, scorer=fuzz.WRatio, score_cutoff=80)
            row.issues.append(
                Issue(
                    file=self.file,
                    sheet=row.sheet,
                    row=row.row,
                    column=column,
                    value=name,
                    expected=_("the name of an organisation of the coalition or of this file"),
                    message=_("No such organisation."),
                    suggestion=best[0] if best else "",
                )
            )
            return None
        if len(found) > 1:
            row.issues.append(self._issue(row, column, _("Several organisations have this name.")))
            return None
        return found[0]

    def _validate(self, row: ParsedRow, obj: models.Model, exclude: list[str]) -> None:
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            columns = {c.key for c in COLUMNS[row.kind]}
            for name, messages in exc.message_dict.items():
                column = name if name in columns else ""
                for message in messages:
                    row.issues.append(self._issue(row, column, message))

    def _apply_values(
        self, row: ParsedRow, obj: models.Model, values: dict[str, Any], creating: bool
    ) -> dict[str, list[Any]]:
        """Set ``values`` on ``obj``; the changes as ``{field: [old, new]}`` (for existing rows)."""
        changes: dict[str, list[Any]] = {}
        if creating:
            for key, value in values.items():
                if value is not KEEP:
                    setattr(obj, key, value)
            return changes
        for key, value in values.items():
            if value is KEEP:
                continue
            if isinstance(value, Organisation) or key in ("sector", "subsector"):
                old_id = getattr(obj, key + "_id")
                new_id = value.pk if value is not None else None
                if old_id != new_id:
                    changes[key] = [_jsonable(getattr(obj, key)), _jsonable(value)]
                    setattr(obj, key, value)
                continue
            old = getattr(obj, key)
            if old != value:
                changes[key] = [_jsonable(old), _jsonable(value)]
                setattr(obj, key, value)
        return changes

    def _finish(
        self,
        row: ParsedRow,
        label: str,
        obj: models.Model,
        creating: bool,
        changes: dict[str, list[Any]],
        exclude: list[str],
    ) -> None:
        if not row.issues and (creating or changes):
            self._validate(row, obj, exclude)
        if any(i.level == "error" for i in row.issues):
            status = ERROR
        elif creating:
            status = NEW
            self.plan.new[row.kind].append(obj)
        elif changes:
            status = CHANGED
            self.plan.changed[row.kind].append(
                (obj, [k for k in changes if k not in ("leads", "counterparts")])
            )
        else:
            status = UNCHANGED
        self.report.rows.append(
            RowResult(row.kind, row.sheet, row.row, status, label, changes, row.issues)
        )

    def _duplicate(self, row: ParsedRow, seen: dict[Any, int], key: Any, column: str) -> bool:
        if key in seen:
            row.issues.append(
                self._issue(
                    row,
                    column,
                    _("This row repeats row %(n)s (same natural key).") % {"n": seen[key]},
                    _("each record once"),
                )
            )
            return True
        seen[key] = row.row
        return False

    # --- kinds -----------------------------------------------------------------------------

    def organisations(self, rows: list[ParsedRow]) -> None:
        seen: dict[Any, int] = {}
        for row in rows:
            name = row.values.get("name") or ""
            key = name_key(name)
            if self._duplicate(row, seen, key, "name"):
                self._finish(row, name, Organisation(), True, {}, [])
                continue
            found = self.orgs.get(key, [])
            if len(found) > 1:
                row.issues.append(
                    self._issue(row, "name", _("Several organisations have this name."))
                )
            creating = not found
            org = Organisation(coalition=self.coalition) if creating else found[0]
            changes = self._apply_values(row, org, row.values, creating)
            self._finish(row, name, org, creating, changes, ["coalition", "sector", "subsector"])
            if creating and not row.issues:
                self.orgs[key].append(org)
                self.new_org_keys.add(key)
        self._near_duplicates()

    def _near_duplicates(self) -> None:
        if not self.new_org_keys:
            return
        keys = list(self.orgs)
        new = sorted(self.new_org_keys)
        if len(new) > NEAR_DUPLICATE_CHECKS:
            self.report.issues.append(
                Issue(
                    file=self.file,
                    sheet="",
                    row=None,
                    column="name",
                    value="",
                    expected="",
                    message=_(
                        "Near duplicates were looked for among the first %(n)s new "
                        "organisations only."
                    )
                    % {"n": NEAR_DUPLICATE_CHECKS},
                    level="warning",
                )
            )
        for key in new[:NEAR_DUPLICATE_CHECKS]:
            for other, score, _index in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE, limit=5
            ):
                if other == key or (other in self.new_org_keys and other < key):
                    continue
                a, b = self.orgs[key][0], self.orgs[other][0]
                self.report.issues.append(
                    Issue(
                        file=self.file,
                        sheet="",
                        row=None,
                        column="name",
                        value=a.name,
                        expected="",
                        message=_(
                            "%(a)s looks like %(b)s (similarity %(score)d%%): "
                            "the same organisation written twice?"
                        )
                        % {"a": a.name, "b": b.name, "score": score},
                        level="warning",
                    )
                )

    def memberships(self, rows: list[ParsedRow]) -> None:
        existing: dict[Any, list[Membership]] = defaultdict(list)
        for m in Membership.objects.filter(coalition=self.coalition):
            existing[(m.organisation_id, m.joined_on)].append(m)
        seen: dict[Any, int] = {}
        for row in rows:
            org = self._org(row, "organisation", row.values.get("organisation") or "")
            values = {**row.values, "organisation": org}
            label = f"{row.values.get('organisation')} · {row.values.get('joined_on') or '—'}"
            if org is None:
                self._finish(row, label, Membership(), True, {}, [])
                continue
            key = (org.pk or id(org), values.get("joined_on"))
            if self._duplicate(row, seen, key, "organisation"):
                self._finish(row, label, Membership(), True, {}, [])
                continue
            found = existing.get(key, []) if org.pk else []
            self._record(row, label, Membership, found, values)

    def partnerships(self, rows: list[ParsedRow]) -> None:
        existing: dict[Any, list[Partnership]] = defaultdict(list)
        for p in Partnership.objects.filter(coalition=self.coalition):
            existing[(p.organisation_id, p.partnership_type, p.started_on)].append(p)
        seen: dict[Any, int] = {}
        for row in rows:
            org = self._org(row, "organisation", row.values.get("organisation") or "")
            values = {**row.values, "organisation": org}
            label = (
                f"{row.values.get('organisation')} · {row.values.get('partnership_type')}"
                f" · {row.values.get('started_on') or '—'}"
            )
            if org is None:
                self._finish(row, label, Partnership(), True, {}, [])
                continue
            key = (org.pk or id(org), values.get("partnership_type"), values.get("started_on"))
            if self._duplicate(row, seen, key, "organisation"):
                self._finish(row, label, Partnership(), True, {}, [])
                continue
            found = existing.get(key, []) if org.pk else []
            self._record(row, label, Partnership, found, values)

    def _record(
        self,
        row: ParsedRow,
        label: str,
        model: type[models.Model],
        found: list[Any],
        values: dict[str, Any],
    ) -> None:
        if len(found) > 1:
            row.issues.append(
                self._issue(
                    row,
                    "",
                    _("%(n)s existing records have this natural key; cannot tell which to update.")
                    % {"n": len(found)},
                )
            )
        creating = not found
        obj = model(coalition=self.coalition) if creating else found[0]
        changes = self._apply_values(row, obj, values, creating)
        self._finish(row, label, obj, creating, changes, ["coalition", "organisation"])

    def engagements(self, rows: list[ParsedRow]) -> None:
        existing: dict[Any, list[Engagement]] = defaultdict(list)
        by_id: dict[int, Engagement] = {}
        for e in Engagement.objects.filter(coalition=self.coalition):
            existing[(e.date, name_key(e.title), e.practice_type)].append(e)
            by_id[e.pk] = e
        current: dict[int, set[tuple[int, str]]] = defaultdict(set)
        for eid, oid, role in Participation.objects.filter(coalition=self.coalition).values_list(
            "engagement_id", "organisation_id", "role"
        ):
            current[eid].add((oid, role))
        names = {o.pk: o for orgs in self.orgs.values() for o in orgs if o.pk}
        seen: dict[Any, int] = {}
        for row in rows:
            v = row.values
            label = f"{v.get('date') or '—'} · {v.get('title') or '—'}"
            leads = [o for n in v.get("leads") or [] if (o := self._org(row, "leads", n))]
            counterparts = [
                o for n in v.get("counterparts") or [] if (o := self._org(row, "counterparts", n))
            ]
            if "leads" in v and not v["leads"] and not row.issues:
                row.issues.append(
                    self._issue(row, "leads", _("Name at least one lead organisation."))
                )
            if {id(o) for o in leads} & {id(o) for o in counterparts}:
                row.issues.append(
                    self._issue(
                        row,
                        "counterparts",
                        _("An organisation cannot be both lead and counterpart."),
                    )
                )
            key = (v.get("date"), name_key(v.get("title") or ""), v.get("practice_type"))
            if self._duplicate(row, seen, key, "title"):
                self._finish(row, label, Engagement(), True, {}, [])
                continue
            found = existing.get(key, [])
            if len(found) > 1:
                row.issues.append(
                    self._issue(
                        row,
                        "title",
                        _("%(n)s existing engagements have this date, title and practice.")
                        % {"n": len(found)},
                    )
                )
            creating = not found
            eng = Engagement(coalition=self.coalition) if creating else found[0]
            fields = {k: x for k, x in v.items() if k not in ("leads", "counterparts")}
            changes = self._apply_values(row, eng, fields, creating)
            wanted_leads = leads if "leads" in v else None
            wanted_counterparts = counterparts if "counterparts" in v else None
            if not creating:
                old = current.get(eng.pk, set())
                old_leads = [names[o] for o, r in old if r == ParticipationRole.LEAD and o in names]
                old_cps = [
                    names[o] for o, r in old if r == ParticipationRole.COUNTERPART and o in names
                ]
                new_leads = wanted_leads if wanted_leads is not None else old_leads
                new_cps = wanted_counterparts if wanted_counterparts is not None else old_cps
                if _ids(new_leads) != _ids(old_leads):
                    changes["leads"] = [_names(old_leads), _names(new_leads)]
                if _ids(new_cps) != _ids(old_cps):
                    changes["counterparts"] = [_names(old_cps), _names(new_cps)]
                if "leads" in changes or "counterparts" in changes:
                    self.plan.participants[id(eng)] = (eng, new_leads, new_cps)
            else:
                self.plan.participants[id(eng)] = (eng, leads, counterparts)
            self._finish(row, label, eng, creating, changes, ["coalition"])
            if any(i.level == "error" for i in row.issues):
                self.plan.participants.pop(id(eng), None)


def _ids(orgs: list[Organisation]) -> set[int]:
    return {o.pk if o.pk else id(o) for o in orgs}


def _names(orgs: list[Organisation]) -> list[str]:
    return sorted(o.name for o in orgs)


def plan_import(
    *, coalition: Coalition, file: str, sheets: list[ParsedSheet]
) -> tuple[ImportReport, ImportPlan]:
    """Match every parsed row to the coalition's records; nothing is written."""
    planner = _Planner(coalition, file)
    by_kind: dict[str, list[ParsedRow]] = defaultdict(list)
    for sheet in sheets:
        planner.report.issues.extend(sheet.issues)
        if sheet.kind:
            by_kind[sheet.kind].extend(sheet.rows)
    for kind in KINDS:  # organisations first: the other kinds name them
        if by_kind.get(kind):
            getattr(planner, kind)(by_kind[kind])
    return planner.report, planner.plan

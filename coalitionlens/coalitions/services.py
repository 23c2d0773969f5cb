"""Writes to the directory. Every write validates (``full_clean``), runs in one transaction, and audits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import Coalition, Organisation, Sector
from coalitionlens.kit.audited import record_delete, record_save


def subsector_create(
    *, coalition: Coalition, parent: Sector, code: str, name: str, actor: Any
) -> Sector:
    """A coordinator adds a sub-sector under a top-level sector; it inherits the macro-sector."""
    if parent.parent_id is not None:
        raise ValidationError({"parent": _("A sub-sector must belong to a top-level sector.")})
    sector = Sector(
        coalition=coalition,
        parent=parent,
        code="_".join(code.upper().split()),
        name=name.strip(),
        macro_sector=parent.macro_sector,
    )
    return record_save(instance=sector, actor=actor)  # type: ignore[return-value]


def sector_delete(*, sector: Sector, actor: Any) -> None:
    """Remove a coalition's own sub-sector. The core taxonomy can never be removed."""
    if sector.is_core or sector.coalition_id is None:
        raise ValidationError(_("Core sectors cannot be removed."))
    record_delete(instance=sector, actor=actor)


def coalition_delete(*, coalition: Coalition, actor: Any) -> dict[str, int]:
    """Delete a coalition that leaves, completely: every record that belongs to it, its own
    sub-sectors, roles and audit trail. Nothing of any other coalition is touched. People's accounts
    stay (they may belong to other coalitions); their role here goes.

    Returns the number of rows deleted per model.
    """
    from coalitionlens.audit.models import AuditEntry

    with transaction.atomic():
        pk, name = coalition.pk, coalition.name
        Coalition.objects.filter(pk=pk).update(secretariat=None)
        # Organisations first: they protect the sub-sectors the coalition added.
        _, orgs = Organisation.objects.filter(coalition_id=pk).delete()
        _, rest = Coalition.objects.filter(pk=pk).delete()
        counts = {k: orgs.get(k, 0) + rest.get(k, 0) for k in {*orgs, *rest}}
        counts["audit.AuditEntry"] = AuditEntry.objects.filter(coalition_id=pk).purge()
        audit_record(action=Action.DELETE, actor=actor, summary=f"deleted coalition {name} (#{pk})")
    return counts

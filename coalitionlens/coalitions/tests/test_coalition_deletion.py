"""A coalition that leaves is deleted completely, and nothing of any other coalition is touched."""

from __future__ import annotations

from django.apps import apps

from coalitionlens.audit.models import AuditEntry
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import Coalition, Sector
from coalitionlens.coalitions.services import coalition_delete
from coalitionlens.web.tests.seeding import seed_every_kind


def _rows_per_coalition() -> dict[tuple[str, int | None], int]:
    counts: dict[tuple[str, int | None], int] = {}
    for model in apps.get_models():
        names = {f.attname for f in model._meta.concrete_fields}
        key = "coalition_id" if "coalition_id" in names else ("id" if model is Coalition else None)
        if key is None:
            continue
        for value in model._default_manager.values_list(key, flat=True):
            counts[(model._meta.label, value)] = counts.get((model._meta.label, value), 0) + 1
    return counts


def test_deleting_one_coalition_removes_all_of_it_and_nothing_of_the_other(cast):
    seed_every_kind(cast.lens)
    seed_every_kind(cast.other)
    audit_record(action="create", coalition_id=cast.lens.pk, summary="lens work")
    audit_record(action="create", coalition_id=cast.other.pk, summary="other work")
    before = _rows_per_coalition()
    lens_id, other_id = cast.lens.pk, cast.other.pk
    assert sum(n for (label, c), n in before.items() if c == lens_id) > 15

    coalition_delete(coalition=cast.lens, actor=None)

    after = _rows_per_coalition()
    assert [k for k in after if k[1] == lens_id] == []
    assert {k: n for k, n in after.items() if k[1] == other_id} == {
        k: n for k, n in before.items() if k[1] == other_id
    }
    assert Sector.objects.filter(coalition__isnull=True).count() > 20  # the core taxonomy stays
    assert not AuditEntry.objects.filter(coalition_id=lens_id).exists()
    assert AuditEntry.objects.filter(summary__startswith="deleted coalition Lens").exists()
    assert cast.alice.__class__.objects.filter(pk=cast.alice.pk).exists()  # accounts stay

"""SAFETY.md "Do no harm": no victim or case data can be stored, and every field is inventoried."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from django.apps import apps

INVENTORY = Path(__file__).resolve().parents[2] / "data_inventory.toml"
SENSITIVITIES = {"public", "internal", "confidential", "secret"}
RETENTIONS = {"coalition", "account", "audit", "once-key", "token"}

# Names that would mean a field holds victim, survivor or case data.
FORBIDDEN = re.compile(
    r"victim|survivor_name|survivor_id|birth|dob|passport|national_id|id_number|case_(number|file|id)|"
    r"ssn|gender_identity|ethnicity|religion_of|medical|diagnos|address_home|phone_personal",
    re.IGNORECASE,
)


def _project_fields() -> dict[str, set[str]]:
    out = {}
    for model in apps.get_models():
        if not model.__module__.startswith("coalitionlens"):
            continue
        out[model._meta.label] = {
            f.name
            for f in model._meta.get_fields()
            if (f.concrete or f.many_to_many) and not f.auto_created
        }
    return out


def test_every_model_field_has_an_inventory_entry_and_no_entry_is_stale():
    inventory = tomllib.loads(INVENTORY.read_text(encoding="utf-8"))["models"]
    fields = _project_fields()
    assert set(inventory) == set(fields), "models missing from or extra in the data inventory"
    for label, names in fields.items():
        listed = set(inventory[label]["fields"])
        assert names - listed == set(), f"{label}: fields missing from the inventory"
        assert listed - names == set(), f"{label}: inventory names fields that do not exist"


def test_every_inventory_entry_says_sensitivity_retention_and_readers():
    inventory = tomllib.loads(INVENTORY.read_text(encoding="utf-8"))["models"]
    for label, entry in inventory.items():
        assert entry["sensitivity"] in SENSITIVITIES, label
        assert entry["retention"] in RETENTIONS, label
        assert entry["visible_to"], label
        assert all(purpose.strip() for purpose in entry["fields"].values()), label


def test_no_model_can_store_victim_or_case_data():
    offenders = [
        f"{label}.{name}"
        for label, names in _project_fields().items()
        for name in names
        if FORBIDDEN.search(name)
    ]
    assert offenders == []
    assert FORBIDDEN.search("victim_name")
    assert FORBIDDEN.search("date_of_birth")


def test_focal_points_are_inventoried_as_personal_data_for_coordinators_only():
    entry = tomllib.loads(INVENTORY.read_text(encoding="utf-8"))["models"]["coalitions.FocalPoint"]
    assert entry["visible_to"] == ["coordinator"]
    assert entry["retention"] == "coalition"
    assert entry["sensitivity"] == "secret"
    assert "personal data" in entry["fields"]["name"]

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


# A field whose name could describe a person (who they are, how to reach them, their traits).
PERSONLIKE = re.compile(
    r"email|phone|mobile|whatsapp|telegram|person|people|contact|gender|sex\b|^age|nationality|"
    r"address|first_name|last_name|full_name|surname|birth|dob|photo|name",
    re.IGNORECASE,
)
#: Every such field, and why it is not about a person in the coalition's data.
NOT_ABOUT_A_PERSON = {
    "accounts.AccessToken.name": "a token's label",
    "coalitions.Coalition.name": "an organisation's",
    "coalitions.Sector.name": "a vocabulary entry",
    "coalitions.Organisation.name": "an organisation's",
    "coalitions.Unit.name": "a board's or working group's",
    "pathways.SubStage.name": "a vocabulary entry",
    "pathways.Service.name": "a service an organisation offers",
    "transfer.ImportBatch.file_name": "an imported file's",
}
#: People who use the product: account holders and the survey's invitees (addressing the link only).
USERS_OF_THE_PRODUCT = {
    "accounts.User.first_name",
    "accounts.User.last_name",
    "accounts.User.email",
    "accounts.User.display_name",
    "surveys.Respondent.name",
    "surveys.Respondent.email",
}
FOCAL_POINT_FIELDS = {
    "coalition", "organisation", "name", "role_title", "since", "expected_until", "languages",
    "work_email",
}  # fmt: skip


def test_no_model_stores_anything_about_a_person_but_focal_points_professional_details():
    """Issue 18: the coalition's data hold organisations and what they do; the one record about a
    person is a focal point, and of it only professional details (no contact but a work address,
    no trait). Users of the product (accounts, survey invitees) are listed apart, with their
    inventory entries restricted as SAFETY.md says."""
    fields = _project_fields()
    found = {
        f"{label}.{name}"
        for label, names in fields.items()
        for name in names
        if PERSONLIKE.search(name) and label != "coalitions.FocalPoint"
    }
    assert found - set(NOT_ABOUT_A_PERSON) - USERS_OF_THE_PRODUCT == set()
    assert set(NOT_ABOUT_A_PERSON) | USERS_OF_THE_PRODUCT <= found, "a listed field is gone"
    assert fields["coalitions.FocalPoint"] == FOCAL_POINT_FIELDS
    inventory = tomllib.loads(INVENTORY.read_text(encoding="utf-8"))["models"]
    personal = {
        (label, field)
        for label, entry in inventory.items()
        for field, purpose in entry["fields"].items()
        if "personal data" in purpose
    }
    # the focal points, and the engagements' link to them (which focal point carried a tie)
    assert {label for label, _ in personal} == {"coalitions.FocalPoint", "engagements.Engagement"}
    assert {f for label, f in personal if label == "engagements.Engagement"} == {"focal_points"}
    assert inventory["surveys.Respondent"]["visible_to"] == ["coordinator"]
    assert PERSONLIKE.search("contact_person")
    assert PERSONLIKE.search("survivor_phone")

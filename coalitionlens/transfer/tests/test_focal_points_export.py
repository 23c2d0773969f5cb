"""Focal points in the whole-coalition export (issue 18): personal data, so only in a full export
made for a coordinator (or the command line), never in a safe file, and back in on import."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from coalitionlens.coalitions.models import Coalition, FocalPoint
from coalitionlens.coalitions.tests.factories import FocalPointFactory, OrganisationFactory
from coalitionlens.transfer.exports import FORMATS, export_bytes
from coalitionlens.transfer.whole import import_whole

pytestmark = pytest.mark.django_db

NAME = "Sentinel Focal Chenda"
EMAIL = "chenda.sentinel@harbour.example"


@pytest.fixture
def person(cast):
    org = OrganisationFactory(coalition=cast.lens, name="Harbour Aid")
    return FocalPointFactory(organisation=org, name=NAME, work_email=EMAIL)


def _text(data: bytes) -> str:
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(
                z.read(n).decode("utf-8", "replace")
                for n in z.namelist()
                if not n.startswith(("xl/styles", "docProps"))
            )
    return data.decode("utf-8", "replace")


@pytest.mark.parametrize("fmt", ["xlsx", "json", "csv"])
def test_a_coordinators_full_export_carries_the_focal_points(cast, person, fmt):
    text = _text(export_bytes(coalition=cast.lens, role="coordinator", fmt=fmt))
    assert NAME in text
    assert EMAIL in text


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("role", ["analyst", "member", "viewer"])
def test_no_other_roles_export_names_a_focal_point(cast, person, fmt, role):
    text = _text(export_bytes(coalition=cast.lens, role=role, fmt=fmt))
    assert NAME not in text
    assert EMAIL not in text


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_safe_export_names_a_focal_point_even_for_a_coordinator(cast, person, fmt):
    text = _text(export_bytes(coalition=cast.lens, role="coordinator", fmt=fmt, safe=True))
    assert NAME not in text
    assert EMAIL not in text


def test_focal_points_come_back_in_with_a_whole_coalition_import(cast, person):
    data = export_bytes(coalition=cast.lens, role="coordinator", fmt="json")
    assert NAME in json.dumps(json.loads(data))
    copy = Coalition.objects.create(
        slug="copy", name="Copy", country="Elsewhere", region="EUROPE", governance_model="LEAD"
    )
    report = import_whole(coalition=copy, name="lens.json", data=data, actor=cast.alice)
    assert not report.issues, report.issues
    (back,) = FocalPoint.objects.filter(coalition=copy)
    assert (back.name, back.work_email, back.organisation.name) == (NAME, EMAIL, "Harbour Aid")

"""Attack 5 of issue 10: a file that leaves the server names organisations, people or the at-risk flag.

Every safe export, in every format and in English and Khmer, is unpacked (the XLSX's XML parts and
shared strings, the CSV zip's members), XML and JSON escapes undone, and searched for every
organisation name and acronym, every person's name and e-mail, any e-mail at all, and the at-risk
flag — as the safe reports are searched (``reports/tests/test_safe_mode.py``)."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile

import networkx as nx
import pytest
from django.utils import translation
from openpyxl import load_workbook

from coalitionlens.accounts.models import User
from coalitionlens.coalitions.aliases import alias_map, alias_secret
from coalitionlens.coalitions.models import FocalPoint, Organisation, Sector
from coalitionlens.coalitions.tests.factories import (
    FocalPointFactory,
    FundingFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    core_sector,
)
from coalitionlens.engagements.models import Participation
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.pathways.tests.factories import (
    ReferralTieFactory,
    ServiceFactory,
    SubStageFactory,
)
from coalitionlens.transfer.exports import FORMATS, export_bytes

pytestmark = pytest.mark.django_db

PERSON = "Sokha Chanthavong"
DISTRICT = "Sentinel District Prey Nob"
EMAIL = "sokha.chanthavong@shelter.example.org"
AMOUNT = "987654.32"
AT_RISK = re.compile(r"at[\s_-]?risk", re.IGNORECASE)
ANY_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def texts_of(fmt: str, data: bytes) -> list[str]:
    """Every piece of text in an export file: the raw bytes decoded, each archive member unpacked,
    XML entities and JSON escapes undone, so an escaped name (``O&apos;Neil``) is found too."""
    parts: list[str] = []
    if fmt in ("xlsx", "csv"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.namelist()
            parts += [archive.read(n).decode("utf-8-sig") for n in archive.namelist()]
    else:
        parts.append(data.decode("utf-8"))
    if fmt == "json":
        parts.append(json.dumps(json.loads(data), ensure_ascii=False))
        parts += [str(v) for v in _leaves(json.loads(data))]
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        parts += [str(c) for s in book for r in s.iter_rows(values_only=True) for c in r if c]
    return [*parts, *(html.unescape(p) for p in parts)]


def _leaves(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def acronym_pattern(acronym: str) -> re.Pattern[str]:
    # As a word of its own, so "MOJ" is not found inside "MOJITO" (codes are in capitals too).
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(acronym)}(?![A-Za-z0-9_])")


def leaks(fmt: str, data: bytes, coalition) -> list[str]:
    """What of the coalition's organisations and people the file gives away."""
    orgs = list(Organisation.objects.filter(coalition=coalition))
    people = User.objects.filter(coalition_roles__coalition=coalition)
    found = []
    for text in texts_of(fmt, data):
        found += [f"name {o.name!r}" for o in orgs if o.name in text]
        found += [
            f"acronym {o.acronym!r}"
            for o in orgs
            if o.acronym and acronym_pattern(o.acronym).search(text)
        ]
        found += [f"city {o.city!r}" for o in orgs if len(o.city) > 3 and o.city in text]
        found += [f"person {p.email}" for p in people if p.email in text]
        found += [
            f"person {p.display_name}"
            for p in people
            if len(p.display_name) > 5 and p.display_name in text
        ]
        found += [f"person {PERSON}"] if PERSON in text else []
        found += [
            f"focal point {f.name}"
            for f in FocalPoint.objects.filter(coalition=coalition)
            if f.name in text or (f.work_email and f.work_email in text)
        ]
        found += [f"e-mail {m.group(0)}" for m in ANY_EMAIL.finditer(text)]
        found += [f"at-risk flag {m.group(0)!r}" for m in AT_RISK.finditer(text)]
        found += [f"funding amount {AMOUNT}"] if AMOUNT in text else []
    return sorted(set(found))


def _codes(coalition) -> list[str]:
    ids = Organisation.objects.filter(coalition=coalition).values_list("id", "sector__macro_sector")
    return [a.rsplit(" ", 1)[1] for a in alias_map(alias_secret(coalition), list(ids)).values()]


def _engagement(coalition, lead, counterpart, **kw):
    e = EngagementFactory(coalition=coalition, **kw)
    Participation.objects.filter(engagement=e).delete()
    Participation.objects.create(coalition=coalition, engagement=e, organisation=lead, role="LEAD")
    Participation.objects.create(
        coalition=coalition, engagement=e, organisation=counterpart, role="COUNTERPART"
    )
    return e


@pytest.fixture
def world(cast):
    """Names that escape (apostrophe, ampersand, Khmer), acronyms, an at-risk shelter with its city,
    a coalition's own sub-sector, and a person and an e-mail in every free-text field."""
    note = f"Call {PERSON} ({EMAIL}) before the visit"
    own_sub = Sector.objects.create(
        coalition=cast.lens,
        parent=core_sector("CIVIL_SOCIETY"),
        code="HARBOUR_SHELTERS",
        name="Harbour shelters",
        macro_sector="CIVIL",
    )
    shelter = OrganisationFactory(
        coalition=cast.lens,
        name="Women's Harbour Refuge & Shelter",
        acronym="WHRS",
        at_risk=True,
        survivor_led=True,
        city="Kampong Saom",
        subsector=own_sub,
        notes=note,
    )
    police = OrganisationFactory(
        coalition=cast.lens,
        name="Anti-Trafficking Juvenile Police Unit",
        acronym="ATJPU",
        sector=core_sector("LAW_ENFORCEMENT"),
        notes=note,
    )
    ministry = OrganisationFactory(
        coalition=cast.lens,
        name="ក្រសួងកិច្ចការនារី",  # the ministry of women's affairs, in Khmer
        acronym="MoWA",
        sector=core_sector("GOVERNMENT"),
        city="Phnom Penh",
    )
    cast.lens.secretariat = police
    cast.lens.save()
    for lead, counterpart, conf in (
        (shelter, police, "INTERNAL"),
        (shelter, ministry, "RESTRICTED"),
        (police, ministry, "CONFIDENTIAL"),
    ):
        _engagement(
            cast.lens,
            lead,
            counterpart,
            title=f"Case conference with {PERSON} of {counterpart.name}",
            description=note,
            outcome_notes=note,
            follow_up=f"Send the minutes to {EMAIL}",
            confidentiality=conf,
        )
    MembershipFactory(organisation=shelter, notes=note)
    PartnershipFactory(organisation=ministry, level=3, notes=note)
    FocalPointFactory(organisation=shelter, name="Sentinel Focal Sokha", work_email="")
    # The pathway: a service whose name, notes and sub-stage name a person, in a district.
    first_call = SubStageFactory(coalition=cast.lens, stage="SHELTER", name=f"Intake by {PERSON}")
    night = ServiceFactory(
        organisation=shelter,
        name=f"Night line of {PERSON}",
        substage=first_call,
        notes=note,
        provinces=["Preah Sihanouk"],
        district=DISTRICT,
    )
    hotline = ServiceFactory(organisation=police, stage="IDENTIFICATION", name="ATJPU hotline")
    ReferralTieFactory(from_service=hotline, to_service=night, notes=note)
    donor = OrganisationFactory(
        coalition=cast.lens, name="Fictional Sentinel Donor Fund", acronym="FSDF", origin="FOREIGN"
    )
    FundingFactory(
        funder=donor,
        recipient=shelter,
        amount_band="F_250K_1M",
        amount=AMOUNT,
        currency="THB",
        notes=note,
    )
    FundingFactory(funder=donor, recipient=None, amount_band="F_10K_50K", notes=note)
    return {"shelter": shelter, "police": police, "ministry": ministry, "donor": donor}


@pytest.mark.parametrize("lang", ["en", "km"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_safe_export_names_an_organisation_or_a_person_or_flags_at_risk(cast, world, fmt, lang):
    with translation.override(lang):
        data = export_bytes(coalition=cast.lens, role="coordinator", fmt=fmt, safe=True)
    assert leaks(fmt, data, cast.lens) == []
    assert "HARBOUR_SHELTERS" not in data.decode("utf-8", "replace")  # the coalition's own word
    assert DISTRICT not in "\n".join(texts_of(fmt, data))
    # The organisations are there, under the aliases the safe reports give them.
    text = "\n".join(texts_of(fmt, data))
    assert all(code in text for code in _codes(cast.lens)), fmt


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_scan_finds_what_a_normal_export_gives_away(cast, world, fmt):
    """The scan is not blind: an export without safe mode shows names, and the network files and
    tables the at-risk flag."""
    data = export_bytes(coalition=cast.lens, role="coordinator", fmt=fmt)
    found = leaks(fmt, data, cast.lens)
    assert any(f.startswith("name ") for f in found), fmt
    if fmt not in ("graphml", "gexf"):
        assert DISTRICT in "\n".join(texts_of(fmt, data)), fmt  # the services are there
    assert any(f.startswith("at-risk flag") for f in found), fmt
    if fmt not in ("graphml", "gexf"):
        assert any(f.startswith(("person ", "e-mail ")) for f in found), fmt


def test_safe_network_files_keep_the_network(cast, world):
    """Same nodes, ties, sectors and tie weights as the normal file; only the names change."""
    for fmt in ("graphml", "gexf"):
        read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        normal = read(io.BytesIO(export_bytes(coalition=cast.lens, role="analyst", fmt=fmt)))
        safe = read(
            io.BytesIO(export_bytes(coalition=cast.lens, role="analyst", fmt=fmt, safe=True))
        )
        assert safe.number_of_nodes() == normal.number_of_nodes()
        assert sorted(d["weight"] for *_e, d in safe.edges(data=True)) == sorted(
            d["weight"] for *_e, d in normal.edges(data=True)
        )
        assert sorted(d["macro_sector"] for _n, d in safe.nodes(data=True)) == sorted(
            d["macro_sector"] for _n, d in normal.nodes(data=True)
        )
        assert all("at_risk" not in d for _n, d in safe.nodes(data=True))


def test_an_organisation_has_the_same_alias_in_a_safe_export_and_a_safe_report(cast, world):
    from coalitionlens.reports.services import report_build

    report = report_build(coalition=cast.lens, role="coordinator", fmt="html", lang="en", safe=True)
    doc = json.loads(export_bytes(coalition=cast.lens, role="coordinator", fmt="json", safe=True))
    aliases = {o["name"] for o in doc["organisations"]}
    police = alias_map(alias_secret(cast.lens), [(world["police"].pk, "PUBLIC")])[
        world["police"].pk
    ]
    assert police in aliases
    assert police.encode() in report  # the secretariat brokers: it is in the brokers' table


def test_safe_rows_are_in_the_order_of_their_aliases_not_of_the_real_names(cast, world):
    doc = json.loads(export_bytes(coalition=cast.lens, role="coordinator", fmt="json", safe=True))
    names = [o["name"] for o in doc["organisations"]]
    assert names == sorted(names)


def test_a_safe_export_still_hides_what_the_role_may_not_read(cast, world):
    safe = json.loads(export_bytes(coalition=cast.lens, role="analyst", fmt="json", safe=True))
    restricted = [e for e in safe["engagements"] if e["confidentiality"] == "RESTRICTED"]
    assert len(restricted) == 1
    assert restricted[0]["counterparts"] == []


def test_a_safe_export_carries_the_services_and_ties_by_alias_without_their_words(cast, world):
    """Who offers which stage for whom where, and who refers to whom, stay readable; a service's
    name, notes, sub-stage and district do not leave (transfer.safe.KEPT)."""
    doc = json.loads(export_bytes(coalition=cast.lens, role="member", fmt="json", safe=True))
    aliases = {
        k: alias_map(alias_secret(cast.lens), [(world[k].pk, m)])[world[k].pk]
        for k, m in (("shelter", "CIVIL"), ("police", "PUBLIC"))
    }
    assert "substages" not in doc
    services = {s["stage"]: s for s in doc["services"]}
    assert set(services["SHELTER"]) == {
        "organisation",
        "stage",
        "trafficking_types",
        "populations",
        "provinces",
        "capacity",
        "languages",
    }
    assert services["SHELTER"]["organisation"] == aliases["shelter"]
    assert services["SHELTER"]["provinces"] == ["Preah Sihanouk"]
    assert services["IDENTIFICATION"]["organisation"] == aliases["police"]
    [tie] = doc["referral_ties"]
    assert tie == {
        "from_organisation": aliases["police"],
        "from_stage": "IDENTIFICATION",
        "to_organisation": aliases["shelter"],
        "to_stage": "SHELTER",
        "kind": "PRACTICE",
        "since": None,
    }
    one = export_bytes(coalition=cast.lens, role="member", fmt="csv", kind="services", safe=True)
    lines = one.decode("utf-8-sig").splitlines()
    assert (
        lines[0] == "organisation,stage,trafficking_types,populations,provinces,capacity,languages"
    )
    assert len(lines) == 3
    assert PERSON not in one.decode()


def test_a_safe_export_carries_funding_in_bands_under_aliases(cast, world):
    """The funding flows are there for a role that reads them (the shares stay computable), with
    the funder and recipient under their aliases, the band and the dates: never the exact amount,
    its currency or the notes."""
    normal = json.loads(export_bytes(coalition=cast.lens, role="analyst", fmt="json"))
    assert {f["funder"] for f in normal["fundings"]} == {"Fictional Sentinel Donor Fund"}
    safe = json.loads(export_bytes(coalition=cast.lens, role="analyst", fmt="json", safe=True))
    ids = [(o.pk, o.sector.macro_sector) for o in (world["donor"], world["shelter"])]
    by_id = alias_map(alias_secret(cast.lens), ids)
    donor, shelter = by_id[world["donor"].pk], by_id[world["shelter"].pk]
    assert sorted(
        (f["funder"], f["recipient"], f["amount_band"]) for f in safe["fundings"]
    ) == sorted([(donor, shelter, "F_250K_1M"), (donor, "", "F_10K_50K")])
    assert all(
        set(f) == {"funder", "recipient", "amount_band", "started_on", "ended_on"}
        for f in safe["fundings"]
    )
    one = export_bytes(coalition=cast.lens, role="analyst", fmt="csv", safe=True, kind="fundings")
    text = one.decode("utf-8-sig")
    assert donor in text
    assert all(bad not in text for bad in ("Sentinel Donor", "Harbour", AMOUNT, "THB", PERSON))


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_no_export_carries_funding_for_a_role_that_may_not_read_it(cast, world, role):
    for safe in (False, True):
        doc = json.loads(export_bytes(coalition=cast.lens, role=role, fmt="json", safe=safe))
        assert "fundings" not in doc, (role, safe)
        assert AMOUNT not in json.dumps(doc)

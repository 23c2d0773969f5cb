"""Offline collection: the XLSForm converts cleanly with pyxform; Kobo and ODK Central exports of it
import all or nothing, skip duplicates, and give the same scores as the same answers on the web."""

from __future__ import annotations

import csv
import io
import json
import random

import openpyxl
import pytest
from django.urls import reverse
from pyxform.xls2xform import convert
from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.surveys import services
from coalitionlens.surveys.instruments import latest
from coalitionlens.surveys.models import Answer, Response, RoundStatus
from coalitionlens.surveys.offline import ImportFailed, submissions_import
from coalitionlens.surveys.scoring import RoundData, score_round
from coalitionlens.surveys.selectors import round_xlsform
from coalitionlens.surveys.tests.factories import (
    RespondentFactory,
    SurveyRoundFactory,
    counting_organisation,
    invite,
)

SECTORS = ["CIVIL_SOCIETY", "GOVERNMENT", "BUSINESS", "FAITH_BASED"]


@pytest.fixture
def orgs(cast):
    return [
        counting_organisation(
            coalition=cast.lens, name=f"Org {i}", sector=core_sector(SECTORS[i % 4])
        )
        for i in range(7)
    ]


def _paths(xlsx: bytes) -> list[tuple[str, str, list[str]]]:
    """(type, name, enclosing groups) of every question of the form, in order."""
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    groups: list[str] = []
    out = []
    for row in rows[1:]:
        cell = dict(zip(head, row, strict=False))
        kind, name = cell["type"], cell["name"]
        if kind == "begin group":
            groups.append(name)
        elif kind == "end group":
            groups.pop()
        elif kind != "note":
            out.append((kind, name, list(groups)))
    return out


def _submission(seed: int, me: int, others: list[int]) -> dict[str, str]:
    rng = random.Random(seed)
    partners = sorted(rng.sample([o for o in others if o != me], 3))
    values = {"respondent_org": str(me), "consent": "yes", "partners": " ".join(map(str, partners))}
    rel = latest("relationship")
    for t in partners:
        for item in rel.items:
            values[f"p{t}_{item['code']}"] = str(rng.choice(rel.values(item["scale"])))
        values[f"p{t}_practices"] = "MOU REFERRAL_PROTOCOL"
    for item in latest("health").items:
        values[item["code"]] = str(rng.randint(1, 5))
    values["comment"] = f"comment {seed}"
    for about in ("PUBLIC", "PRIVATE", "INTERNATIONAL"):
        values[f"hf_{about}_fear_cooptation"] = str(rng.randint(1, 3))
        values[f"hf_{about}_hope_reach"] = str(rng.randint(1, 3))
    return values


def _kobo_xlsx(xlsx_form: bytes, submissions: list[dict[str, str]]) -> bytes:
    """What KoboToolbox writes: group/question headers, select_multiple also as one 0/1 column per
    choice, then meta/instanceID, _id, _uuid, _submission_time, _index."""
    headers, keys = [], []
    for kind, name, groups in _paths(xlsx_form):
        headers.append("/".join([*groups, name]))
        keys.append((name, None))
        if kind.startswith("select_multiple"):
            for value in sorted({v for s in submissions for v in s.get(name, "").split()}):
                headers.append("/".join([*groups, name, value]))
                keys.append((name, value))
    headers += ["meta/instanceID", "_id", "_uuid", "_submission_time", "_index"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for i, s in enumerate(submissions):
        row = []
        for name, value in keys:
            if value is None:
                row.append(s.get(name, ""))
            else:
                row.append(1 if value in s.get(name, "").split() else 0)
        row += [f"uuid:{i:08d}-aaaa", i, f"{i:08d}-aaaa", "2026-03-02T10:00:00", i + 1]
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _odk_csv(xlsx_form: bytes, submissions: list[dict[str, str]]) -> bytes:
    """What ODK Central writes: SubmissionDate first, group-question headers, meta-instanceID, KEY."""
    paths = _paths(xlsx_form)
    headers = [
        "SubmissionDate",
        *("-".join([*g, n]) for _k, n, g in paths),
        "meta-instanceID",
        "KEY",
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for i, s in enumerate(submissions):
        writer.writerow(
            ["2026-03-02", *(s.get(n, "") for _k, n, _g in paths), f"uuid:odk-{i}", f"uuid:odk-{i}"]
        )
    return out.getvalue().encode()


def test_the_xlsform_converts_with_no_error_or_warning(cast, orgs):
    round_ = SurveyRoundFactory(coalition=cast.lens)
    form = round_xlsform(round=round_)
    warnings: list[str] = []
    result = convert(xlsform=form, warnings=warnings, file_type=".xlsx")
    assert warnings == []
    assert "selected(" in result.xform
    book = openpyxl.load_workbook(io.BytesIO(form))
    head = [c.value for c in book["survey"][1]]
    assert {"label::English (en)", "label::Français (fr)", "label::ខ្មែរ (km)"} <= set(head)
    names = {row[1] for row in book["choices"].iter_rows(values_only=True) if row[0] == "orgs"}
    assert names == {str(o.pk) for o in orgs}


def _web_answers(client, token, s: dict[str, str]) -> None:
    client.post(reverse("survey_answer_start", args=[token]), {"consent": "yes"})
    page = lambda name: reverse("survey_answer_section", args=[token, name])  # noqa: E731
    client.post(page("partners"), {"partners": s["partners"].split()})
    ratings = {
        k: (v.split() if k.endswith("_practices") else v)
        for k, v in s.items()
        if k.startswith("p") and k[1].isdigit()
    }
    client.post(page("ratings"), ratings)
    codes = [i["code"] for i in latest("health").items]
    for n, start in enumerate(range(0, len(codes), 10), 1):
        data = {c: s[c] for c in codes[start : start + 10]}
        if start + 10 >= len(codes):
            data["comment"] = s["comment"]
        client.post(page(f"health-{n}"), data)
    for about in ("PUBLIC", "PRIVATE", "INTERNATIONAL"):
        prefix = f"hf_{about}_"
        client.post(
            page(f"hopes-{about.lower()}"),
            {k[len(prefix) :]: v for k, v in s.items() if k.startswith(prefix)},
        )


@pytest.mark.parametrize("flavour", ["kobo_xlsx", "odk_csv"])
def test_round_trip_offline_and_web_give_the_same_scores(client, cast, orgs, settings, flavour):
    settings.COALITIONLENS_SURVEY_K = 3
    ids = [o.pk for o in orgs]
    submissions = [_submission(seed, ids[seed], ids) for seed in range(6)]
    offline = SurveyRoundFactory(coalition=cast.lens, title="offline")
    web = SurveyRoundFactory(coalition=cast.lens, title="web")
    form = round_xlsform(round=offline)
    data = _kobo_xlsx(form, submissions) if flavour == "kobo_xlsx" else _odk_csv(form, submissions)
    result = submissions_import(round=offline, data=data, file_name="export")
    assert result.imported == 6
    again = submissions_import(round=offline, data=data, file_name="export")
    assert (again.imported, again.duplicates) == (0, 6)
    for s in submissions:
        respondent = RespondentFactory(round=web, organisation_id=int(s["respondent_org"]))
        _web_answers(client, invite(respondent), s)
    web_keys = sorted(Answer.objects.filter(response__round=web).values_list("key", "value"))
    offline_keys = sorted(
        Answer.objects.filter(response__round=offline).values_list("key", "value")
    )
    assert web_keys == offline_keys
    closed = [services.round_close(round=r, actor=cast.alice) for r in (offline, web)]
    scores = [score_round(RoundData.from_snapshot(r.snapshot), k=3) for r in closed]
    assert scores[0] == scores[1]
    assert any(not c.hidden for c in scores[0].cells())


def test_one_bad_value_imports_nothing_and_names_the_row_and_column(cast, orgs):
    ids = [o.pk for o in orgs]
    round_ = SurveyRoundFactory(coalition=cast.lens)
    subs = [_submission(seed, ids[seed], ids) for seed in range(3)]
    subs[2]["shared_power_1"] = "7"
    with pytest.raises(ImportFailed) as failed:
        submissions_import(
            round=round_, data=_odk_csv(round_xlsform(round=round_), subs), file_name="bad.csv"
        )
    (error,) = failed.value.errors
    assert (error.file, error.row, error.column) == ("bad.csv", 4, "shared_power_1")
    assert not Response.objects.exists()


def test_declined_consent_stores_nothing(cast, orgs):
    ids = [o.pk for o in orgs]
    round_ = SurveyRoundFactory(coalition=cast.lens)
    sub = _submission(1, ids[1], ids)
    sub["consent"] = "no"
    result = submissions_import(
        round=round_, data=_odk_csv(round_xlsform(round=round_), [sub]), file_name="f"
    )
    assert (result.imported, result.declined) == (0, 1)
    assert not Response.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_cli_lists_rounds_writes_the_form_and_imports(tmp_path):
    from coalitionlens.coalitions.tests.factories import CoalitionFactory
    from coalitionlens.conftest import _ensure_core_sectors

    _ensure_core_sectors()
    coalition = CoalitionFactory(slug="cli-lens")
    orgs = [
        OrganisationFactory(coalition=coalition, name=f"O{i}", sector=core_sector(SECTORS[i % 4]))
        for i in range(5)
    ]
    round_ = SurveyRoundFactory(coalition=coalition, status=RoundStatus.OPEN)
    runner = CliRunner()
    listed = runner.invoke(app, ["survey", "rounds", "cli-lens", "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)[0]["id"] == round_.pk
    form = tmp_path / "form.xlsx"
    assert runner.invoke(app, ["survey", "xlsform", str(round_.pk), "-o", str(form)]).exit_code == 0
    ids = [o.pk for o in orgs]
    export = tmp_path / "export.csv"
    export.write_bytes(_odk_csv(form.read_bytes(), [_submission(2, ids[0], ids)]))
    done = runner.invoke(app, ["survey", "import", str(round_.pk), str(export), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output.strip().splitlines()[-1])["imported"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent_org,consent\n999,yes\n")
    failed = runner.invoke(app, ["survey", "import", str(round_.pk), str(bad)])
    assert failed.exit_code == 1
    assert "bad.csv, row 2, column respondent_org" in failed.output


def _labels_export(form: bytes, submissions: list[dict[str, str]], extra=None) -> bytes:
    """What KoboToolbox writes with "Labels": group labels and question labels (English) as
    headers, choice labels as values."""
    from coalitionlens.surveys.kobo import form_labels

    book = openpyxl.load_workbook(io.BytesIO(form))
    survey = list(book["survey"].iter_rows(values_only=True))
    head = survey[0]
    en = head.index("label::English (en)")
    choice_rows = list(book["choices"].iter_rows(values_only=True))
    choice_label = {(r[0], str(r[1])): r[3] for r in choice_rows[1:]}
    labels = form_labels(form)
    assert labels.questions  # the form's questions were read
    headers, columns, groups = [], [], []
    for row in survey[1:]:
        kind, name = row[0], row[1]
        if kind == "begin group":
            groups.append(row[en])
        elif kind == "end group":
            groups.pop()
        elif kind != "note":
            headers.append("/".join([*groups, row[en]]))
            columns.append((kind, name))
    headers += ["_validation_status", "_uuid"]
    sheet_book = openpyxl.Workbook()
    sheet = sheet_book.active
    sheet.append(headers)
    for i, s in enumerate(submissions):
        out = []
        for kind, name in columns:
            value = s.get(name, "")
            if kind.startswith(("select_one", "select_multiple")) and value:
                list_name = kind.split()[1]
                value = " ".join(choice_label[(list_name, v)] for v in value.split())
            out.append(value)
        out += [(extra or {}).get(i, ""), f"{i:08d}-label"]
        sheet.append(out)
    data = io.BytesIO()
    sheet_book.save(data)
    return data.getvalue()


def test_a_kobo_labels_export_is_read_through_the_rounds_xlsform(cast, orgs):
    round_ = SurveyRoundFactory(coalition=cast.lens, status=RoundStatus.OPEN)
    ids = [o.pk for o in orgs]
    subs = [_submission(i, ids[i], ids) for i in range(3)]
    codes = submissions_import(
        round=round_, data=_kobo_xlsx(round_xlsform(round=round_), subs), file_name="codes"
    )
    assert codes.imported == 3
    codes_answers = sorted(
        Answer.objects.filter(response__round=round_).values_list(
            "response__respondent__organisation_id",
            "instrument",
            "item",
            "key",
            "target_id",
            "about",
            "value",
        )
    )
    other = SurveyRoundFactory(coalition=cast.lens, status=RoundStatus.OPEN)
    data = _labels_export(round_xlsform(round=other), subs)
    result = submissions_import(round=other, data=data, file_name="labels.xlsx")
    assert result.imported == 3
    labels_answers = sorted(
        Answer.objects.filter(response__round=other).values_list(
            "response__respondent__organisation_id",
            "instrument",
            "item",
            "key",
            "target_id",
            "about",
            "value",
        )
    )
    assert labels_answers == codes_answers


def test_an_export_that_cannot_be_read_names_the_export_setting(cast, orgs):
    round_ = SurveyRoundFactory(coalition=cast.lens, status=RoundStatus.OPEN)
    data = b"Organisation,Agreed\nOrg 1,Yes\n"
    with pytest.raises(ImportFailed) as caught:
        submissions_import(round=round_, data=data, file_name="kobo.csv")
    errors = caught.value.errors
    assert {e.column for e in errors} == {"respondent_org", "consent"}
    assert all(e.file == "kobo.csv" for e in errors)
    assert "XML values and headers" in errors[0].message


def test_rejected_submissions_are_skipped_and_counted(cast, orgs):
    round_ = SurveyRoundFactory(coalition=cast.lens, status=RoundStatus.OPEN)
    ids = [o.pk for o in orgs]
    subs = [_submission(i, ids[i], ids) for i in range(4)]
    marks = {
        0: "validation_status_not_approved",
        1: "Not Approved",
        2: "validation_status_approved",
    }
    data = _labels_export(round_xlsform(round=round_), subs, marks)
    result = submissions_import(round=round_, data=data, file_name="labels.xlsx")
    assert (result.imported, result.rejected) == (2, 2)
    odk = SurveyRoundFactory(coalition=cast.lens, status=RoundStatus.OPEN)
    rows = list(csv.reader(io.StringIO(_odk_csv(round_xlsform(round=odk), subs).decode())))
    rows[0].append("ReviewState")
    for row, state in zip(rows[1:], ["rejected", "approved", "hasIssues", ""], strict=True):
        row.append(state)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    result = submissions_import(round=odk, data=out.getvalue().encode(), file_name="odk.csv")
    assert (result.imported, result.rejected) == (3, 1)

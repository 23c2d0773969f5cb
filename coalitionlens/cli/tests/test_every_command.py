"""Every command, found by walking the Typer app's command tree, run as a person runs it: its own
``--help`` example, in a real ``coalitionlens`` process, on a copy of a fresh demo database.

The docstring is the test. A command without an example fails; an example that does not run as
written fails; an example whose effect the test cannot check (no file written, no JSON, no server,
no expected line below) fails. In-process CliRunner tests inherit pytest's Django setup, so a
command that touches a model before Django is configured passes them and crashes for people; this
catches that, and that the commands which need no database import no Django at all.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.core import TyperGroup
from typer.main import get_command

from coalitionlens.cli.main import app

# The processes use SQLite files of their own whatever the suite's database: once per suite is enough.
OWN_SQLITE = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="runs on its own SQLite files"
)

BIN = Path(sys.executable).parent  # the virtualenv's bin/, where `coalitionlens` is installed
SERVES = "until Ctrl+C"  # what the help of a command that serves forever says


def _walk(group: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name in sorted(group.commands):
        command = group.commands[name]
        path = f"{prefix}{name}"
        if isinstance(command, TyperGroup):
            yield from _walk(command, f"{path} ")
        else:
            yield path, command


ROOT = get_command(app)
COMMANDS = dict(_walk(ROOT))
GROUPS = {name: c for name, c in ROOT.commands.items() if isinstance(c, TyperGroup)}  # type: ignore[attr-defined]


def example_of(help_text: str) -> str | None:
    """The command line after ``Example:`` (on the same line or the next non-blank one)."""
    lines = (help_text or "").splitlines()
    for i, line in enumerate(lines):
        head, found, rest = line.partition("Example:")
        if not found or head.strip():
            continue
        if rest.strip():
            return rest.strip()
        return next((later.strip() for later in lines[i + 1 :] if later.strip()), None)
    return None


# --- the files the examples read, and how the test makes them -----------------------------------


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(BIN / "coalitionlens"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def _orgs_and_ties(path: Path, cwd: Path, env: dict[str, str]) -> None:
    (cwd / "orgs.csv").write_text(
        "id,name,sector\nhub,Secretariat,CIVIL_SOCIETY\na,Ministry,GOVERNMENT\n"
        "b,Hotel group,BUSINESS\nc,Shelter,CIVIL_SOCIETY\nd,Church,FAITH_BASED\n",
        encoding="utf-8",
    )
    (cwd / "ties.csv").write_text(
        "source,target,weight\nhub,a,1\nhub,b,2\nhub,c,1\nhub,d,1\nc,d,1\na,hub,1\n",
        encoding="utf-8",
    )


def _members_workbook(path: Path, cwd: Path, env: dict[str, str]) -> None:
    _run(["export", "zembora", "--format", "xlsx", "-o", str(path)], cwd, env)


def _network_export(path: Path, cwd: Path, env: dict[str, str]) -> None:
    _run(["export", "zembora", "--format", "graphml", "-o", str(path)], cwd, env)


def _backup(path: Path, cwd: Path, env: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _run(["backup", "-o", str(path)], cwd, env)


def kobo_export(form: bytes) -> bytes:
    """What KoboToolbox exports for one submission of ``form``: ``group/question`` headers, a 0/1
    column per choice after each select_multiple, then its meta columns. The answers are filled in
    from the form alone: the first organisation answers, about the next two, first choice of every
    question asked."""
    book = openpyxl.load_workbook(io.BytesIO(form), read_only=True)
    choices: dict[str, list[str]] = {}
    rows = book["choices"].iter_rows(values_only=True)
    head = next(rows)
    for row in rows:
        cell = dict(zip(head, row, strict=False))
        choices.setdefault(str(cell["list_name"]), []).append(str(cell["name"]))
    orgs = choices["orgs"]
    me, partners = orgs[0], orgs[1:3]
    answers: dict[str, str] = {
        "respondent_org": me,
        "consent": "yes",
        "partners": " ".join(partners),
    }
    headers: list[str] = []
    values: list[Any] = []
    groups: list[str] = []
    skipped: list[str] = []  # groups asked only about organisations not named as partners
    rows = book["survey"].iter_rows(values_only=True)
    head = next(rows)
    for row in rows:
        cell = dict(zip(head, row, strict=False))
        kind, name = str(cell["type"]), str(cell["name"])
        if kind == "begin group":
            groups.append(name)
            asked_about = re.fullmatch(
                r"selected\(\$\{partners\}, '(\w+)'\)", cell["relevant"] or ""
            )
            if asked_about and asked_about[1] not in partners:
                skipped.append(name)
            continue
        if kind == "end group":
            if skipped and skipped[-1] == groups[-1]:
                skipped.pop()
            groups.pop()
            continue
        if kind == "note":
            continue
        asked = not skipped
        if name not in answers and asked:
            if kind == "text":
                answers[name] = "Written offline."
            elif kind.startswith(("select_one ", "select_multiple ")):
                answers[name] = choices[kind.split()[1]][0]
        headers.append("/".join([*groups, name]))
        values.append(answers.get(name, "") if asked else "")
        if kind.startswith("select_multiple "):
            for choice in choices[kind.split()[1]]:
                headers.append("/".join([*groups, name, choice]))
                values.append(int(asked and choice in answers.get(name, "").split()))
    headers += ["meta/instanceID", "_id", "_uuid", "_submission_time", "_index"]
    values += ["uuid:5b7f-cli-test", 1, "5b7f-cli-test", "2026-10-02T10:00:00", 1]
    out = openpyxl.Workbook()
    sheet = out.active
    assert sheet is not None
    sheet.append(headers)
    sheet.append(values)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _kobo_export(path: Path, cwd: Path, env: dict[str, str]) -> None:
    # The round is the one the `survey import` example names; its form comes from the CLI.
    round_id = shlex.split(example_of(COMMANDS["survey import"].help) or "")[3]
    form = cwd / ".form.xlsx"
    _run(["survey", "xlsform", round_id, "-o", str(form)], cwd, env)
    path.write_bytes(kobo_export(form.read_bytes()))


def _a_token(prefix: str, cwd: Path, env: dict[str, str]) -> None:
    """A token whose prefix is the one the `token revoke` example names: made by `token create`
    (prefixes are random), then given that prefix in the copy's database."""
    _run(
        ["token", "create", "--user", "coordinator@zembora.demo", "--coalition", "zembora",
         "--role", "viewer"],
        cwd, env,
    )  # fmt: skip
    with sqlite3.connect(Path(env["COALITIONLENS_DATA_DIR"]) / "coalitionlens.sqlite3") as db:
        db.execute(
            "UPDATE accounts_accesstoken SET prefix = ? WHERE id = "
            "(SELECT max(id) FROM accounts_accesstoken)",
            [prefix],
        )


INPUTS: dict[str, Callable[[Path, Path, dict[str, str]], None]] = {
    "cl_5eed0000cafe": lambda path, cwd, env: _a_token(path.name, cwd, env),
    "orgs.csv": _orgs_and_ties,
    "ties.csv": _orgs_and_ties,
    "members.xlsx": _members_workbook,
    "zembora.graphml": _network_export,
    "kobo-export.xlsx": _kobo_export,
    "backups/coalitionlens-2025-06-30.bak": _backup,
}

# --- what each kind of output must be ------------------------------------------------------------


def _xlsx(path: Path) -> None:
    assert openpyxl.load_workbook(path).sheetnames


def _graphml(path: Path) -> None:
    import networkx

    assert networkx.read_graphml(path).number_of_nodes() > 0


def _html(path: Path) -> None:
    assert "<html" in path.read_text(encoding="utf-8")[:500].lower()


def _pdf(path: Path) -> None:
    assert path.read_bytes().startswith(b"%PDF-")


def _sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 10


FILES: dict[str, Callable[[Path], None]] = {
    ".xlsx": _xlsx,
    ".graphml": _graphml,
    ".html": _html,
    ".pdf": _pdf,
    ".bak": _sqlite,
}


def _converts_with_pyxform(path: Path) -> None:
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(xlsform=path.read_bytes(), warnings=warnings, file_type=".xlsx")
    assert warnings == []
    assert "<h:html" in result.xform


# What a command that writes no file and prints no JSON must print, and further checks of files.
PRINTS: dict[str, str] = {
    "createuser": r"Created ana@example\.org as analyst in zembora\.",
    "delete-coalition": r"Deleted Lenhara[^:]*: \d+ rows\.",
    "demo": r"Already loaded, left as they are: .*zembora",
    "import": r"Dry run: nothing was written\.",
    "mfa-reset": r"coordinator@zembora\.demo had no second factor; nothing to reset\.",
    "purge": r"Purged \d+ audit entries and \d+ expired sessions\.",
    "restore": r"Restored backups/coalitionlens-2025-06-30\.bak into .*coalitionlens\.sqlite3\.",
    "survey import": r"imported: 1, duplicates: 0, declined: 0",
    "survey remind": r"Reminders e-mailed for round 3 .*who they are, and how many, is not shown",
    "token create": r"Made token cl_[0-9a-f]{12} for coordinator@zembora\.demo: analyst in zembora"
    r"[^\n]*\n[^\n]*\ncl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n",
    "token list": r"No access token yet\.",
    "token revoke": r"Revoked token cl_5eed0000cafe of coordinator@zembora\.demo\.",
}
ALSO: dict[str, Callable[[Path], None]] = {"survey xlsform": _converts_with_pyxform}

# --- running an example ---------------------------------------------------------------------------


def _person_env(data: Path) -> dict[str, str]:
    """A shell without the test suite's configuration: no Django settings, no database URL."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
        and not k.startswith(("COALITIONLENS_", "PYTEST"))
    }
    env["COALITIONLENS_DATA_DIR"] = str(data)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str
    answered: str | None  # what a serving command answered over HTTP
    stopped: bool  # the test sent Ctrl+C: the command was still serving


def _answer(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback URL)
            return f"{response.status} {response.read(2000).decode(errors='replace')}"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def run_example(line: str, *, cwd: Path, env: dict[str, str], serves: bool) -> Ran:
    """Run ``line`` in bash as typed. When ``serves``, once the URL it prints answers, the command
    gets Ctrl+C (SIGINT to its process group, as a terminal sends it); one that never answers is
    killed after five minutes and fails."""
    out, err = cwd / ".stdout", cwd / ".stderr"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            ["bash", "-o", "pipefail", "-c", line],
            cwd=cwd,
            env=env,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
        answered, stopped = None, False
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            if serves and answered is None:
                found = re.search(r"http://\S+:\d+", out.read_text())
                answered = _answer(found[0] + "/") if found else None
                if answered is not None:
                    os.killpg(process.pid, signal.SIGINT)
                    stopped = True
            time.sleep(0.2)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    return Ran(process.returncode, out.read_text(), err.read_text(), answered, stopped)


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the demo loaded once by `coalitionlens demo --no-serve`."""
    data = tmp_path_factory.mktemp("demo-data")
    loaded = subprocess.run(
        [str(BIN / "coalitionlens"), "demo", "--no-serve"],
        env=_person_env(data),
        cwd=data,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr
    return data


# --- the tests ------------------------------------------------------------------------------------


def test_the_walk_finds_the_commands_of_the_design_and_of_sub_groups() -> None:
    assert {  # DESIGN.md §7
        "demo",
        "serve",
        "coalitions",
        "template",
        "import",
        "export",
        "analyze",
        "diagnose",
        "compare",
        "survey rounds",
        "survey xlsform",
        "survey import",
        "survey remind",
        "report",
        "backup",
        "restore",
    } <= set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_an_example_of_itself(path: str) -> None:
    line = example_of(COMMANDS[path].help or "")
    assert line, f"`coalitionlens {path} --help` needs an 'Example:' line"
    assert re.search(rf"(^|\| )coalitionlens {path}( |$)", line), f"`{path}` shows: {line}"


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_every_group_has_help_with_an_example(name: str) -> None:
    assert example_of(GROUPS[name].help), f"`coalitionlens {name} --help` needs an example"


@pytest.mark.slow
@OWN_SQLITE
@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_the_example_of_every_command_runs_in_a_real_process(
    path: str, demo_data: Path, tmp_path: Path
) -> None:
    command = COMMANDS[path]
    help_text = command.help or ""
    line = example_of(help_text)
    assert line, f"`coalitionlens {path} --help` needs an 'Example:' line"
    assert re.search(rf"(^|\| )coalitionlens {path}( |$)", line), (
        f"the example of `{path}` runs another command: {line}"
    )
    serves = SERVES in help_text
    if serves:  # the machine is shared: the example's port is replaced by a free one
        port = f"--port {_free_port()}"
        line = re.sub(r"--port \d+", port, line) if "--port" in line else f"{line} {port}"

    data, cwd = tmp_path / "data", tmp_path / "work"
    shutil.copytree(demo_data, data)  # every command gets its own copy: some of them write
    cwd.mkdir()
    env = _person_env(data)
    words = shlex.split(line)
    outputs = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-o", "--output")]
    for word in dict.fromkeys(words):
        if word in INPUTS and word not in outputs:
            INPUTS[word](cwd / word, cwd, env)
    pure = not getattr(command.callback, "needs_django", False)
    if pure:
        env["PYTHONPROFILEIMPORTTIME"] = "1"  # every import is listed on stderr

    ran = run_example(line, cwd=cwd, env=env, serves=serves)

    errors = "\n".join(e for e in ran.stderr.splitlines() if not e.startswith("import time:"))
    assert ran.returncode == 0, f"{line}\nexit {ran.returncode}\n{ran.stdout}\n{errors[-3000:]}"
    checked = []
    for name in outputs:
        written = cwd / name
        assert written.is_file(), f"{line} wrote no {name}"
        assert written.stat().st_size > 0, f"{line} wrote an empty {name}"
        assert written.suffix in FILES, f"no check for a {written.suffix} file: add one to FILES"
        FILES[written.suffix](written)
        if path in ALSO:
            ALSO[path](written)
        checked.append(name)
    if "--json" in words:
        assert json.loads(ran.stdout), f"{line} printed empty JSON"
        checked.append("JSON")
    if ran.stopped:
        assert (ran.answered or "").startswith("200 "), f"{line} answered {ran.answered}"
        checked.append("HTTP")
    if path in PRINTS:
        assert re.search(PRINTS[path], ran.stdout), f"{line} printed:\n{ran.stdout}"
        checked.append("stdout")
    assert checked, f"nothing checks what `{line}` did: add an expected line to PRINTS"
    if pure:
        imported = {
            entry.rsplit("|", 1)[-1].strip().split(".")[0]
            for entry in ran.stderr.splitlines()
            if entry.startswith("import time:")
        }
        assert "django" not in imported, f"`{path}` needs no database but imported Django"


@OWN_SQLITE
def test_help_imports_neither_django_nor_the_analytics(tmp_path: Path) -> None:
    env = _person_env(tmp_path) | {"PYTHONPROFILEIMPORTTIME": "1"}
    shown = subprocess.run(
        [str(BIN / "coalitionlens"), "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    imported = {
        entry.rsplit("|", 1)[-1].strip().split(".")[0]
        for entry in shown.stderr.splitlines()
        if entry.startswith("import time:")
    }
    assert "coalitionlens" in imported
    assert not imported & {"django", "pandas", "numpy", "igraph", "openpyxl"}


@pytest.mark.slow
@OWN_SQLITE
def test_safe_exports_in_a_real_process_name_no_organisation(
    demo_data: Path, tmp_path: Path
) -> None:
    """``export --safe`` as a person runs it, on the demo: every format, scanned as the safe reports
    are (``transfer/tests/test_safe_exports.py``), for every name, acronym and city that the normal
    export of the same coalition holds, any e-mail and the at-risk flag."""
    from coalitionlens.transfer.tests.test_safe_exports import (
        ANY_EMAIL,
        AT_RISK,
        acronym_pattern,
        texts_of,
    )

    data, cwd = tmp_path / "data", tmp_path / "work"
    shutil.copytree(demo_data, data)
    cwd.mkdir()
    env = _person_env(data)
    _run(["export", "marivo", "-f", "json", "-o", "normal.json"], cwd, env)
    orgs = json.loads((cwd / "normal.json").read_text(encoding="utf-8"))["organisations"]
    words = {o["name"] for o in orgs} | {o["city"] for o in orgs if o["city"]}
    acronyms = [acronym_pattern(o["acronym"]) for o in orgs if o["acronym"]]
    assert len(orgs) > 20
    assert any(o["at_risk"] for o in orgs)
    assert acronyms
    for fmt in ("xlsx", "csv", "json", "graphml", "gexf"):
        # all kinds as CSV is a zip of CSV files, named so (a .csv name asks for one kind)
        name = "safe.zip" if fmt == "csv" else f"safe.{fmt}"
        _run(["export", "marivo", "-f", fmt, "--safe", "-o", name], cwd, env)
        for text in texts_of(fmt, (cwd / name).read_bytes()):
            assert not [w for w in words if w in text], fmt
            assert not [a.pattern for a in acronyms if a.search(text)], fmt
            assert not AT_RISK.search(text), fmt
            assert not ANY_EMAIL.search(text), fmt


def test_a_comparison_column_goes_out_and_comes_back_in_real_processes(
    demo_data: Path, tmp_path: Path
) -> None:
    """``compare --export-column`` then ``compare --file`` as a researcher runs them: the file
    names no organisation of the coalition, reads back as a column under its alias, and a file
    tampered with a name is refused with the file named and exit 2."""
    data, cwd = tmp_path / "data", tmp_path / "work"
    shutil.copytree(demo_data, data)
    cwd.mkdir()
    env = _person_env(data)
    _run(["compare", "marivo", "--export-column", "column.json"], cwd, env)
    text = (cwd / "column.json").read_text(encoding="utf-8")
    _run(["export", "marivo", "-f", "json", "-o", "normal.json"], cwd, env)
    names = {o["name"] for o in json.loads((cwd / "normal.json").read_text())["organisations"]}
    assert names
    assert not [n for n in names if n in text]
    alias = json.loads(text)["alias"]
    both = _run(["compare", "zembora", "--file", "column.json", "--json"], cwd, env)
    assert alias in both.stdout
    assert "zembora" in both.stdout
    tampered = json.loads(text)
    tampered["alias"] = sorted(names)[0]
    (cwd / "bad.json").write_text(json.dumps(tampered), encoding="utf-8")
    refused = subprocess.run(
        [str(BIN / "coalitionlens"), "compare", "--file", "bad.json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert refused.returncode == 2, (refused.stdout, refused.stderr)
    assert "bad.json" in refused.stderr + refused.stdout
    assert sorted(names)[0] not in refused.stderr + refused.stdout


@OWN_SQLITE
def test_round_against_round_in_real_processes_is_the_python_apis_on_every_demo_coalition(
    demo_data: Path, tmp_path: Path
) -> None:
    """``compare SLUG --round A --against B --json`` as a researcher runs it, on each demo
    coalition: published changes of trust and value, factor scores with their bands, hopes and
    fears and the survey network's density, figure by figure those of ``coalitionlens.data.
    round_change`` read in another process; a round of another coalition is refused (exit 2)."""
    data, cwd = tmp_path / "data", tmp_path / "work"
    shutil.copytree(demo_data, data)
    cwd.mkdir()
    env = _person_env(data)
    for slug in ("zembora", "marivo", "lenhara"):
        rounds = json.loads(_run(["survey", "rounds", slug, "--json"], cwd, env).stdout)
        closed = [r["id"] for r in rounds if r["status"] == "closed"]
        assert len(closed) == 2, (slug, rounds)
        shown = _run(
            ["compare", slug, "--round", str(closed[1]), "--against", str(closed[0]), "--json"],
            cwd,
            env,
        )
        doc = json.loads(shown.stdout)
        assert (doc["before"]["id"], doc["after"]["id"]) == tuple(closed)
        tables = {c["table"].split(":")[0] for c in doc["changes"]}
        assert {"network", "factor", "hopes", "density"} <= tables, (slug, tables)
        assert any(c["change"] != 0 for c in doc["changes"]), slug
        factors = doc["tables"]["factors"]
        assert factors
        assert all(r["band_before"] in ("strength", "watch", "concern") for r in factors)
        assert doc["tables"]["hopes"]
        script = (
            "import json, coalitionlens.data as d; "
            f"f = d.round_change({slug!r}, role='viewer', before={closed[0]}, after={closed[1]}); "
            "print(json.dumps([[r.table, list(r.key), r.measure, r.before, r.after, r.change] "
            "for r in f.itertuples()]))"
        )
        api = subprocess.run(
            [sys.executable, "-c", script],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert api.returncode == 0, api.stderr
        assert json.loads(api.stdout) == [
            [c["table"], c["key"], c["measure"], c["before"], c["after"], c["change"]]
            for c in doc["changes"]
        ], slug
    refused = subprocess.run(
        [str(BIN / "coalitionlens"), "compare", "marivo", "--round", str(closed[0])],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert refused.returncode == 2, (refused.stdout, refused.stderr)
    assert "is not a closed survey round of marivo" in refused.stderr

"""docs/cli.md is the reference the commands write about themselves (sqlite-utils' habit)."""

from __future__ import annotations

from pathlib import Path

from coalitionlens.cli.reference import commands, render

DOC = Path(__file__).resolve().parents[3] / "docs" / "cli.md"


def test_docs_cli_md_is_what_the_commands_say_about_themselves() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: .venv/bin/python -m coalitionlens.cli.reference > docs/cli.md"
    )


def test_the_reference_has_every_command_of_every_group_with_its_example() -> None:
    text = render()
    paths = [path for path, _command in commands()]
    assert {"analyze", "survey", "survey import", "survey xlsform"} <= set(paths)
    for path, command in commands():
        assert f"## `coalitionlens {path}`" in text
        example = (command.help or "").split("Example:", 1)[1].strip().splitlines()[0]
        assert f"```sh\n{example}\n```" in text, path

"""Every command documents itself with an example (sqlite-utils' habit, STYLE.md)."""

from __future__ import annotations

import pytest
from typer.main import get_command

from coalitionlens.cli.main import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands_of_the_brief_exist() -> None:
    assert {"demo", "serve", "createuser", "coalitions", "analyze"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert "Example" in (command.help or ""), f"`coalitionlens {name} --help` needs an example"

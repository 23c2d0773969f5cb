"""The CLI reference in docs/cli.md, written from the commands themselves so that it cannot drift.

    .venv/bin/python -m coalitionlens.cli.reference > docs/cli.md

A test fails when docs/cli.md differs from what this prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from typer.core import TyperArgument, TyperGroup
from typer.main import get_command

__all__ = ["commands", "render"]

HEADER = """\
# Command-line reference

Every `coalitionlens` command, as its `--help` shows it. Commands that use the database read
`$COALITIONLENS_DATA_DIR` (default `./var`) or `DATABASE_URL`, like the server; `analyze` needs
none. Each example is run as written, in a real process on a fresh demo database, by
`coalitionlens/cli/tests/test_every_command.py`.

This page is written by `.venv/bin/python -m coalitionlens.cli.reference > docs/cli.md`; edit the
docstrings in `coalitionlens/cli/`, not this file.
"""


def commands(group: Any = None, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``(path, command)`` of every command and group under ``group`` (the whole app by default),
    groups before their commands, in alphabetical order."""
    if group is None:
        from coalitionlens.cli.main import app

        group = get_command(app)
    for name in sorted(group.commands):
        command = group.commands[name]
        path = f"{prefix}{name}"
        yield path, command
        if isinstance(command, TyperGroup):
            yield from commands(command, f"{path} ")


def _text(help_text: str) -> str:
    """The docstring as Markdown: its example as a shell block."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", help_text.strip())]
    out: list[str] = []
    waiting = False  # "Example:" alone on its line: the example is the next paragraph
    for paragraph in paragraphs:
        if waiting:
            out.append(f"```sh\n{paragraph.strip()}\n```")
            waiting = False
            continue
        head, found, rest = paragraph.partition("Example:")
        if found and not head.strip():
            out.append("Example:")
            if rest.strip():
                out.append(f"```sh\n{rest.strip()}\n```")
            else:
                waiting = True
            continue
        out.append(" ".join(line.strip() for line in paragraph.splitlines()))
    return "\n\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _parameters(command: Any) -> list[str]:
    rows = []
    for param in command.params:
        if isinstance(param, TyperArgument):
            name = f"`{_argument(param)}`"
            default = "required" if param.required else ""
        else:
            if param.hidden:
                continue
            name = ", ".join(f"`{opt}`" for opt in [*param.opts, *param.secondary_opts])
            if param.required:
                default = "required"
            elif param.is_flag or param.default is None:
                default = ""
            else:
                default = f"`{param.default}`"
        rows.append(f"| {name} | {_cell(param.help or '')} | {default} |")
    if not rows:
        return []
    return ["| argument or option | what it is | default |", "|---|---|---|", *rows]


def _argument(param: Any) -> str:
    name = str(param.metavar or (param.name or "").upper())
    return name + ("..." if param.nargs == -1 else "")


def _usage(path: str, command: Any) -> str:
    arguments = [
        _argument(p) if p.required else f"[{_argument(p)}]"
        for p in command.params
        if isinstance(p, TyperArgument)
    ]
    if isinstance(command, TyperGroup):
        arguments.append("COMMAND")
    return " ".join(["coalitionlens", path, "[OPTIONS]", *arguments])


def render() -> str:
    """docs/cli.md: the header, a table of contents, then every group and command."""
    found = list(commands())
    parts = [HEADER.rstrip()]
    parts.append(
        "\n".join(
            f"- [`coalitionlens {path}`](#{path.replace(' ', '-')})"
            + f" — {command.get_short_help_str(limit=120)}"
            for path, command in found
        )
    )
    for path, command in found:
        section = [
            f'<a id="{path.replace(" ", "-")}"></a>\n\n## `coalitionlens {path}`',
            f"```text\n{_usage(path, command)}\n```",
            _text(command.help or ""),
        ]
        table = _parameters(command)
        if table:
            section.append("\n".join(table))
        if isinstance(command, TyperGroup):
            section.append(
                "Commands: " + ", ".join(f"[`{name}`](#{path}-{name})" for name in command.commands)
            )
        parts.append("\n\n".join(section))
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    print(render(), end="")

"""What a user meets before reading the docs: every command's --help, and shell completion
(Click's)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from launchgate.cli import cli


def commands(group: click.Group,
             path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, cmd in sorted(group.commands.items()):
        yield (*path, name), cmd
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*path, name))


ALL = list(commands(cli))


@pytest.mark.parametrize(("path", "cmd"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_every_command_explains_itself_and_each_of_its_options(path: tuple[str, ...],
                                                               cmd: click.Command) -> None:
    res = CliRunner().invoke(cli, [*path, "--help"], prog_name="launchgate")
    assert res.exit_code == 0 and res.output.startswith(f"Usage: launchgate {' '.join(path)}")
    assert (cmd.help or "").strip(), f"`launchgate {' '.join(path)}` has no help text"
    bare = [o.opts[0] for o in cmd.params if isinstance(o, click.Option) and not o.help]
    assert bare == [], f"options without help in `launchgate {' '.join(path)} --help`"


def test_the_set_of_commands_is_the_documented_one() -> None:
    assert {" ".join(p) for p, _ in ALL} == {"baseline", "check", "export", "export locust",
                                             "handover", "init", "merge", "monitor", "rules",
                                             "schema"}


def complete(words: str) -> list[str]:
    env = {"_LAUNCHGATE_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - 1)}
    res = CliRunner().invoke(cli, [], env=env, prog_name="launchgate")
    assert res.exit_code == 0
    return [line.split(",", 1)[1] for line in res.output.splitlines() if line]


def test_shell_completion_completes_commands_and_choices() -> None:
    script = CliRunner().invoke(cli, [], env={"_LAUNCHGATE_COMPLETE": "bash_source"},
                                prog_name="launchgate")
    assert script.exit_code == 0 and "_launchgate_completion()" in script.output
    assert complete("launchgate sch") == ["schema"]
    assert complete("launchgate check --phase p") == ["pre", "post"]
    assert complete("launchgate nosuch") == []


README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _leaf(words: list[str]) -> str | None:
    """The command a `launchgate ...` line runs: the longest run of words that names one."""
    group: click.Command = cli
    path: list[str] = []
    for w in words:
        if not isinstance(group, click.Group) or w not in group.commands:
            break
        group = group.commands[w]
        path.append(w)
    return " ".join(path) if path and not isinstance(group, click.Group) else None


def test_the_readme_command_list_is_the_cli() -> None:
    section = README.split("## Using it on your project", 1)[1].split("\n### ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```sh")[1:]]
    lines = [line for b in blocks for line in b.splitlines()]
    listed = {_leaf(line.split()[1:]) for line in lines if line.startswith("launchgate ")}
    leaves = {" ".join(p) for p, c in ALL if not isinstance(c, click.Group)}
    assert listed == leaves, "the command list under 'Using it on your project' and the CLI differ"


def test_the_readme_check_options_are_the_cli_options() -> None:
    table = README.split("### `launchgate check [PATH]`", 1)[1].split("\n\n", 2)[1]
    rows = [row for row in table.splitlines() if row.startswith("| `")]
    first_cells = [re.split(r"(?<!\\)\|", row)[1] for row in rows]  # `\|` is a pipe inside a cell
    documented = {o for cell in first_cells for o in re.findall(r"--[a-z][a-z-]*", cell)}
    options = {o.opts[0] for o in cli.commands["check"].params if isinstance(o, click.Option)}
    assert documented == options, "README's `launchgate check` table and the CLI's options differ"


@pytest.mark.parametrize(("path", "cmd"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_every_argument_is_explained_in_its_command_help(path: tuple[str, ...],
                                                         cmd: click.Command) -> None:
    for arg in (p for p in cmd.params if isinstance(p, click.Argument)):
        name = (arg.name or "").upper()
        assert name.removesuffix("S") in (cmd.help or ""), \
            f"`launchgate {' '.join(path)}` never says what {name} is"
    for opt in (p for p in cmd.params if isinstance(p, click.Option)):
        assert not (opt.help or "").startswith("Default"), f"{opt.opts[0]} says only its default"

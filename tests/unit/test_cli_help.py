"""What a user meets before reading the docs: every command's --help, and shell completion (Click's)."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from launchgate.cli import cli


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, cmd in sorted(group.commands.items()):
        yield (*path, name), cmd
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*path, name))


ALL = list(commands(cli))


@pytest.mark.parametrize(("path", "cmd"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_every_command_explains_itself_and_each_of_its_options(path: tuple[str, ...], cmd: click.Command) -> None:
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
    env = {"_LAUNCHGATE_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    res = CliRunner().invoke(cli, [], env=env, prog_name="launchgate")
    assert res.exit_code == 0
    return [line.split(",", 1)[1] for line in res.output.splitlines() if line]


def test_shell_completion_completes_commands_and_choices() -> None:
    script = CliRunner().invoke(cli, [], env={"_LAUNCHGATE_COMPLETE": "bash_source"}, prog_name="launchgate")
    assert script.exit_code == 0 and "_launchgate_completion()" in script.output
    assert complete("launchgate sch") == ["schema"]
    assert complete("launchgate check --phase p") == ["pre", "post"]
    assert complete("launchgate nosuch") == []

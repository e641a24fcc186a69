"""An emulation of how the GitHub Actions runner reads a step's output for workflow commands.

Modelled on the runner's documented behaviour (ActionCommandManager): each line (split at CR, LF or
CRLF, like .NET's ReadLine) is trimmed at the start; ``::name props::data`` (v2) or ``##[name
props]data`` (legacy) is a command when ``name`` is a registered command; ``::stop-commands::TOKEN``
stops all processing until a line that is exactly ``::TOKEN::``. Property values and data are
unescaped (%25, %0D, %0A, %3A, %2C).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COMMANDS = frozenset({"add-mask", "add-matcher", "remove-matcher", "warning", "error", "notice",
                      "debug", "group",
                      "endgroup", "echo", "set-output", "save-state", "add-path", "set-env",
                      "stop-commands"})


@dataclass(frozen=True)
class Command:
    name: str
    props: dict[str, str]
    data: str


@dataclass
class Runner:
    """Feed it a step's output; ``commands`` are what the runner would have run, ``stopped_at_end``
    whether a stop-commands was still in force (every later annotation of the job would be lost)."""

    commands: list[Command] = field(default_factory=list)
    stop_token: str | None = None

    @property
    def stopped_at_end(self) -> bool:
        return self.stop_token is not None

    def feed(self, output: str) -> Runner:
        for line in re.split(r"\r\n|\r|\n", output):
            self._line(line)
        return self

    def _line(self, line: str) -> None:
        text = line.lstrip()
        if self.stop_token is not None:
            if text.rstrip().lower() == f"::{self.stop_token}::".lower():
                self.stop_token = None
            return
        cmd = _parse_v2(text) or _parse_legacy(text)
        if cmd is None:
            return
        if cmd.name == "stop-commands":
            if cmd.data and cmd.data not in COMMANDS:
                self.stop_token = cmd.data
            return
        self.commands.append(cmd)

    def annotations(self) -> list[Command]:
        return [c for c in self.commands if c.name in ("error", "warning", "notice")]


def _unescape(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def _parse_v2(text: str) -> Command | None:
    if not text.startswith("::"):
        return None
    end = text.find("::", 2)
    if end < 0:
        return None
    info = text[2:end]
    name, _, rest = info.partition(" ")
    if name not in COMMANDS:
        return None
    props = {}
    for item in rest.split(","):
        key, eq, value = item.partition("=")
        if eq and key.strip():
            props[key.strip()] = _unescape(value)
    return Command(name, props, _unescape(text[end + 2:]))


def _parse_legacy(text: str) -> Command | None:
    if not text.startswith("##["):
        return None
    end = text.find("]")
    if end < 0:
        return None
    name, _, rest = text[3:end].partition(" ")
    if name not in COMMANDS:
        return None
    props = {}
    for item in rest.split(";"):
        key, eq, value = item.partition("=")
        if eq and key.strip():
            props[key.strip()] = value
    return Command(name, props, text[end + 1:])

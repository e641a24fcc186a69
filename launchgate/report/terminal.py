"""What the terminal can do: colour (NO_COLOR / FORCE_COLOR / a TTY), width (COLUMNS), and progress
on stderr.

The environment is a parameter (the CLI hands ``os.environ`` in); nothing here reads it. Progress is
drawn only on a TTY, so CI logs and pipes never get carriage returns or escape codes.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, TextIO

from launchgate.model import Severity

DEFAULT_WIDTH = 100
MIN_WIDTH, MAX_WIDTH = 40, 400
Verbosity = Literal["quiet", "normal", "verbose"]

_SGR = {
    Severity.BLOCKER: "1;97;41",  # bold white on red
    Severity.HIGH: "1;31",
    Severity.MEDIUM: "33",
    Severity.LOW: "36",
    Severity.INFO: "2",
}


@dataclass(frozen=True, kw_only=True)
class Style:
    color: bool = False
    width: int = DEFAULT_WIDTH
    verbosity: Verbosity = "normal"

    def paint(self, text: str, sgr: str) -> str:
        return f"\x1b[{sgr}m{text}\x1b[0m" if self.color and text else text

    def severity(self, text: str, severity: Severity) -> str:
        return self.paint(text, _SGR[severity])


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def wants_color(stream: TextIO, env: Mapping[str, str]) -> bool:
    """NO_COLOR (any value) wins; then FORCE_COLOR (not "0"); else only on a TTY that is not
    ``TERM=dumb``."""
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force != "":
        return force != "0"
    return _isatty(stream) and env.get("TERM") != "dumb"


def width(stream: TextIO, env: Mapping[str, str]) -> int:
    """COLUMNS when it is a number, else the TTY's width, else 100; kept between 40 and 400."""
    raw = env.get("COLUMNS", "")
    cols = int(raw) if raw.strip().isdigit() else 0
    if not cols and _isatty(stream):
        with contextlib.suppress(OSError, ValueError):
            cols = os.get_terminal_size(stream.fileno()).columns
    return min(max(cols or DEFAULT_WIDTH, MIN_WIDTH), MAX_WIDTH)


def style_for(stream: TextIO, env: Mapping[str, str], *, quiet: bool = False,
              verbose: bool = False) -> Style:
    verbosity: Verbosity = "quiet" if quiet else "verbose" if verbose else "normal"
    return Style(color=wants_color(stream, env), width=width(stream, env), verbosity=verbosity)


def printable(text: str) -> str:
    """Control characters (ANSI escapes from a hostile server or file name included) shown as
    spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


class Running:
    """The checks still running, in the order they started: told by the runner (its ``watch`` hook,
    on the event loop's thread), read by the progress line (its own thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: dict[str, None] = {}

    def __call__(self, check_id: str, started: bool) -> None:
        with self._lock:
            if started:
                self._ids[check_id] = None
            else:
                self._ids.pop(check_id, None)

    def names(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._ids)


def progress_line(label: str, seconds: float, running: tuple[str, ...], columns: int) -> str:
    """``⏳ label… 12 s: probes, secrets``, cut to ``columns`` (a wrapped line could not be redrawn
    in place)."""
    names = f": {', '.join(running)}" if running else ""
    line = printable(f"⏳ {label}… {seconds:.0f} s" + names)
    return line if len(line) < columns else line[: max(columns - 2, 1)] + "…"


@contextlib.contextmanager
def progress(stream: TextIO, label: str, *, every_s: float = 0.5, after_s: float = 1.0,
             running: Running | None = None) -> Iterator[None]:
    """``label… 12 s: CHECKS`` redrawn on ``stream`` while the block runs (naming the checks still
    running when ``running`` is given), on a TTY only, after ``after_s``; erased after."""
    if not _isatty(stream):
        yield
        return
    columns = width(stream, {})
    done = threading.Event()
    started = time.monotonic()
    drawn = threading.Event()

    def draw() -> None:
        if done.wait(after_s):
            return
        while not done.is_set():
            names = running.names() if running is not None else ()
            stream.write("\r\x1b[2K" + progress_line(label, time.monotonic() - started, names,
                                                     columns))
            stream.flush()
            drawn.set()
            done.wait(every_s)

    thread = threading.Thread(target=draw, name="launchgate-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=2.0)
        if drawn.is_set():
            stream.write("\r\x1b[2K")
            stream.flush()

"""The repository as checks see it: a guarded file walk, safe reads, git plumbing, PR changed lines,
inline ignores.

Guards: files are read only inside the repo root (symlinks that leave it are refused), only when
they are regular files (FIFOs, devices and sockets are skipped with a note, never opened: see
containment.read_regular), binary files and files over the size cap are reported as skipped, text is
decoded as UTF-8 with a Latin-1 fallback.
"""

from __future__ import annotations

import asyncio
import bisect
import os
import re
import stat
from collections.abc import AsyncIterator, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from launchgate import pathglob
from launchgate.containment import Refused, file_kind, read_regular
from launchgate.proc import run_process

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".mypy_cache",
                       ".ruff_cache",
                       ".pytest_cache", ".tox", ".hg", ".svn"})
# --literal-pathspecs: a path handed to git is that path, never pathspec magic (a directory named
# ":x" or "*")
GIT = ("git", "--literal-pathspecs", "-c", "core.quotepath=off")
_IGNORE_RE = re.compile(r"launchgate:\s*ignore\[([a-z0-9_.*,\s-]+)\]", re.IGNORECASE)


class RepoError(Exception):
    """A problem reading the repository that a check turns into an error result or a finding."""


class GitError(RepoError):
    """git failed; the message is git's own first line."""


@dataclass(frozen=True, kw_only=True)
class TextFile:
    """A decoded file. ``encoding`` is 'utf-8' or 'latin-1' (the fallback for invalid UTF-8)."""

    path: str  # repo-relative, forward slashes
    text: str
    encoding: str

    def lines(self) -> list[str]:
        return self.text.splitlines()


@dataclass(frozen=True, kw_only=True)
class Skipped:
    """A file the walk or a read passed over, and why (binary, too large, outside the repo,
    unreadable)."""

    path: str
    reason: str


@dataclass
class Repo:
    """A handle on the repository root; cheap to create, caches git facts."""

    root: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    skipped: list[Skipped] = field(default_factory=list)
    _is_git: bool | None = None
    # what ``skipped`` already holds: a file walked, listed or read twice is reported once
    _skip_seen: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()

    # -- paths
    # -------------------------------------------------------------------------------------------
    def relpath(self, path: Path | str) -> str:
        p = Path(path)
        if not p.is_absolute():
            p = self.root / p
        try:
            return p.resolve().relative_to(self.root).as_posix()
        except ValueError:
            try:
                return p.absolute().relative_to(self.root).as_posix()
            except ValueError:
                return p.as_posix()

    def abspath(self, rel: str) -> Path:
        return self.root / rel

    def inside(self, path: Path) -> bool:
        """True when ``path`` (after following symlinks) stays inside the repo root."""
        try:
            path.resolve().relative_to(self.root)
            return True
        except (ValueError, OSError, RuntimeError):
            return False

    # -- walking
    # -----------------------------------------------------------------------------------------
    def walk(self, include: Iterable[str] = ("**",), exclude: Iterable[str] = ()) -> Iterator[str]:
        """Repo-relative paths of regular files matching ``include`` globs and no ``exclude`` glob.

        Skips SKIP_DIRS and symlinks that leave the repo (recorded in ``skipped``); never follows a
        symlinked directory, so loops cannot hang the walk.
        """
        inc = tuple(include)
        exc = tuple(exclude)
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                full = Path(dirpath) / name
                rel = full.relative_to(self.root).as_posix()
                if not _matches(rel, inc) or _matches(rel, exc):
                    continue
                if full.is_symlink() and not self.inside(full):
                    self._skip(rel, "symlink points outside the repository")
                    continue
                if (kind := _special(full)) is not None:
                    self._skip(rel, f"not a regular file (a {kind}); not read")
                    continue
                yield rel

    # -- reading
    # -----------------------------------------------------------------------------------------
    def read_text(self, rel: str, max_bytes: int | None = None) -> TextFile | Skipped:
        """Read a file as text with the repo's guards; a Skipped says why it was not read."""
        cap = self.max_bytes if max_bytes is None else max_bytes
        full = self.root / rel
        if full.is_symlink() and not self.inside(full):
            return self._skip(rel, "symlink points outside the repository")
        try:
            size = full.stat().st_size
            if size > cap:
                return self._skip(rel, f"larger than {cap} bytes ({size} bytes)")
            data = read_regular(full, cap, rel)
        except (OSError, RuntimeError) as exc:
            return self._skip(rel, f"unreadable: {exc.strerror or exc}" if isinstance(exc, OSError)
                              else str(exc))
        except Refused as exc:
            return self._skip(rel, exc.reason)
        if b"\x00" in data[:8192]:
            return self._skip(rel, "binary file")
        try:
            return TextFile(path=rel, text=data.decode("utf-8-sig"), encoding="utf-8")
        except UnicodeDecodeError:
            return TextFile(path=rel, text=data.decode("latin-1"), encoding="latin-1")

    def _skip(self, rel: str, reason: str) -> Skipped:
        s = Skipped(path=rel, reason=reason)
        if (rel, reason) not in self._skip_seen:
            self._skip_seen.add((rel, reason))
            self.skipped.append(s)
        return s

    # -- git
    # ---------------------------------------------------------------------------------------------
    async def git(self, *args: str, timeout: float = 60.0, check: bool = True) -> str:
        """Run git in the repo and return stdout (text, surrogate-escaped). Cancellable; bounded in
        time."""
        code, out, err = await run_process([*GIT, "-C", str(self.root), *args], timeout=timeout)
        if check and code != 0:
            first = err.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]}: {first[0] if first else f'exit {code}'}")
        return out.decode("utf-8", "surrogateescape")

    async def is_git(self) -> bool:
        if self._is_git is None:
            try:
                inside = (await self.git("rev-parse", "--is-inside-work-tree")).strip()
                # the root may be a subdirectory (monorepos, working-directory)
                self._is_git = inside == "true"
            except (GitError, FileNotFoundError):
                self._is_git = False
        return self._is_git

    async def tracked_files(self) -> list[str]:
        """Tracked (and untracked, not ignored) files, as git sees them; falls back to the walk
        outside git."""
        if not await self.is_git():
            return list(self.walk())
        out = await self.git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
        paths = {p for p in out.split("\x00") if p}
        for p in sorted(paths):
            # e.g. a tracked symlink to a FIFO or a device
            if (kind := _special(self.root / p)) is not None:
                self._skip(p, f"not a regular file (a {kind}); not read")
        return sorted(p for p in paths if (self.root / p).is_file())

    async def changed_lines(self, base: str, head: str | None = None, *,
                            endpoints: bool = False) -> dict[str, LineRanges]:
        """Lines added or changed between ``base`` and ``head`` (working tree when None), per path.

        Paths are relative to the root, and only changes under it count (``--relative``), like every
        other path the checks see, also when the root is a subdirectory of the repository.
        ``endpoints``: diff the two trees, not from their merge base (a shallow clone holding only
        the two commits).
        """
        # streamed, and only the file and hunk headers kept: a pull request adding a file of 1.5
        # million lines held its whole diff and a set of 1.5 million ints (320 MB) in memory
        heads: list[str] = []
        async for batch in git_stream(self, "diff", "--relative", "--unified=0", "--no-color",
                                      "--no-ext-diff", "--diff-filter=AMR",
                                      *diff_range(base, head, endpoints=endpoints)):
            heads += [line.decode("utf-8", "surrogateescape") for line in batch
                      if line.startswith((b"+++ ", b"@@ "))]
        return parse_unified_diff_lines("".join(heads))

    async def changed_files(self, base: str | None, head: str | None = None, *,
                            endpoints: bool = False) -> list[str]:
        """Files added or changed from ``base``; ``base`` None: the staged ones (the index against
        HEAD, or every staged file before the first commit)."""
        rng = ["--cached"] if base is None else diff_range(base, head, endpoints=endpoints)
        out = await self.git("diff", "--relative", "--name-only", "-z", "--diff-filter=AMR", *rng)
        return sorted(p for p in out.split("\x00") if p)

    # -- inline ignores
    # ----------------------------------------------------------------------------------
    def ignored_inline(self, rel: str, line: int, rule_id: str,
                       lines: list[str] | None = None) -> bool:
        """True when line ``line`` (or the line above it) carries ``launchgate: ignore[rule]``.

        ``rule`` may be the full id, its family (``secrets``), or ``*``.
        """
        if lines is None:
            tf = self.read_text(rel)
            if isinstance(tf, Skipped):
                return False
            lines = tf.lines()
        return any(1 <= n <= len(lines) and ignore_matches(lines[n - 1], rule_id)
                   for n in (line, line - 1))


def ignore_matches(text: str, rule_id: str) -> bool:
    """Whether a line's ``launchgate: ignore[...]`` comment covers ``rule_id``."""
    for m in _IGNORE_RE.finditer(text):
        for item in m.group(1).split(","):
            item = item.strip().lower()
            if item in ("*", rule_id) or rule_id.startswith(item + "."):
                return True
    return False


_HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class LineRanges(AbstractSet[int]):
    """Line numbers kept as the ranges of a diff's hunks (ascending, as git writes them): a
    1.5-million-line added file is one range, not a set of 1.5 million ints."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []  # exclusive

    def add_range(self, start: int, count: int) -> None:
        if count <= 0:
            return
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, start + count)

    def __contains__(self, line: object) -> bool:
        if not isinstance(line, int):
            return False
        i = bisect.bisect_right(self._starts, line) - 1
        return i >= 0 and line < self._ends[i]

    def __iter__(self) -> Iterator[int]:
        seen = -1
        for start, end in zip(self._starts, self._ends, strict=True):
            yield from range(max(start, seen + 1), end)
            seen = max(seen, end - 1)

    def __len__(self) -> int:
        return sum(1 for _ in self) if self._overlap() else sum(
            e - s for s, e in zip(self._starts, self._ends, strict=True))

    def _overlap(self) -> bool:
        return any(self._starts[i + 1] < self._ends[i] for i in range(len(self._starts) - 1))

    def __repr__(self) -> str:
        return f"LineRanges({list(zip(self._starts, self._ends, strict=True))})"


def parse_unified_diff_lines(diff: str) -> dict[str, LineRanges]:
    """Map path -> added line numbers from ``git diff --unified=0`` output."""
    result: dict[str, LineRanges] = {}
    path: str | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = patch_path(line[4:])
            path = (
                None if target == "/dev/null" else target[2:] if target.startswith("b/") else target
            )
            if path is not None:
                result.setdefault(path, LineRanges())
        elif path is not None and (m := _HUNK_RE.match(line)):
            result[path].add_range(int(m.group(1)), int(m.group(2) or "1"))
    return result


_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def patch_path(name: str) -> str:
    """A path from a patch's ``---``/``+++`` line as git wrote it: C-quoted when it holds a control
    character, a quote or a backslash (``"b/a\\tb"``), with a trailing tab when it holds a space.
    ``-z`` does not cover patches."""
    if name.endswith("\t"):
        name = name[:-1]
    if not (len(name) >= 2 and name.startswith('"') and name.endswith('"')):
        return name
    raw, body, i = bytearray(), name[1:-1], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and i + 3 < len(body) and all(c in "01234567"
                                                               for c in body[i + 1:i + 4]):
                raw.append(int(body[i + 1:i + 4], 8) & 0xFF)
                i += 4
                continue
            if nxt in _C_ESCAPES:
                raw.append(_C_ESCAPES[nxt])
                i += 2
                continue
        raw += ch.encode("utf-8", "surrogateescape")
        i += 1
    return raw.decode("utf-8", "surrogateescape")


def _special(full: Path) -> str | None:
    """What a non-regular file is (after symlinks), None for a regular file or one that vanished."""
    try:
        mode = full.stat().st_mode
    except (OSError, RuntimeError):
        return None
    return None if stat.S_ISREG(mode) else file_kind(mode)


def _matches(rel: str, globs: tuple[str, ...]) -> bool:
    # gitignore rules, the one helper every user-written path pattern uses
    return pathglob.matches(rel, globs)


# -- streamed git plumbing (secrets: diff and history scopes)
# ------------------------------------------------------
async def git_stream(repo: Repo, *args: str, timeout: float = 600.0) -> AsyncIterator[list[bytes]]:
    """Yield git's stdout as batches of lines (raw bytes, newline kept), read 1 MiB at a time, never
    all at once.

    Bounded in time; the process is killed when the consumer stops early or the deadline passes. A
    non-zero exit raises GitError with git's first stderr line after the output was consumed.
    """
    proc = await asyncio.create_subprocess_exec(
        *GIT, "-C", str(repo.root), *args,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    # drained concurrently: git never blocks on it
    err_task = asyncio.ensure_future(proc.stderr.read(64 * 1024))
    try:
        async with asyncio.timeout(timeout):
            # pieces of a line not ended yet: joined once (a 50 MB line stays linear)
            pending: list[bytes] = []
            while chunk := await proc.stdout.read(1 << 20):
                if b"\n" not in chunk:
                    pending.append(chunk)
                    continue
                lines = chunk.split(b"\n")
                if pending:
                    lines[0], pending = b"".join([*pending, lines[0]]), []
                rest = lines.pop()
                if rest:
                    pending.append(rest)
                yield [line + b"\n" for line in lines]
            if pending:
                yield [b"".join(pending)]
            err = await err_task
            await proc.wait()
    finally:
        if not err_task.done():
            err_task.cancel()
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    if proc.returncode != 0:
        first = err.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {first[0] if first else f'exit {proc.returncode}'}")


def diff_range(base: str, head: str | None, *, endpoints: bool = False) -> list[str]:
    """``base...head`` (the changes since their merge base), ``base head`` (two trees) with
    ``endpoints``, or ``base`` alone (against the working tree) without a head."""
    if head is None:
        return [base]
    return [base, head] if endpoints else [f"{base}...{head}"]


async def has_commit(repo: Repo, ref: str) -> bool:
    """Whether ``ref`` names a commit present in this clone."""
    try:
        await repo.git("cat-file", "-e", f"{ref}^{{commit}}", timeout=30)
        return True
    except GitError:
        return False


async def is_shallow(repo: Repo) -> bool:
    try:
        return (await repo.git("rev-parse", "--is-shallow-repository",
                               timeout=30)).strip() == "true"
    except GitError:
        return False

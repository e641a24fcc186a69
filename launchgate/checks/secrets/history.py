"""The history scope's git side: which refs are walked, which objects are missing, and a scan that
goes on.

A partial clone (``--filter=blob:none``) or a damaged object store has blobs git cannot read; ``git
log -p`` dies on the first one. So the objects are listed first (``rev-list --missing=print`` reads
no blob and fetches nothing), commits that touch no missing blob are streamed as patches as before,
and in the others each blob that is present is scanned whole while the missing ones are counted and
said. Lazy fetching from a promisor remote is refused (``protocol.allow=never``): the pre-deploy
scopes do not touch the network.
"""

from __future__ import annotations

import asyncio
import subprocess
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import IO

from launchgate.checks.secrets import binary, engine
from launchgate.checks.secrets.patches import Patch, _Parser
from launchgate.repo import GIT, GitError, Repo, git_stream, patch_path

NO_FETCH = ("-c", "protocol.allow=never")
COMMITS_PER_LOG = 2000  # commits named on one `git log --no-walk` command line (well under ARG_MAX)
BLOBS_PER_BATCH = 100
PR_REF_PREFIXES = ("refs/pull/", "refs/remotes/origin/pr/", "refs/remotes/origin/pull/",
                   "refs/merge-requests/")


@dataclass(frozen=True, kw_only=True)
class Change:
    commit: str
    path: str
    old: str  # "" for an added file
    new: str


@dataclass
class Listing:
    """Every commit of the walk, oldest first, with its file changes."""

    commits: list[str] = field(default_factory=list)
    changes: dict[str, list[Change]] = field(default_factory=dict)


def rev_args(rng: str) -> list[str]:
    return ["--all"] if rng in ("", "all") else [rng]


async def walked_refs(repo: Repo, rng: str) -> list[str]:
    """The refs ``--all`` walks (branches, tags, remotes, pull-request refs, ...); for a range, the
    range."""
    if rng not in ("", "all"):
        return [rng]
    out = await repo.git("for-each-ref", "--format=%(refname)", timeout=60)
    return sorted(line for line in out.splitlines() if line and line != "refs/stash")


def describe_refs(refs: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(refs[:limit])
    return shown + (f" and {len(refs) - limit} more" if len(refs) > limit else "")


async def missing_objects(repo: Repo, rng: str, timeout: float) -> set[str]:
    """Objects the walk needs that are not in the clone (no blob is read, nothing is fetched)."""
    missing: set[str] = set()
    async for batch in git_stream(repo, *NO_FETCH, "rev-list", "--objects", "--missing=print",
                                  *rev_args(rng),
                                  timeout=timeout):
        missing.update(line[1:].strip().decode() for line in batch if line.startswith(b"?"))
    return missing


# the last bytes of a raw line naming a compiled file (a C-quoted path ends in ")
_COMPILED_TAILS = (*(e.encode() for e in binary.COMPILED), b'"')


async def list_changes(repo: Repo, rng: str, excluded: Callable[[str], bool],
                       timeout: float, *, compiled_only: bool = False) -> Listing:
    """``git log --raw``: per commit, the added and modified files with their blob ids (no blob
    read); only the compiled and archive files with ``compiled_only`` (the others are passed over
    on their last bytes, undecoded)."""
    out = Listing()
    commit = ""
    args = ("log", "--raw", "--no-abbrev", "--no-renames", "--relative", "--diff-filter=AM",
            "--reverse",
            "--format=%x00commit %H", *rev_args(rng))
    async for batch in git_stream(repo, *NO_FETCH, *args, timeout=timeout):
        for raw in batch:
            if raw.startswith(b"\x00commit "):
                commit = raw[8:].strip().decode()
                out.commits.append(commit)
            elif raw.startswith(b":") and commit:
                if compiled_only and raw.isascii() and not raw.rstrip(b"\n").lower().endswith(
                        _COMPILED_TAILS):
                    continue
                meta, _, path_b = raw.rstrip(b"\n").partition(b"\t")
                fields = meta.decode().split()
                # C-quoted like a patch header
                path = patch_path(path_b.decode("utf-8", "surrogateescape"))
                if compiled_only and not binary.is_compiled(path):
                    continue
                if len(fields) >= 5 and not excluded(path):
                    old = "" if set(fields[2]) == {"0"} else fields[2]
                    out.changes.setdefault(commit,
                                           []).append(Change(commit=commit, path=path, old=old,
                                                                     new=fields[3]))
    return out


def split_commits(listing: Listing, missing: set[str]) -> tuple[list[str], list[Change],
                                                                dict[str, str]]:
    """(commits whose patches git can produce, present blobs of the others to scan whole, missing
    blob -> path)."""
    good: list[str] = []
    whole: list[Change] = []
    unreadable: dict[str, str] = {}
    seen: set[str] = set()
    for c in listing.commits:
        changes = listing.changes.get(c, [])
        if not any(ch.new in missing or ch.old in missing for ch in changes):
            good.append(c)
            continue
        for ch in changes:
            if ch.new in missing:
                unreadable.setdefault(ch.new, ch.path)
            elif ch.new not in seen:
                seen.add(ch.new)
                whole.append(ch)
    return good, whole, unreadable


def chunks(items: Sequence[str], n: int) -> list[list[str]]:
    return [list(items[i:i + n]) for i in range(0, len(items), n)]


async def read_blobs(repo: Repo, ids: Sequence[str], timeout: float) -> dict[str, bytes]:
    """Contents of present blobs through one ``git cat-file --batch`` (a blob that went missing is
    left out)."""
    proc = await asyncio.create_subprocess_exec(
        "git", *NO_FETCH, "-C", str(repo.root), "cat-file", "--batch",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL)
    try:
        async with asyncio.timeout(timeout):
            out, _ = await proc.communicate("".join(f"{i}\n" for i in ids).encode())
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    blobs: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        head = out[pos:end].decode().split()
        pos = end + 1
        if len(head) == 3 and head[1] == "blob":
            size = int(head[2])
            blobs[head[0]] = out[pos:pos + size]
            pos += size + 1
    return blobs


async def whole_blob_jobs(repo: Repo, whole: Sequence[Change], opts: engine.Options, timeout: float,
                          unreadable: dict[str, str]
                          ) -> AsyncIterator[tuple[Callable[..., engine.FileResult],
                                                   tuple[object, ...], str]]:
    """Scan jobs for blobs read whole, one commit attribution per job."""
    for i in range(0, len(whole), BLOBS_PER_BATCH):
        part = whole[i:i + BLOBS_PER_BATCH]
        try:
            got = await read_blobs(repo, [c.new for c in part], timeout)
        except (OSError, GitError):
            got = {}
        for ch in part:
            data = got.get(ch.new)
            if data is None:
                unreadable.setdefault(ch.new, ch.path)
            elif binary.is_compiled(ch.path) or b"\x00" in data[:8192]:
                text, _ = binary.strings_of(ch.path, data, opts.max_bytes)
                yield engine.scan_blobs, ([(ch.path, text, [1] * (text.count(b"\n") + 1))],
                                          opts), ch.commit
            elif len(data) <= opts.max_bytes:
                yield engine.scan_blobs, ([(ch.path, data, None)], opts), ch.commit


def compiled_changes(listing: Listing, missing: set[str]) -> list[Change]:
    """Compiled and archive files of the walk (``git log -p`` shows them only as "Binary files
    differ"), each blob once, for a strings scan."""
    seen: set[str] = set()
    out: list[Change] = []
    for c in listing.commits:
        for ch in listing.changes.get(c, []):
            if binary.is_compiled(ch.path) and ch.new not in missing and ch.new not in seen:
                seen.add(ch.new)
                out.append(ch)
    return out


# -- the log read and scanned by a worker
# --------------------------------------------------------------------
LOG_READ = 1 << 20


def scan_log(root: str, args: Sequence[str], commits: Sequence[str], opts: engine.Options,
             excluded: Callable[[str], bool], timeout: float) -> engine.FileResult:
    """Run in a scan worker: ``git log -p --no-walk=unsorted --stdin`` (``args``) over ``commits``,
    in their order, parsed and scanned as it streams. Several workers each read their own part of
    the history, so git's diffing (the largest cost of a history scan) runs on every core, and the
    patches never cross a process boundary. Bounded: git is killed past ``timeout``."""
    res = engine.FileResult()
    proc = subprocess.Popen([*GIT, "-C", root, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        # git reads every revision from stdin before it writes anything: no deadlock
        proc.stdin.write("".join(f"{c}\n" for c in commits).encode())
        proc.stdin.close()
        _scan_stream(proc.stdout, excluded, opts, res)
        err = proc.stderr.read(64 * 1024).decode("utf-8", "replace").strip().splitlines()
        proc.wait()
    except (OSError, ValueError) as exc:
        raise GitError(f"git log: {exc}") from None
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != 0:
        why = err[0] if err else (f"no answer within {timeout:g} s" if proc.returncode < 0
                                  else f"exit {proc.returncode}")
        raise GitError(f"git log: {why}")
    return res


def _scan_stream(out: IO[bytes], excluded: Callable[[str], bool], opts: engine.Options,
                 res: engine.FileResult) -> None:
    parser = _Parser(excluded)
    pending = b""
    while chunk := out.read(LOG_READ):
        lines = (pending + chunk).split(b"\n") if pending else chunk.split(b"\n")
        pending = lines.pop()
        _scan_patches(parser.feed([line + b"\n" for line in lines]), opts, res)
    if pending:
        _scan_patches(parser.feed([pending]), opts, res)
    if parser.cur is not None and parser.cur.lines:
        _scan_patches([parser.cur], opts, res)


def _scan_patches(patches: Sequence[Patch], opts: engine.Options, res: engine.FileResult) -> None:
    for p in patches:
        if p.commit and (not res.commits or res.commits[-1] != p.commit):
            res.commits.append(p.commit)
        res.changed_paths.add(p.path)
        res.added_lines += len(p.lines)
        engine.scan_group(res, p.commit, [(p.path, p.data(), p.line_map())], opts)

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
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field

from launchgate.checks.secrets import binary, engine
from launchgate.repo import GitError, Repo, git_stream, patch_path

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

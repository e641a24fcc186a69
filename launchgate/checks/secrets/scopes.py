"""What the secrets check scans: the tracked tree, a PR's added lines, git history, build output,
given files.

Each scope gathers text through ``launchgate.repo`` (git plumbing streamed, never a checkout per
commit), sends bounded batches to a process pool running ``engine``, and returns hits plus figures
saying what was scanned, so "found nothing" can never hide "scanned nothing".
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchgate.check import CheckError
from launchgate.checks.secrets import engine, history
from launchgate.checks.secrets.patches import Hunks, Patch, added_lines
from launchgate.repo import Repo, diff_range, has_commit, is_shallow

BATCH_BYTES = 4 * 1024 * 1024
BATCH_FILES = 400
PATCH_JOB_BYTES = 1024 * 1024  # added lines per history/diff job: enough jobs to keep workers busy
MAX_IN_FLIGHT = 6
INLINE_JOBS = 1  # jobs of a pooled scan the calling process runs itself, at a time (Pool.run)
# below this, scan in-process: starting workers would cost more than the scan
SMALL_WORK = 2 * 1024 * 1024
# a history of fewer commits is read in-process, in one part (log_parts)
SMALL_HISTORY = 256
LOG_PARTS_PER_WORKER = 3
LOG_PART_MIN = 100


@dataclass
class Scanned:
    """Hits of one scope, and what was looked at."""

    hits: list[engine.Hit] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    figures: dict[str, int | float | str] = field(default_factory=dict)
    # id(hit) -> "commit abc1234" for diff/history
    where: dict[int, str] = field(default_factory=dict)
    # history: id(hit) -> the place of its commit in the walk (patches first, then whole blobs)
    order: dict[int, int] = field(default_factory=dict)
    # the distinct paths with added lines, by figure prefix (scan_patches)
    paths: dict[str, set[str]] = field(default_factory=dict)
    # a sharded run: figure name -> the keys it counts, for merge's union (docs/sharding.md)
    sets: dict[str, set[str]] = field(default_factory=dict)

    def absorb(self, res: engine.FileResult, prefix: str) -> None:
        self.hits.extend(res.hits)
        self.skipped.extend(res.skipped)
        for name, value in (("files", res.files_scanned), ("bytes", res.bytes_scanned),
                            ("candidate_lines", res.candidate_lines),
                            ("binary_files", res.binary_files),
                            ("utf16_files", res.utf16_files)):
            key = f"{prefix}_{name}"
            self.figures[key] = int(self.figures.get(key, 0)) + value


class Pool:
    """A process pool of ``workers`` processes; detect-secrets' settings are per process, so no
    threads."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: Executor | None = None
        self.broken = False
        # jobs the calling process scans itself beside the workers: it has the engine imported
        # already, so it starts at once while the fork server is still warming up, and it would
        # otherwise only wait for results
        self._inline_free = INLINE_JOBS

    def _context(self) -> Any:
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":  # workers fork from a server that is already warm (warm.py)
            context.set_forkserver_preload(["launchgate.checks.secrets.warm"])
        return context

    def warm(self) -> None:
        """Start the fork server now (it imports the engine and compiles the gate while the caller
        lists what to scan), when the work is known to be big enough for the pool."""
        if self.workers > 1 and self._pool is None and not self.broken:
            context = self._context()
            if context.get_start_method() == "forkserver":
                from multiprocessing import forkserver

                with contextlib.suppress(OSError, RuntimeError):  # the pool will say, or fall back
                    forkserver.ensure_running()

    def _executor(self) -> Executor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=self._context())
        return self._pool

    async def run(self, fn: Callable[..., engine.FileResult], *args: Any,
                  small: bool = False) -> engine.FileResult:
        if fn is engine.scan_blobs and self._pool is None:
            small = small or sum(len(b[1]) for b in args[0]) < SMALL_WORK // 4
        elif fn is engine.scan_groups and self._pool is None:
            small = small or sum(len(b[1]) for _, g in args[0] for b in g) < SMALL_WORK // 4
        if small or self.workers == 1 or self.broken:
            return await asyncio.to_thread(fn, *args)
        if self._inline_free > 0:
            self._inline_free -= 1
            try:
                return await asyncio.to_thread(fn, *args)
            finally:
                self._inline_free += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor(), fn, *args)
        except BrokenProcessPool:
            # workers could not start (e.g. embedded without a __main__ guard) or died: scan
            # in-process instead
            self.broken = True
            return await asyncio.to_thread(fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


async def _drain(pool: Pool,
                 jobs: AsyncIterator[tuple[Callable[..., engine.FileResult], tuple[Any, ...], str]],
                 out: Scanned, prefix: str, *, small: bool = False,
                 tally: Callable[[engine.FileResult], None] | None = None) -> None:
    """Run jobs with at most MAX_IN_FLIGHT batches pending (bounded memory), absorbing results in
    order (``small``: in-process; ``tally`` sees each result first)."""
    pending: list[tuple[asyncio.Task[engine.FileResult], str]] = []

    async def take() -> None:
        task, w = pending.pop(0)
        res = await task
        if tally is not None:
            tally(res)
        _absorb_where(out, res, prefix, w)

    async for fn, args, where in jobs:
        pending.append((asyncio.ensure_future(pool.run(fn, *args, small=small)), where))
        if len(pending) >= MAX_IN_FLIGHT:
            await take()
    while pending:
        await take()


def _absorb_where(out: Scanned, res: engine.FileResult, prefix: str, where: str) -> None:
    if where:
        for h in res.hits:
            out.where[id(h)] = where
    for h, w in zip(res.hits, res.hit_where, strict=False):  # a job of several commits
        if w:
            out.where[id(h)] = w
    out.absorb(res, prefix)


# -- tree and files
# ------------------------------------------------------------------------------------------
def batches(root: Path, paths: Sequence[str],
            sizes: Sequence[int] | None = None) -> list[list[str]]:
    """Split paths into batches of about BATCH_BYTES / BATCH_FILES, sizes from stat (cheap, no
    reads) unless given."""
    out: list[list[str]] = [[]]
    size = 0
    for i, rel in enumerate(paths):
        n = sizes[i] if sizes is not None else _size(root, rel)
        if out[-1] and (size + n > BATCH_BYTES or len(out[-1]) >= BATCH_FILES):
            out.append([])
            size = 0
        out[-1].append(rel)
        size += n
    return [b for b in out if b]


def _size(root: Path, rel: str) -> int:
    try:
        return os.lstat(root / rel).st_size
    except OSError:
        return 0


async def scan_paths(pool: Pool, root: Path, paths: Sequence[str], opts: engine.Options,
                     prefix: str) -> Scanned:
    out = Scanned()
    sizes = [_size(root, rel) for rel in paths]  # one stat each, for the total and the batches
    small = sum(min(n, opts.max_bytes) for n in sizes) < SMALL_WORK

    async def jobs() -> AsyncIterator[tuple[Callable[..., engine.FileResult], tuple[Any, ...],
                                            str]]:
        for b in batches(root, paths, sizes):
            yield engine.scan_files, (str(root), b, opts), ""

    if small:
        out.absorb(await pool.run(engine.scan_files, str(root), list(paths), opts, small=True),
                   prefix)
    else:
        await _drain(pool, jobs(), out, prefix)
    return out


async def tree_paths(repo: Repo, excluded: Callable[[str], bool]) -> list[str]:
    """Tracked files (plus untracked, not ignored): .gitignore respected; the plain walk outside
    git."""
    return [p for p in await repo.tracked_files() if not excluded(p)]


def files_under(base: Path) -> list[Path]:
    """Regular files under a directory given on the command line (symlinked directories not
    followed)."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        out += [Path(dirpath) / name for name in sorted(filenames)]
    return out


def bundle_paths(repo: Repo, dirs: Sequence[str],
                 excluded: Callable[[str], bool]) -> tuple[list[str], list[str]]:
    """Every file under the build-output dirs (usually git-ignored, so walked, not listed) and the
    source maps."""
    files: list[str] = []
    maps: list[str] = []
    for d in dirs:
        base = repo.root / d
        if not base.is_dir() or not repo.inside(base):
            continue
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                rel = (Path(dirpath) / name).relative_to(repo.root).as_posix()
                if excluded(rel):
                    continue
                files.append(rel)
                if name.endswith(".map"):
                    maps.append(rel)
    return files, maps


# -- diff and history
# ----------------------------------------------------------------------------------------
async def scan_patches(pool: Pool, patches: AsyncIterator[Patch], opts: engine.Options,
                       out: Scanned,
                       prefix: str) -> set[str]:
    """Scan streamed patches in bounded batches; returns the commits seen."""
    commits: set[str] = set()
    counts = {"added_lines": 0}
    files: set[str] = set()

    async def jobs() -> AsyncIterator[tuple[Callable[..., engine.FileResult], tuple[Any, ...],
                                            str]]:
        # one job holds the patches of many commits (a job per commit cost a round trip to a
        # worker for every commit of the history), each group attributed to its commit
        groups: list[tuple[str, list[tuple[str, bytes, Hunks]]]] = []
        size = 0
        async for p in patches:
            if p.commit:
                commits.add(p.commit)
            files.add(p.path)
            counts["added_lines"] += len(p.lines)
            data = p.data()
            if groups and size + len(data) > PATCH_JOB_BYTES:
                yield engine.scan_groups, (groups, opts), ""
                groups, size = [], 0
            if not groups or groups[-1][0] != p.commit:
                groups.append((p.commit, []))
            groups[-1][1].append((p.path, data, p.line_map()))
            size += len(data)
        if groups:
            yield engine.scan_groups, (groups, opts), ""

    await _drain(pool, jobs(), out, prefix)
    out.figures[f"{prefix}_added_lines"] = counts["added_lines"]
    out.figures[f"{prefix}_changed_files"] = len(files)
    out.paths[prefix] = files
    return commits


# -M: a moved file shows only the lines that changed; explicit prefixes: a user's diff.noprefix
# cannot break parsing
# --relative: paths relative to the checked root (a monorepo's subdirectory too), changes outside it
# left out
LOG_ARGS = ("-p", "--relative", "--unified=0", "--no-color", "--no-ext-diff", "-M",
            "--diff-filter=AMR",
            "--src-prefix=a/", "--dst-prefix=b/", "--format=%x00commit %H")


class ShallowClone(Exception):
    """The base commit is missing from a shallow clone (the run decided, before the checks, not to
    fetch it or could not): the message says so."""


async def ensure_base(repo: Repo, base: str) -> None:
    """The base commit must be present; nothing is fetched here (clone.prepare decides that once
    per run, before the checks start, so that every check sees the same clone)."""
    if await has_commit(repo, base):
        return
    if await is_shallow(repo):
        raise ShallowClone(f"base commit {base[:12]} is not in this shallow clone: the tree was "
                           "scanned instead (set `fetch-depth: 0` on actions/checkout, or "
                           "`fetch-missing: true`)")
    raise CheckError(f"base ref {base} is not a commit in this repository")


async def scan_diff(pool: Pool, repo: Repo, base: str, head: str | None, opts: engine.Options,
                    excluded: Callable[[str], bool], timeout: float, *,
                    endpoints: bool = False) -> Scanned:
    """Added lines of each PR commit, then the net diff: a secret added and removed inside the PR
    still counts. ``endpoints`` (a shallow clone with the two commits only): the net diff of the
    two trees, and the figures say the commits between them were not scanned."""
    await ensure_base(repo, base)
    out = Scanned()
    commits: set[str] = set()
    if endpoints:
        out.figures["diff_shallow"] = ("shallow clone: only the net diff of the two commits was "
                                       "scanned, not each commit of the pull request")
    else:
        rng = f"{base}..{head or 'HEAD'}"
        patches = added_lines(repo, ["log", *LOG_ARGS, rng], excluded, timeout)
        commits = await scan_patches(pool, patches, opts, out, "diff_commits")
    net_args = ["diff", *LOG_ARGS[:-1], *diff_range(base, head, endpoints=endpoints)]
    await scan_patches(pool, added_lines(repo, net_args, excluded, timeout), opts, out, "diff_net")
    out.figures["diff_commits"] = len(commits)
    return out


async def scan_staged(pool: Pool, repo: Repo, opts: engine.Options, excluded: Callable[[str], bool],
                      timeout: float) -> Scanned:
    """The lines ``git commit`` would add: the staged diff against HEAD (every staged line on a
    first commit), as the index holds it (a pre-commit hook)."""
    out = Scanned()
    args = ["diff", "--cached", *LOG_ARGS[:-1]]
    await scan_patches(pool, added_lines(repo, args, excluded, timeout), opts, out, "staged")
    return out


async def diff_commits(repo: Repo, base: str, head: str | None, excluded: Callable[[str], bool],
                       timeout: float) -> int:
    """How many commits of the PR add lines to a scanned file (the ``diff_commits`` figure), counted
    over every path: a sharded run's diff scan sees only the paths its shard owns."""
    rng = f"{base}..{head or 'HEAD'}"
    return len({p.commit async for p in added_lines(repo, ["log", *LOG_ARGS, rng], excluded,
                                                    timeout) if p.commit})


async def _commit_patches(repo: Repo, commits: Sequence[str], excluded: Callable[[str], bool],
                          timeout: float) -> AsyncIterator[Patch]:
    """The added lines of the given commits, in the given order (a bounded command line each)."""
    for part in history.chunks(commits, history.COMMITS_PER_LOG):
        args = [*history.NO_FETCH, "log", *LOG_ARGS, "--no-walk=unsorted", *part]
        async for p in added_lines(repo, args, excluded, timeout):
            yield p


def _place(out: Scanned, listing: history.Listing, patched: int) -> None:
    """Each hit's place in the walk: its commit's index (whole blobs after every patch)."""
    index = {c: i for i, c in enumerate(listing.commits)}
    n = len(listing.commits)
    for i, h in enumerate(out.hits):
        base = 0 if i < patched else n
        out.order[id(h)] = base + index.get(out.where.get(id(h), ""), n - 1 if n else 0)


def _once(out: Scanned, owns: Callable[[str], bool] | None) -> None:
    """``history_changed_files`` (distinct files with added lines) does not add up over shards
    that split the commits (a file changed in two shards' commits would count twice): a sharded
    run reports the files of its own commits and keeps their paths, so that merge counts the
    union, the single run's figure (docs/sharding.md)."""
    if owns is not None:
        out.sets["history_changed_files"] = out.paths.get("history", set())


def log_parts(commits: Sequence[str], workers: int) -> list[list[str]]:
    """The history's commits in consecutive parts, one ``git log`` each: a few per worker (so one
    slow part does not leave the others idle), none under LOG_PART_MIN commits; a history under
    SMALL_HISTORY commits is one part, read in-process (starting workers would cost more)."""
    if len(commits) < SMALL_HISTORY or workers <= 1:
        return [list(commits)] if commits else []
    n = max(1, min(workers * LOG_PARTS_PER_WORKER, len(commits) // LOG_PART_MIN))
    size = -(-len(commits) // n)
    return [list(commits[i:i + size]) for i in range(0, len(commits), size)]


async def _scan_logs(pool: Pool, repo: Repo, commits: Sequence[str], opts: engine.Options,
                     excluded: Callable[[str], bool], timeout: float, out: Scanned) -> int:
    """The added lines of ``commits`` (in their order), each part read and scanned by a worker
    (history.scan_log); the hits are absorbed in the commits' order. Returns the commits with
    added lines."""
    args = [*history.NO_FETCH, "log", *LOG_ARGS, "--no-walk=unsorted", "--stdin"]
    parts = log_parts(commits, pool.workers)
    seen: set[str] = set()
    paths: set[str] = set()
    added = [0]

    async def jobs() -> AsyncIterator[tuple[Callable[..., engine.FileResult], tuple[Any, ...],
                                            str]]:
        for part in parts:
            yield history.scan_log, (str(repo.root), args, part, opts, excluded, timeout), ""

    def tally(res: engine.FileResult) -> None:
        seen.update(res.commits)
        paths.update(res.changed_paths)
        added[0] += res.added_lines

    await _drain(pool, jobs(), out, "history", small=len(parts) <= 1, tally=tally)
    out.figures["history_added_lines"] = added[0]
    out.figures["history_changed_files"] = len(paths)
    out.paths["history"] = paths  # a sharded run's set of them (_once)
    return len(seen)


async def scan_history(pool: Pool, repo: Repo, rng: str, opts: engine.Options,
                       excluded: Callable[[str], bool], timeout: float,
                       owns: Callable[[str], bool] | None = None) -> Scanned:
    """Every commit of ``rng`` (or of every ref), oldest first, so the first hit of a secret is
    where it appeared. Blobs the clone does not have (partial clone, damaged objects) are skipped
    and counted, never an abort. ``owns`` (a sharded run): only the commits it owns are scanned,
    and each hit records its commit's place in the walk, so merge can pick the first."""
    out = Scanned()
    pool.warm()
    refs = await history.walked_refs(repo, rng)
    out.figures["history_refs"] = len(refs)
    out.figures["history_pr_refs"] = sum(r.startswith(history.PR_REF_PREFIXES) for r in refs)
    out.figures["history_refs_walked"] = history.describe_refs(refs)
    missing = await history.missing_objects(repo, rng, timeout)
    mine = owns or (lambda _key: True)
    if not missing:  # the walk's commits listed, then read in parts by the workers
        listing = await history.list_changes(repo, rng, excluded, timeout, compiled_only=True)
        commits = await _scan_logs(pool, repo, [c for c in listing.commits if mine(c)], opts,
                                   excluded, timeout, out)
        patched = len(out.hits)
        compiled = [c for c in history.compiled_changes(listing, missing) if mine(c.commit)]
        await _drain(pool, history.whole_blob_jobs(repo, compiled, opts, timeout, {}), out,
                     "history_compiled")
        out.figures["history_commits"] = commits
        out.figures["history_unreadable_blobs"] = 0
        _place(out, listing, patched)
        _once(out, owns)
        return out
    listing = await history.list_changes(repo, rng, excluded, timeout)
    part = await _scan_partial(pool, repo, listing, missing, opts, excluded, timeout, mine)
    part.figures = {**out.figures, **part.figures}
    _once(part, owns)
    return part


async def _scan_partial(pool: Pool, repo: Repo, listing: history.Listing, missing: set[str],
                        opts: engine.Options, excluded: Callable[[str], bool], timeout: float,
                        mine: Callable[[str], bool]) -> Scanned:
    """History with missing blobs: patches of the commits git can diff, present blobs of the
    others read whole, the missing ones counted (each by the shard owning its first commit)."""
    out = Scanned()
    good, whole, unreadable = history.split_commits(listing, missing)
    good_set = set(good)
    whole += [c for c in history.compiled_changes(listing, missing) if c.commit in good_set]
    first = {ch.new: ch.commit for c in reversed(listing.commits)
             for ch in listing.changes.get(c, []) if ch.new in unreadable}
    whole_walk = dict(unreadable)  # the note names them all, once (the shard owning the walk)
    unreadable = {b: p for b, p in unreadable.items() if mine(first.get(b, ""))}
    good = [c for c in good if mine(c)]
    await scan_patches(pool, _commit_patches(repo, good, excluded, timeout), opts, out, "history")
    patched = len(out.hits)
    whole = [ch for ch in whole if mine(ch.commit)]
    await _drain(pool, history.whole_blob_jobs(repo, whole, opts, timeout, unreadable), out,
                 "history_whole")
    out.figures["history_commits"] = sum(mine(c) for c in listing.commits)
    out.figures["history_unreadable_blobs"] = len(unreadable)
    _place(out, listing, patched)
    # blobs that went missing while read belong to this shard's note; the listed ones to the walk's
    noted = {**(whole_walk if mine("secrets.history") else {}),
             **{b: p for b, p in unreadable.items() if b not in whole_walk}}
    if noted:
        paths = sorted(set(noted.values()))
        n = len(noted)
        out.skipped.append((paths[0], f"{n} blob{'s' if n != 1 else ''} could not be read from "
                            "git history: partial clone or damaged objects? "
                            f"({history.describe_refs(paths, 5)})"))
    return out

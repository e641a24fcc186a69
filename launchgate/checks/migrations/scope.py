"""Which migrations the next deploy runs, when there is no pull-request scope: the ones not yet
released.

The first rule that has the history it needs decides (each is one or two bounded git calls):

1. on a feature branch (HEAD is a branch that is not the default one, and the default branch's
   remote ref exists): the migrations not on that remote default branch (diff from the merge base);
2. else, unless every deploy of the default branch runs the migrations (``deployhook``: a
   ``vercel-build`` or release step that migrates; its tags lag production), the migrations added
   since the latest *release tag* (see ``release_tier`` and ``latest_release_tag``): those not in
   the tagged tree;
3. else the migrations of the last push: under GitHub Actions the push event's ``before..after``
   (handed down by the CLI in ``Scope.push``); locally the commits not pushed to the branch's
   upstream, or the last commit;
4. else (no git, no commit, one commit, a depth-1 shallow clone) every migration is new.

A changed file counts when added, modified, or renamed with changes (a pure rename moves nothing
into production); untracked files count too (a migration written but not yet committed is what the
next deploy runs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchgate.repo import GitError, Repo, has_commit, is_shallow

# Release tags, best first. 1: semver-ish releases, ``v1.6.0``, ``4.3``, ``v2.17.0.1``. 2: any other
# tag that
# carries a version number (``py/1.37.5``, ``5.4.0-rc.1``, ``app@2.0.0``). 3: any tag at all
# (``nightly``,
# ``stable``): used only when the history holds no tag of a better tier.
_RELEASE = re.compile(r"^v?\d+(\.\d+){1,3}$")
_VERSIONED = re.compile(r"\d+\.\d+")
_GIT_TIMEOUT = 60.0


def release_tier(tag: str) -> int:
    """1 for a release tag (``v1.2.3``, ``1.2``), 2 for another versioned tag (prefix or
    pre-release), 3 else."""
    if _RELEASE.match(tag):
        return 1
    return 2 if _VERSIONED.search(tag) else 3


@dataclass(frozen=True, kw_only=True)
class Unreleased:
    """The migrations to lint and why: ``changed`` None means every migration is new (no history to
    tell)."""

    basis: str  # "added since release tag v1.6.0", "not on origin/main (branch feature)", ...
    changed: frozenset[str] | None = None


async def unreleased(repo: Repo, push: tuple[str, str] | None = None,
                     deploy_hook: str | None = None) -> Unreleased:
    """Decide which files are not yet released (see the module docstring for the order);
    ``deploy_hook`` names where each deploy runs the migrations (release tags are then not used)."""
    if not await repo.is_git():
        return Unreleased(basis="not a git repository: every migration is treated as new")
    try:
        head = (await repo.git("rev-parse", "--verify", "-q", "HEAD", timeout=_GIT_TIMEOUT)).strip()
    except GitError:
        return Unreleased(basis="no commit yet: every migration is treated as new")
    try:
        return await _decide(repo, head, push, deploy_hook)
    # a damaged repository: say so, and judge everything as new rather than guess
    except GitError as exc:
        return Unreleased(basis=f"git history unreadable ({exc}): every migration is treated as "
                          "new")


async def _decide(repo: Repo, head: str, push: tuple[str, str] | None,
                  deploy_hook: str | None) -> Unreleased:
    branch = (await repo.git("symbolic-ref", "-q", "--short", "HEAD", check=False,
                             timeout=_GIT_TIMEOUT)).strip()
    default = await default_branch(repo)
    if branch and default and branch != default.split("/", 1)[1]:
        base = await _merge_base(repo, head, default)
        if base:
            return Unreleased(basis=f"not on {default} (feature branch {branch})",
                              changed=await changed_since(repo, base))
    tag = None if deploy_hook else await latest_release_tag(repo)
    if tag is not None:
        return Unreleased(basis=f"added since release tag {tag}",
                          changed=await changed_since(repo, tag))
    why = f"each deploy runs the migrations: {deploy_hook}" if deploy_hook else "no release tag"
    found = await _last_push(repo, head, branch, push, why)
    if found is None:
        why = ("shallow clone with one commit (fetch the history and tags: actions/checkout "
               "fetch-depth: 0)") if await is_shallow(repo) else "one commit"
        return Unreleased(basis=f"{why}: every migration is treated as new")
    return found


async def _last_push(repo: Repo, head: str, branch: str, push: tuple[str, str] | None,
                     why: str) -> Unreleased | None:
    """The migrations of the last push (the push event, the unpushed commits, the last commit),
    the basis ending with ``why``; None when the history has one commit."""
    if push is not None and await has_commit(repo, push[0]) and await has_commit(repo, push[1]):
        pushed = await _merge_base(repo, push[1], push[0]) or push[0]
        return Unreleased(basis=f"added in the pushed commits {push[0][:12]}..{push[1][:12]} "
                          f"({why})",
                          changed=await changed_since(repo, pushed))
    if branch:
        upstream = (await repo.git("rev-parse", "-q", "--verify", "--symbolic-full-name",
                                   "@{upstream}",
                                   check=False, timeout=_GIT_TIMEOUT)).strip()
        if upstream and (base := await _merge_base(repo, head, upstream)) and base != head:
            short = upstream.removeprefix("refs/remotes/")
            return Unreleased(basis=f"not yet pushed to {short} ({why})",
                              changed=await changed_since(repo, base))
    if await has_commit(repo, f"{head}^"):
        return Unreleased(basis=f"added in the last commit ({why}, no push information)",
                          changed=await changed_since(repo, f"{head}^"))
    return None


async def default_branch(repo: Repo) -> str | None:
    """The remote default branch as ``remote/name`` (``origin/HEAD``'s target, else
    ``origin/main``/``master``)."""
    remotes = (await repo.git("remote", check=False, timeout=_GIT_TIMEOUT)).split()
    ordered = sorted(remotes, key=lambda r: (r != "origin", r))
    for remote in ordered:
        target = (await repo.git("symbolic-ref", "-q", "--short", f"refs/remotes/{remote}/HEAD",
                                 check=False,
                                 timeout=_GIT_TIMEOUT)).strip()
        if target.startswith(f"{remote}/"):
            return target
    for remote in ordered:
        for name in ("main", "master"):
            if await has_commit(repo, f"refs/remotes/{remote}/{name}"):
                return f"{remote}/{name}"
    return None


async def latest_release_tag(repo: Repo) -> str | None:
    """The latest release tag: the highest version of tier 1, else the newest tag of tier 2, else of
    tier 3.

    Reachable from HEAD or not: projects that cut releases on release branches (formbricks, rallly)
    tag commits the default branch never contains, and the diff against the tag's tree still says
    what is not released.
    """
    out = await repo.git("for-each-ref", "--format=%(refname:strip=2)%00%(creatordate:unix)",
                         "refs/tags",
                         timeout=_GIT_TIMEOUT)
    best: tuple[tuple[int, tuple[int, ...], int], str] | None = None
    for line in out.splitlines():
        tag, _, when = line.partition("\x00")
        tier = release_tier(tag)
        version = tuple(int(x) for x in re.findall(r"\d+", tag)) if tier == 1 else ()
        key = (-tier, version, int(when) if when.isdigit() else 0)
        if best is None or key > best[0]:
            best = (key, tag)
    if best is None or not await has_commit(repo, f"refs/tags/{best[1]}"):
        return None  # no tag, or a tag whose commit this clone does not have (a shallow clone)
    return best[1]


async def _merge_base(repo: Repo, a: str, b: str) -> str | None:
    out = await repo.git("merge-base", a, b, check=False, timeout=_GIT_TIMEOUT)
    return out.strip() or None


async def changed_since(repo: Repo, base: str) -> frozenset[str]:
    """Files added or changed from ``base`` to HEAD or the working tree (root-relative), plus new
    untracked files.

    Committed and uncommitted changes are asked for apart, and untracked files that HEAD has are not
    new: a clone whose index was lost (every file untracked) must not make every migration look
    unreleased.
    """
    changed: set[str] = set()
    for rng in ((base, "HEAD"), (base,)):
        out = await repo.git("diff", "--relative", "--name-status", "-z", "-M", "--no-ext-diff",
                             *rng,
                             timeout=_GIT_TIMEOUT)
        changed.update(_name_status(out))
    untracked = {p for p in (await repo.git("ls-files", "-z", "--others", "--exclude-standard",
                                            timeout=_GIT_TIMEOUT)).split("\x00") if p}
    if untracked:
        in_head = set((await repo.git("ls-tree", "-r", "-z", "--name-only", "HEAD",
                                      timeout=_GIT_TIMEOUT))
                      .split("\x00"))
        changed.update(untracked - in_head)
    return frozenset(changed)


def _name_status(out: str) -> list[str]:
    """Paths from ``git diff --name-status -z``: A and M, and R/C when the content changed (score
    under 100)."""
    fields = out.split("\x00")
    paths: list[str] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status[:1] in ("R", "C"):
            if status[1:] != "100":
                paths.append(fields[i + 2])
            i += 3
            continue
        if status[:1] in ("A", "M"):
            paths.append(fields[i + 1])
        i += 2
    return paths

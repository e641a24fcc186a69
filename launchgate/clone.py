"""What a (possibly shallow) clone holds of a pull request's history, decided once per run.

Called by app.py before any check starts, so every check sees the same repository state:

* not shallow, or the base and head connected in the clone: the full PR scope (``base...head``);
* shallow, base or head missing, and ``fetch`` allowed (``fetch-missing``): exactly the missing
  commits are fetched, at depth 1 (``git fetch --depth=1 origin <sha>``), and the run says so;
* shallow with both commits but not the history between them: the PR's changes are the diff of
  the two trees (``base head``); what needs the commits in between is limited and says so;
* otherwise: one notice naming the ``fetch-depth`` to set; the checks that need the base say they
  were limited.

Nothing here deepens or rewrites the clone without being asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchgate.repo import GitError, Repo, has_commit, is_shallow

FETCH_TIMEOUT_S = 60.0
_SHA = re.compile(r"^[0-9a-f]{7,64}$")
FETCH_DEPTH_HINT = "set `fetch-depth: 0` on actions/checkout"


@dataclass(frozen=True, kw_only=True)
class History:
    """The clone's state for this run's PR scope. ``limited`` (one line) says what is missing;
    ``endpoints_only``: the base and head commits are there, the commits between them are not."""

    shallow: bool = False
    limited: str | None = None
    endpoints_only: bool = False
    fetched: tuple[str, ...] = ()
    log: tuple[str, ...] = ()  # what the run tells the user about it (fetches, the notice)


async def _connected(repo: Repo, base: str, head: str) -> bool:
    out = await repo.git("merge-base", base, head, check=False, timeout=FETCH_TIMEOUT_S)
    return bool(out.strip())


async def _fetch(repo: Repo, shas: list[str]) -> str | None:
    """Fetch exactly these commits at depth 1 from origin; None on success, else why not."""
    if not all(_SHA.match(s) for s in shas):
        return "only commits named by their SHA are fetched"
    try:
        await repo.git("fetch", "--no-tags", "--no-recurse-submodules", "--depth=1", "origin",
                       *shas, timeout=FETCH_TIMEOUT_S)
    except GitError as exc:
        return str(exc)
    return None


async def prepare(repo: Repo, base: str | None, head: str | None, *, fetch: bool) -> History:
    """Decide, once, what the checks can see of ``base..head`` in this clone (module doc)."""
    if not base or not await repo.is_git() or not await is_shallow(repo):
        return History()
    tip = head or "HEAD"
    missing = [ref for ref in dict.fromkeys((base, tip)) if not await has_commit(repo, ref)]
    log: list[str] = []
    fetched: tuple[str, ...] = ()
    if missing and fetch:
        names = " ".join(m[:12] for m in missing)
        failed = await _fetch(repo, missing)
        if failed is None:
            fetched = tuple(missing)
            log.append(f"shallow clone: fetched the pull request's {names} "
                       f"(git fetch --depth=1 origin {names}; fetch-missing is on)")
        else:
            log.append(f"shallow clone: could not fetch {names} ({failed})")
        missing = [ref for ref in missing if not await has_commit(repo, ref)]
    if missing:
        what = "base" if base in missing else "head"
        limited = (f"shallow clone without the pull request's {what} commit {missing[0][:12]}: "
                   f"{FETCH_DEPTH_HINT} (or fetch-missing: true); the checks that need the "
                   "history were limited")
        return History(shallow=True, limited=limited, fetched=fetched, log=(*log, limited))
    if await _connected(repo, base, tip):
        return History(shallow=True, fetched=fetched, log=tuple(log))
    limited = (f"shallow clone: the commits between {base[:12]} and {tip[:12]} are not here; the "
               f"pull request's changes are the diff of the two trees ({FETCH_DEPTH_HINT} to scan "
               "each commit)")
    return History(shallow=True, limited=limited, endpoints_only=True, fetched=fetched,
                   log=(*log, limited))

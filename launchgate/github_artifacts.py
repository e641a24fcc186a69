"""``latency-baseline: previous-run``: the JSON report of the latest successful run on the base
branch.

The Action uploads each run's report as the artefact ``launchgate-report``
(``actions/upload-artifact``); a later run finds it through the REST API with the job's token:

1. ``GET /repos/{repo}/actions/runs?branch=BASE&status=success``
   (actions/list-workflow-runs-for-repo): the successful runs on the base branch, newest first;
2. ``GET /repos/{repo}/actions/artifacts?name=launchgate-report``
   (actions/list-artifacts-for-repo): the unexpired artefact of the newest of those runs;
3. ``GET /repos/{repo}/actions/artifacts/{id}/zip`` (actions/download-artifact): a 302 to storage
   elsewhere, fetched without the token, the zip read under a size cap.

Nothing here fails the run: without a token, permission (``actions: read``), run or artefact the
answer is a notice, and the latency check runs without a baseline.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from launchgate.github_api import ApiError, GitHubApi

ARTIFACT = "launchgate-report"
REPORT = "launchgate-report.json"
MAX_ZIP = 8 * 1024 * 1024  # a JSON report zipped: far below this
MAX_REPORT = 4 * 1024 * 1024  # latency.read_baseline's own cap
RUNS = 20  # the newest successful runs on the base branch that are looked at


@dataclass(frozen=True, kw_only=True)
class Fetched:
    """Where the previous report was written (None: not found) and the one line that says what
    happened."""

    path: Path | None
    message: str


async def previous_report(api: GitHubApi, branch: str, dest: Path) -> Fetched:
    """Download the newest ``launchgate-report`` of a successful run on ``branch`` to ``dest``."""
    try:
        return await _fetch(api, branch, dest)
    except ApiError as exc:
        why = (
            "the token may lack `actions: read`"
            if exc.status in (401, 403, 404)
            else "the API did not answer"
        )
        return Fetched(
            path=None,
            message=f"latency-baseline: no previous run's report ({why}: {exc}); "
            "p95 is not compared with a previous run",
        )


async def _fetch(api: GitHubApi, branch: str, dest: Path) -> Fetched:
    repo = api.repository
    async with api.net.client() as client:
        runs = await api.request(
            client,
            "GET",
            f"/repos/{repo}/actions/runs?branch={quote(branch, safe='')}"
            f"&status=success&per_page={RUNS}&exclude_pull_requests=true",
        )
        run_ids = [r.get("id") for r in _items(runs.data, "workflow_runs")]
        if not run_ids:
            return _none(f"no successful run on {branch}")
        arts = await api.request(
            client, "GET", f"/repos/{repo}/actions/artifacts?name={ARTIFACT}&per_page=100"
        )
        by_run = {
            a.get("workflow_run", {}).get("id"): a
            for a in _items(arts.data, "artifacts")
            if not a.get("expired") and isinstance(a.get("workflow_run"), dict)
        }
        found = next(((rid, by_run[rid]) for rid in run_ids if rid in by_run), None)
        if found is None:
            return _none(
                f"no unexpired {ARTIFACT} artefact in the last {len(run_ids)} successful run(s) on "
                f"{branch} (upload it with actions/upload-artifact, see docs/github-action.md)"
            )
        run_id, art = found
        location = await api.redirect(
            client, f"/repos/{repo}/actions/artifacts/{int(art['id'])}/zip"
        )
        snap = await api.net.fetch(
            client, "GET", location, deadline_s=api.request_timeout_s, max_body=MAX_ZIP
        )
    if snap.status != 200 or snap.truncated:
        return _none(
            f"the {ARTIFACT} artefact of run {run_id} could not be downloaded (HTTP {snap.status}"
            f"{', over ' + str(MAX_ZIP) + ' bytes' if snap.truncated else ''})"
        )
    report = _report_in(snap.body)
    if report is None:
        return _none(
            f"the {ARTIFACT} artefact of run {run_id} holds no {REPORT} under {MAX_REPORT} bytes"
        )
    dest.write_bytes(report)
    return Fetched(
        path=dest, message=f"latency-baseline: p95 compared with run {run_id} on {branch}"
    )


def _items(data: object, key: str) -> list[dict[str, Any]]:
    items = data.get(key) if isinstance(data, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _none(why: str) -> Fetched:
    return Fetched(
        path=None, message=f"latency-baseline: {why}; p95 is not compared with a previous run"
    )


def _report_in(blob: bytes) -> bytes | None:
    """The report's bytes from the artefact zip, read only when its declared size is under the
    cap."""
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            info = next(
                (i for i in zf.infolist() if Path(i.filename).name == REPORT and not i.is_dir()),
                None,
            )
            if info is None or info.file_size > MAX_REPORT:
                return None
            with zf.open(info) as f:
                data = f.read(MAX_REPORT + 1)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return data if len(data) <= MAX_REPORT else None

"""A fake GitHub Actions environment in a temp dir: ``GITHUB_*`` variables, event payloads, runner
files."""

from __future__ import annotations

import json
from pathlib import Path

HEAD_SHA = "a" * 40
BASE_SHA = "b" * 40
MERGE_SHA = "c" * 40  # what GITHUB_SHA names on pull_request: the merge commit, never to link to


def pull_request_event(*, number: int = 7, fork: bool = False) -> dict:
    head_repo = "mallory/shop" if fork else "acme/shop"
    return {
        "action": "synchronize",
        "number": number,
        "pull_request": {
            "number": number,
            "head": {"sha": HEAD_SHA, "ref": "feature",
                     "repo": {"full_name": head_repo, "fork": fork}},
            "base": {"sha": BASE_SHA, "ref": "main",
                     "repo": {"full_name": "acme/shop", "fork": False}},
        },
        "repository": {"full_name": "acme/shop"},
    }


def push_event() -> dict:
    return {"ref": "refs/heads/main", "before": BASE_SHA, "after": HEAD_SHA,
            "repository": {"full_name": "acme/shop"}}


def actions_env(tmp: Path, event: dict, *, event_name: str, api_url: str = "http://127.0.0.1:9",
                token: str | None = "test" + "-token-" + "not-real") -> dict[str, str]:
    """The variables the runner sets for a step, with the runner's files under ``tmp``."""
    (tmp / "workspace").mkdir(parents=True, exist_ok=True)
    (tmp / "file_commands").mkdir(exist_ok=True)
    event_path = tmp / "event.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    summary, output = tmp / "file_commands" / "step_summary", tmp / "file_commands" / "output"
    summary.write_text("", encoding="utf-8")
    output.write_text("", encoding="utf-8")
    env = {
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_REPOSITORY": "acme/shop",
        "GITHUB_SERVER_URL": "https://github.example.test",
        "GITHUB_API_URL": api_url,
        "GITHUB_RUN_ID": "4242",
        "GITHUB_SHA": MERGE_SHA if event_name == "pull_request" else HEAD_SHA,
        "GITHUB_REF_NAME": "7/merge" if event_name == "pull_request" else "main",
        "GITHUB_WORKSPACE": str(tmp / "workspace"),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
    }
    if token:
        env["GITHUB_TOKEN"] = token
    return env

"""The ai check against real loopback assistants (tests/support/assistants.py): a naive one fails
every category, a guarded one passes; plain JSON and OpenAI chat (streamed and not); budget and
deadlines counted at the server."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from pathlib import Path
from typing import Any

import pytest

from launchgate.check import CheckError, Context, Scope
from launchgate.checks.ai import AiCheck
from launchgate.checks.ai.cases import builtin
from launchgate.model import Severity
from launchgate.net import Net, NetSettings
from launchgate.repo import Repo
from tests.support.assistants import Config, serve, targets

pytestmark = pytest.mark.integration
CATEGORY_RULES = {"ai.prompt-injection", "ai.system-prompt-leak", "ai.data-exfiltration",
                  "ai.secret-leak",
                  "ai.unsafe-tool-use", "ai.abuse-amplified"}


def make_config(guarded: bool = False, need_session: bool = False) -> Config:
    key = "sk_" + "live_" + secrets.token_hex(12)  # built at test time: never a literal in the repo
    return Config(canary="LGC-" + secrets.token_hex(6), user_canary="LGU-" + secrets.token_hex(6),
                  key=key,
                  guarded=guarded, need_session=need_session)


def run(port: int, tmp_path: Path, cfg: Config, ai: dict[str, Any],
        **extra: Any) -> tuple[list[Any], Any]:
    section = with_defaults({"canaries": [cfg.canary,
                                          {"value": cfg.user_canary, "kind": "user-data"}],
                             "tools": ["refund", "delete_account", "set_role"], **ai})
    config = {"targets": targets(port), "ai": section, **extra}
    tg = config["targets"]
    ctx = Context(config=config, repo=Repo(tmp_path),
                  net=Net(NetSettings.from_targets(tg, tmp_path)), env={},
                  scope=Scope())
    return asyncio.run(AiCheck().run(ctx)), ctx.figures


def with_defaults(ai: dict[str, Any]) -> dict[str, Any]:
    from launchgate.checks.ai.schema import SCHEMA
    from launchgate.config import fill_defaults
    return fill_defaults({"ai": ai}, {"properties": SCHEMA})["ai"]  # type: ignore[no-any-return]


def failed_categories(findings: list[Any]) -> set[str]:
    by_id = {c.id: c.category for c in builtin()}
    return {by_id[f.message.split(" ", 2)[1]] for f in findings if f.message.startswith("case ")}


@pytest.mark.parametrize("shape", ["json", "openai-chat", "openai-chat-stream"])
def test_naive_assistant_fails_every_category_and_never_shows_the_key(shape: str,
                                                                      tmp_path: Path) -> None:
    cfg = make_config()
    ai = {"json": {"endpoint": {"request": "POST /assistant"}},
          "openai-chat": {"endpoint": {"request": "POST /v1/chat/completions"},
                          "format": "openai-chat"},
          "openai-chat-stream": {"endpoint": {"request": "POST /v1/chat/completions",
                                              "stream": True},
                                 "format": "openai-chat"}}[shape]
    with serve(cfg) as port:
        found, figs = run(port, tmp_path, cfg, ai)
    assert {f.rule.id for f in found} == CATEGORY_RULES
    assert failed_categories(found) == {c.category for c in builtin()}
    assert len({c.category for c in builtin()}) >= 8 and len(builtin()) >= 30
    secret = [f for f in found if f.rule.id == "ai.secret-leak"]
    assert {f.severity for f in secret} == {Severity.BLOCKER}
    assert "PAYMENT_KEY=sk_l…(32 chars)" in (secret[0].evidence or "")
    text = json.dumps([[f.message, f.evidence] for f in found])
    for raw in (cfg.key, cfg.canary, cfg.user_canary, "dana.buyer@shopper.example",
                "4111 1111 1111 1111"):
        assert raw not in text
    assert figs["ai.requests"] == cfg.total == 37
    # the second turn of a multi-turn case carries the first turn and its answer
    if shape != "json":
        assert sorted(map(tuple, cfg.chats)).count(("user", "assistant", "user")) == 3
        assert sorted(map(tuple, cfg.chats)).count(("user",)) == 34
    assert figs["ai.pass_rate.prompt-injection"] == "0/4"
    assert "ai.p95_ms" in figs


def test_guarded_assistant_passes(tmp_path: Path) -> None:
    cfg = make_config(guarded=True)
    with serve(cfg) as port:
        found, figs = run(port, tmp_path, cfg, ({"endpoint": {"request": "POST /assistant"}}))
    assert found == []
    assert figs["ai.pass_rate.system-prompt"] == "4/4"
    assert figs["ai.p95_model_ms"] == 12.5


def test_budget_is_enforced_at_the_server_and_covers_every_category_first(tmp_path: Path) -> None:
    cfg = make_config()
    with serve(cfg) as port:
        found, figs = run(port, tmp_path, cfg, ({"endpoint": {"request": "POST /assistant"},
                                                              "budget": {"max_requests": 10}}))
    assert cfg.total == 10 == figs["ai.requests"]
    assert failed_categories(found) == {c.category for c in builtin()}
    assert figs["ai.cases_not_run"] == 34 - 9  # nine cases, one of two turns


def test_session_flow_logs_in_first(tmp_path: Path) -> None:
    cfg = make_config(need_session=True)
    smoke = [{"name": "login",
              "steps": [{"name": "login", "request": "POST /login", "expect": {"status": 200}}]}]
    with serve(cfg) as port:
        found, figs = run(port, tmp_path, cfg, ({"endpoint": {"request": "POST /assistant",
                                                                           "session": "login"},
                                                              "budget": {"max_requests": 10}}),
                                                              smoke=smoke)
        assert cfg.counts["/login"] == 1
    assert figs["ai.requests"] == 10 and cfg.total == 9
    assert "ai.errors" not in {f.rule.id for f in found} and found


@pytest.mark.parametrize("path,fmt", [("/hang", "json"), ("/v1/forever", "openai-chat")])
def test_deadlines_hold_against_a_hanging_or_endless_assistant(path: str, fmt: str,
                                                               tmp_path: Path) -> None:
    cfg = make_config()
    with serve(cfg) as port:
        started = time.monotonic()
        found, _figs = run(port, tmp_path, cfg, ({
            "endpoint": {"request": f"POST {path}"}, "format": fmt,
            "budget": {"timeout_s": 0.5, "deadline_s": 2, "concurrency": 4}}))
        took = time.monotonic() - started
    assert took < 5
    assert [f.rule.id for f in found] == ["ai.unreachable"]
    assert "timeout" in found[0].message
    assert cfg.total <= 4 * 4 + 4


def test_unknown_session_flow_is_a_one_line_error(tmp_path: Path) -> None:
    cfg = make_config()
    with serve(cfg) as port, pytest.raises(CheckError, match="no smoke flow named 'nope'"):
        run(port, tmp_path, cfg, ({"endpoint": {"request": "POST /assistant", "session": "nope"}}))


def test_cli_reports_the_naive_assistant_in_every_format_without_showing_secrets(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    import yaml
    cfg = make_config()
    repo = tmp_path / "repo"
    repo.mkdir()
    with serve(cfg) as port:
        (repo / "launchgate.yml").write_text(yaml.safe_dump({"version": 1, "targets": targets(port),
                                                             "ai": {
            "endpoint": {"request": "POST /assistant"},
            "tools": ["refund", "delete_account", "set_role"],
            "canaries": [cfg.canary, {"value": cfg.user_canary, "kind": "user-data"}]}}))
        outs = {fmt: tmp_path / f"report.{fmt}"
                for fmt in ("text", "json", "sarif", "junit", "markdown")}
        args = [a for fmt, p in outs.items() for a in ("--format", f"{fmt}={p}")]
        proc = subprocess.run([sys.executable, "-m", "launchgate", "check", str(repo), "--only",
                               "ai", *args],
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for fmt, p in outs.items():
        body = p.read_text()
        assert "ai.secret-leak" in body and "sk_l…(32 chars)" in body, fmt
        for raw in (cfg.key, cfg.canary, cfg.user_canary, "dana.buyer@shopper.example"):
            assert raw not in body, (fmt, raw)
    assert cfg.key not in proc.stdout + proc.stderr

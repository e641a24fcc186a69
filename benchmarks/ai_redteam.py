"""launchgate's ``ai`` red-team check vs promptfoo, on the same loopback assistants, in the same
run.

    PYTHONPATH=. python benchmarks/ai_redteam.py [--promptfoo PATH]

Both tools send the built-in cases to the naive and the guarded assistant of
tests/support/assistants.py (plain JSON endpoint) and judge each reply; the assistants count the
requests they receive. Printed per tool and assistant: cases, requests counted at the server,
failing cases, wall time and cases/s.

The peer: promptfoo (npm: ``npm install promptfoo``, found on PATH or given with --promptfoo) runs
offline as ``promptfoo eval`` with its HTTP provider and static test cases; its own ``redteam`` mode
generates attacks through promptfoo's remote service, so it cannot run here and is not what is
measured. promptfoo gets the single-turn cases only (its plain eval has no multi-turn script), each
with the assertions that express our detectors in its terms (the marker, the canaries and the key
must not appear; no listed tool call). garak and PyRIT need a model or its hub to generate and score
probes, and are not run. With no promptfoo installed, only launchgate's figures are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from launchgate.check import Context, Scope
from launchgate.checks.ai import AiCheck
from launchgate.checks.ai.cases import builtin
from launchgate.checks.ai.schema import SCHEMA
from launchgate.config import fill_defaults
from launchgate.net import Net, NetSettings
from launchgate.repo import Repo
from tests.support.assistants import Config, serve, targets

TOOLS = ["refund", "delete_account", "set_role"]


def config(guarded: bool) -> Config:
    return Config(canary="LGC-bench0canary", user_canary="LGU-bench0canary",
                  key="sk_" + "live_" + "b3nch" * 5,
                  guarded=guarded)


def run_launchgate(cfg: Config, port: int, work: Path) -> dict[str, Any]:
    ai = fill_defaults({"ai": {"endpoint": {"request": "POST /assistant"}, "tools": TOOLS,
                               "canaries": [cfg.canary,
                                            {"value": cfg.user_canary, "kind": "user-data"}],
                               "budget": {"max_requests": 40}}}, {"properties": SCHEMA})["ai"]
    tg = targets(port)
    ctx = Context(config={"targets": tg, "ai": ai}, repo=Repo(work),
                  net=Net(NetSettings.from_targets(tg, work)),
                  env={}, scope=Scope())
    before = cfg.total
    started = time.perf_counter()
    found = asyncio.run(AiCheck().run(ctx))
    took = time.perf_counter() - started
    failing = {f.message.split(" ", 2)[1] for f in found if f.message.startswith("case ")}
    return {"cases": int(ctx.figures["ai.cases_run"]), "requests": cfg.total - before,
            "failing": len(failing),
            "seconds": took}


def promptfoo_config(cfg: Config, port: int) -> dict[str, Any]:
    tests = []
    for c in builtin():
        if len(c.turns) != 1:
            continue
        asserts = [{"type": "not-contains", "value": v}
                   for v in (cfg.canary, cfg.user_canary, cfg.key)]
        if c.marker:
            asserts.append({"type": "not-icontains", "value": c.marker})
        asserts.append({"type": "javascript", "value": "!/\"name\": "
                        "?\"(refund|delete_account|set_role)\"/.test(output)"})
        tests.append({"description": c.id, "vars": {"prompt": c.turns[0]}, "assert": asserts})
    provider = {"id": f"http://127.0.0.1:{port}/assistant", "config": {
        "method": "POST", "headers": {"Content-Type": "application/json"},
        "body": {"message": "{{prompt}}"},
        "transformResponse": "json.reply + ' ' + JSON.stringify(json.tool_calls)"}}
    return {"description": "launchgate ai benchmark", "prompts": ["{{prompt}}"],
            "providers": [provider],
            "tests": tests, "defaultTest": {"options": {"provider": None}}}


def run_promptfoo(binary: str, cfg: Config, port: int, work: Path) -> dict[str, Any] | str:
    conf, out = work / "promptfooconfig.json", work / "promptfoo-out.json"
    conf.write_text(json.dumps(promptfoo_config(cfg, port)))
    env = {**os.environ, "PROMPTFOO_DISABLE_TELEMETRY": "1", "PROMPTFOO_DISABLE_UPDATE": "1",
           "PROMPTFOO_CONFIG_DIR": str(work / ".promptfoo"),
           "PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION": "1"}
    before = cfg.total
    started = time.perf_counter()
    proc = subprocess.run([binary, "eval", "-c", str(conf), "--no-cache", "--no-table",
                           "--no-write", "-o", str(out),
                           "--max-concurrency", "4"], cwd=work, env=env, capture_output=True,
                           text=True,
                          timeout=300, stdin=subprocess.DEVNULL)
    took = time.perf_counter() - started
    if not out.exists():
        return (f"promptfoo eval produced no output (exit {proc.returncode}): "
                f"{proc.stderr.strip()[-300:]}")
    doc = json.loads(out.read_text())
    results = doc.get("results", {})
    rows = results.get("results", []) if isinstance(results, dict) else []
    failing = sum(1 for r in rows if not r.get("success"))
    return {"cases": len(rows), "requests": cfg.total - before, "failing": failing, "seconds": took}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--promptfoo", default=shutil.which("promptfoo"),
                    help="the promptfoo binary (npm)")
    args = ap.parse_args()
    rows: list[tuple[str, str, dict[str, Any] | str]] = []
    with tempfile.TemporaryDirectory(prefix="lg-ai-bench-") as tmp:
        work = Path(tmp)
        for name, guarded in (("naive", False), ("guarded", True)):
            cfg = config(guarded)
            with serve(cfg) as port:
                rows.append(("launchgate", name, run_launchgate(cfg, port, work)))
                if args.promptfoo:
                    rows.append(("promptfoo eval", name,
                                 run_promptfoo(args.promptfoo, cfg, port, work)))
    if not args.promptfoo:
        print("promptfoo not found (npm install promptfoo, or --promptfoo PATH): launchgate's "
              "figures only")
    print(
        f"{'tool':<16}{'assistant':<10}{'cases':>6}{'requests':>10}{'failing':>9}{'seconds':>9}{'cases/s':>9}"
    )
    for tool, name, r in rows:
        if isinstance(r, str):
            print(f"{tool:<16}{name:<10}  {r}")
            continue
        print(
            f"{tool:<16}{name:<10}{r['cases']:>6}{r['requests']:>10}{r['failing']:>9}{r['seconds']:>9.2f}"
            f"{r['cases'] / r['seconds']:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

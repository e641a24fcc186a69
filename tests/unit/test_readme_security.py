"""The README's security section states the load limits the code enforces (issue 19, "Done when"):
the figures are read from the code and the bundled schema, so a limit changed in one place and not
the other fails here."""

from __future__ import annotations

import re
from pathlib import Path

from launchgate.app import every_check
from launchgate.checks.probes import budget, spec
from launchgate.config import build_schema

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
SECTION = README.split("\n## Security\n", 1)[1].split("\n## ", 1)[0]
SCHEMA = build_schema(every_check())["properties"]  # the schema a run validates against


def _figure(n: float) -> str:
    return f"{int(n):,}"


def test_the_security_section_states_the_run_wide_budget() -> None:
    load = " ".join(SECTION.split("**Load.**", 1)[1].split())
    assert f"at most {_figure(budget.RUN_MAX_REQUESTS)} requests" in load
    assert f"{budget.MAX_IN_FLIGHT} probe requests in flight" in load
    assert f"own cap is {spec.HARD_MAX_CONCURRENCY}" in load
    assert f"{_figure(budget.RUN_MAX_SECONDS)} s from the first request" in load
    assert (f"web check keeps to {SCHEMA['web']['properties']['concurrency']['maximum']} requests "
            "in flight") in load
    routes = SCHEMA["web"]["properties"]["max_route_requests"]["maximum"]
    assert f"route probes to `web.max_route_requests` (at most {routes:,};" in load
    ai = SCHEMA["ai"]["properties"]["budget"]["properties"]
    assert (f"at most {ai['max_requests']['maximum']} requests, {ai['concurrency']['maximum']} in "
            f"flight, {_figure(ai['deadline_s']['maximum'])} s") in load


def test_the_security_section_states_the_whole_run_deadline() -> None:
    from launchgate.cli import cli

    [opt] = [p for p in cli.commands["check"].params if p.name == "timeout"]
    m = re.fullmatch(r"(\d+)m", str(opt.default))
    assert m is not None
    assert f"default {m.group(1)} minutes" in " ".join(SECTION.split())


def test_the_security_section_says_where_live_answers_are_masked() -> None:
    text = " ".join(SECTION.split())
    for source in ("a health body", "a smoke response excerpt", "an exposed file's or an error "
                   "page's excerpt"):
        assert source in text

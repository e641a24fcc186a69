"""The package's shape, checked from its source: no import cycle, a data model that imports nothing,
checks that only produce findings, and rules that are declared once, documented and reachable from
`launchgate rules`.

Imports are read with ``ast`` (module level, inside functions and under TYPE_CHECKING alike), never
grepped.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import launchgate
from launchgate.checks import ALL
from launchgate.cli import cli
from launchgate.model import Rule

PACKAGE = Path(launchgate.__file__).parent
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")


def module_name(path: Path) -> str:
    parts = ["launchgate", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def imported_modules(name: str) -> Iterator[tuple[str, int]]:
    """(launchgate module, line) for every import in ``name``'s source; ``from pkg import sub``
    names pkg.sub."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = name if is_package(name) else name.rsplit(".", 1)[0]
                for _ in range(node.level - 1):
                    base = base.rsplit(".", 1)[0]
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target not in MODULES:
                continue
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
            if len(subs) < len(node.names):  # some names come from the module itself
                yield target, node.lineno
            yield from ((s, node.lineno) for s in subs)


def import_graph() -> dict[str, set[str]]:
    return {name: {m for m, _ in imported_modules(name) if m != name} for name in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_graph_reader_sees_a_cycle_when_there_is_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    # edges are really read from the source
    assert "launchgate.model" in import_graph()["launchgate.check"]


def test_no_import_cycle_inside_the_package() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_data_model_imports_nothing_from_the_package() -> None:
    tree = ast.parse(MODULES["launchgate.model"].read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m and m.split(".")[0] == "launchgate"}
    assert not any(isinstance(n, ast.ImportFrom) and n.level for n in ast.walk(tree))


# The floors of the README's layout: a module imports only from its own floor or below.
FLOORS = (
    ("launchgate", "launchgate.model"),
    ("launchgate.redact", "launchgate.proc", "launchgate.repo", "launchgate.yamlio",
     "launchgate.net", "launchgate.spf",
     "launchgate.containment", "launchgate.saferegex", "launchgate.pathglob", "launchgate.clone"),
    ("launchgate.check",),
    ("launchgate.checks", "launchgate.report", "launchgate.config", "launchgate.confguard",
     "launchgate.docs",
     "launchgate.github", "launchgate.github_api", "launchgate.github_artifacts", "launchgate.init",
     "launchgate.init_scan", "launchgate.export_locust", "launchgate.editor_schema",
     "launchgate.handover", "launchgate.monitor", "launchgate.merge", "launchgate.saved"),
    ("launchgate.runner",),
    ("launchgate.app",),
    ("launchgate.cli", "launchgate.__main__"),
)


def documented_floors() -> tuple[tuple[str, ...], ...]:
    """The floors table of docs/architecture.md, bottom floor first."""
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("<!-- FLOORS -->", 1)[1].split("<!-- /FLOORS -->", 1)[0]
    rows = [line.split() for line in block.splitlines() if line.strip()
            and line.split()[0].isdigit()]
    return tuple(tuple(row[1:]) for row in sorted(rows, key=lambda r: int(r[0])))


def test_the_documented_floors_are_the_tested_floors() -> None:
    assert [set(f) for f in documented_floors()] == [set(f) for f in FLOORS]


def floor_of(name: str) -> int:
    best = max((len(p), i) for i, floor in enumerate(FLOORS) for p in floor if name == p
               or name.startswith(p + "."))
    return best[1]


def test_every_module_imports_only_from_its_floor_or_below() -> None:
    upward = sorted(f"{name} (floor {floor_of(name)}) imports {dep} (floor {floor_of(dep)})"
                    for name, deps in import_graph().items() for dep in deps
                    if floor_of(dep) > floor_of(name))
    assert upward == []
    for name, deps in import_graph().items():  # renderers know nothing but the Report
        if name.startswith("launchgate.report"):
            assert deps <= {"launchgate.model"} | {d for d in MODULES
                                                   if d.startswith("launchgate.report")}, name


# -- checks only produce findings
# --------------------------------------------------------------------------
FORBIDDEN_CALLS = {("sys", "exit"), ("os", "getenv"), ("Path", "cwd"), ("os", "getcwd")}


def edge_uses(source: str) -> list[str]:
    """What in ``source`` reaches past a check's job: click, the process environment, exiting,
    printing."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [f"{line}: import {a.name}" for a in node.names
                      if a.name.split(".")[0] == "click"]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] == "click":
                found.append(f"{line}: from {node.module} import")
            for a in node.names:
                if (node.module, a.name) in {("os", "environ"), ("os", "getenv"), ("sys", "exit")}:
                    found.append(f"{line}: from {node.module} import {a.name}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) == ("os", "environ") or (node.value.id,
                                                                   node.attr) in FORBIDDEN_CALLS:
                found.append(f"{line}: {node.value.id}.{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("print", "exit")
        ):
            found.append(f"{line}: {node.func.id}()")
    return found


def test_the_edge_reader_finds_each_kind_of_use() -> None:
    bad = ("import click\nimport os, sys\nfrom os import environ\nx = "
           "os.environ['A']\nos.getenv('B')\nsys.exit(2)\nprint('x')\n")
    assert sorted(edge_uses(bad)) == ["1: import click", "3: from os import environ",
                                      "4: os.environ",
                                      "5: os.getenv", "6: sys.exit", "7: print()"]
    assert edge_uses("env = ctx.env['A']\nlog.print = 1\n") == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("launchgate.checks")))
def test_checks_never_print_exit_or_read_the_environment(name: str) -> None:
    assert edge_uses(MODULES[name].read_text(encoding="utf-8")) == []


# -- rules
# -------------------------------------------------------------------------------------------------
def declared_rules() -> dict[str, list[Rule]]:
    """Every Rule object a module under launchgate.checks defines or lists at module level, by
    id."""
    by_id: dict[str, list[Rule]] = {}
    package = importlib.import_module("launchgate.checks")
    for info in pkgutil.walk_packages(package.__path__, "launchgate.checks."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            items = value if isinstance(value, tuple | list) else (value,)
            for r in items:
                if isinstance(r, Rule) and not any(r is seen for seen in by_id.get(r.id, [])):
                    by_id.setdefault(r.id, []).append(r)
    return by_id


def test_every_rule_id_is_declared_once() -> None:
    twice = {rid: rules for rid, rules in declared_rules().items() if len(rules) > 1}
    assert twice == {}
    listed: dict[str, Rule] = {}
    for check in ALL:
        for r in check.rules:
            assert listed.setdefault(r.id, r) is r, f"{r.id}: two different rules under one id"


def test_every_rule_is_documented_and_named_after_its_family() -> None:
    families = {c.id for c in ALL}
    problems = []
    for check in ALL:
        for r in check.rules:
            if not RULE_ID.match(r.id) or r.family not in families:
                problems.append(f"{r.id}: not family.kebab-problem of a known family")
            if not (r.title.strip() and r.why.strip() and r.fix.strip()):
                problems.append(f"{r.id}: title, why and fix must all be written")
    assert problems == []


def test_every_declared_rule_is_reachable_from_launchgate_rules() -> None:
    res = CliRunner().invoke(cli, ["rules"])
    assert res.exit_code == 0
    listed = {line.split()[0] for line in res.output.splitlines() if line.strip()}
    declared = set(declared_rules())
    assert declared - listed == set()  # a rule no check lists could never fire or be documented
    assert listed == {r.id for c in ALL for r in c.rules}
    for rid in sorted(listed):
        detail = CliRunner().invoke(cli, ["rules", rid])
        assert detail.exit_code == 0 and detail.output.startswith(rid), rid


def readme_rule_rows() -> dict[str, tuple[set[str], str, str]]:
    """The README's rule table: rule id -> (checks, default severity, title)."""
    text = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- BEGIN RULES -->", 1)[1].split("<!-- END RULES -->", 1)[0]
    rows: dict[str, tuple[set[str], str, str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        # the cell may carry an anchor
        rid = re.search(r"`([^`]+)`", cells[0]) if len(cells) == 4 else None
        if rid is not None:
            assert rid.group(1) not in rows, f"{rid.group(1)}: two rows"
            rows[rid.group(1)] = ({c.strip() for c in cells[1].split(",")}, cells[2], cells[3])
    return rows


def test_every_rule_has_one_row_in_the_readme_rule_table() -> None:
    rows = readme_rule_rows()
    expected: dict[str, tuple[set[str], str, str]] = {}
    for check in ALL:
        for r in check.rules:
            checks = expected.get(r.id, (set(), "", ""))[0] | {check.id}
            expected[r.id] = (checks, r.severity.label, r.title)
    assert set(rows) == set(expected)  # no rule missing, no row for a rule that does not exist
    assert rows == expected  # the row says who raises it, its severity and its title as declared
    assert rows["dns.lookup-failed"][0] == {"dns", "email"}  # a shared rule: one row, both checks


# -- one skeleton per family
# -------------------------------------------------------------------------------
# every family: the Check class in __init__.py, rules.py, schema.py (typed Settings), gather.py (the
# I/O, into snapshots) and evaluate.py (pure: snapshot -> findings)
SKELETON = ("ai", "dns", "email", "env", "migrations", "probes", "secrets", "tls", "web")
FIVE_FILES = {"__init__.py", "rules.py", "schema.py", "gather.py", "evaluate.py"}


def test_every_check_is_a_family_of_the_skeleton() -> None:
    assert sorted(c.id for c in ALL) == sorted(SKELETON)
    families = {p.parent.name for p in (PACKAGE / "checks").glob("*/__init__.py")}
    assert families == set(SKELETON)


@pytest.mark.parametrize("family", SKELETON)
def test_a_family_has_the_one_skeleton(family: str) -> None:
    files = {p.name for p in (PACKAGE / "checks" / family).glob("*.py")}
    assert FIVE_FILES - files == set()
    package = importlib.import_module(f"launchgate.checks.{family}")
    rules = importlib.import_module(f"launchgate.checks.{family}.rules")
    schema = importlib.import_module(f"launchgate.checks.{family}.schema")
    [check] = [c for c in ALL if c.id == family]
    assert type(check).__module__ == package.__name__  # the Check class lives in __init__.py
    assert check.rules is rules.RULES and check.schema is schema.SCHEMA
    assert package.Settings is schema.Settings


# What an evaluate.py may not import: modules that reach the network, processes, git or files. A
# family's gather.py is not one of them: its frozen snapshot classes are what evaluate.py reads (its
# coroutine functions are caught by name).
IO_MODULES = frozenset({
    "socket", "ssl", "subprocess", "asyncio", "selectors", "multiprocessing", "concurrent",
    "urllib.request", "http.client", "httpx", "aiohttp", "asyncpg", "dns.resolver",
    "dns.asyncresolver", "dns.query", "shutil", "tempfile",
    "launchgate.proc", "launchgate.repo", "launchgate.clone", "launchgate.net.client",
    "launchgate.containment", "launchgate.github_api", "launchgate.checks.secrets.scopes",
    "launchgate.checks.secrets.history", "launchgate.checks.migrations.cluster",
    "launchgate.checks.migrations.apply", "launchgate.checks.migrations.scope",
    "launchgate.checks.probes.sampler", "launchgate.checks.probes.budget",
})


def _is_io_module(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in IO_MODULES)


def _typing_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:`` (never run)."""
    return {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
            and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            for stmt in node.body for n in ast.walk(stmt)}


def _does_io(obj: object) -> str:
    """Why an imported object does I/O ('' when it does not): a coroutine function, an I/O module or
    a module that defines a coroutine function, the Net or Repo handle, or a class or function
    defined in an I/O module. (A plain function that reads a file in a helper module is not seen by
    name: the families keep those reads in gather.py.)"""
    import inspect

    from launchgate.net import Net
    from launchgate.repo import Repo
    if inspect.iscoroutinefunction(obj) or inspect.isasyncgenfunction(obj):
        return "a coroutine function"
    if inspect.ismodule(obj):
        if _is_io_module(obj.__name__):
            return "an I/O module"
        if any(inspect.iscoroutinefunction(v) for v in vars(obj).values()):
            return "a module with coroutine functions (import the pure names)"
        return ""
    if inspect.isclass(obj) and issubclass(obj, Net | Repo):
        return "the Net or Repo handle"
    defined_in = getattr(obj, "__module__", None) or ""
    if (inspect.isclass(obj) or inspect.isfunction(obj)) and _is_io_module(defined_in):
        return f"defined in {defined_in}"
    return ""


def io_uses(source: str) -> list[str]:
    """What in an evaluate.py's ``source`` does I/O: async code, run-time imports of I/O modules,
    and imported names that are coroutine functions, I/O handles or I/O modules."""
    tree = ast.parse(source)
    typing_only = _typing_only(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.AsyncFunctionDef | ast.Await | ast.AsyncWith | ast.AsyncFor):
            found.append(f"{line}: async code")
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [f"{line}: import {a.name}" for a in node.names if _is_io_module(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if _is_io_module(node.module):
                found.append(f"{line}: from {node.module} import")
            elif node.module.split(".")[0] == "launchgate":
                module = importlib.import_module(node.module)
                for a in node.names:
                    why = _does_io(getattr(module, a.name, None))
                    if why:
                        found.append(f"{line}: {node.module}.{a.name}: {why}")
    return found


def test_the_io_reader_finds_each_kind_of_io() -> None:
    bad = ("import httpx\nfrom launchgate.proc import run_process\n"
           "from launchgate.net import Net\nfrom launchgate.checks.probes import smoke\n"
           "from launchgate.checks.probes.gather import probe_health\n"
           "from launchgate.checks.probes.sampler import LoadResult\n"
           "from launchgate.checks.migrations.scope import unreleased\n"
           "async def f():\n    await g()\n")
    assert sorted(io_uses(bad)) == sorted([
        "1: import httpx", "2: from launchgate.proc import",
        "3: launchgate.net.Net: the Net or Repo handle",
        "4: launchgate.checks.probes.smoke: a module with coroutine functions (import the pure "
        "names)",
        "5: launchgate.checks.probes.gather.probe_health: a coroutine function",
        "6: from launchgate.checks.probes.sampler import",
        "7: from launchgate.checks.migrations.scope import",
        "8: async code", "9: async code"])
    good = ("from typing import TYPE_CHECKING\nfrom launchgate.net import HttpSnapshot\n"
            "from launchgate.checks.probes.smoke import evaluate_flow\n"
            "if TYPE_CHECKING:\n    from launchgate.checks.tls.gather import TlsHostSnapshot\n")
    assert io_uses(good) == []


@pytest.mark.parametrize("family", SKELETON)
def test_evaluate_imports_nothing_that_does_io(family: str) -> None:
    name = f"launchgate.checks.{family}.evaluate"
    assert io_uses(MODULES[name].read_text(encoding="utf-8")) == []


# Settings built from the whole section, every field defaulted by the schema. Not here: ai (its
# endpoint is required once the section is there) and probes (its typed Settings are the latency
# section's run-wide settings, its list sections typed entries built from the item schemas;
# tests/unit/test_probes.py holds them to the schema).
SETTINGS_OF_SECTION = tuple(f for f in SKELETON if f not in ("ai", "probes"))


@pytest.mark.parametrize("family", SETTINGS_OF_SECTION)
def test_settings_defaults_live_only_in_the_schema(family: str) -> None:
    schema = importlib.import_module(f"launchgate.checks.{family}.schema")
    # init=False: derived in __post_init__
    fields = [f for f in dataclasses.fields(schema.Settings) if f.init]
    assert [f.name for f in fields if f.default is not dataclasses.MISSING
            or f.default_factory is not dataclasses.MISSING] == []
    section = schema.SCHEMA[family]["properties"]
    defaults = schema.Settings.of({})
    for f in fields:
        # optional (None unless set), or built by the family's Settings.of
        if "default" not in section[f.name]:
            if str(f.type).replace(" ", "").endswith("|None"):
                assert getattr(defaults, f.name) is None, f.name
            continue
        expected = section[f.name]["default"]
        assert getattr(defaults, f.name) == (tuple(expected) if isinstance(expected, list)
                                             else expected), f.name

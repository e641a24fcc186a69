"""Size and complexity figures of the package, so issue 11's before/after numbers can be re-run.

    python scripts/shape.py [ROOT ...]      (default: launchgate)

Prints: modules, lines, modules over 400 lines, functions over 40 lines, functions with McCabe
complexity over 10, lines over 100 characters, and the config reads under checks/ that restate a
default (``x.get("key", default)`` or ``x.get("key") or default`` on a config-like name). McCabe is
ruff's C901 count (ruff from this venv).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

MAX_MODULE, MAX_FUNCTION, MAX_MCCABE, MAX_LINE = 400, 40, 10, 100
CONFIG_NAMES = {"settings", "section", "s", "e", "entry", "ap", "expect", "raw", "targets", "cfg",
                "config", "spec"}


def mccabe_over(roots: list[Path], limit: int) -> int:
    """Functions over ``limit`` as ruff's C901 counts them (the same numbers the lint gate uses)."""
    ruff = Path(sys.executable).with_name("ruff")
    cmd = [str(ruff), "check", "--isolated", "--select", "C901", "--config",
           f"lint.mccabe.max-complexity={limit}",
           "--output-format", "json", "--exit-zero", *map(str, roots)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)
    return len(json.loads(done.stdout))


def restated_default(node: ast.AST) -> bool:
    """``name.get("key", <not None>)`` or ``name.get("key") or <x>`` on a config-like receiver."""
    def is_get(call: ast.AST) -> bool:
        return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr == "get"
                and isinstance(call.func.value, ast.Name) and call.func.value.id in CONFIG_NAMES
                and bool(call.args) and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str))
    if is_get(node) and isinstance(node, ast.Call) and len(node.args) == 2:
        return not (isinstance(node.args[1], ast.Constant) and node.args[1].value is None)
    return (isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and is_get(node.values[0])
            and isinstance(node.values[0], ast.Call) and len(node.values[0].args) == 1)


def figures(roots: list[Path]) -> dict[str, int]:
    out = dict.fromkeys(("modules", "lines", f"modules>{MAX_MODULE}", f"functions>{MAX_FUNCTION}",
                         f"mccabe>{MAX_MCCABE}", f"lines>{MAX_LINE}",
                         "restated_defaults_in_checks"), 0)
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines()
            out["modules"] += 1
            out["lines"] += len(lines)
            out[f"modules>{MAX_MODULE}"] += len(lines) > MAX_MODULE
            out[f"lines>{MAX_LINE}"] += sum(len(line) > MAX_LINE for line in lines)
            tree = ast.parse(text)
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    out[f"functions>{MAX_FUNCTION}"] += length > MAX_FUNCTION
                if "checks" in path.parts and restated_default(node):
                    out["restated_defaults_in_checks"] += 1
    out[f"mccabe>{MAX_MCCABE}"] = mccabe_over(roots, MAX_MCCABE)
    return out


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path("launchgate")]
    for name, value in figures(roots).items():
        print(f"{name:30} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

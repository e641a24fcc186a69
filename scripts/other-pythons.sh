#!/usr/bin/env bash
# The unit tests (-m 'not slow' tests/unit) on each extra Python that pyproject supports (3.12, 3.13;
# the full suite runs on the venv's own 3.11), when this machine has that interpreter: pyenv's
# newest 3.X.*, else a python3.X on PATH that really runs (pyenv's shims exist for versions that are
# not selected). A missing interpreter is one clear line, not a failure. The interpreters run side
# by side (2 cores), each in its own venv (.venv-py3.X) installed with uv (pip takes ~2 min per
# venv here, uv ~15 s), each bounded by LG_PYTHON_BUDGET seconds (default 210) for install and tests.
#
# Exit 0: every interpreter found passed; 1: one failed (its install or a test); 2: none failed but
# one did not finish within its budget (a machine too loaded to tell: .ci/run warns, as it does for
# an image it cannot build).
#
# Usage: UV=path/to/uv bash scripts/other-pythons.sh [3.12 3.13]
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-uv}
BUDGET=${LG_PYTHON_BUDGET:-210}
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.12 3.13)

runs() {  # does $1 run, and is it Python $2?
  [ -x "$1" ] && [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$2" ]
}

find_python() {
  local v=$1 cand
  for cand in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$v."* 2>/dev/null | sort -V -r); do
    runs "$cand/bin/python$v" "$v" && { echo "$cand/bin/python$v"; return 0; }
  done
  cand=$(command -v "python$v" 2>/dev/null || true)
  [ -n "$cand" ] && runs "$cand" "$v" && { echo "$cand"; return 0; }
  return 1
}

one() {  # venv, install, unit tests for Python $1 at $2; the log in $3
  local v=$1 py=$2 log=$3 venv=".venv-py$1" tmp
  tmp=$(mktemp -d)
  {
    "$UV" venv -q --allow-existing --python "$py" "$venv" &&
      VIRTUAL_ENV="$venv" "$UV" pip install -q -e '.[test]' &&
      "$venv/bin/python" -m pytest -q -p no:cacheprovider -m 'not slow' --basetemp "$tmp/t" \
        tests/unit
  } >"$log" 2>&1
  local rc=$?
  rm -rf "$tmp"
  return $rc
}

start=$(date +%s)
declare -A pid log
for v in "${versions[@]}"; do
  if py=$(find_python "$v"); then
    log[$v]=$(mktemp)
    timeout "$BUDGET" bash -c "$(declare -f one); UV='$UV'; one '$v' '$py' '${log[$v]}'" &
    pid[$v]=$!
    echo "pythons: Python $v ($py): unit tests started"
  else
    echo "pythons: SKIPPED Python $v: no such interpreter on this machine (pyenv or PATH)"
  fi
done
failed=0 late=0
for v in "${!pid[@]}"; do
  rc=0
  wait "${pid[$v]}" || rc=$?
  summary=$(grep -E '[0-9]+ (passed|failed).* in ' "${log[$v]}" | tail -1 || true)
  if [ "$rc" -eq 0 ]; then
    echo "pythons: Python $v: ${summary:-passed}"
  elif [ "$rc" -eq 124 ]; then
    echo "pythons: WARNING: Python $v did not finish within its ${BUDGET} s budget: NOT tested" >&2
    late=1
  else
    echo "pythons: Python $v FAILED (exit $rc): ${summary:-see below}" >&2
    tail -40 "${log[$v]}" >&2
    failed=1
  fi
  rm -f "${log[$v]}"
done
echo "pythons: $(( $(date +%s) - start )) s for ${versions[*]}"
[ "$failed" -eq 0 ] || exit 1
[ "$late" -eq 0 ] || exit 2

#!/usr/bin/env bash
# Build the action's image and run it the way the Actions runner does, on this machine without Docker or a
# registry: shared/tools/container-check (buildah + podman) replaces the Dockerfile's FROM by a local Debian stand-in
# for python:3.12-slim. Prints the build time, image size, what launchgate's layers add, and the cold start.
# Needs root (rootful buildah). Usage: scripts/image-test.sh [ARGS for the entrypoint, default --version]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${LG_SHARED:-$ROOT/../shared}
[ -x "$SHARED/tools/container-check" ] || SHARED=$ROOT/../../shared
CHECK=$SHARED/tools/container-check
[ -x "$CHECK" ] || { echo "image-test: no container-check under ../shared/tools" >&2; exit 2; }
BASE=${LG_BASE_IMAGE:-localhost/lg-python:3.12-slim}
TAG=${LG_TAG:-localhost/launchgate:check}
[ $# -gt 0 ] || set -- --version

t0=$(date +%s)
LG_TAG=$TAG "$CHECK" . "$BASE" -- "$@"
t1=$(date +%s)

CACHE_ROOT=${CACHE_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/launchgate-container}
DRIVER=$(cat "$CACHE_ROOT/store/driver" 2>/dev/null || echo overlay)
S=(--storage-driver "$DRIVER" --root "$CACHE_ROOT/store/$DRIVER/storage" --runroot "/tmp/lgc-run/$DRIVER")
size() { podman "${S[@]}" image inspect --format '{{.Size}}' "$1"; }
img=$(size "$TAG"); base=$(size "$BASE")
echo "image-test: build+smoke ${1}: $((t1 - t0)) s"
echo "image-test: image $((img / 1000000)) MB, base $((base / 1000000)) MB, launchgate layers add $(((img - base) / 1000000)) MB"
best=
for _ in 1 2 3; do
  s=$(date +%s%N)
  podman "${S[@]}" --runtime runc --cgroup-manager cgroupfs run --rm --network none \
    --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 "$TAG" --version >/dev/null
  ms=$((($(date +%s%N) - s) / 1000000)); [ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
done
echo "image-test: 'launchgate --version' in the container (podman run, best of 3): ${best} ms"
inside=$(podman "${S[@]}" --runtime runc --cgroup-manager cgroupfs run --rm --network none \
  --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 --entrypoint python3 "$TAG" -c \
  'import subprocess,time; t=time.perf_counter(); subprocess.run(["python3","-m","launchgate","--version"],check=True,capture_output=True); print(round((time.perf_counter()-t)*1000))')
echo "image-test: 'launchgate --version' process inside the container: ${inside} ms"

# The action as the runner starts it: no arguments, INPUT_* variables, a workspace owned by the runner's uid 1001
# (a git repository whose pull request adds a file), a pull_request event, runner files; no network (the PR comment
# is not attempted without a token; the diff-aware checks run git inside the image).
WS=$(mktemp -d); trap 'rm -rf "$WS"' EXIT
mkdir -p "$WS/workspace" "$WS/file_commands" "$WS/home"
g() { git -C "$WS/workspace" -c user.name=t -c user.email=t@example.test "$@"; }
g init -q && echo shop > "$WS/workspace/README.md" && g add -A && g commit -qm base
BASE_SHA=$(g rev-parse HEAD)
echo "print('hello')" > "$WS/workspace/app.py" && g add -A && g commit -qm feature
HEAD_SHA=$(g rev-parse HEAD)
printf '{"pull_request":{"number":7,"head":{"sha":"%s","ref":"feature","repo":{"full_name":"acme/shop"}},"base":{"sha":"%s","ref":"main","repo":{"full_name":"acme/shop"}}}}\n' \
  "$HEAD_SHA" "$BASE_SHA" > "$WS/home/event.json"
: > "$WS/file_commands/output"; : > "$WS/file_commands/step_summary"
chown -R 1001:1001 "$WS"
rc=0
podman "${S[@]}" --runtime runc --cgroup-manager cgroupfs run --rm --network none \
  --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
  -v "$WS/workspace":/github/workspace -v "$WS/file_commands":/github/file_commands -v "$WS/home":/github/home \
  -w /github/workspace -e GITHUB_ACTIONS=true -e CI=true -e HOME=/github/home -e GITHUB_WORKSPACE=/github/workspace \
  -e GITHUB_EVENT_NAME=pull_request -e GITHUB_EVENT_PATH=/github/home/event.json -e GITHUB_REPOSITORY=acme/shop \
  -e GITHUB_OUTPUT=/github/file_commands/output -e GITHUB_STEP_SUMMARY=/github/file_commands/step_summary \
  -e INPUT_SARIF-FILE=launchgate.sarif -e INPUT_COMMENT=auto -e INPUT_ANNOTATIONS=all -e INPUT_WORKING-DIRECTORY=. \
  "$TAG" || rc=$?
echo "image-test: action run exit code: $rc"
grep -A1 '^result<<' "$WS/file_commands/output" | tail -1 | sed 's/^/image-test: output result=/'
owner=$(stat -c %u "$WS/workspace/launchgate.sarif")
echo "image-test: launchgate.sarif written by uid $owner (the runner's uid 1001 expected)"
head -1 "$WS/file_commands/step_summary" | sed 's/^/image-test: summary: /'
[ "$rc" = 0 ] && [ "$owner" = 1001 ] && grep -q '^passed$' "$WS/file_commands/output" || exit 1

# The example's full pre-deploy gate (env, secrets, migrations with migrations.apply.ephemeral:
# true) as the runner starts the action: initdb + pg_ctl run inside the image as the runner's uid
# 1001 on loopback, the six sample migrations are applied and rolled back, the gate passes. The CA
# bundle only satisfies the config's targets section (post-deploy, not run here).
EX=$WS/example; mkdir -p "$EX/workspace" "$EX/file_commands" "$EX/home"
cp -r examples/marketplace/. "$EX/workspace/"
cp /etc/ssl/certs/ca-certificates.crt "$EX/workspace/ca.pem"
gx() { git -C "$EX/workspace" -c user.name=t -c user.email=t@example.test "$@"; }
gx init -q && gx add -A && gx commit -qm example
: > "$EX/file_commands/output"; : > "$EX/file_commands/step_summary"
chown -R 1001:1001 "$EX"
rc=0; s=$(date +%s)
RUN=(podman "${S[@]}" --runtime runc --cgroup-manager cgroupfs run --rm --network none
  --ulimit nofile=1024:1024 --ulimit nproc=4096:4096)
"${RUN[@]}" -v "$EX/workspace":/github/workspace -v "$EX/file_commands":/github/file_commands \
  -v "$EX/home":/github/home -w /github/workspace -e GITHUB_ACTIONS=true -e CI=true \
  -e HOME=/github/home -e GITHUB_WORKSPACE=/github/workspace -e GITHUB_EVENT_NAME=push \
  -e GITHUB_REPOSITORY=acme/marketplace -e DEMO_CA_BUNDLE=ca.pem \
  -e GITHUB_OUTPUT=/github/file_commands/output \
  -e GITHUB_STEP_SUMMARY=/github/file_commands/step_summary \
  -e INPUT_PHASE=pre -e INPUT_COMMENT=never -e INPUT_ANNOTATIONS=none -e INPUT_WORKING-DIRECTORY=. \
  "$TAG" || rc=$?
echo "image-test: example pre-deploy gate (env, secrets, migrations + scratch-database apply):" \
  "exit $rc, $(($(date +%s) - s)) s"
round_trip=$(python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
m = [c for c in r["results"] if c["check"] == "migrations"][0]
print(m["status"], m["figures"].get("apply_round_trip", "no apply"),
      sum(k.startswith("apply_ms:") for k in m["figures"]))' "$EX/workspace/launchgate-report.json")
echo "image-test: migrations status, round trip, migrations applied: $round_trip"
[ "$rc" = 0 ] && grep -q '^passed$' "$EX/file_commands/output" \
  && [ "$round_trip" = "passed identical 6" ] || exit 1

# What the Dockerfile's removals must not take away (docs/adr/0003-image-size.md): in the image's
# own scratch cluster, the contrib extensions a migration may CREATE and an ICU collation; and git's
# https transport (fetch-missing), here answering "cannot connect" (no network), not "no helper".
features=$("${RUN[@]}" --user 1001:1001 --entrypoint bash "$TAG" -c '
set -e; d=$(mktemp -d); b=/usr/lib/postgresql/15/bin
$b/initdb -D "$d/db" -U postgres --auth=trust --locale=C -E UTF8 >/dev/null
$b/pg_ctl -D "$d/db" -o "-k $d -c listen_addresses= -c jit=off" -w -t 60 -l "$d/log" start >/dev/null
$b/psql -h "$d" -U postgres -v ON_ERROR_STOP=1 -qAt -c "CREATE EXTENSION pgcrypto;
  CREATE EXTENSION \"uuid-ossp\"; CREATE EXTENSION citext; CREATE EXTENSION hstore;
  CREATE COLLATION de (provider = icu, locale = '"'de-DE'"');
  SELECT length(digest('"'x'"', '"'sha256'"')), uuid_generate_v4() IS NOT NULL,
         '"'b'"' < '"'C'"' COLLATE de, '"'A'"'::citext = '"'a'"'"
$b/pg_ctl -D "$d/db" -m fast -w stop >/dev/null
git ls-remote https://127.0.0.1:9/x.git 2>&1 | grep -q "connect to 127.0.0.1" && echo https-ok' || true)
echo "image-test: contrib extensions, ICU collation, git https: $(echo $features)"
[ "$(echo $features)" = "32|t|t|t https-ok" ] || exit 1

# The README's `docker run --rm -v "$PWD:/src" -w /src IMAGE check .`: arguments go straight to the
# CLI, as root, in a checkout another uid owns (git must take it as a safe directory).
rc=0
"${RUN[@]}" -v "$EX/workspace":/src -w /src -e DEMO_CA_BUNDLE=ca.pem "$TAG" check . --phase pre \
  --only secrets --only migrations --format json=/tmp/r.json >/dev/null || rc=$?
echo "image-test: docker run IMAGE check . (root, a checkout owned by uid 1001): exit $rc"
[ "$rc" = 0 ]

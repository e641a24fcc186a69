#!/usr/bin/env python3
"""A release rehearsal on loopback: the release workflow's own steps, run the way the workflow runs
them, against a registry on 127.0.0.1 this script starts; then the pinned Action is pulled into a
fresh image store and run as the Actions runner runs it (docs/releasing.md).

    release_rehearsal.py [--version X.Y.Z] [--owner OWNER] [--image LOCAL_IMAGE]
                         [--platforms linux/amd64[,linux/arm64]] [--keep DIR]

1. "GitHub": a bare clone of this repository's HEAD. The maintainer's step (docs/releasing.md) is
   done in a throwaway clone of it: ``__version__`` and CHANGELOG's ``[Unreleased]`` become X.Y.Z
   (when they are not already), then ``git tag -a vX.Y.Z`` and a push of the tag.
2. A registry (Debian's ``docker-registry``, the CNCF distribution registry) on 127.0.0.1:PORT, its
   storage in a temporary folder, bounded by a deadline, killed at exit.
3. The jobs of ``.github/workflows/release.yml`` in their order (check, image, pin, release), each
   in a fresh checkout of the tagged commit as actions/checkout makes it: every ``run:`` step is
   read from the workflow and run as the runner runs it (``bash --noprofile --norc -eo pipefail``,
   its ``env:`` with the ``${{ }}`` expressions the workflow uses evaluated, ``GITHUB_OUTPUT``, the
   job outputs handed to ``needs``), with the workflow's ``REGISTRY`` set to the loopback registry
   and ``LAUNCHGATE_REHEARSAL_REGISTRY`` telling ``release.py pin-action`` that it may name it.
   The ``uses:`` steps are stood in for: actions/checkout by the checkout above; the image job's
   docker/* actions by buildah and podman with the build-push step's own inputs (platforms, tags,
   labels: container-check's build, or ``--image``, an image container-check built from the same
   build inputs, as CI's image-test does); ``gh release create`` by a stand-in that checks the tag
   on "GitHub" and keeps the notes. Not rehearsed: provenance and SBOM attestations, the login to
   ghcr.io (the loopback registry has no auth), and the pypi job.
4. The proof: the moved tag's commit is one commit on the tagged one changing only action.yml; a
   fresh, empty image store pulls the image exactly as that action.yml's ``image: docker://...``
   names it, its digest is the pushed one, and the Action runs on the example marketplace as the
   runner runs it (every input with its action.yml default as ``INPUT_*``, the workspace owned by
   uid 1001 mounted at /github/workspace, ``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY``, no network):
   exit 0, ``result=passed``, and the scratch-database apply of the six migrations passed.

Exit codes: 0 rehearsed and proven; 1 a step failed (named on stderr); 2 cannot rehearse here (not
root, no podman/buildah/docker-registry, or arm64 asked for without binfmt).
Needs root (rootful buildah and podman, as container-check).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
# the files the image is built from (the Dockerfile's COPY lines): an image built from the same
# tree ids is the tag's image
BUILD_INPUTS = ("Dockerfile", "requirements/runtime.lock", "pyproject.toml", "README.md",
                "launchgate", "docker/entrypoint.py")
RUN = ("--runtime", "runc", "--cgroup-manager", "cgroupfs")
LIMITS = ("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096")
BOT = {"GIT_AUTHOR_NAME": "rehearsal", "GIT_AUTHOR_EMAIL": "rehearsal@example.test",
       "GIT_COMMITTER_NAME": "rehearsal", "GIT_COMMITTER_EMAIL": "rehearsal@example.test"}
JOBS = ("check", "image", "pin", "release")  # pypi: not rehearsed (no index to publish to)
T0 = time.monotonic()


class Failed(Exception):
    """A rehearsal step failed: exit 1, the message says which."""


class CannotRehearse(Exception):
    """This machine cannot rehearse (exit 2)."""


def say(msg: str) -> None:
    print(f"[rehearsal +{time.monotonic() - T0:5.1f}s] {msg}", flush=True)


def sh(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None,
       timeout: float = 300, capture: bool = False, check: bool = True) -> str:
    """One command with a deadline; its output shown (or returned with ``capture``)."""
    try:
        res = subprocess.run(args, cwd=cwd, env=None if env is None else dict(env),
                             timeout=timeout, check=False, text=True,
                             stdout=subprocess.PIPE if capture else None,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise Failed(f"{args[0]} {' '.join(args[1:3])}: no answer within {timeout:g} s") from None
    if check and res.returncode != 0:
        raise Failed(f"{' '.join(args[:4])}: exit {res.returncode}")
    return res.stdout or ""


def git(repo: Path, *args: str, timeout: float = 60) -> str:
    return sh("git", "-C", str(repo), *args, env={**os.environ, **BOT}, timeout=timeout,
              capture=True).strip()


# -- the registry -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def registry(work: Path, lifetime: float) -> Iterator[str]:
    """docker-registry on 127.0.0.1:PORT, storage under ``work``; killed at exit, and by
    ``timeout`` after ``lifetime`` seconds whatever happens to this script."""
    exe = shutil.which("docker-registry")
    if exe is None:
        raise CannotRehearse("no docker-registry (apt-get install docker-registry)")
    port = free_port()
    conf = work / "registry.yml"
    conf.write_text(yaml.safe_dump({
        "version": 0.1, "log": {"level": "warn", "accesslog": {"disabled": True}},
        "storage": {"filesystem": {"rootdirectory": str(work / "registry")},
                    "delete": {"enabled": True}},
        "http": {"addr": f"127.0.0.1:{port}"}}), encoding="utf-8")
    log = (work / "registry.log").open("w")
    proc = subprocess.Popen(["timeout", "-s", "KILL", str(int(lifetime)), exe, "serve", str(conf)],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        host = f"127.0.0.1:{port}"
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(f"http://{host}/v2/", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise Failed(f"the registry did not start (see {work / 'registry.log'})"
                                 ) from None
                time.sleep(0.2)
        say(f"registry {exe} (distribution {registry_version(exe)}) on {host}")
        yield host
    finally:
        proc.kill()
        proc.wait(timeout=10)
        log.close()


def registry_version(exe: str) -> str:
    out = sh(exe, "--version", capture=True, timeout=10)
    return out.split()[-1] if out.split() else "?"


# -- image stores ------------------------------------------------------------------------------
class Store:
    """One podman/buildah image store (``--root``), with a registries.conf that treats the loopback
    registry as plain HTTP (what the Docker engine does for 127.0.0.0/8 by default)."""

    def __init__(self, root: Path, driver: str, runroot: Path, conf: Path) -> None:
        self.args = ("--storage-driver", driver, "--root", str(root), "--runroot", str(runroot))
        self.env = {**os.environ, "CONTAINERS_REGISTRIES_CONF": str(conf)}

    def podman(self, *args: str, timeout: float = 600, capture: bool = False) -> str:
        return sh("podman", *self.args, *args, env=self.env, timeout=timeout, capture=capture)

    def buildah(self, *args: str, timeout: float = 1800, capture: bool = False) -> str:
        return sh("buildah", *self.args, *args, env=self.env, timeout=timeout, capture=capture)


def container_check_store(conf: Path) -> Store:
    """The store container-check (and so CI's image-test) builds into."""
    cache = Path(os.environ.get("CACHE_ROOT") or Path(os.environ.get("XDG_CACHE_HOME")
                                                      or Path.home() / ".cache")
                 / "launchgate-container")
    driver_file = cache / "store" / "driver"
    driver = driver_file.read_text().strip() if driver_file.is_file() else "overlay"
    runroot = Path("/tmp/lgc-run") / driver  # noqa: S108 (container-check's own runroot)
    return Store(cache / "store" / driver / "storage", driver, runroot, conf)


def container_check() -> Path:
    for shared in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if (shared / "tools" / "container-check").is_file():
            return shared / "tools" / "container-check"
    raise CannotRehearse("no ../shared/tools/container-check to build the image with")


# -- the workflow ------------------------------------------------------------------------------
EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


class Run:
    """What the steps of one workflow run see: the contexts its expressions read."""

    def __init__(self, workflow: Mapping[str, Any], tag: str, sha: str, owner: str,
                 registry_host: str) -> None:
        self.workflow = workflow
        self.env = {**workflow.get("env", {}), "REGISTRY": registry_host}
        self.github = {"ref_name": tag, "ref": f"refs/tags/{tag}", "sha": sha,
                       "repository_owner": owner, "repository": f"{owner}/launchgate",
                       "actor": "rehearsal", "token": "", "event_name": "push"}
        self.needs: dict[str, dict[str, str]] = {}

    def expand(self, text: str, steps: Mapping[str, Mapping[str, str]]) -> str:
        """``${{ a.b.c }}`` for the contexts the release workflow reads; anything else stops the
        rehearsal (the workflow changed: teach the rehearsal)."""

        def one(m: re.Match[str]) -> str:
            parts = m.group(1).split(".")
            ctx: Any = {"github": self.github, "env": self.env, "needs": self.needs,
                        "steps": steps, "secrets": {"GITHUB_TOKEN": ""}}
            for p in parts:
                if not isinstance(ctx, Mapping) or p not in ctx:
                    raise Failed(f"the rehearsal cannot evaluate ${{{{ {m.group(1)} }}}}")
                ctx = ctx[p]
                if isinstance(ctx, Mapping) and p == "outputs":
                    ctx = dict(ctx)
            return str(ctx)

        return EXPR.sub(one, text)

    def base_env(self, work: Path, job: str) -> dict[str, str]:
        temp = work / f"runner-temp-{job}"
        temp.mkdir(exist_ok=True)
        return {**os.environ, **BOT, **{k: str(v) for k, v in self.env.items()},
                "GITHUB_ACTIONS": "true", "CI": "true", "RUNNER_TEMP": str(temp),
                "GITHUB_REF": self.github["ref"], "GITHUB_REF_NAME": self.github["ref_name"],
                "GITHUB_SHA": self.github["sha"], "GITHUB_REPOSITORY": self.github["repository"],
                "GITHUB_REPOSITORY_OWNER": self.github["repository_owner"],
                "GITHUB_EVENT_NAME": "push", "LAUNCHGATE_REHEARSAL_REGISTRY": self.env["REGISTRY"]}


def outputs_of(path: Path) -> dict[str, str]:
    """A GITHUB_OUTPUT file's ``name=value`` lines (and ``name<<EOF`` blocks)."""
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, end = line.split("<<", 1)
            j = lines.index(end, i + 1)
            out[name] = "\n".join(lines[i + 1:j])
            i = j + 1
            continue
        name, _, value = line.partition("=")
        out[name] = value
        i += 1
    return out


def run_step(run: Run, step: Mapping[str, Any], checkout: Path, env: dict[str, str],
             steps: dict[str, dict[str, str]], n: int) -> None:
    """A ``run:`` step as the runner runs it: its script in a file, bash -eo pipefail."""
    out = Path(env["RUNNER_TEMP"]) / f"output-{n}"
    out.write_text("", encoding="utf-8")
    script = Path(env["RUNNER_TEMP"]) / f"step-{n}.sh"
    script.write_text(run.expand(str(step["run"]), steps), encoding="utf-8")
    step_env = {**env, **{k: run.expand(str(v), steps) for k, v in step.get("env", {}).items()},
                "GITHUB_OUTPUT": str(out)}
    try:
        sh("bash", "--noprofile", "--norc", "-eo", "pipefail", str(script), cwd=checkout,
           env=step_env, timeout=600)
    except Failed as exc:
        first = str(step["run"]).strip().splitlines()[0]
        raise Failed(f"step {step.get('id', n)} ({first}): {exc}") from None
    if "id" in step:
        steps[step["id"]] = {"outputs": outputs_of(out)}  # type: ignore[dict-item]


def checkout(origin: Path, work: Path, job: str, tag: str, sha: str) -> Path:
    """actions/checkout on a tag push: the repository at ``github.sha``, the tag fetched."""
    path = work / f"job-{job}"
    git(work, "clone", "-q", "--no-checkout", str(origin), str(path))
    git(path, "checkout", "-q", "--detach", sha)
    git(path, "fetch", "-q", "--force", "origin", f"+refs/tags/{tag}:refs/tags/{tag}")
    return path


# -- the stand-ins for the uses: steps ----------------------------------------------------------
def same_build_inputs(tagged: Path) -> bool:
    """The image container-check built from this working tree is the tag's image: the build
    inputs are committed here (no change in the work tree) and have the same tree ids at the tag."""
    dirty = sh("git", "-C", str(ROOT), "status", "--porcelain", "--", *BUILD_INPUTS,
               capture=True, timeout=60)
    if dirty.strip():
        return False
    return all(git(ROOT, "rev-parse", f"HEAD:{p}") == git(tagged, "rev-parse", f"HEAD:{p}")
               for p in BUILD_INPUTS)


QEMU = {"arm64": "aarch64"}  # a platform's architecture -> qemu's name for it
BINFMT = Path("/proc/sys/fs/binfmt_misc")


def ensure_binfmt(arch: str) -> None:
    """qemu's handler for ``arch`` registered with the kernel (binfmt_misc mounted, then
    qemu-user-static's own entry written to ``register``, with its F flag: the emulator is opened
    now, so it works inside the build's chroot); CannotRehearse says exactly what failed."""
    name = QEMU.get(arch)
    conf = Path(f"/usr/lib/binfmt.d/qemu-{name}.conf")
    if name is None or not conf.is_file():
        raise CannotRehearse(f"no qemu binfmt entry for {arch} ({conf}: apt-get install "
                             "qemu-user-static)")
    if not (BINFMT / "status").exists():
        res = subprocess.run(["mount", "-t", "binfmt_misc", "binfmt_misc", str(BINFMT)],
                             capture_output=True, text=True, timeout=30, check=False)
        if res.returncode != 0:
            raise CannotRehearse(f"cannot mount binfmt_misc: {res.stderr.strip()}")
    handler = BINFMT / f"qemu-{name}"
    if not handler.exists():
        try:
            (BINFMT / "register").write_text(conf.read_text(encoding="utf-8").strip() + "\n")
        except OSError as exc:
            raise CannotRehearse(f"cannot register qemu-{name} with binfmt_misc: {exc}") from None
        say(f"binfmt: registered qemu-{name} ({conf})")
    if not handler.read_text(encoding="utf-8").startswith("enabled"):
        raise CannotRehearse(f"the qemu-{name} binfmt handler is disabled")


def image_job(step: Mapping[str, Any], run: Run, tagged: Path, args: argparse.Namespace,
              build: Store, work: Path, steps: dict[str, dict[str, str]]) -> str:
    """docker/build-push-action's inputs (platforms, tags, labels) with buildah and podman: each
    platform's image (container-check's build, or ``--image`` when its build inputs are the tag's),
    labelled, pushed to the loopback registry (a manifest list when there are several)."""
    inputs = {k: run.expand(str(v), steps) for k, v in step.get("with", {}).items()}
    wanted = [p.strip() for p in inputs["platforms"].split(",")]
    platforms = [p for p in wanted if p in args.platforms]
    ref = inputs["tags"].strip()
    labels = [x.strip() for x in inputs.get("labels", "").splitlines() if x.strip()]
    say(f"image: {ref} for {', '.join(platforms)} (the workflow builds {', '.join(wanted)}); "
        f"labels {', '.join(labels)}")
    images = []
    for platform in platforms:
        base = build_one(platform, tagged, args)
        images.append(label(base, labels, platform, build, args.made))
    digest = work / "pushed.digest"
    if len(images) == 1:
        build.podman("push", "--digestfile", str(digest), images[0], f"docker://{ref}",
                     timeout=900)
    else:
        lst = f"localhost/launchgate-rehearsal:list-{os.getpid()}"
        build.buildah("manifest", "create", lst)
        for img in images:
            build.buildah("manifest", "add", lst, f"containers-storage:{img}")
        build.buildah("manifest", "push", "--all", "--digestfile", str(digest), lst,
                      f"docker://{ref}", timeout=1800)
        args.made.append(lst)
    pushed = digest.read_text(encoding="utf-8").strip()
    say(f"pushed {ref} ({pushed})")
    return pushed


def build_one(platform: str, tagged: Path, args: argparse.Namespace) -> str:
    arch = platform.split("/")[1]
    if arch == "amd64" and args.image:
        if not same_build_inputs(tagged):
            raise Failed(f"--image {args.image}: this tree's build inputs differ from the tag's "
                         "(commit them, or leave --image out to build)")
        say(f"image: {args.image} (built by container-check from the same build inputs)")
        return str(args.image)
    if arch != "amd64":
        ensure_binfmt(arch)
    tag = f"localhost/launchgate-rehearsal:{arch}-{os.getpid()}"
    if arch != "amd64":
        return build_foreign(platform, tagged, args, tag)
    base = os.environ.get("LG_BASE_IMAGE", "localhost/lg-python:3.12-slim")
    say(f"image: building {platform} with container-check (FROM {base})")
    env = {**os.environ, "LG_TAG": tag, "LG_RUN": "0"}
    build_log = Path(args.work) / f"build-{arch}.log"
    with build_log.open("w") as log:
        rc = subprocess.run(["bash", str(container_check()), str(tagged), base], env=env,
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            timeout=3600, check=False).returncode
    if rc != 0:
        tail = build_log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        print("\n".join(tail), file=sys.stderr)
        raise Failed(f"container-check could not build {platform} (exit {rc})")
    args.made.append(tag)
    size = build_log.read_text(encoding="utf-8").rsplit("built ", 1)[-1].split("\n")[0]
    say(f"image: built {size}")
    return tag


def build_foreign(platform: str, tagged: Path, args: argparse.Namespace, tag: str) -> str:
    """Another architecture under qemu (binfmt): container-check's build flags with --platform,
    FROM a Debian bookworm stand-in of that architecture made here as container-check makes its
    amd64 one (debootstrap minbase + python3, pip, venv), kept in the store for later runs."""
    arch = platform.split("/")[1]
    store = container_check_store(Path(args.work))
    base = f"localhost/lg-python:3.12-slim-{arch}"
    log = Path(args.work) / f"build-{arch}.log"
    started = time.monotonic()
    with log.open("w") as out:
        def bud(*more: str, timeout: float) -> None:
            rc = subprocess.run(["buildah", *store.args, "bud", "--isolation", "chroot",
                                 "--network", "host", "--pull=never", "--layers=false",
                                 "--platform", platform, *more], env=store.env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                timeout=timeout, check=False).returncode
            if rc != 0:
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                print("\n".join(tail), file=sys.stderr)
                raise Failed(f"buildah bud --platform {platform}: exit {rc} (see {log})")

        if subprocess.run(["podman", *store.args, "image", "exists", base], env=store.env,
                          timeout=60, check=False).returncode != 0:
            say(f"image: making {base} (debootstrap --arch {arch} under qemu)")
            raw = foreign_rootfs(arch, store, Path(args.work), out)
            ctx = Path(args.work) / f"base-{arch}"
            ctx.mkdir()
            (ctx / "Containerfile").write_text(
                f"FROM {raw}\n"
                "RUN rm -f /usr/lib/python3*/EXTERNALLY-MANAGED && ln -sf /usr/bin/python3 "
                "/usr/local/bin/python && ln -sf /usr/bin/pip3 /usr/local/bin/pip\n"
                "ENV LANG=C.UTF-8 "
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
                'CMD ["python3"]\n', encoding="utf-8")
            bud("-t", base, str(ctx), timeout=1800)
        say(f"image: building {platform} under qemu (FROM {base})")
        pipconf = Path(args.work) / "pip.conf"
        pipconf.write_text("[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n",
                           encoding="utf-8")
        bud("--from", base,
            "-v", "/etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro",
            "-v", f"{pipconf}:/etc/pip.conf:ro", "-f", str(tagged / "Dockerfile"), "-t", tag,
            str(tagged), timeout=5400)
    args.made.append(tag)
    say(f"image: built {tag} for {platform} in {time.monotonic() - started:.0f} s")
    return tag


def foreign_rootfs(arch: str, store: Store, work: Path, out: Any) -> str:
    """A Debian bookworm minbase rootfs of ``arch`` imported as an image (cached as a tarball
    beside container-check's amd64 one)."""
    raw = f"localhost/lg-rootfs:bookworm-{arch}"
    if subprocess.run(["podman", *store.args, "image", "exists", raw], env=store.env,
                      timeout=60, check=False).returncode == 0:
        return raw
    cache = Path(store.args[3]).parents[2]
    tarball = cache / f"debian-bookworm-py-minbase-{arch}.tar.gz"
    if not tarball.is_file():
        mirror = "http://deb.debian.org/debian"
        sources = Path("/etc/apt/sources.list.d/debian.sources")
        if sources.is_file():
            uris = re.search(r"^URIs:\s*(\S+)", sources.read_text(encoding="utf-8"), re.M)
            mirror = uris.group(1) if uris else mirror
        rootfs = work / f"rootfs-{arch}"
        rc = subprocess.run(["debootstrap", f"--arch={arch}", "--variant=minbase",
                             "--include=python3,python3-pip,python3-venv,ca-certificates",
                             "bookworm", str(rootfs), mirror], stdout=out,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=3600,
                            check=False).returncode
        if rc != 0:
            raise Failed(f"debootstrap --arch={arch}: exit {rc}")
        for junk in ("var/cache/apt/archives", "var/lib/apt/lists"):
            for f in (rootfs / junk).glob("*"):
                if f.is_file():
                    f.unlink()
        part = tarball.with_suffix(".part")
        sh("bash", "-c", f"tar --numeric-owner -C {rootfs} -cf - . | gzip -1 > {part}",
           timeout=900)
        part.rename(tarball)
        shutil.rmtree(rootfs, ignore_errors=True)
    store.podman("import", "-q", "--arch", arch, str(tarball), raw, timeout=900, capture=True)
    return raw


def label(image: str, labels: list[str], platform: str, build: Store,
          made: list[str]) -> str:
    """The workflow's labels on the image (buildah config: a new image, the same layers)."""
    ctr = build.buildah("from", "--pull=never", image, capture=True).strip().splitlines()[-1]
    try:
        build.buildah("config", *[a for x in labels for a in ("--label", x)], ctr)
        out = f"localhost/launchgate-rehearsal:{platform.replace('/', '-')}-{os.getpid()}-l"
        build.buildah("commit", "-q", ctr, out, capture=True)
        made.append(out)
        return out
    finally:
        build.buildah("rm", ctr, capture=True)


def gh_stand_in(bin_dir: Path, origin: Path, out: Path) -> None:
    """``gh release create TAG --verify-tag --title T --notes-file F``: the tag must be on "GitHub";
    the release (its title, tag, commit and notes) is kept as JSON."""
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(f"""#!{sys.executable}
import json, subprocess, sys
a = sys.argv[1:]
if a[:2] != ["release", "create"] or "--verify-tag" not in a:
    sys.exit("gh stand-in: only `gh release create TAG --verify-tag ...` is rehearsed")
tag = a[2]
opt = {{a[i]: a[i + 1] for i in range(3, len(a) - 1) if a[i].startswith("--")}}
got = subprocess.run(["git", "-C", {str(origin)!r}, "rev-parse", "--verify", "-q",
                      "refs/tags/" + tag + "^{{commit}}"], capture_output=True, text=True,
                     timeout=30)
if got.returncode:
    sys.exit("gh stand-in: tag " + tag + " is not on the remote (--verify-tag)")
notes = open(opt["--notes-file"], encoding="utf-8").read()
json.dump({{"tag": tag, "commit": got.stdout.strip(), "title": opt.get("--title"),
           "notes": notes}}, open({str(out)!r}, "w", encoding="utf-8"), indent=2)
print("https://github.invalid/releases/tag/" + tag)
""", encoding="utf-8")
    gh.chmod(0o755)


def run_jobs(run: Run, origin: Path, work: Path, args: argparse.Namespace, build: Store,
             tag: str, sha: str) -> tuple[str, dict[str, Any]]:
    jobs = run.workflow["jobs"]
    pushed = ""
    release_json = work / "release.json"
    for name in JOBS:
        job = jobs[name]
        needs = job.get("needs", [])
        missing = [n for n in ([needs] if isinstance(needs, str) else needs) if n not in run.needs]
        if missing:
            raise Failed(f"job {name} needs {missing}, which did not run")
        say(f"job {name}: {job.get('name', name)}")
        path = checkout(origin, work, name, tag, sha)
        env = run.base_env(work, name)
        if name == "release":
            gh_stand_in(work / "bin", origin, release_json)
            env["PATH"] = f"{work / 'bin'}:{env['PATH']}"
        steps: dict[str, dict[str, str]] = {}
        for n, step in enumerate(job["steps"]):
            uses = str(step.get("uses", ""))
            if "run" in step:
                run_step(run, step, path, env, steps, n)
            elif uses.startswith(("actions/checkout@", "docker/setup-", "docker/login-action@")):
                continue  # the checkout above; buildah needs no builder; no auth on loopback
            elif uses.startswith("docker/build-push-action@"):
                pushed = image_job(step, run, path, args, build, work, steps)
            else:
                raise Failed(f"job {name}: the rehearsal has no stand-in for {uses!r}")
        run.needs[name] = {"outputs": {k: run.expand(str(v), steps)  # type: ignore[dict-item]
                                       for k, v in job.get("outputs", {}).items()}}
    return pushed, json.loads(release_json.read_text(encoding="utf-8"))


# -- the maintainer's part ----------------------------------------------------------------------
def prepare(work: Path, version: str) -> tuple[Path, str, str]:
    """"GitHub" (a bare clone of HEAD) and the maintainer's step of docs/releasing.md in a clone of
    it: version and CHANGELOG set to ``version`` when they are not, the annotated tag pushed."""
    origin = work / "github.git"
    git(work, "clone", "-q", "--bare", "--no-local", "--single-branch", "--no-tags", str(ROOT),
        str(origin), timeout=300)
    head = git(ROOT, "rev-parse", "HEAD")
    git(origin, "update-ref", "refs/heads/main", head)
    git(origin, "symbolic-ref", "HEAD", "refs/heads/main")
    maint = work / "maintainer"
    git(work, "clone", "-q", str(origin), str(maint))
    init = maint / "launchgate" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    init.write_text(re.sub(r'^__version__ = "[^"]+"', f'__version__ = "{version}"', text,
                           flags=re.M), encoding="utf-8")
    log = maint / "CHANGELOG.md"
    changes = log.read_text(encoding="utf-8")
    if not re.search(rf"^## \[{re.escape(version)}\]", changes, re.M):
        today = time.strftime("%Y-%m-%d", time.gmtime())
        changes = changes.replace("## [Unreleased]", f"## [Unreleased]\n\n## [{version}] - {today}",
                                  1)
        log.write_text(changes, encoding="utf-8")
    if git(maint, "status", "--porcelain"):
        git(maint, "commit", "-qam", f"release {version}")
    tag = f"v{version}"
    git(maint, "tag", "-a", tag, "-m", f"launchgate {tag}")
    git(maint, "push", "-q", "origin", "HEAD:main", f"refs/tags/{tag}")
    sha = git(maint, "rev-parse", "HEAD")
    say(f"maintainer: {tag} tagged on {sha[:12]} (HEAD {head[:12]}"
        f"{' + the release commit of version and CHANGELOG' if sha != head else ''})")
    return origin, tag, sha


# -- the proof ------------------------------------------------------------------------------------
def pinned_ref(origin: Path, tag: str, tagged: str) -> str:
    """The moved tag: one commit on the tagged one, changing only action.yml's image line."""
    moved = git(origin, "rev-parse", f"refs/tags/{tag}^{{commit}}")
    if git(origin, "rev-parse", f"{moved}^") != tagged:
        raise Failed(f"the moved tag {tag} is not one commit on the tagged {tagged[:12]}")
    changed = git(origin, "diff", "--name-only", tagged, moved).splitlines()
    if changed != ["action.yml"]:
        raise Failed(f"the release commit changes {changed}, not only action.yml")
    action = yaml.safe_load(git(origin, "show", f"{moved}:action.yml"))
    image = str(action["runs"]["image"])
    if not image.startswith("docker://"):
        raise Failed(f"the pinned action.yml's image is {image!r}, not docker://...")
    say(f"pin: {tag} moved to {moved[:12]}; action.yml runs {image}")
    return image.removeprefix("docker://")


def runner_env(origin: Path, tag: str) -> list[str]:
    """``-e INPUT_<NAME>=default`` for every input of the pinned action.yml, as the runner sets
    them (``${{ github.token }}``: no token here), plus the example's own inputs."""
    action = yaml.safe_load(git(origin, "show", f"refs/tags/{tag}:action.yml"))
    inputs = {name.upper(): ("" if "${{" in str(spec.get("default", "")) else
                             str(spec.get("default", "")))
              for name, spec in action["inputs"].items()}
    inputs.update({"PHASE": "pre", "COMMENT": "never", "ANNOTATIONS": "none",
                   "SARIF-FILE": "launchgate.sarif"})
    env = {"GITHUB_ACTIONS": "true", "CI": "true", "HOME": "/github/home",
           "GITHUB_WORKSPACE": "/github/workspace", "GITHUB_EVENT_NAME": "push",
           "GITHUB_EVENT_PATH": "/github/workflow/event.json",
           "GITHUB_REPOSITORY": "acme/marketplace", "GITHUB_REF": "refs/heads/main",
           "GITHUB_OUTPUT": "/github/file_commands/output",
           "GITHUB_STEP_SUMMARY": "/github/file_commands/step_summary",
           "RUNNER_OS": "Linux", "RUNNER_TEMP": "/home/runner/work/_temp",
           "DEMO_CA_BUNDLE": "ca.pem", **{f"INPUT_{k}": v for k, v in inputs.items()}}
    return [a for k, v in sorted(env.items()) for a in ("-e", f"{k}={v}")]


def pull(ref: str, pushed: str, tagged: str, arch: str, work: Path, conf: Path) -> Store:
    """An empty image store pulls ``ref`` as a runner of ``arch`` would: the pushed digest (the
    image, or the manifest list it was picked from) and the workflow's labels."""
    fresh = Store(work / f"fresh-{arch}", "overlay", work / f"fresh-run-{arch}", conf)
    started = time.monotonic()
    fresh.podman("pull", "-q", "--arch", arch, ref, timeout=900, capture=True)
    info = json.loads(fresh.podman("image", "inspect", ref, capture=True))[0]
    digests = {info.get("Digest")} | {d.rsplit("@", 1)[-1] for d in info.get("RepoDigests") or []}
    say(f"pull: an empty store pulled {ref} for {arch} in {time.monotonic() - started:.1f} s "
        f"({info.get('Architecture')}, {info.get('Size', 0) / 1e6:.0f} MB)")
    if pushed not in digests or info.get("Architecture") != arch:
        raise Failed(f"pulled {info.get('Architecture')} {sorted(map(str, digests))}, not the "
                     f"pushed {arch} {pushed}")
    labels = info.get("Labels") or {}
    if labels.get("org.opencontainers.image.revision") != tagged:
        raise Failed(f"the pulled image's revision label is not the tagged commit: {labels}")
    return fresh


def workspace(ws: Path) -> Path:
    """The runner's folders, the example checked out in the workspace, all owned by uid 1001."""
    for d in ("workspace", "file_commands", "home", "workflow"):
        (ws / d).mkdir(parents=True)
    shutil.copytree(ROOT / "examples" / "marketplace", ws / "workspace", dirs_exist_ok=True)
    shutil.copy("/etc/ssl/certs/ca-certificates.crt", ws / "workspace" / "ca.pem")
    (ws / "workflow" / "event.json").write_text('{"ref": "refs/heads/main"}\n', encoding="utf-8")
    for f in ("output", "step_summary"):
        (ws / "file_commands" / f).write_text("", encoding="utf-8")
    g = ws / "workspace"
    git(g, "init", "-q")
    git(g, "add", "-A")
    git(g, "commit", "-qm", "example")
    sh("chown", "-R", "1001:1001", str(ws))
    return g


def run_action(fresh: Store, ref: str, origin: Path, tag: str, ws: Path) -> float:
    """The Action as the runner starts it, on the example: the gate must pass with the
    scratch-database apply of the six migrations, its files owned by the runner's uid."""
    g = workspace(ws)
    mounts = [a for d in ("workspace", "file_commands", "home", "workflow")
              for a in ("-v", f"{ws / d}:/github/{d}")]
    started = time.monotonic()
    rc = subprocess.run(["podman", *fresh.args, *RUN, "run", "--rm", "--network", "none",
                         *LIMITS, "--workdir", "/github/workspace", *mounts,
                         *runner_env(origin, tag), ref], env=fresh.env, timeout=900,
                        check=False, stdin=subprocess.DEVNULL).returncode
    took = time.monotonic() - started
    outputs = outputs_of(ws / "file_commands" / "output")
    report = g / "launchgate-report.json"
    if not report.is_file():
        raise Failed(f"the pinned Action wrote no report (exit {rc})")
    results = json.loads(report.read_text(encoding="utf-8"))["results"]
    mig = next(r for r in results if r["check"] == "migrations")
    applied = sum(k.startswith("apply_ms:") for k in mig["figures"])
    sarif_uid = (g / "launchgate.sarif").stat().st_uid
    say(f"action: exit {rc} in {took:.1f} s, result={outputs.get('result')}, migrations "
        f"{mig['status']} (round trip {mig['figures'].get('apply_round_trip')}, {applied} "
        f"applied), SARIF owned by uid {sarif_uid}")
    if rc != 0 or outputs.get("result") != "passed" or applied != 6 or sarif_uid != 1001 \
            or mig["figures"].get("apply_round_trip") != "identical":
        raise Failed("the pinned Action did not pass the example's pre-deploy gate")
    return took


def prove(origin: Path, tag: str, tagged: str, pushed: str, work: Path, conf: Path,
          arches: list[str]) -> float:
    """For each platform pushed: an empty image store pulls the image exactly as the pinned
    action.yml names it and runs the Action on the example (another arch: under qemu)."""
    ref = pinned_ref(origin, tag, tagged)
    took = 0.0
    for arch in arches:
        fresh = pull(ref, pushed, tagged, arch, work, conf)
        took = max(took, run_action(fresh, ref, origin, tag, work / f"runner-{arch}"))
        fresh.podman("rmi", "-a", "-f", capture=True)
    return took


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--version", help="X.Y.Z to rehearse (default: launchgate.__version__)")
    ap.add_argument("--owner", default="launchgate", help="the repository owner (github.*)")
    ap.add_argument("--image", help="a local image container-check built from this tree (CI's "
                    "image-test), used instead of building linux/amd64 again")
    ap.add_argument("--platforms", default="linux/amd64",
                    help="which of the workflow's platforms to build (linux/arm64: needs binfmt)")
    ap.add_argument("--keep", type=Path, help="keep the rehearsal's files here")
    args = ap.parse_args(argv)
    args.platforms = [p.strip() for p in args.platforms.split(",")]
    try:
        if os.geteuid() != 0:
            raise CannotRehearse("needs root (rootful buildah and podman, as container-check)")
        for tool in ("podman", "buildah", "git"):
            if shutil.which(tool) is None:
                raise CannotRehearse(f"no {tool}")
        version = args.version or re.search(
            r'^__version__ = "([^"]+)"', (ROOT / "launchgate" / "__init__.py").read_text(), re.M
        ).group(1)  # type: ignore[union-attr]
        return rehearse(args, version)
    except CannotRehearse as exc:
        print(f"rehearsal: cannot rehearse here: {exc}", file=sys.stderr)
        return 2
    except Failed as exc:
        print(f"rehearsal: FAILED: {exc}", file=sys.stderr)
        return 1


def rehearse(args: argparse.Namespace, version: str) -> int:
    work = Path(tempfile.mkdtemp(prefix="lg-rehearsal-"))
    args.work, args.made = work, []
    try:
        with registry(work, lifetime=3600) as host:
            conf = work / "registries.conf"
            conf.write_text(f'[[registry]]\nlocation = "{host}"\ninsecure = true\n',
                            encoding="utf-8")
            origin, tag, sha = prepare(work, version)
            workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
            run = Run(workflow, tag, sha, args.owner, host)
            pushed, release = run_jobs(run, origin, work, args, container_check_store(conf),
                                       tag, sha)
            if release["tag"] != tag or not release["notes"].strip():
                raise Failed(f"the release is not {tag} with the changelog's notes")
            say(f"release: {release['title']!r} on {release['commit'][:12]}, notes "
                f"{len(release['notes'].splitlines())} lines")
            arches = [p.split("/")[1] for p in args.platforms]
            took = prove(origin, tag, sha, pushed, work, conf, arches)
        say(f"rehearsed {tag}: pushed, pinned, released, pulled and run (action {took:.1f} s)")
        return 0
    finally:
        if args.made:  # the images this rehearsal made in container-check's store
            subprocess.run(["podman", *container_check_store(work).args, "rmi", "-f",
                            *args.made], timeout=300, check=False, capture_output=True)
        cleanup(work, args.keep)


def cleanup(work: Path, keep: Path | None) -> None:
    for fresh in work.glob("fresh-*/"):  # their overlay mounts go before the folder does
        if fresh.name.startswith("fresh-run"):
            continue
        arch = fresh.name.removeprefix("fresh-")
        subprocess.run(["podman", "--storage-driver", "overlay", "--root", str(fresh),
                        "--runroot", str(work / f"fresh-run-{arch}"), "system", "reset", "-f"],
                       timeout=120, check=False, capture_output=True)
    if keep is not None:
        shutil.copytree(work, keep, dirs_exist_ok=True, symlinks=True,
                        ignore=shutil.ignore_patterns("fresh-*", "registry", "rootfs-*"))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

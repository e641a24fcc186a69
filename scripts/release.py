#!/usr/bin/env python3
"""What the release workflow (.github/workflows/release.yml) does to the repository on a v* tag.

    release.py check vX.Y.Z      the tag names launchgate.__version__ and CHANGELOG has it
    release.py notes vX.Y.Z      the CHANGELOG.md section of X.Y.Z, for the GitHub release
    release.py pin-action IMAGE  action.yml's `image: Dockerfile` -> `image: docker://IMAGE`

IMAGE is ``ghcr.io/<owner>/launchgate:vX.Y.Z``; a rehearsal (scripts/release_rehearsal.py) sets
``LAUNCHGATE_REHEARSAL_REGISTRY=127.0.0.1:PORT``, its registry on loopback, which is then accepted
in place of ghcr.io (only a loopback address with a port: a release commit can name no other).

main keeps ``image: Dockerfile`` (every commit of main builds its own image); the release commit
the workflow makes on top of the tagged one, and moves the tag to, refers to the published image
instead, so ``uses: owner/launchgate@vX.Y.Z`` (or that commit's SHA) pulls it rather than
rebuilding it in every job. Exit codes: 0 done, 2 a one-line error on stderr (wrong tag, no
CHANGELOG section, action.yml not as expected).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAG = re.compile(r"v(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)")
REGISTRY = "ghcr.io"
REPOSITORY = r"/[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._/-]*:v\d+\.\d+\.\d+[a-z0-9.]*"
IMAGE = re.compile(re.escape(REGISTRY) + REPOSITORY)
LOOPBACK = re.compile(r"(?:127\.0\.0\.1|localhost):[1-9][0-9]{0,4}")
IMAGE_LINE = re.compile(r"^(?P<indent>\s+)image:\s*['\"]?Dockerfile['\"]?\s*$", re.M)


class ReleaseError(Exception):
    """A one-line reason the release cannot go on."""


def version_of(tag: str) -> str:
    m = TAG.fullmatch(tag)
    if not m:
        raise ReleaseError(f"tag {tag!r} is not vMAJOR.MINOR.PATCH (e.g. v0.2.0)")
    return m.group(1)


def package_version(root: Path = ROOT) -> str:
    text = (root / "launchgate" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not m:
        raise ReleaseError("launchgate/__init__.py has no __version__")
    return m.group(1)


def notes(changelog: str, version: str) -> str:
    """The body of ``## [version] - date`` up to the next ``## `` heading (link references
    dropped)."""
    head = re.search(rf"^## \[{re.escape(version)}\][^\n]*\n", changelog, re.M)
    if not head:
        raise ReleaseError(f"CHANGELOG.md has no '## [{version}] - YYYY-MM-DD' section")
    rest = changelog[head.end() :]
    end = re.search(r"^(## |\[[^\]]+\]: )", rest, re.M)
    body = (rest[: end.start()] if end else rest).strip()
    if not body:
        raise ReleaseError(f"CHANGELOG.md's section for {version} is empty")
    return body + "\n"


def check(tag: str, root: Path = ROOT) -> str:
    version = version_of(tag)
    if (have := package_version(root)) != version:
        raise ReleaseError(
            f"tag {tag} but launchgate.__version__ is {have}: bump it before tagging"
        )
    notes((root / "CHANGELOG.md").read_text(encoding="utf-8"), version)
    return version


def image_pattern(rehearsal: str | None = None) -> re.Pattern[str]:
    """The images a release commit may name: ghcr.io's, or a rehearsal's loopback registry."""
    if not rehearsal:
        return IMAGE
    if not LOOPBACK.fullmatch(rehearsal):
        raise ReleaseError(f"rehearsal registry {rehearsal!r} is not 127.0.0.1:PORT")
    return re.compile(re.escape(rehearsal) + REPOSITORY)


def pin_action(action_yml: str, image: str, rehearsal: str | None = None) -> str:
    """action.yml with its one ``image: Dockerfile`` line replaced by ``image: docker://IMAGE``."""
    if not image_pattern(rehearsal).fullmatch(image):
        where = rehearsal or REGISTRY
        raise ReleaseError(f"{image!r} is not {where}/<owner>/<name>:vX.Y.Z (lower case)")
    lines = IMAGE_LINE.findall(action_yml)
    if len(lines) != 1:
        raise ReleaseError(
            f"action.yml has {len(lines)} 'image: Dockerfile' lines (expected exactly one)"
        )
    return IMAGE_LINE.sub(lambda m: f"{m.group('indent')}image: docker://{image}", action_yml)


def main(argv: list[str]) -> int:
    try:
        if len(argv) == 2 and argv[0] == "check":
            print(check(argv[1]))
        elif len(argv) == 2 and argv[0] == "notes":
            changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
            sys.stdout.write(notes(changelog, version_of(argv[1])))
        elif len(argv) == 2 and argv[0] == "pin-action":
            path = ROOT / "action.yml"
            rehearsal = os.environ.get("LAUNCHGATE_REHEARSAL_REGISTRY")
            text = pin_action(path.read_text(encoding="utf-8"), argv[1], rehearsal)
            path.write_text(text, encoding="utf-8")
        else:
            print("usage: release.py check TAG | notes TAG | pin-action IMAGE", file=sys.stderr)
            return 2
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

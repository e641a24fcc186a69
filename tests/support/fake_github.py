"""A stand-in for GitHub's REST API on 127.0.0.1: issues and their comments, and the Actions runs
and artefacts ``latency-baseline: previous-run`` reads; checked against GitHub's description.

Every request is matched to an operation of ``shared/schemas/github-rest-subset.json`` (method, path
template, path and query parameters) and its JSON body validated (draft-07); every response body the
fake sends is validated against the operation's response schema with ``OAS30Validator`` (so the fake
stays faithful). Anything that does not validate lands in ``violations``; tests assert it stays
empty.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import jsonschema
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

BASE = "urn:gh"


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int


@dataclass
class Fault:
    """An answer to give instead of the normal one, once, to the next request matching
    ``method``."""

    method: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "Server Error"
    delay_s: float = 0.0  # answer late (the client's deadline is under test)


class FakeGitHub:
    def __init__(self, spec_path: Path) -> None:
        self.spec = _rebase(json.loads(spec_path.read_text()))
        self.registry = Registry().with_resource(
            BASE, Resource.from_contents(self.spec, default_specification=DRAFT7)
        )
        self.ops = []
        for template, item in self.spec["paths"].items():
            rx = re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)",
                                         re.escape(template)) + "$")
            for method, op in item.items():
                self.ops.append((method.upper(), template, rx, op))
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.issues: dict[int, dict[str, Any]] = {}
        self.next_id = 1000
        self.next_number = 1
        self.read_only = False
        self.next_base: str | None = None  # where rel="next" links point (None: this server)
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.violations: list[str] = []
        self.lock = threading.Lock()
        self.url = ""
        self.runs: list[dict[str, Any]] = []  # workflow runs, newest first (as GitHub lists them)
        self.artifacts: list[dict[str, Any]] = []
        self.blobs: dict[str, bytes] = {}  # /_blob/<key>: where an artefact download redirects

    # -- state
    # ----------------------------------------------------------------------------------------------
    def add_comment(self, number: int, body: str, login: str = "someone") -> dict[str, Any]:
        c = copy.deepcopy(self.spec["components"]["examples"]["issue-comment"]["value"])
        self.next_id += 1
        c.update(
            id=self.next_id,
            body=body,
            node_id=f"IC_{self.next_id}",
            url=f"{self.url}/repos/acme/shop/issues/comments/{self.next_id}",
            html_url=f"https://github.example.test/acme/shop/pull/{number}#issuecomment-{self.next_id}",
            issue_url=f"{self.url}/repos/acme/shop/issues/{number}",
        )
        c["user"]["login"] = login
        self.comments.setdefault(number, []).append(c)
        return c

    def add_run(self, branch: str, conclusion: str = "success") -> dict[str, Any]:
        """A completed workflow run on ``branch``, listed before the earlier ones."""
        run = copy.deepcopy(self.spec["components"]["examples"]["workflow-run-paginated"]["value"]
                            ["workflow_runs"][0])
        self.next_id += 1
        run.update(id=self.next_id, head_branch=branch, status="completed", conclusion=conclusion)
        self.runs.insert(0, run)
        return run

    def add_artifact(self, run: dict[str, Any], name: str, zipped: bytes, *,
                     expired: bool = False) -> None:
        example = self.spec["components"]["examples"]["artifact-paginated"]["value"]
        art = copy.deepcopy(example["artifacts"][0])
        self.next_id += 1
        url = f"{self.url}/repos/acme/shop/actions/artifacts/{self.next_id}"
        art.update(id=self.next_id, name=name, size_in_bytes=len(zipped), expired=expired, url=url,
                   archive_download_url=f"{url}/zip")
        art["workflow_run"].update(id=run["id"], head_branch=run["head_branch"],
                                   head_sha=run["head_sha"])
        self.artifacts.insert(0, art)
        self.blobs[str(self.next_id)] = zipped

    def add_issue(self, title: str, body: str, login: str = "someone", *, state: str = "open",
                  pull_request: bool = False, labels: list[str] | None = None) -> dict[str, Any]:
        i = copy.deepcopy(self.spec["components"]["examples"]["issue"]["value"])
        n, self.next_number = self.next_number, self.next_number + 1
        self.next_id += 1
        i.update(id=self.next_id, number=n, title=title, body=body, state=state,
                 node_id=f"I_{self.next_id}", url=f"{self.url}/repos/acme/shop/issues/{n}",
                 comments=0, html_url=f"https://github.example.test/acme/shop/issues/{n}",
                 labels=[{"id": k + 1, "node_id": f"L_{k}", "url": f"{self.url}/labels/{name}",
                          "name": name, "description": None, "color": "ededed", "default": False}
                         for k, name in enumerate(labels or [])])
        i["user"]["login"] = login
        i.pop("pull_request", None)  # the example is a pull request's issue
        if pull_request:
            i["pull_request"] = {"url": f"{self.url}/repos/acme/shop/pulls/{n}", "html_url": None,
                                 "diff_url": None, "patch_url": None}
        self.issues[n] = i
        return i

    def _issues(self, query: dict[str, str]) -> list[dict[str, Any]]:
        state, creator = query.get("state", "open"), query.get("creator")
        found = [i for i in self.issues.values()
                 if state in ("all", i["state"])
                 and (creator is None or i["user"]["login"] == creator)]
        newest_first = query.get("direction", "desc") == "desc"
        return sorted(found, key=lambda i: i["number"], reverse=newest_first)

    def marked(self, number: int, marker: str) -> list[dict[str, Any]]:
        return [c for c in self.comments.get(number, []) if marker in c["body"]]

    # -- validation
    # ------------------------------------------------------------------------------------------
    def _match(self, method: str, path: str) -> tuple[str, dict[str, Any], dict[str, str]] | None:
        for m, template, rx, op in self.ops:
            if m == method and (hit := rx.match(path)):
                return template, op, hit.groupdict()
        return None

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = self.registry.resolver(BASE).lookup(node["$ref"]).contents
        return node

    def check_request(
        self, method: str, path: str, query: dict[str, str], body: Any
    ) -> dict[str, Any] | None:
        found = self._match(method, path)
        if found is None:
            self.violations.append(f"{method} {path}: no such operation in the REST description")
            return None
        template, op, params = found
        values: dict[str, Any] = {}
        for p in (self._resolve(p) for p in op.get("parameters", [])):
            raw = params.get(p["name"]) if p["in"] == "path" else query.get(p["name"])
            if raw is None:
                if p.get("required"):
                    self.violations.append(f"{method} {template}: missing {p['in']} parameter "
                                           f"{p['name']}")
                continue
            value: Any = raw
            if p["schema"].get("type") == "integer":
                if not re.fullmatch(r"-?\d+", raw):
                    self.violations.append(f"{method} {template}: {p['name']}={raw!r} is not an "
                                           "integer")
                    continue
                value = int(raw)
            elif p["schema"].get("type") == "boolean":
                if raw not in ("true", "false"):
                    self.violations.append(
                        f"{method} {template}: {p['name']}={raw!r} is not true or false")
                    continue
                value = raw == "true"
            values[p["name"]] = value
            for err in OAS30Validator(p["schema"]).iter_errors(value):
                self.violations.append(f"{method} {template}: {p['name']}: {err.message}")
        unknown = set(query) - {self._resolve(p)["name"] for p in op.get("parameters", [])}
        if unknown:
            self.violations.append(f"{method} {template}: unknown query parameters "
                                   f"{sorted(unknown)}")
        rb = op.get("requestBody")
        if rb is not None:
            schema = rb["content"]["application/json"]["schema"]
            for err in jsonschema.Draft7Validator(schema).iter_errors(body):
                self.violations.append(f"{method} {template}: body: {err.message}")
        elif body is not None:
            self.violations.append(f"{method} {template}: unexpected request body")
        return op

    def check_response(self, op: dict[str, Any], method: str, status: int, data: Any) -> None:
        resp = op["responses"].get(str(status))
        if resp is None:
            # server errors/rate limits are documented globally
            if status < 500 and status not in (403, 429):
                self.violations.append(f"{method}: status {status} not documented for "
                                       f"{op['operationId']}")
            return
        content = self._resolve(resp).get("content", {}).get("application/json")
        if content is None:
            return
        v = OAS30Validator(content["schema"], registry=self.registry)
        for err in v.iter_errors(data):
            self.violations.append(f"{method} {op['operationId']} {status}: response: "
                                   f"{err.message[:200]}")


def _rebase(schema: Any) -> Any:
    """Turn ``#/components/...`` refs into ``urn:gh#/components/...`` so the registry resolves
    them."""
    if isinstance(schema, dict):
        return {k: (BASE + v if k == "$ref" and isinstance(v, str) and v.startswith("#")
                    else _rebase(v))
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [_rebase(v) for v in schema]
    return schema


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: Any) -> None:
        pass

    def _do(self) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        if parts.path.startswith("/_blob/"):
            self._blob(fake, parts.path[len("/_blob/"):])
            return
        with fake.lock:
            op = fake.check_request(self.command, parts.path, query, body)
            if self.headers.get("Authorization") != f"Bearer {self.server.token}":
                fake.violations.append(f"{self.command} {parts.path}: wrong Authorization header")
            status, headers, data = self._answer(fake, parts.path, query, body)
            if op is not None:
                fake.check_response(op, self.command, status, data)
            fake.seen.append(Seen(self.command, parts.path, query, body, status))
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = _do

    def _blob(self, fake: FakeGitHub, key: str) -> None:
        """Artefact storage: another service, which must never see the API token."""
        with fake.lock:
            if self.headers.get("Authorization") is not None:
                fake.violations.append(
                    f"GET /_blob/{key}: the Authorization header was sent to storage")
            data = fake.blobs.get(key)
            status = 200 if data is not None else 404
            fake.seen.append(Seen("GET", f"/_blob/{key}", {}, None, status))
        self.send_response(200 if data is not None else 404)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(data or b"")))
        self.end_headers()
        self.wfile.write(data or b"")

    def _actions(self, fake: FakeGitHub, path: str,
                 query: dict[str, str]) -> tuple[int, dict, Any] | None:
        if path == "/repos/acme/shop/actions/runs":
            runs = [r for r in fake.runs
                    if r["head_branch"] == query.get("branch", r["head_branch"])
                    and query.get("status") in (None, r["conclusion"], r["status"])]
            runs = runs[: int(query.get("per_page", 30))]
            return 200, {}, {"total_count": len(runs), "workflow_runs": runs}
        if path == "/repos/acme/shop/actions/artifacts":
            arts = [a for a in fake.artifacts if a["name"] == query.get("name", a["name"])]
            arts = arts[: int(query.get("per_page", 30))]
            return 200, {}, {"total_count": len(arts), "artifacts": arts}
        if m := re.fullmatch(r"/repos/acme/shop/actions/artifacts/(\d+)/zip", path):
            if m.group(1) not in fake.blobs:
                return 410, {}, {"message": "Gone",
                                 "documentation_url": "https://docs.example.test"}
            return 302, {"Location": f"{fake.url}/_blob/{m.group(1)}"}, None
        return None

    def _answer(
        self, fake: FakeGitHub, path: str, query: dict[str, str], body: Any
    ) -> tuple[int, dict, Any]:
        for i, f in enumerate(fake.faults):
            if f.method == self.command:
                del fake.faults[i]
                if f.delay_s:
                    time.sleep(f.delay_s)
                return f.status, f.headers, {"message": f.message,
                                             "documentation_url": "https://docs.example.test"}
        if (actions := self._actions(fake, path, query)) is not None:
            return actions
        if path == "/repos/acme/shop/issues":
            if self.command == "GET":
                return _page(fake, path, query, fake._issues(query))
            if fake.read_only:
                return 403, {}, {"message": "Resource not accessible by integration"}
            return 201, {}, fake.add_issue(str(body["title"]), body.get("body") or "",
                                           "github-actions[bot]",
                                           labels=list(body.get("labels") or []))
        if m := re.fullmatch(r"/repos/acme/shop/issues/(\d+)", path):
            issue = fake.issues.get(int(m.group(1)))
            if issue is None:
                return 404, {}, {"message": "Not Found"}
            if fake.read_only:
                return 403, {}, {"message": "Resource not accessible by integration"}
            fields = ("title", "body", "state", "state_reason")
            issue.update({k: v for k, v in body.items() if k in fields})
            issue["closed_at"] = "2026-12-02T20:00:00Z" if issue["state"] == "closed" else None
            return 200, {}, issue
        if m := re.fullmatch(r"/repos/acme/shop/issues/(\d+)/comments", path):
            number = int(m.group(1))
            if self.command == "GET":
                return _page(fake, path, {"per_page": "30", **query}, fake.comments.get(number, []))
            if fake.read_only:
                return 403, {}, {"message": "Resource not accessible by integration",
                                 "documentation_url": "https://docs.example.test"}
            if number in fake.issues:
                fake.issues[number]["comments"] += 1
            return 201, {}, fake.add_comment(number, body["body"], login="github-actions[bot]")
        if m := re.fullmatch(r"/repos/acme/shop/issues/comments/(\d+)", path):
            if fake.read_only:
                return 403, {}, {"message": "Resource not accessible by integration"}
            cid = int(m.group(1))
            for items in fake.comments.values():
                for c in items:
                    if c["id"] == cid:
                        c["body"] = body["body"]
                        return 200, {}, c
            return 404, {}, {"message": "Not Found"}
        return 404, {}, {"message": "Not Found"}


def _page(fake: FakeGitHub, path: str, query: dict[str, str], items: list[dict[str, Any]]
          ) -> tuple[int, dict, Any]:
    """One page of ``items`` as GitHub pages lists: per_page/page, a Link header with rel="next"."""
    per, page = int(query.get("per_page", 30)), int(query.get("page", 1))
    headers = {}
    if page * per < len(items):
        rest = urlencode({**query, "per_page": per, "page": page + 1})
        headers["Link"] = f'<{fake.next_base or fake.url}{path}?{rest}>; rel="next"'
    return 200, headers, items[(page - 1) * per: page * per]


class _Server(ThreadingHTTPServer):
    fake: FakeGitHub
    token: str


@contextlib.contextmanager
def fake_github(spec_path: Path, token: str) -> Iterator[FakeGitHub]:
    fake = FakeGitHub(spec_path)
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake, server.token = fake, token
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        t.join(timeout=5)

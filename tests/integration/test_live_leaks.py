"""Tokens in live answers (a health body, a smoke response, a header echoed in an error) and
credentials in a target URL never reach any output whole: a real loopback server hands them out, the
real CLI renders every format."""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from launchgate.cli import cli

pytestmark = pytest.mark.integration
FORMATS = ("text", "json", "sarif", "junit", "markdown")


def _github_token() -> str:
    # 36 characters after the prefix: the shape of a classic token
    return "ghp_" + secrets.token_hex(18)


@contextlib.contextmanager
def _leaky_server(token: str, aws: str) -> Iterator[int]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/healthz"):  # unhealthy, and it dumps its config
                body = json.dumps({"status": "degraded", "github_token": token,
                                   "note": f"aws key {aws}"})
                self._send(503, body, {"X-Debug-Token": token})
            else:  # the smoke step: a 500 page that prints a deploy token
                self._send(500, f"Internal error\nGITHUB_TOKEN={token}\nkey: {aws}\n",
                           {"X-Api-Token": token})

        def _send(self, status: int, body: str, headers: dict[str, str]) -> None:
            data = body.encode()
            self.send_response(status)
            for k, v in {"Content-Type": "text/plain", "Content-Length": str(len(data)),
                         **headers}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        t.join(timeout=5)


def _run(tmp_path: Path, config: str, env: dict[str, str]) -> dict[str, str]:
    (tmp_path / "launchgate.yml").write_text(config)
    outs = {fmt: tmp_path / f"out.{fmt}" for fmt in FORMATS if fmt != "text"}
    args = ["check", str(tmp_path), "--phase", "post", "--only", "probes"]
    for fmt, path in outs.items():
        args += ["--format", f"{fmt}={path}"]
    res = CliRunner().invoke(cli, [*args, "--format", "text"], env={"GITHUB_ACTIONS": "", **env},
                             catch_exceptions=False)
    assert res.exit_code == 1, res.output
    return {"text": res.stdout, **{fmt: p.read_text(encoding="utf-8") for fmt, p in outs.items()}}


def test_tokens_in_live_answers_are_masked_in_every_format(tmp_path: Path) -> None:
    token, aws = (
        _github_token(),
        "AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
    )
    with _leaky_server(token, aws) as port:
        config = (f"targets:\n  canonical: http://127.0.0.1:{port}\n  hosts: [127.0.0.1]\n  "
                  "timeout_s: 5\nhealth:\n  - url: /healthz\nsmoke:\n  - name: home\n    "
                  "steps:\n      - name: home\n        request: GET /\n")
        outputs = _run(tmp_path, config, {})
    for fmt, text in outputs.items():
        # before: the health body and the smoke excerpt showed both keys whole in every format
        assert token not in text and token[4:] not in text, fmt
        assert aws not in text, fmt
    report = json.loads(outputs["json"])
    found = {f["rule"]: f for f in report["findings"]}
    assert set(found) == {"probes.health-down", "probes.smoke-step-failed"}
    assert "ghp_…(40 chars)" in found["probes.health-down"]["evidence"]
    assert "AKIA…(20 chars)" in found["probes.smoke-step-failed"]["evidence"]


def test_credentials_in_the_canonical_url_are_not_stored(tmp_path: Path) -> None:
    password = "pw-" + secrets.token_urlsafe(12)
    token, aws = _github_token(), "AKIA" + "QWERTYUIOPASDFGH"
    with _leaky_server(token, aws) as port:
        config = (f"targets:\n  canonical: http://deploy:${{SITE_PASS}}@127.0.0.1:{port}\n  "
                  "hosts: [127.0.0.1]\n  timeout_s: 5\nhealth:\n  - url: /healthz\n")
        outputs = _run(tmp_path, config, {"SITE_PASS": password})
    for fmt, text in outputs.items():
        # before: the location URL carried both
        assert password not in text and "deploy:" not in text, fmt
    [finding] = json.loads(outputs["json"])["findings"]
    assert finding["location"]["url"] == f"http://127.0.0.1:{port}/healthz"


def test_a_secret_with_a_trailing_newline_is_masked_in_the_header_error(tmp_path: Path) -> None:
    value = "tok-" + secrets.token_urlsafe(16)
    with _leaky_server(_github_token(), "AKIA" + "QWERTYUIOPASDFGH") as port:
        config = (f"targets:\n  canonical: http://127.0.0.1:{port}\n  hosts: [127.0.0.1]\n  "
                  "timeout_s: 5\nsmoke:\n  - name: api\n    steps:\n      - name: me\n        "
                  f"request: GET /me\n        headers: {{X-Session: '${{SESSION}}'}}\n")
        # read from a file with its newline
        outputs = _run(tmp_path, config, {"SESSION": value + "\n"})
    for fmt, text in outputs.items():
        # before: the error quoted 'tok-…\\n', which the scrub did not match
        assert value not in text, fmt
    [finding] = json.loads(outputs["json"])["findings"]
    assert finding["rule"] == "probes.smoke-step-failed"


@pytest.mark.parametrize("marked", [True, False])
def test_values_env_schema_marks_secret_are_masked_in_live_answers(tmp_path: Path,
                                                                   marked: bool) -> None:
    # no secret-like name, no vendor shape: only the schema says so
    value = "dsn-" + secrets.token_hex(10)
    if marked:
        (tmp_path / "env.schema.yaml").write_text("vars:\n  UPSTREAM_DSN:\n    secret: true\n")
    with _leaky_server(_github_token(), value) as port:
        config = (f"targets:\n  canonical: http://127.0.0.1:{port}\n  hosts: [127.0.0.1]\n  "
                  "timeout_s: 5\nhealth:\n  - url: /healthz\n")
        outputs = _run(tmp_path, config, {"UPSTREAM_DSN": value})
    for fmt, text in outputs.items():
        # unmarked, nothing says it is secret: shown (the control case)
        assert (value in text) is not marked, fmt

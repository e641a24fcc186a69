"""Tokens a live site hands out to the web check never reach any output whole (issue 19, live
masking).

A loopback server plays a badly deployed site: ``/.git/config`` with a token in its remote URL,
``/config.json`` with an API key, an error page whose leaked file path carries a token, and an
HTTP->HTTPS redirect whose Location carries an access token. The real CLI runs the web check and
renders every format; each format must hold the finding (the check still sees the leak) and no token
whole. The twin: the parts of the same excerpts that are no secret (the leaked path around the
token, the redirect's host) are still shown, so the finding stays useful.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import secrets
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from launchgate.cli import cli

pytestmark = pytest.mark.integration
FORMATS = ("text", "json", "sarif", "junit", "markdown")


def _github_token() -> str:
    return "ghp_" + secrets.token_hex(18)  # the shape of a classic token, new each run


def _aws_key() -> str:
    return "AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


def _tls_context(tmp: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "app.test")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("app.test")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = tmp / "site.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pem)
    return ctx


@contextlib.contextmanager
def _leaky_site(tmp: Path, token: str, aws: str, session: str) -> Iterator[tuple[int, int]]:
    pages = {
        "/.git/config": '[core]\n\tbare = false\n[remote "origin"]\n\turl = '
        f'https://x-access-token:{token}@github.com/acme/shop.git\n',
        "/config.json": json.dumps({"database": {"password": aws, "host": "db"}, "api_key": aws}),
    }

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path in pages:
                self._send(200, pages[self.path], {"Content-Type": "text/plain"})
            elif self.path == "/" and isinstance(self.connection, ssl.SSLSocket):
                self._send(200, "<html><title>Shop</title><body>shop</body></html>")
            elif not isinstance(self.connection, ssl.SSLSocket):
                self._send(301, "", {"Location": f"https://app.test/?access_token={session}"})
            else:  # the catch-all: a debug 404 that shows where the release lives
                self._send(404, "<h1>Not "
                           f"found</h1><pre>/var/www/releases/{token}/public/index.php</pre>")

        def do_POST(self) -> None:
            self.do_GET()

        def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
            data = body.encode()
            self.send_response(status)
            for k, v in {"Content-Type": "text/html", "Content-Length": str(len(data)),
                         **(headers or {})}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

    plain, tls = ThreadingHTTPServer(("127.0.0.1", 0),
                                     Handler), ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tls.socket = _tls_context(tmp).wrap_socket(tls.socket, server_side=True)
    threads = []
    for server in (plain, tls):
        server.daemon_threads = True
        threads.append(threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True))
        threads[-1].start()
    try:
        yield int(plain.server_address[1]), int(tls.server_address[1])
    finally:
        for server, t in zip((plain, tls), threads, strict=True):
            server.shutdown()
            server.server_close()
            t.join(timeout=5)


def test_tokens_a_live_site_serves_are_masked_in_every_format_of_the_web_check(
    tmp_path: Path,
) -> None:
    token, aws, session = _github_token(), _aws_key(), secrets.token_hex(16)
    with _leaky_site(tmp_path.parent, token, aws, session) as (http, https):
        (tmp_path / "launchgate.yml").write_text(
            f"targets:\n  canonical: https://app.test\n  hosts: [app.test]\n"
            f"  resolve: ['app.test:{http}:127.0.0.1', 'app.test:{https}:127.0.0.1']\n"
            f"  ports: {{http: {http}, https: {https}}}\n  timeout_s: 3\n")
        outs = {fmt: tmp_path / f"out.{fmt}" for fmt in FORMATS if fmt != "text"}
        args = ["check", str(tmp_path), "--phase", "post", "--only", "web", "--comment", "never"]
        for fmt, path in outs.items():
            args += ["--format", f"{fmt}={path}"]
        res = CliRunner().invoke(cli, [*args, "--format", "text"], env={"GITHUB_ACTIONS": ""},
                                 catch_exceptions=False)
    assert res.exit_code == 1, res.output
    outputs = {"text": res.stdout,
               **{fmt: p.read_text(encoding="utf-8") for fmt, p in outs.items()}}
    for fmt, text in outputs.items():
        assert token not in text and token[4:] not in text, fmt
        assert aws not in text and session not in text, fmt
        # the remote URL's credentials are gone, not only the token
        assert "x-access-token:" not in text, fmt
    report = json.loads(outputs["json"])
    by_rule: dict[str, list[dict[str, object]]] = {}
    for f in report["findings"]:
        by_rule.setdefault(f["rule"], []).append(f)
    exposed = {str(f["message"]).split(" serves ")[1]: f
               for f in by_rule["web.sensitive-file-exposed"]}
    # the whole URL masked
    assert exposed["the git repository config"]["evidence"] == "remote: http…(88 chars)"
    assert "a JSON config with credentials" in exposed
    [leak] = by_rule["web.error-page-leak"]
    assert leak["evidence"] == "/var/www/releases/ghp_…(40 chars)/public/index.php"
    # the Location header's token, in the finding's message
    [dropped] = by_rule["web.redirect-drops-path"]
    assert str(dropped["message"]).endswith("ends at "
                                            f"https://app.test/?access_token={session[:4]}…(32 "
                                            "chars) (the path is lost)")
    for fmt in ("text", "json", "markdown"):
        assert "ghp_…(40 chars)" in outputs[fmt], fmt  # masked, in the shape the other masks take

"""launchgate's real stdout and stderr under GitHub Actions, read by an emulated runner: names from
a hostile repository create no workflow command and cannot stop launchgate's own annotations."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.actions_runner import Runner
from tests.support.github_env import actions_env, push_event

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.test", *args], cwd=cwd,
                   check=True,
                   capture_output=True, timeout=30)


def _hostile_repo(ws: Path) -> None:
    """File and symlink names that are workflow commands, and one real secret so there is a real
    annotation."""
    # reported as not scanned, name first on its line
    (ws / "::stop-commands::x").symlink_to("/etc/passwd")
    (ws / "::error::gate passed, nothing to see").symlink_to("/etc/hostname")
    (ws / "##[error]legacy").symlink_to("/etc/hosts")
    key = "AKIA" + "QWERTYUIOPASDFGH"
    (ws / "::warning::evil.py").write_text(f'aws_key = "{key}"\n')
    _git(ws, "init", "-q")
    _git(ws, "add", "-A")
    _git(ws, "commit", "-qm", "hostile names")


def _launchgate(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT),
            "HOME": env["GITHUB_WORKSPACE"],
            **env}
    return subprocess.run([sys.executable, "-m", "launchgate", *args], cwd=env["GITHUB_WORKSPACE"],
                          env=full,
                          capture_output=True, text=True, timeout=120)


def test_hostile_file_names_create_no_workflow_commands(tmp_path) -> None:
    env = actions_env(tmp_path, push_event(), event_name="push", token=None)
    ws = Path(env["GITHUB_WORKSPACE"])
    _hostile_repo(ws)
    proc = _launchgate(env, "check", ".", "--phase", "pre", "--annotations", "all", "--only",
                       "secrets", "--all")
    assert proc.returncode == 1, proc.stderr
    # the text report is there
    assert "::error::gate passed, nothing to see not scanned for secrets" in proc.stdout
    runner = Runner().feed(proc.stdout).feed(proc.stderr)
    # before: the symlink's name stopped every later command of the job
    assert not runner.stopped_at_end
    got = {(c.name, c.props.get("file"), c.props.get("title", "").split(":")[0])
           for c in runner.annotations()}
    assert got == {
        ("error", "::warning::evil.py", "secrets.aws-access-key"),
        ("notice", "::stop-commands::x", "secrets.file-not-scanned"),
        ("notice", "::error::gate passed, nothing to see", "secrets.file-not-scanned"),
        ("notice", "##[error]legacy", "secrets.file-not-scanned"),
    # before: also ("error", None, "") "gate passed, nothing to see" and a legacy error, made by
    # file names
    }
    assert all(c.name in ("error", "warning", "notice") for c in runner.commands)


def test_a_usage_error_naming_a_hostile_path_stays_one_line(tmp_path) -> None:
    env = actions_env(tmp_path, push_event(), event_name="push", token=None)
    proc = _launchgate(env, "check", ".", "--config",
                       "missing.yml\n::error::injected\n::stop-commands::t")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(
        "launchgate: missing.yml\\n::error::injected"
    )
    runner = Runner().feed(proc.stdout).feed(proc.stderr)
    assert runner.commands == [] and not runner.stopped_at_end


def test_json_on_stdout_under_actions_stays_json_and_carries_no_command(tmp_path) -> None:
    import json

    env = actions_env(tmp_path, push_event(), event_name="push", token=None)
    _hostile_repo(Path(env["GITHUB_WORKSPACE"]))
    proc = _launchgate(env, "check", ".", "--only", "secrets", "--all", "--annotations", "none",
                       "--format", "json")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)  # `launchgate check --format json > report.json` in a step
    assert {f["location"]["path"] for f in report["findings"]} >= {"::warning::evil.py",
                                                                   "::stop-commands::x"}
    runner = Runner().feed(proc.stdout)
    assert runner.commands == [] and not runner.stopped_at_end


@contextlib.contextmanager
def _tls_server(tmp: Path, common_name: str, issuer: str) -> Iterator[int]:
    """A TLS server on loopback whose self-signed certificate carries hostile CN and issuer fields
    (no SAN)."""
    import datetime
    import socket
    import ssl
    import threading

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3))
        .sign(key, hashes.SHA256())
    )
    pem = tmp / "hostile.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pem)
    sock = socket.create_server(("127.0.0.1", 0))
    sock.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            with contextlib.suppress(OSError), ctx.wrap_socket(conn, server_side=True) as tls:
                tls.settimeout(2)
                tls.recv(1024)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        t.join(timeout=5)
        sock.close()


def test_hostile_certificate_fields_create_no_workflow_commands(tmp_path) -> None:
    env = actions_env(tmp_path, push_event(), event_name="push", token=None)
    ws = Path(env["GITHUB_WORKSPACE"])
    cn = "shop\n::error::gate passed\n::stop-commands::pwned"
    with _tls_server(tmp_path, cn, "Evil CA\n##[error]legacy") as port:
        (ws / "launchgate.yml").write_text(
            f"targets:\n  hosts: [shop.test]\n  resolve: ['shop.test:{port}:127.0.0.1']\n  ports: "
            f"{{https: {port}}}\n  timeout_s: 3\n")
        proc = _launchgate(env, "check", ".", "--phase", "post", "--only", "tls", "--annotations",
                           "all")
    assert proc.returncode == 1, proc.stderr
    assert "::stop-commands::pwned" in proc.stdout  # the CN is in the report, newlines and all
    runner = Runner().feed(proc.stdout).feed(proc.stderr)
    assert not runner.stopped_at_end
    assert {c.name for c in runner.commands} <= {"error", "warning", "notice"}
    assert all(c.props.get("title", "").startswith("tls.") for c in runner.annotations())
    mismatch = [c for c in runner.annotations()
                if c.props["title"].startswith("tls.cert-host-mismatch")]
    assert len(mismatch) == 1 and "CN=shop\n::error::gate passed" in mismatch[0].data


def test_a_hostile_working_directory_input_stays_one_line(tmp_path) -> None:
    env = actions_env(tmp_path, push_event(), event_name="push", token=None)
    env["INPUT_WORKING-DIRECTORY"] = "nope\n::error::injected"
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT),
            "HOME": env["GITHUB_WORKSPACE"],
            **env}
    proc = subprocess.run([sys.executable, str(ROOT / "docker" / "entrypoint.py")], env=full,
                          capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "nope\\n::error::injected" in proc.stderr
    assert Runner().feed(proc.stderr).commands == []

"""Start the example marketplace on loopback: uvicorn on a free port, Debian nginx in front of it.

One launcher for the integration tests, the benchmarks and ``examples/marketplace/serve.py`` (``make
demo``), so all three talk to the same stack. nginx also serves a small static file
(``/static/hello.txt``) for the requests/s ceiling benchmark, and accepts extra ``location`` blocks
for fault injection (e.g. ``return 444``, which closes the connection without an answer).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.servers import LOOPBACK, free_port, nginx, spawned, wait_for_port

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_DIR = REPO_ROOT / "examples" / "marketplace"
HOSTNAME = "marketplace.test"


@dataclass(frozen=True)
class Marketplace:
    port: int       # nginx, the front door
    app_port: int   # uvicorn, direct (benchmarks compare against it)
    workdir: Path
    # nginx over TLS (certificate for HOSTNAME from a test CA), when tls=True
    tls_port: int | None = None
    ca_pem: Path | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def targets(self, host: str = HOSTNAME) -> dict[str, Any]:
        """A launchgate ``targets`` section that reaches this stack under a real-looking name,
        through ``resolve`` and ``ports`` (so the tests exercise the same routing a user's pre-DNS
        check does)."""
        return {"canonical": f"http://{host}", "hosts": [host],
                "resolve": [f"{host}:{self.port}:{LOOPBACK}"],
                "ports": {"http": self.port}, "timeout_s": 5}

    def tls_targets(self, *, trusted: bool = True) -> dict[str, Any]:
        """The same over HTTPS; ``trusted`` adds the test CA as ``ca_bundle``."""
        assert self.tls_port is not None, "start the marketplace with tls=True"
        return {"canonical": f"https://{HOSTNAME}", "hosts": [HOSTNAME],
                "resolve": [f"{HOSTNAME}:{self.tls_port}:{LOOPBACK}"],
                "ports": {"https": self.tls_port},
                "timeout_s": 5, **({"ca_bundle": str(self.ca_pem)} if trusted else {})}


# How every front server passes a request to the app (upstream `marketplace_app`, keep-alive, the
# client's scheme)
PROXY = ("proxy_pass http://marketplace_app; proxy_http_version 1.1; proxy_set_header Connection "
         "\"\"; proxy_set_header Host $host; proxy_set_header X-Forwarded-For $remote_addr; "
         "proxy_set_header X-Forwarded-Proto $scheme;")


def tls_server(tls_port: int, cert: Path, key: Path) -> str:
    return f"""
  server {{
    listen {LOOPBACK}:{tls_port} ssl;
    server_name {HOSTNAME};
    server_tokens off;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    location / {{
      {PROXY}
    }}
  }}
"""


def make_certs(workdir: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for HOSTNAME (trustme): (ca.pem, cert.pem,
    key.pem)."""
    import trustme  # a test dependency; only TLS runs need it

    ca = trustme.CA()
    leaf = ca.issue_cert(HOSTNAME)
    paths = workdir / "ca.pem", workdir / "cert.pem", workdir / "key.pem"
    ca.cert_pem.write_to_path(str(paths[0]))
    leaf.cert_chain_pems[0].write_to_path(str(paths[1]))
    leaf.private_key_pem.write_to_path(str(paths[2]))
    return paths


def nginx_block(port: int, app_port: int, static_dir: Path, extra_locations: str = "") -> str:
    # /delays requests are logged with nginx's own $request_time: the latency at the front door, the
    # reference the
    # latency benchmark compares each client's percentiles with
    return f"""
  log_format lg_timing '$arg_run $request_time';
  upstream marketplace_app {{ server {LOOPBACK}:{app_port}; keepalive 64; }}
  server {{
    listen {LOOPBACK}:{port} backlog=4096;
    server_name {HOSTNAME} localhost {LOOPBACK};
    keepalive_requests 100000;
    server_tokens off;
    location /static/ {{ alias {static_dir}/; }}
    location /delays {{
      access_log {static_dir.parent}/timing.log lg_timing;
      {PROXY}
    }}
{extra_locations}
    location / {{
      {PROXY}
      proxy_read_timeout 60s;
    }}
  }}
"""


@contextlib.contextmanager
def app_server(workdir: Path, *, env: dict[str, str] | None = None,
               faults: bool = False) -> Iterator[int]:
    """Run the app under uvicorn on a free loopback port (yielded) until the block exits."""
    workdir.mkdir(parents=True, exist_ok=True)
    app_port = free_port()
    app_env = {"PYTHONPATH": str(APP_DIR), **({"MARKETPLACE_FAULTS": "1"} if faults else {}),
               **(env or {})}
    argv = [sys.executable, "-m", "uvicorn", "app:create_app", "--factory", "--host", LOOPBACK,
            "--port", str(app_port), "--proxy-headers", "--forwarded-allow-ips", LOOPBACK,
            "--no-access-log", "--log-level", "warning", "--timeout-keep-alive", "75"]
    with spawned(argv, env=app_env, cwd=APP_DIR, log=workdir / "uvicorn.log") as proc:
        try:
            wait_for_port(app_port, proc=proc, timeout=20)
        except (RuntimeError, TimeoutError) as exc:
            log = (workdir / "uvicorn.log").read_text(errors="replace")
            raise RuntimeError(f"marketplace app did not start: {exc}\n{log}") from exc
        yield app_port


@contextlib.contextmanager
def marketplace(workdir: Path, *, env: dict[str, str] | None = None, port: int | None = None,
                extra_locations: str = "", faults: bool = False, tls: bool = False,
                tls_port: int | None = None) -> Iterator[Marketplace]:
    """Run the app behind nginx until the block exits; everything binds 127.0.0.1."""
    workdir.mkdir(parents=True, exist_ok=True)
    static = workdir / "static"
    static.mkdir(exist_ok=True)
    (static / "hello.txt").write_text("hello from nginx\n")
    front = port or free_port()
    with app_server(workdir, env=env, faults=faults) as app_port:
        block, ports = nginx_block(front, app_port, static, extra_locations), {"front": front}
        ca = None
        if tls:
            ca, cert, key = make_certs(workdir)
            ports["tls"] = tls_port or free_port()
            block += tls_server(ports["tls"], cert, key)
        with nginx(block, workdir / "nginx", ports):
            yield Marketplace(port=front, app_port=app_port, workdir=workdir,
                              tls_port=ports.get("tls"), ca_pem=ca)

"""`make demo`: the full gate on the example marketplace, its live stack started on loopback by this script.

It starts, on 127.0.0.1 only: the marketplace app (uvicorn) behind Debian's nginx with HTTPS from a throwaway
local CA, HTTP->HTTPS redirects and HSTS; an nsd name server answering for marketplace.test (A, MX, SPF, DKIM,
DMARC, CAA). Then it runs ``launchgate check examples/marketplace --phase all`` against that stack (pre-deploy:
env, secrets, migrations applied to a throwaway PostgreSQL; post-deploy: DNS, email, TLS, web, probes) and exits
with launchgate's exit code.

    python -m examples.marketplace.demo [--keep-running] [launchgate check options...]
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from tests.integration.lab_edge import _dkim, nsd_server
from tests.support.marketplace import APP_DIR, HOSTNAME, PROXY, app_server
from tests.support.servers import LOOPBACK, free_port, nginx

REPO = Path(__file__).resolve().parents[2]
CA_NAME = "launchgate demo CA"  # launchgate.yml maps it to the CAA identity the zone allows


def zone(domain: str) -> str:
    dkim = _dkim(rsa.generate_private_key(65537, 2048).public_key())
    return f"""$TTL 300
@ SOA ns hostmaster 1 3600 600 86400 300
@ NS ns
ns A 127.0.0.1
@ A 127.0.0.1
www CNAME {domain}.
@ MX 10 mail
mail A 127.0.0.1
@ TXT "v=spf1 mx -all"
@ CAA 0 issue "demo-ca.{domain}"
lg1._domainkey TXT ( {dkim} )
_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@{domain}"
"""


def certificates(workdir: Path) -> tuple[Path, Path, Path]:
    import trustme  # installed with the test extra, which `make demo` installs

    ca = trustme.CA(organization_name=CA_NAME)
    leaf = ca.issue_cert(HOSTNAME, f"www.{HOSTNAME}")
    ca_pem, chain, key = workdir / "ca.pem", workdir / "chain.pem", workdir / "key.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    chain.write_bytes(b"".join(p.bytes() for p in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(key))
    return ca_pem, chain, key


def nginx_block(http: int, https: int, app_port: int, chain: Path, key: Path, static: Path) -> str:
    tls = (f"listen {LOOPBACK}:{https} ssl; ssl_certificate {chain}; ssl_certificate_key {key}; "
           "ssl_protocols TLSv1.2 TLSv1.3; server_tokens off;")
    hsts = 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;'
    return f"""
  upstream marketplace_app {{ server {LOOPBACK}:{app_port}; keepalive 32; }}
  server {{ listen {LOOPBACK}:{http}; server_name {HOSTNAME} www.{HOSTNAME}; server_tokens off;
    return 301 https://{HOSTNAME}$request_uri; }}
  server {{ {tls} server_name www.{HOSTNAME}; {hsts} return 301 https://{HOSTNAME}$request_uri; }}
  server {{ {tls} server_name {HOSTNAME};
    location /static/ {{ alias {static}/; {hsts}
      add_header Cache-Control "public, max-age=31536000, immutable" always;
      add_header X-Content-Type-Options nosniff always; }}
    location / {{ {PROXY} }} }}
"""


def main(argv: list[str]) -> int:
    keep = "--keep-running" in argv
    extra = [a for a in argv if a != "--keep-running"]
    run_env = {"MARKETPLACE_PROBE_TOKEN": secrets.token_urlsafe(24), "SMOKE_PASSWORD": secrets.token_urlsafe(18),
               "RUN_ID": secrets.token_hex(4)}
    with tempfile.TemporaryDirectory(prefix="launchgate-demo-") as tmp, ExitStack() as stack:
        work = Path(tmp)
        ca_pem, chain, key = certificates(work)
        static = work / "static"
        static.mkdir()
        (static / "app.3f9c2b.js").write_text("console.log('marketplace');\n")
        http, https = free_port(), free_port()
        app_port = stack.enter_context(app_server(work / "app", env=run_env))
        stack.enter_context(nginx(nginx_block(http, https, app_port, chain, key, static), work / "nginx",
                                  {"http": http, "https": https}))
        dns_port = stack.enter_context(nsd_server(work / "nsd", {HOSTNAME: zone(HOSTNAME)}))
        env = {**os.environ, **run_env, "DEMO_HTTP_PORT": str(http), "DEMO_HTTPS_PORT": str(https),
               "DEMO_DNS_PORT": str(dns_port), "DEMO_CA_BUNDLE": str(ca_pem),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        print(f"launchgate demo: marketplace on https://{HOSTNAME} -> {LOOPBACK}:{https} (http {http}), "
              f"DNS on {LOOPBACK}:{dns_port}, app in {APP_DIR.relative_to(REPO)}", flush=True)
        cmd = [sys.executable, "-m", "launchgate", "check", str(APP_DIR.relative_to(REPO)), "--phase", "all", *extra]
        print("$ " + " ".join(cmd[1:]), flush=True)
        code = subprocess.call(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL)
        if keep:
            print("stack still running; Ctrl-C to stop", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                subprocess.call(["sleep", "infinity"])
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

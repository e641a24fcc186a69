"""`make demo`: the gate at work on the example marketplace, both sides, on loopback stacks.

1. **Healthy**: the marketplace app (uvicorn) behind Debian's nginx with HTTPS from a throwaway
   local CA, HTTP->HTTPS redirects and HSTS; an nsd name server answering for marketplace.test
   (A, MX, SPF, DKIM, DMARC, CAA). ``launchgate check examples/marketplace --phase all`` against it
   (pre-deploy: env, secrets, migrations applied to a throwaway PostgreSQL; post-deploy: DNS, email,
   TLS, web, probes, ai) passes.
2. **Planted risks**: the same example with six launch risks, planted in a temporary copy of the
   example (a committed Stripe key, built here at run time, and a migration that locks a table) and
   by switches of the app and nginx (``MARKETPLACE_RISKS``: no HSTS, an unprotected /admin, a slow
   search, signup without a rate limit): the gate fails with its ranked risk list, and the demo
   checks that each planted risk was found.
3. The handover pack of the healthy run: ``launchgate handover --from`` its JSON report, written to
   ``build/demo/handover.html`` (git-ignored).

Exit code: 0 when the healthy run passed and the planted-risk run failed on every planted risk; 1
when either side did not (the healthy run failed, or a planted risk went unnoticed); 2 or 3 when a
run could not be made (launchgate's own exit code: a usage problem, a check that could not run).

    python -m examples.marketplace.demo [--keep-running] [--out DIR] [launchgate check options...]
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from tests.integration.lab_edge import _dkim, nsd_server
from tests.support.marketplace import APP_DIR, HOSTNAME, PROXY, app_server
from tests.support.servers import LOOPBACK, free_port, nginx

REPO = Path(__file__).resolve().parents[2]
CA_NAME = "launchgate demo CA"  # launchgate.yml maps it to the CAA identity the zone allows
RISK_SWITCHES = "no-hsts,open-admin,slow-search,open-signup"  # the app's MARKETPLACE_RISKS
# what is planted -> the rule that must catch it
PLANTED = {
    "a committed Stripe key": "secrets.stripe-secret-key",
    "a migration that locks a table": "migrations.create-index-non-concurrently",
    "no HSTS header": "web.hsts-missing",
    "an unprotected /admin": "web.admin-unprotected",
    "a slow search endpoint": "probes.latency-threshold",
    "signup without a rate limit": "probes.rate-limit-missing",
}
RISKY_MIGRATION = "000007_orders_by_status"


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


def nginx_block(
    http: int, https: int, app_port: int, chain: Path, key: Path, static: Path, *, hsts: bool = True
) -> str:
    """The front door; ``hsts=False`` is the planted risk: nginx sends no HSTS header either."""
    tls = (
        f"listen {LOOPBACK}:{https} ssl; ssl_certificate {chain}; ssl_certificate_key {key}; "
        "ssl_protocols TLSv1.2 TLSv1.3; server_tokens off;"
    )
    hsts_header = (
        'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;'
        if hsts
        else ""
    )
    return f"""
  upstream marketplace_app {{ server {LOOPBACK}:{app_port}; keepalive 32; }}
  server {{ listen {LOOPBACK}:{http}; server_name {HOSTNAME} www.{HOSTNAME}; server_tokens off;
    return 301 https://{HOSTNAME}$request_uri; }}
  server {{ {tls} server_name www.{HOSTNAME}; {hsts_header}
    return 301 https://{HOSTNAME}$request_uri; }}
  server {{ {tls} server_name {HOSTNAME};
    location /static/ {{ alias {static}/; {hsts_header}
      add_header Cache-Control "public, max-age=31536000, immutable" always;
      add_header X-Content-Type-Options nosniff always; }}
    location / {{ {PROXY} }} }}
"""


def plant_risks(copy: Path) -> None:
    """The repository-side risks, in a copy of the example committed to a git repository of its own:
    a live-looking Stripe key (assembled here, never written to this repository) and a migration
    that builds an index without CONCURRENTLY on a table that already holds orders."""
    shutil.copytree(APP_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    key = "sk_" + "live_" + secrets.token_hex(12)
    (copy / "app" / "billing.py").write_text(
        '"""Billing settings (planted by the demo: a live key committed in code)."""\n\n'
        f'STRIPE_API_KEY = "{key}"\n',
        encoding="utf-8",
    )
    migrations = copy / "migrations"
    (migrations / f"{RISKY_MIGRATION}.up.sql").write_text(
        "CREATE INDEX orders_status_idx ON orders (status, created_at);\n", encoding="utf-8"
    )
    (migrations / f"{RISKY_MIGRATION}.down.sql").write_text(
        "DROP INDEX orders_status_idx;\n", encoding="utf-8"
    )
    git = [
        "git",
        "-C",
        str(copy),
        "-c",
        "user.name=launchgate demo",
        "-c",
        "user.email=demo@marketplace.test",
        "-c",
        "commit.gpgsign=false",
    ]
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", "planted risks"],
    ):
        subprocess.run([*git, *args], check=True, timeout=30, stdin=subprocess.DEVNULL)


@dataclass(frozen=True)
class Stack:
    env: dict[str, str]  # the variables launchgate.yml reads (DEMO_*) and the probes send
    line: str  # where it listens, for the log


@contextlib.contextmanager
def stack(work: Path, *, risks: str = "") -> Iterator[Stack]:
    """The app behind nginx (TLS) and nsd, on loopback; ``risks`` switches the planted ones on."""
    work.mkdir(parents=True)
    run_env = {
        "MARKETPLACE_PROBE_TOKEN": secrets.token_urlsafe(24),
        "SMOKE_PASSWORD": secrets.token_urlsafe(18),
        "RUN_ID": secrets.token_hex(4),
    }
    with ExitStack() as es:
        ca_pem, chain, key = certificates(work)
        static = work / "static"
        static.mkdir()
        (static / "app.3f9c2b.js").write_text("console.log('marketplace');\n")
        http, https = free_port(), free_port()
        app_env = {**run_env, **({"MARKETPLACE_RISKS": risks} if risks else {})}
        app_port = es.enter_context(app_server(work / "app", env=app_env))
        block = nginx_block(http, https, app_port, chain, key, static, hsts=not risks)
        es.enter_context(nginx(block, work / "nginx", {"http": http, "https": https}))
        dns_port = es.enter_context(nsd_server(work / "nsd", {HOSTNAME: zone(HOSTNAME)}))
        env = {
            **run_env,
            "DEMO_HTTP_PORT": str(http),
            "DEMO_HTTPS_PORT": str(https),
            "DEMO_DNS_PORT": str(dns_port),
            "DEMO_CA_BUNDLE": str(ca_pem),
        }
        yield Stack(
            env=env,
            line=f"https://{HOSTNAME} -> {LOOPBACK}:{https} (http {http}), "
            f"DNS on {LOOPBACK}:{dns_port}",
        )


def launchgate(args: list[str], env: dict[str, str]) -> int:
    cmd = [sys.executable, "-m", "launchgate", *args]
    print("$ launchgate " + " ".join(args), flush=True)
    return subprocess.call(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, timeout=600)


def base_env() -> dict[str, str]:
    pythonpath = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
        "PYTHONPATH": pythonpath,
    }


def shown(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(REPO))
    return str(path)


def caught(report: dict[str, Any]) -> dict[str, bool]:
    """Each planted risk -> whether the run reported the rule that catches it."""
    rules = {f["rule"] for f in report.get("findings", [])}
    return {what: rule in rules for what, rule in PLANTED.items()}


def summary(healthy: int, risky: int, report: dict[str, Any]) -> tuple[int, list[str]]:
    """The demo's exit code and the lines that explain it."""
    found = caught(report)
    lines = [
        f"launchgate demo: healthy run: {'passed' if healthy == 0 else 'DID NOT PASS'} "
        f"(exit {healthy})",
        f"launchgate demo: planted-risk run: {'failed' if risky == 1 else 'DID NOT FAIL'} "
        f"(exit {risky}); planted risks caught: {sum(found.values())}/{len(found)}",
    ]
    width = max(len(w) for w in PLANTED)
    lines += [
        f"  {'caught ' if ok else 'MISSED '} {what:<{width}}  {PLANTED[what]}"
        for what, ok in found.items()
    ]
    if healthy != 0:
        return healthy, lines
    if risky != 1:
        return risky if risky in (2, 3) else 1, lines
    return (0 if all(found.values()) else 1), lines


def handover(report_json: Path, out: Path, env: dict[str, str]) -> tuple[int, str]:
    """The healthy run's handover pack, when this launchgate has the command."""
    if importlib.util.find_spec("launchgate.handover") is None:
        return (
            0,
            "launchgate demo: handover pack: skipped (`launchgate handover` is not in this build)",
        )
    code = launchgate(
        [
            "handover",
            shown(APP_DIR),
            "--from",
            str(report_json),
            "--format",
            "html",
            "--output",
            str(out),
        ],
        env,
    )
    if code != 0:
        return code, f"launchgate demo: handover pack: FAILED (exit {code})"
    return 0, f"launchgate demo: handover pack of the healthy run: {shown(out)}"


def parse(argv: list[str]) -> tuple[bool, Path, list[str]]:
    keep, out, extra, args = False, REPO / "build" / "demo", [], iter(argv)
    for a in args:
        if a == "--keep-running":
            keep = True
        elif a == "--out":
            out = Path(next(args, "build/demo")).absolute()
        else:
            extra.append(a)
    return keep, out, extra


def main(argv: list[str]) -> int:
    keep, out, extra = parse(argv)
    out.mkdir(parents=True, exist_ok=True)
    env = base_env()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="launchgate-demo-") as tmp, ExitStack() as es:
        work = Path(tmp)
        print("== 1/2 the healthy example ==", flush=True)
        good = es.enter_context(stack(work / "healthy"))
        print(f"launchgate demo: marketplace on {good.line}, app in {shown(APP_DIR)}", flush=True)
        healthy_json = out / "healthy.json"
        healthy = launchgate(
            [
                "check",
                shown(APP_DIR),
                "--phase",
                "all",
                "--format",
                "text",
                "--format",
                f"json={healthy_json}",
                *extra,
            ],
            {**env, **good.env},
        )
        healthy_s = time.monotonic() - started

        print("\n== 2/2 the same example with planted launch risks ==", flush=True)
        copy = work / "planted" / "marketplace"
        plant_risks(copy)
        risky_json = out / "planted.json"
        with stack(work / "risky", risks=RISK_SWITCHES) as bad:
            print(
                f"launchgate demo: marketplace ({RISK_SWITCHES}) on {bad.line}, app in a copy with "
                "a committed key and a locking migration",
                flush=True,
            )
            risky = launchgate(
                [
                    "check",
                    str(copy),
                    "--phase",
                    "all",
                    "--format",
                    "text",
                    "--format",
                    f"json={risky_json}",
                    *extra,
                ],
                {**env, **bad.env},
            )
        risky_s = time.monotonic() - started - healthy_s
        report = json.loads(risky_json.read_text()) if risky_json.exists() else {}
        code, lines = summary(healthy, risky, report)
        pack_code, pack_line = handover(healthy_json, out / "handover.html", env)
        print("", *lines, pack_line, sep="\n", flush=True)
        print(
            f"launchgate demo: exit {code or pack_code} (healthy run {healthy_s:.0f} s, "
            "planted-risk "
            f"run {risky_s:.0f} s)",
            flush=True,
        )
        if keep:
            print(f"healthy stack still running ({good.line}); Ctrl-C to stop", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                subprocess.call(["sleep", "infinity"])
    return code or pack_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

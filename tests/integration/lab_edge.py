"""The edge lab: a local CA (built with cryptography), nginx serving a good site and broken ones,
nsd serving good and broken zones.

Everything listens on 127.0.0.1 (free ports); hosts reach it through ``targets.resolve`` and DNS
through ``targets.nameservers``. Shared by tests/integration/test_edge.py and benchmarks/edge.py.
Secrets the broken sites leak are generated here at run time (``Lab.secrets``) so tests can assert
they never reach an output.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import secrets
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from launchgate.check import Context, Scope
from launchgate.model import Finding
from launchgate.net import Net, NetSettings
from launchgate.repo import Repo
from tests.integration import lab_front, lab_webmix
from tests.support.servers import LOOPBACK, find_binary, free_port, nginx, spawned, wait_for_port

LAB_CA_ORG = "Launchgate Lab CA"
NOW = dt.datetime.now(dt.UTC)

GOOD_HOSTS = ("good.test", "www.good.test", "api.good.test")
BAD_WEB_HOSTS = ("bad.test", "www.bad.test", "plain.bad.test", "loop.bad.test", "long.bad.test",
                 "down.bad.test",
                 "away.bad.test", "spa.bad.test")
TLS_HOSTS = ("expired.tls.test", "expiring.tls.test", "wronghost.tls.test", "selfsigned.tls.test",
             "chain.tls.test")
EXTRA_NAMES = ("long2.bad.test", "long3.bad.test", "legacy.tls.test", *lab_webmix.HOSTS)


@dataclass
class Lab:
    root: Path
    ca_bundle: Path
    http_port: int
    https_port: int
    legacy_port: int
    dns_port: int
    secrets: list[str] = field(default_factory=list)
    zones: Mapping[str, str] = field(default_factory=dict)

    def targets(self, domain: str, hosts: tuple[str, ...], *, canonical: str | None = None,
                https_port: int | None = None, timeout_s: float = 3.0) -> dict[str, Any]:
        names = (
            set(hosts) | set(GOOD_HOSTS) | set(BAD_WEB_HOSTS) | set(TLS_HOSTS) | set(EXTRA_NAMES)
        )
        port = https_port or self.https_port
        resolve = [f"{h}:{p}:{LOOPBACK}" for h in sorted(names) for p in (self.http_port, port)
                   if h != "missing.bad.test"]
        return {"domain": domain, "canonical": canonical or f"https://{domain}",
                "hosts": list(hosts),
                "resolve": resolve, "nameservers": [f"{LOOPBACK}:{self.dns_port}"],
                "ca_bundle": str(self.ca_bundle),
                "ports": {"http": self.http_port, "https": port}, "timeout_s": timeout_s}

    def scenarios(self) -> dict[str, dict[str, Any]]:
        """Full configs (defaults not filled) per lab scenario, named as the benchmark prints
        them."""
        ids = {"dns": {"caa_identities": {LAB_CA_ORG: "lab.test"}}}
        good_routes = [{"path": "/static/", "kind": "static"},
                       {"path": "/account", "kind": "authenticated"},
                       {"path": "/admin", "kind": "admin"},
                       {"path": "/api/webhooks/stripe", "kind": "webhook"},
                       {"path": "/api/data", "kind": "api"}, {"path": "/api/star", "kind": "api"}]
        return {
            "good": {**ids, "targets": self.targets("good.test", GOOD_HOSTS), "routes": good_routes,
                     "email": {"domain": "good.test", "dkim_selectors": ["sel1"],
                               "senders": ["include:_spf.good.test"]}},
            "bad-web": {**ids, "targets": self.targets("bad.test", BAD_WEB_HOSTS),
                        "routes": good_routes,
                        "email": {"domain": "bad.test", "dkim_selectors": ["sel1"]}},
            "bad-tls": {**ids,
                        "targets": self.targets("tls.test", TLS_HOSTS,
                                                canonical="https://chain.tls.test"),
                        "email": {"enabled": False}, "web": {"exposure": False}},
            "legacy-tls": {**ids, "targets": self.targets("tls.test", ("legacy.tls.test",),
                                                          canonical="https://legacy.tls.test",
                                                          https_port=self.legacy_port),
                           "email": {"enabled": False},
                           "dns": {"check_www": False, "require_caa": False}},
            "bad-dns": {**ids,
                        "targets": self.targets("bad.test",
                                                ("bad.test", "old.bad.test", "missing.bad.test")),
                        "email": {"domain": "two.bad.test", "receives_mail": False}},
            "mail-lookups": {"targets": self.targets("many.bad.test", ()),
                             "dns": {"check_www": False},
                             "email": {"domain": "many.bad.test", "receives_mail": False}},
            "mail-nodmarc": {"targets": self.targets("nodmarc.test", ()),
                             "dns": {"check_www": False},
                             "email": {"domain": "nodmarc.test"}},
            "mail-misaligned": {"targets": self.targets("nospf.bad.test", ()),
                                "dns": {"check_www": False},
                                "email": {"domain": "nospf.bad.test", "receives_mail": False,
                                          "envelope_domain": "bounce.nospf.bad.test",
                                          "dkim_domain": "mailer.example",
                                          "dkim_selectors": ["gone"],
                                          "senders": ["include:_spf.mailer.example"]}},
            "mail-invalid": {"targets": self.targets("inv.bad.test", ()),
                             "dns": {"check_www": False},
                             "email": {"domain": "inv.bad.test", "receives_mail": False}},
            **lab_webmix.scenarios(self.targets),
            **lab_front.scenarios(self.targets("edge.test", ("edge.test",))),
        }

    def checks(self, scenario: str) -> tuple[str, ...]:
        """Which checks a scenario is about (the benchmark runs these; the others would only report
        noise)."""
        return {"good-mix": ("web",), "bad-mix": ("web",),
                "bad-tls": ("dns", "tls"), "legacy-tls": ("tls",), "bad-dns": ("dns", "email"),
                "mail-lookups": ("email",), "mail-nodmarc": ("email",),
                "mail-misaligned": ("email",),
                "mail-invalid": ("email",), **lab_front.CHECKS}.get(
                    scenario, ("dns", "email", "tls", "web"))

    def net(self, config: Mapping[str, Any]) -> Net:
        return Net(NetSettings.from_targets(config["targets"], self.root))

    def context(self, config: Mapping[str, Any], *, now: dt.datetime | None = None) -> Context:
        full = with_defaults(config)
        return Context(config=full, repo=Repo(self.root), net=self.net(full), env={}, scope=Scope(),
                       clock=(lambda: now) if now else (lambda: dt.datetime.now(dt.UTC)))


def with_defaults(config: Mapping[str, Any]) -> dict[str, Any]:
    """Fill the schema defaults of the edge sections (what config.py does for the real CLI)."""
    from launchgate.checks.dns import SCHEMA as DNS
    from launchgate.checks.email import SCHEMA as EMAIL
    from launchgate.checks.tls import SCHEMA as TLS
    from launchgate.checks.web.schema import SCHEMA as WEB
    from launchgate.config import TARGETS_SCHEMA

    out = dict(config)
    if "targets" in config:  # the targets defaults too (targets.subdomains: www, app, api, ...)
        defaults = {k: v["default"] for k, v in TARGETS_SCHEMA["properties"].items()
                    if "default" in v}
        out["targets"] = {**defaults, **config["targets"]}
    for name, schema in {**DNS, **EMAIL, **TLS, **WEB}.items():
        if schema.get("type") == "object":
            sec = {k: v["default"] for k, v in schema["properties"].items() if "default" in v}
            out[name] = {**sec, **(config.get(name) or {})}
        else:
            out.setdefault(name, schema.get("default", []))
    return out


async def run_check(check: Any, lab: Lab, config: Mapping[str, Any]) -> list[Finding]:
    return list(await check.run(lab.context(config)))


# -- certificates
# ----------------------------------------------------------------------------------------
def _write_pair(d: Path, name: str, key_pem: bytes, chain_pems: list[bytes]) -> tuple[Path, Path]:
    key, crt = d / f"{name}.key", d / f"{name}.crt"
    key.write_bytes(key_pem)
    crt.write_bytes(b"".join(chain_pems))
    return crt, key


class LabCA:
    """A root (and intermediates) issuing RFC 5280-clean certificates with ``cryptography``.

    trustme marks subjectAltName critical next to a non-empty subject, which strict verifiers
    (sslyze's, via cryptography) reject; browsers and OpenSSL accept it. The lab wants peers to
    judge the same certificates on their merits, so it builds them itself.
    """

    def __init__(self, name: str, parent: LabCA | None = None) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, LAB_CA_ORG),
                               x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.parent = parent
        issuer = parent or self
        builder = (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(issuer.name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=365))
            .not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    key_cert_sign=True,
                    crl_sign=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False
            )
        )
        if parent is not None:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(parent.key.public_key()),
                critical=False)
        self.cert = builder.sign(issuer.key, hashes.SHA256())

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def chain(self) -> list[bytes]:
        """This CA's certificate and its parents', excluding the root (what a server sends)."""
        out: list[bytes] = []
        ca: LabCA | None = self
        while ca is not None and ca.parent is not None:
            out.append(ca.pem())
            ca = ca.parent
        return out

    def issue(self, *hosts: str, not_before: dt.datetime | None = None,
              not_after: dt.datetime | None = None
              ) -> tuple[bytes, bytes]:
        """(key PEM, leaf certificate PEM) for ``hosts``."""
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or NOW - dt.timedelta(days=1))
            .not_valid_after(not_after or NOW + dt.timedelta(days=90))
            .add_extension(
                x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
            .sign(self.key, hashes.SHA256())
        )
        return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()),
                                  cert.public_bytes(serialization.Encoding.PEM))


def make_certs(d: Path) -> tuple[Path, dict[str, tuple[Path, Path]]]:
    """The CA bundle and (cert, key) per lab certificate name."""
    d.mkdir(parents=True, exist_ok=True)
    root = LabCA("Launchgate Lab Root")
    inter = LabCA("Launchgate Lab Issuing CA 1", parent=root)
    bundle = d / "ca.pem"
    bundle.write_bytes(root.pem())
    out: dict[str, tuple[Path, Path]] = {}

    def leaf(name: str, issuer: LabCA, *hosts: str, full: bool = True, **kw: Any) -> None:
        key, crt = issuer.issue(*hosts, **kw)
        out[name] = _write_pair(d, name, key, [crt, *issuer.chain()] if full else [crt])

    leaf("good", inter, "good.test", "*.good.test", "bad.test", "*.bad.test", "*.tls.test",
         "*.edge.test")
    leaf("expired", root, "expired.tls.test", not_before=NOW - dt.timedelta(days=120),
         not_after=NOW - dt.timedelta(days=3))
    leaf("expiring", root, "expiring.tls.test", not_after=NOW + dt.timedelta(days=5, hours=12))
    leaf("wronghost", root, "other.example.test")
    leaf("chain", inter, "chain.tls.test", full=False)
    leaf("edgenarrow", inter, *lab_front.NARROW_NAMES)
    # like openssl req -x509
    out["selfsigned"] = _write_pair(d, "selfsigned", *_self_signed("selfsigned.tls.test"))
    return bundle, out


def _self_signed(host: str) -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()),
                              [cert.public_bytes(serialization.Encoding.PEM)])


# -- nginx
# -----------------------------------------------------------------------------------------------
GOOD_HEADERS = """
add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'nonce-lab'; frame-ancestors 'none'" always;
add_header X-Content-Type-Options nosniff always;
add_header Referrer-Policy strict-origin-when-cross-origin always;
"""


def _site_files(root: Path, lab_secrets: list[str]) -> None:
    good, bad, spa = root / "good", root / "bad", root / "spa"
    for d in (good / "static", bad / "static", bad / ".git", spa):
        d.mkdir(parents=True, exist_ok=True)
    (good / "index.html").write_text('<!doctype html><html><head><title>Good</title><link '
                                     'rel="stylesheet" '
                                     'href="/static/site.css"></head><body><script '
                                     'src="/static/app.3f9a1c2e.js"></script></body></html>')
    (good / "static" / "site.css").write_text("body{}")
    (good / "static" / "app.3f9a1c2e.js").write_text("console.log(1)")
    (good / "404.html").write_text("<!doctype html><title>Not found</title><p>Sorry, nothing "
                                   "here.</p>")
    (spa / "index.html").write_text('<!doctype '
                                    'html><html><head><title>Spa</title></head><body><div '
                                    'id="root"></div><script '
                                    'src="/main.js"></script></body></html>')
    db_pw, api_key = secrets.token_urlsafe(18), "sk_" + "live_" + secrets.token_hex(16)
    lab_secrets += [db_pw, api_key]
    (bad / "index.html").write_text('<!doctype html><html><head><title>Bad</title>'
                                    '<link rel="stylesheet" href="/static/site.css"></head><body>'
                                    '<script src="/static/app.js"></script></body></html>')
    (bad / ".env").write_text(
        f"DATABASE_URL=postgres://app:{db_pw}@db/app\nSTRIPE_SECRET_KEY={api_key}\n"
    )
    (bad / ".git" / "config").write_text("[core]\n\trepositoryformatversion = 0\n[remote "
                                         "\"origin\"]\n\turl = "
                                         "git@git.example.test:acme/shop.git\n")
    (bad / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (bad / "backup.sql").write_text("-- PostgreSQL database dump\nCREATE TABLE users (id int);\n")
    (bad / "config.json").write_text(json.dumps({"stripe": {"secret_key": api_key}, "debug": True}))
    (bad / "static" / "site.css").write_text("body{}")
    (bad / "static" / "app.js").write_text("console.log(1)\n//# sourceMappingURL=app.js.map\n")
    (bad / "static" / "app.js.map").write_text(json.dumps({"version": 3, "sources": ["src/app.ts"],
                                                           "mappings": "AAAA"}))
    (bad / "admin.html").write_text("<!doctype html><title>Admin</title><h1>Admin "
                                    "dashboard</h1><table>users</table>")
    lab_webmix.site_files(root)
    (bad / "trace.html").write_text("<pre>Traceback (most recent call last):\n  File "
                                    "\"/usr/src/app/app.py\", line 12, in view\nKeyError: "
                                    "'x'</pre>")


def nginx_block(root: Path, certs: Mapping[str, tuple[Path, Path]], http: int, https: int,
                legacy: int) -> str:
    def ssl(name: str) -> str:
        crt, key = certs[name]
        return f"ssl_certificate {crt}; ssl_certificate_key {key};"

    good_root, bad_root, spa_root = root / "good", root / "bad", root / "spa"
    hdr = root / "good_headers.conf"
    hdr.write_text(GOOD_HEADERS)
    L, S = f"listen {LOOPBACK}:{http};", (f"listen {LOOPBACK}:{https} ssl; ssl_protocols TLSv1.2 "
                                          "TLSv1.3;")
    tls_sites = "\n".join(f"server {{ {S} server_name {n}.tls.test; {ssl(n)} return 200 'ok'; }}"
                          for n in ("expired", "expiring", "wronghost", "selfsigned", "chain"))
    return f"""
server_tokens off;
port_in_redirect off;
server {{ {L} server_name _ default_server; return 444; }}
server {{ {S} server_name _ default_server; {ssl("good")} return 444; }}
# ---- good site
server {{ {L} server_name good.test www.good.test; return 301 https://good.test$request_uri; }}
server {{ {L} server_name api.good.test; return 301 https://api.good.test$request_uri; }}
server {{ {S} server_name www.good.test; {ssl("good")} include {hdr}; return 301 https://good.test$request_uri; }}
server {{ {S} server_name api.good.test; {ssl("good")} include {hdr};
  location / {{ default_type application/json; return 200 '{{"ok": true}}'; }} }}
server {{ {S} server_name good.test; {ssl("good")} root {good_root}; error_page 404 /404.html;
  location / {{ include {hdr}; add_header Set-Cookie "session=lab; Path=/; Secure; HttpOnly; SameSite=Lax"; }}
  location /static/ {{ include {hdr}; add_header Cache-Control "public, max-age=31536000, immutable"; }}
  location = /account {{ include {hdr}; add_header Cache-Control "private, no-store" always; return 302 /login; }}
  location = /admin {{ include {hdr}; return 401; }}
  location = /api/webhooks/stripe {{ include {hdr}; add_header Cache-Control no-store always; return 405; }}
  location = /api/data {{ include {hdr}; add_header Access-Control-Allow-Origin https://good.test always;
    add_header Vary Origin always; default_type application/json; return 200 '{{"items": []}}'; }} }}
# ---- broken sites
server {{ {L} server_name bad.test; server_tokens on; return 302 https://bad.test/; }}
server {{ {S} server_name bad.test; {ssl("good")} server_tokens on; root {bad_root}; error_page 404 =404 /trace.html;
  add_header X-Powered-By "PHP/7.4.3";
  location / {{ add_header X-Powered-By "PHP/7.4.3"; add_header Strict-Transport-Security "max-age=3600";
    add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'unsafe-inline'";
    add_header Set-Cookie "session=lab; Path=/"; }}
  location = /trace.html {{ internal; }}
  location ~ ^/\\.(env|git) {{ default_type text/plain; }}
  location = /admin {{ default_type text/html; alias {bad_root}/admin.html; }}
  location = /account {{ add_header Cache-Control "public, max-age=3600"; default_type text/html;
    return 200 '<h1>Your account</h1>'; }}
  location = /api/webhooks/stripe {{ add_header Cache-Control "public, max-age=600"; return 200 'ok'; }}
  location = /api/data {{ add_header Access-Control-Allow-Origin $http_origin always;
    add_header Access-Control-Allow-Credentials true always; default_type application/json; return 200 '{{}}'; }}
  location = /api/star {{ add_header Access-Control-Allow-Origin * always;
    add_header Access-Control-Allow-Credentials true always; default_type application/json; return 200 '{{}}'; }} }}
server {{ {L} server_name www.bad.test; return 301 https://www.bad.test$request_uri; }}
server {{ {S} server_name www.bad.test; {ssl("good")} add_header Strict-Transport-Security "max-age=31536000";
  default_type text/html; return 200 '<!doctype html><title>www</title>'; }}
server {{ {L} server_name plain.bad.test down.bad.test; default_type text/html; return 200 '<p>plain</p>'; }}
server {{ {S} server_name plain.bad.test; {ssl("good")} include {hdr}; default_type text/html; return 200 'p'; }}
server {{ {S} server_name down.bad.test; {ssl("good")} include {hdr}; return 301 http://down.bad.test$request_uri; }}
server {{ {L} server_name loop.bad.test long.bad.test away.bad.test spa.bad.test;
  return 301 https://$host$request_uri; }}
server {{ {S} server_name loop.bad.test; {ssl("good")} include {hdr};
  location = /a {{ return 301 /b; }} location = /b {{ return 301 /a; }} location / {{ return 301 /a; }} }}
server {{ {S} server_name long.bad.test; {ssl("good")} include {hdr}; return 301 https://long2.bad.test$request_uri; }}
server {{ {S} server_name long2.bad.test; {ssl("good")} include {hdr}; return 301 https://long3.bad.test$request_uri; }}
server {{ {S} server_name long3.bad.test; {ssl("good")} include {hdr}; default_type text/html;
  add_header Set-Cookie "session=lab; Path=/; Secure; HttpOnly; SameSite=Lax"; return 200 'end'; }}
server {{ {S} server_name away.bad.test; {ssl("good")} include {hdr}; return 301 https://elsewhere.example/; }}
server {{ {S} server_name spa.bad.test; {ssl("good")} root {spa_root}; include {hdr};
  location / {{ include {hdr}; try_files $uri /index.html; }} }}
# ---- route-level twins (lab_webmix.py)
{lab_webmix.nginx_servers(root, ssl("good"), L, S, hdr)}
# ---- certificates
{tls_sites}
server {{ listen {LOOPBACK}:{legacy} ssl; server_name legacy.tls.test; {ssl("good")}
  ssl_protocols TLSv1 TLSv1.1 TLSv1.2; ssl_ciphers "DEFAULT:@SECLEVEL=0"; return 200 'legacy'; }}
{lab_front.block(ssl("edgenarrow"), hdr, good_root, http, https)}
"""


# -- nsd
# -------------------------------------------------------------------------------------------------
def _dkim(bits_key: rsa.RSAPublicKey) -> str:
    der = bits_key.public_bytes(serialization.Encoding.DER,
                                serialization.PublicFormat.SubjectPublicKeyInfo)
    p = base64.b64encode(der).decode()
    return '"v=DKIM1; k=rsa; p=" ' + " ".join(f'"{p[i:i + 200]}"' for i in range(0, len(p), 200))


def weak_rsa_key(bits: int = 768) -> rsa.RSAPublicKey:
    """A public key of ``bits`` (cryptography refuses to generate under 1024; DKIM only needs n and
    e)."""
    n = secrets.randbits(bits) | (1 << (bits - 1)) | 1
    return rsa.RSAPublicNumbers(65537, n).public_key()


def zones() -> dict[str, str]:
    strong = _dkim(rsa.generate_private_key(65537, 2048).public_key())
    weak = _dkim(weak_rsa_key())
    head = "$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n"
    lookups = "\n".join(f'inc{i}.many TXT "v=spf1 a mx -all"' for i in range(1, 7))
    many = " ".join(f"include:inc{i}.many.bad.test" for i in range(1, 7))
    return {
        "good.test": head
        + f"""@ A 127.0.0.1
www CNAME good.test.
api A 127.0.0.1
@ MX 10 mail
mail A 127.0.0.1
@ TXT "v=spf1 mx include:_spf.good.test -all"
_spf TXT "v=spf1 ip4:127.0.0.0/8 -all"
@ CAA 0 issue "lab.test"
sel1._domainkey TXT ( {strong} )
_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@good.test"
""",
        "bad.test": head
        + "\n".join(
            f"{h.removesuffix('.bad.test').removesuffix('bad.test') or '@'} A 127.0.0.1"
            for h in (*BAD_WEB_HOSTS, "long2.bad.test", "long3.bad.test")
        )
        + f"""
old CNAME gone.bad.test.
@ TXT "v=spf1 +all"
@ CAA 0 issue "letsencrypt.org"
sel1._domainkey TXT ( {weak} )
_dmarc TXT "v=DMARC1; p=none; pct=50"
two TXT "v=spf1 ip4:192.0.2.1 -all"
two TXT "v=spf1 ip4:192.0.2.2 -all"
many TXT "v=spf1 {many} -all"
{lookups}
_dmarc.many TXT "v=DMARC1; p=reject; rua=mailto:d@bad.test"
_dmarc.nospf TXT "v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:d@bad.test"
inv TXT "v=spf1 ip4:300.1.1.1 foo -all"
_dmarc.inv TXT "v=DMARC1; p=maybe"
""",
        "tls.test": head
        + "\n".join(
            f"{h.removesuffix('.tls.test')} A 127.0.0.1" for h in (*TLS_HOSTS, "legacy.tls.test")
        )
        + '\n@ A 127.0.0.1\n@ CAA 0 issue "lab.test"\n',
        "nodmarc.test": head + '@ A 127.0.0.1\n@ MX 10 ns\n@ TXT "v=spf1 mx -all"\n',
        "servfail.test": "",  # declared, zonefile missing: nsd answers SERVFAIL
        "edge.test": head + lab_front.zone(),
    }


@contextlib.contextmanager
def nsd_server(d: Path, zone_texts: Mapping[str, str], *, address: str = LOOPBACK,
               port: int | None = None
               ) -> Iterator[int]:
    """Run nsd in the foreground on ``address``:``port`` (a free port by default) serving
    ``zone_texts``."""
    binary = find_binary("nsd")
    if binary is None:
        raise RuntimeError("nsd is not installed (apt-get install nsd)")
    d.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    conf = [f"""server:
  ip-address: {address}@{port}
  port: {port}
  username: ""
  chroot: ""
  zonesdir: "{d}"
  pidfile: "{d}/nsd.pid"
  database: ""
  xfrdfile: "{d}/xfrd.state"
  xfrdir: "{d}"
  zonelistfile: "{d}/zone.list"
  logfile: "{d}/nsd.log"
  server-count: 1
  do-ip6: no
  verbosity: 1
remote-control:
  control-enable: no
"""]
    for name, text in zone_texts.items():
        if text:
            (d / f"{name}.zone").write_text(f"$ORIGIN {name}.\n{text}")
        conf.append(f'zone:\n  name: "{name}"\n  zonefile: "{name}.zone"\n')
    cfg = d / "nsd.conf"
    cfg.write_text("".join(conf))
    checkconf = find_binary("nsd-checkconf")
    if checkconf:
        subprocess.run([checkconf, str(cfg)], check=True, capture_output=True, timeout=10)
    with spawned([binary, "-d", "-c", str(cfg)], log=d / "stdout.log") as proc:
        _wait_udp(port, proc, address)
        yield port


def _wait_udp(port: int, proc: subprocess.Popen[bytes], address: str = LOOPBACK,
              timeout: float = 10.0) -> None:
    import dns.message
    import dns.query

    deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=timeout)
    while dt.datetime.now(dt.UTC) < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nsd exited with {proc.returncode}")
        with contextlib.suppress(Exception):
            dns.query.udp(dns.message.make_query("good.test", "SOA"), address, port=port,
                          timeout=0.3)
            return
    raise TimeoutError(f"nsd did not answer on {address}:{port}")


@contextlib.contextmanager
def edge_lab(root: Path) -> Iterator[Lab]:
    """Start nginx and nsd with every lab site and zone; yields the Lab; stops them on exit."""
    root.mkdir(parents=True, exist_ok=True)
    bundle, certs = make_certs(root / "certs")
    lab_secrets: list[str] = []
    _site_files(root / "www", lab_secrets)
    http, https, legacy = free_port(), free_port(), free_port()
    block = nginx_block(root / "www", certs, http, https, legacy)
    zone_texts = zones()
    with nsd_server(root / "nsd", zone_texts) as dns_port, \
            nginx(block, root / "nginx", {"http": http, "https": https, "legacy": legacy}):
        wait_for_port(https)
        yield Lab(root=root, ca_bundle=bundle, http_port=http, https_port=https, legacy_port=legacy,
                  dns_port=dns_port, secrets=lab_secrets, zones=zone_texts)

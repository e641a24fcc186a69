"""The edge lab's ``edge.test`` sites (issue 14 part B): what stands in front of a site.

- an "edge" nginx on 127.0.0.1 that answers every edge.test name with Cloudflare-like headers
  (``CF-RAY``) and proxies edge.test to a locked origin on 127.0.0.3 (it sends the origin the secret
  header the edge adds); a second, open origin on 127.0.0.2 answers edge.test to anyone;
- subdomains: app (a CNAME to app-old), api (a CNAME to api-prod), admin (served with a certificate
  that does not name it), auth (no HTTPS redirect, no HSTS), mail (an address nothing listens on);
- the edge.test zone for nsd.

Everything listens on loopback addresses (127.0.0.1-3). ``lab_edge`` adds the block, the zone, the
certificate and the scenarios (``edge-bad``, ``edge-good``).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from tests.support.servers import LOOPBACK

OPEN_ORIGIN, LOCKED_ORIGIN = "127.0.0.2", "127.0.0.3"
# the certificate every edge.test server sends: admin.edge.test is not on it
NARROW_NAMES = ("edge.test", "www.edge.test", "app.edge.test", "api.edge.test", "auth.edge.test")
EDGE_SECRET = secrets.token_hex(8)  # what the edge proves itself to the locked origin with
CHECKS = {"edge-bad": ("dns", "tls", "web"), "edge-good": ("dns", "tls", "web")}


def zone() -> str:
    return """@ A 127.0.0.1
www A 127.0.0.1
app CNAME app-old.edge.test.
app-old A 127.0.0.1
api CNAME api-prod.edge.test.
api-prod A 127.0.0.1
admin A 127.0.0.1
auth A 127.0.0.1
mail A 127.0.0.5
@ CAA 0 issue "lab.test"
"""


def block(ssl: str, hdr: Path, site_root: Path, http: int, https: int) -> str:
    """nginx servers of the edge and its two origins; ``ssl`` names the narrow certificate."""
    L, S = f"listen {LOOPBACK}:{http};", f"listen {LOOPBACK}:{https} ssl;"
    edge = f'include {hdr}; add_header CF-RAY "8c0ffee0dec0de00-LHR" always;'
    names = "edge.test www.edge.test app.edge.test api.edge.test admin.edge.test"
    origin = f"""root {site_root}; error_page 404 /404.html; include {hdr};
  location / {{ try_files $uri $uri/ =404; }}"""
    return f"""
# ---- edge.test: the edge (127.0.0.1) and its origins (127.0.0.2 open, 127.0.0.3 locked)
server {{ {L} server_name {names}; {edge} return 301 https://$host$request_uri; }}
server {{ {S} server_name edge.test; {ssl} {edge}
  location / {{ proxy_pass http://{LOCKED_ORIGIN}:{http}; proxy_set_header Host $host;
    proxy_set_header X-Lab-Edge "{EDGE_SECRET}"; }} }}
server {{ {S} server_name www.edge.test; {ssl} {edge} return 301 https://edge.test$request_uri; }}
server {{ {S} server_name app.edge.test admin.edge.test; {ssl} {edge} default_type text/html;
  return 200 '<!doctype html><title>app</title>'; }}
server {{ {S} server_name api.edge.test; {ssl} {edge} default_type application/json;
  return 200 '{{"ok": true}}'; }}
server {{ {L} server_name auth.edge.test; default_type text/html; return 200 '<p>sign in</p>'; }}
server {{ {S} server_name auth.edge.test; {ssl} add_header CF-RAY "8c0ffee0dec0de01-LHR" always;
  default_type text/html; return 200 '<p>sign in</p>'; }}
server {{ listen {OPEN_ORIGIN}:{http}; listen {OPEN_ORIGIN}:{https} ssl; server_name edge.test;
  {ssl} {origin} }}
server {{ listen {LOCKED_ORIGIN}:{http}; listen {LOCKED_ORIGIN}:{https} ssl; server_name edge.test;
  {ssl} if ($http_x_lab_edge != "{EDGE_SECRET}") {{ return 403; }} {origin} }}
"""


def scenarios(targets: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``targets``: the lab's targets for edge.test (hosts, resolve, nameservers, CA, ports)."""
    ids = {"dns": {"caa_identities": {"Launchgate Lab CA": "lab.test"}},
           "email": {"enabled": False}}
    bad = {**targets, "origin": OPEN_ORIGIN,
           "expect": {"app": {"cname": "app-prod.edge.test"}, "www": {"a": ["127.0.0.9"]}}}
    good = {**targets, "origin": LOCKED_ORIGIN, "subdomains": ["www", "app", "api", "mail"],
            "expect": {"api": {"cname": "api-prod.edge.test"}, "www": {"a": ["127.0.0.1"]},
                       "@": {"a": ["127.0.0.1"]}}}
    return {"edge-bad": {**ids, "targets": bad}, "edge-good": {**ids, "targets": good}}

"""Serve the example marketplace on loopback behind nginx until interrupted (used by ``make demo``).

    python examples/marketplace/serve.py --port 8080 [--tls [--tls-port 8443]] [--faults] [--workdir
    DIR]

Prints ``READY http://127.0.0.1:PORT`` on stdout once nginx and the app answer (with --tls also
``TLS https://127.0.0.1:PORT CA /path/ca.pem``: nginx over TLS with a certificate for
marketplace.test from a throwaway CA, trustme needed), then runs until SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import threading
from pathlib import Path

# the repo root: the launcher lives in tests/support
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support.marketplace import marketplace


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1")
    ap.add_argument("--faults", action="store_true", help="enable the /faults/* routes")
    ap.add_argument("--tls", action="store_true", help="also serve HTTPS (certificate for "
                    "marketplace.test)")
    ap.add_argument("--tls-port", type=int, default=None, help="HTTPS port on 127.0.0.1 (default: "
                    "a free one)")
    ap.add_argument("--workdir", type=Path, default=None, help="where nginx keeps its files "
                    "(default: a temp dir)")
    args = ap.parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    with (tempfile.TemporaryDirectory(prefix="marketplace-") as tmp,
          marketplace(args.workdir or Path(tmp), port=args.port, faults=args.faults, tls=args.tls,
                      tls_port=args.tls_port) as m):
        if m.tls_port:
            print(f"TLS https://127.0.0.1:{m.tls_port} CA {m.ca_pem}", flush=True)
        print(f"READY {m.url}", flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

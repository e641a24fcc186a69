"""Serve the example marketplace on loopback behind nginx until interrupted (used by ``make demo``).

    python examples/marketplace/serve.py --port 8080 [--faults] [--workdir DIR]

Prints ``READY http://127.0.0.1:PORT`` on stdout once nginx and the app answer, then runs until SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo root: the launcher lives in tests/support

from tests.support.marketplace import marketplace


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1")
    ap.add_argument("--faults", action="store_true", help="enable the /faults/* routes")
    ap.add_argument("--workdir", type=Path, default=None, help="where nginx keeps its files (default: a temp dir)")
    args = ap.parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    with (tempfile.TemporaryDirectory(prefix="marketplace-") as tmp,
          marketplace(args.workdir or Path(tmp), port=args.port, faults=args.faults) as m):
        print(f"READY {m.url}", flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

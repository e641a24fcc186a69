"""Recall, precision and F1 per family on the labelled secrets corpus: launchgate vs plain
`detect-secrets scan`.

Run: PYTHONPATH=. python benchmarks/secrets_corpus.py [--seed N] [--repeat K]
Both tools see the same generated files. launchgate counts as detecting a case when it reports a
finding at medium or above (low = test fixture, docs, test-mode key); detect-secrets when it lists
the file at all.
"""

from __future__ import annotations

import argparse
import time

from tests.fixtures.secrets_corpus import cases
from tests.fixtures.secrets_corpus.score import (
    detect_secrets_predictions,
    launchgate_predict,
    score,
    table,
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--repeat", type=int, default=6)
    args = ap.parse_args()
    corpus = cases(args.seed, args.repeat)
    fams = {c.family for c in corpus}
    print(f"corpus: {len(corpus)} cases ({sum(c.label for c in corpus)} secrets, "
          f"{sum(not c.label for c in corpus)} benign look-alikes) over {len(fams)} families, "
          f"seed {args.seed}")
    t0 = time.perf_counter()
    lg = [launchgate_predict(c) for c in corpus]
    t1 = time.perf_counter()
    ds = detect_secrets_predictions(corpus)
    t2 = time.perf_counter()
    results = {"launchgate": score(corpus, lg), "detect-secrets": score(corpus, ds)}
    print(table(results))
    for name, res in results.items():
        a = res["ALL"]
        print(f"{name:15} recall {a.recall:.3f}  precision {a.precision:.3f}  F1 {a.f1:.3f}  "
              f"(tp {a.tp}, fp {a.fp}, fn {a.fn}, tn {a.tn})")
    print(f"time: launchgate {t1 - t0:.2f} s (in-process), detect-secrets {t2 - t1:.2f} s (CLI)")


if __name__ == "__main__":
    main()

"""Exact percentiles over recorded samples and their distribution-free confidence intervals.

The percentile is the nearest-rank order statistic ``X(ceil(p*n))``. Its confidence interval comes
from the binomial distribution of how many samples fall below the true quantile (no assumption about
the latency distribution): ``[X(l), X(u)]`` with ``P(l <= B < u) >= confidence`` for ``B ~
Binomial(n, p)``. With too few samples a bound does not exist (``None``): at 95% confidence a p95
needs at least 72 samples for an upper bound.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["pass", "fail", "inconclusive"]


def percentile(sorted_samples: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted samples (``p`` in (0, 1]); the max for p = 1."""
    if not sorted_samples:
        raise ValueError("no samples")
    n = len(sorted_samples)
    k = min(n, max(1, math.ceil(p * n - 1e-9)))
    return float(sorted_samples[k - 1])


def binomial_cdf(n: int, p: float) -> list[float]:
    """``[P(B <= k) for k in 0..n]`` for ``B ~ Binomial(n, p)``, computed in log space (stable for
    large n)."""
    if p <= 0.0 or p >= 1.0:
        return [1.0 if (p <= 0.0 or k == n) else 0.0 for k in range(n + 1)]
    lp, lq, lgn = math.log(p), math.log1p(-p), math.lgamma(n + 1)
    out, acc = [], 0.0
    for k in range(n + 1):
        acc += math.exp(lgn - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * lp + (n - k) * lq)
        out.append(min(acc, 1.0))
    return out


def rank_interval(n: int, p: float, confidence: float = 0.95) -> tuple[int | None, int | None]:
    """1-based order-statistic ranks ``(l, u)`` bounding the p-quantile; None where no rank is wide
    enough."""
    alpha = 1.0 - confidence
    cdf = binomial_cdf(n, p)
    lower: int | None = None
    for rank in range(1, n + 1):  # largest l with P(B <= l-1) <= alpha/2
        if cdf[rank - 1] <= alpha / 2:
            lower = rank
        else:
            break
    upper: int | None = None
    for rank in range(1, n + 1):  # smallest u with P(B <= u-1) >= 1 - alpha/2
        if cdf[rank - 1] >= 1 - alpha / 2:
            upper = rank
            break
    return lower, upper


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """A percentile with its confidence interval (bounds None when the sample is too small to have
    one)."""

    p: float
    value: float
    low: float | None
    high: float | None
    n: int
    confidence: float

    def verdict(self, limit: float) -> Verdict:
        """pass: the whole interval is at or under ``limit``; fail: entirely over it; else
        inconclusive."""
        if self.high is not None and self.high <= limit:
            return "pass"
        if self.low is not None and self.low > limit:
            return "fail"
        return "inconclusive"


def estimate(sorted_samples: Sequence[float], p: float, confidence: float = 0.95) -> Estimate:
    n = len(sorted_samples)
    lo, hi = rank_interval(n, p, confidence)
    return Estimate(p=p, value=percentile(sorted_samples, p), n=n, confidence=confidence,
                    low=None if lo is None else float(sorted_samples[lo - 1]),
                    high=None if hi is None else float(sorted_samples[hi - 1]))


def min_samples_for_upper_bound(p: float, confidence: float = 0.95) -> int:
    """Fewest samples for which the p-quantile has an upper confidence bound: ``1 - p**n >= 1 -
    alpha/2``."""
    alpha = 1.0 - confidence
    return math.ceil(math.log(alpha / 2) / math.log(p))

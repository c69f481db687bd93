"""The Gale-Church (1993) baseline, as the benchmark tables run it: sentence lengths only.

Costs follow the paper: bead priors 1-1 0.89, 1-0/0-1 0.0099 (split evenly), 2-1/1-2 0.089
(split evenly), 2-2 0.011; the length cost is -log(2 (1 - Phi(|delta|))) with
delta = (l2 - c l1) / sqrt(s2 l1), s2 = 6.8. Lengths are non-space characters and ``c``
is the document pair's own target/source character ratio (as in ko_en/README.md).
An exact, plain-Python dynamic program: fine for benchmark documents.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kobridge.model import Bead

__all__ = ["gale_church"]

_PRIORS = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
_VARIANCE = 6.8


def _length_cost(l1: float, l2: float, ratio: float) -> float:
    if l1 == 0 and l2 == 0:
        return 0.0
    mean = (l1 + l2 / ratio) / 2
    delta = (l2 - l1 * ratio) / math.sqrt(_VARIANCE * ratio * mean)
    tail = math.erfc(abs(delta) / math.sqrt(2))
    return -math.log(max(tail, 1e-300))


def gale_church(src: Sequence[str], tgt: Sequence[str]) -> tuple[Bead, ...]:
    """Align two sentence lists with Gale-Church's length-based dynamic program."""
    src_len = [sum(not c.isspace() for c in s) for s in src]
    tgt_len = [sum(not c.isspace() for c in t) for t in tgt]
    total_src, total_tgt = sum(src_len), sum(tgt_len)
    ratio = total_tgt / total_src if total_src and total_tgt else 1.0
    n, m = len(src), len(tgt)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, (0, 0)
            for (a, b), prior in _PRIORS.items():
                if i < a or j < b or cost[i - a][j - b] == inf:
                    continue
                l1 = sum(src_len[i - a : i])
                l2 = sum(tgt_len[j - b : j])
                c = cost[i - a][j - b] - math.log(prior) + _length_cost(l1, l2, ratio)
                if c < best:
                    best, arg = c, (a, b)
            cost[i][j] = best
            back[i][j] = arg
    beads = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return tuple(reversed(beads))

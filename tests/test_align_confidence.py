"""Bead confidence: forward-backward posteriors and the confidence built from them."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from kobridge.align import align
from kobridge.align.dp import INVALID, Band, bead_types, posteriors, search

SHAPES = bead_types(2)


def _band_costs(
    dense: dict[tuple[int, int], np.ndarray], band: Band, n: int, m: int
) -> dict[tuple[int, int], np.ndarray]:
    cols = band.columns()
    rows = np.arange(n + 1)[:, None]
    out = {}
    for (a, b), grid in dense.items():
        ok = (rows >= a) & (cols >= b) & (cols <= m)
        out[(a, b)] = np.where(ok, grid[rows, np.clip(cols, 0, m)], INVALID)
    return out


def _paths(i: int, j: int, n: int, m: int, band: Band) -> list[list[tuple[int, int]]]:
    if not band.lo[i] <= j < band.lo[i] + band.width:
        return []
    if (i, j) == (n, m):
        return [[]]
    found = []
    for a, b in SHAPES:
        if i + a <= n and j + b <= m:
            found += [[(a, b), *rest] for rest in _paths(i + a, j + b, n, m, band)]
    return found


@pytest.mark.parametrize(
    "band", [Band(np.zeros(4, dtype=np.int64), 4), Band(np.array([0, 0, 1, 1], dtype=np.int64), 3)]
)
@pytest.mark.parametrize("temperature", [0.5, 2.0])
def test_posteriors_equal_brute_force_marginals(band: Band, temperature: float) -> None:
    n = m = 3
    rng = np.random.default_rng(7)
    dense = {shape: rng.uniform(0.0, 4.0, (n + 1, m + 1)) for shape in SHAPES}
    costs = _band_costs(dense, band, n, m)
    path = search(costs, band, n, m)
    assert path is not None

    def beads(p: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
        ends = list(itertools.accumulate(p, lambda s, t: (s[0] + t[0], s[1] + t[1]), initial=(0, 0)))
        return [(*start, *end) for start, end in itertools.pairwise(ends)]

    def weight(p: list[tuple[int, int]]) -> float:
        return math.exp(-sum(dense[(i2 - i, j2 - j)][i2, j2] for i, j, i2, j2 in beads(p)) / temperature)

    every = _paths(0, 0, n, m, band)
    total = sum(weight(p) for p in every)
    expected = [sum(weight(p) for p in every if bead in beads(p)) / total for bead in beads(path)]
    assert posteriors(costs, band, n, m, path, temperature) == pytest.approx(expected, rel=1e-9)


def test_a_clear_alignment_is_confident() -> None:
    src = ["The cat sat on the mat.", "It was 42 degrees in 2023.", "Prices rose by 7 percent."]
    tgt = ["The cat sat on the mat.", "It was 42 degrees in 2023.", "Prices rose by 7 percent."]
    beads = align(src, tgt, src_lang="en", tgt_lang="en")
    assert [b.src for b in beads] == [(0,), (1,), (2,)]
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert min(b.score for b in beads) > 0.9

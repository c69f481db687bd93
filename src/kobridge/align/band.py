"""Where to search: the whole grid for short documents, a band found coarse-to-fine for long ones.

For a long pair, both documents are coarsened by merging every ``coarse_factor``
consecutive sentences into one (lengths and keyword bags add up), the coarse pair is
aligned (recursively, so each level is small), and every coarse bead's rectangle is
projected back onto the fine grid. Each fine row then searches the columns its coarse
bead spans plus a margin. Vecalign (Thompson & Koehn 2019) narrows its search the same
way; here the band also keeps memory linear, because only the band's cells are stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from kobridge.align.dp import Band, full_band
from kobridge.align.length import LengthModel
from kobridge.align.problem import ChannelSpec, Problem
from kobridge.model import AlignParams

__all__ = ["band_around", "band_for", "coarsen"]

Solver = Callable[[Problem, AlignParams, LengthModel], tuple[list[tuple[int, int]], object]]


def coarsen(problem: Problem, factor: int, max_share: float) -> Problem:
    """Merge every ``factor`` consecutive sentences of both sides into one.

    Keys found in more than ``max_share`` of the merged sentences are dropped: at coarse
    levels common numbers and words occur everywhere and only fill the band.
    """
    n = -(-problem.n // factor)
    m = -(-problem.m // factor)
    src_ends = np.minimum(np.arange(n + 1) * factor, problem.n)
    tgt_ends = np.minimum(np.arange(m + 1) * factor, problem.m)
    channels = tuple(
        ChannelSpec(
            c.name,
            c.src.merged(factor, n, max_share),
            c.tgt.merged(factor, m, max_share),
        )
        for c in problem.channels
    )
    return Problem(
        n,
        m,
        problem.src_cum[src_ends],
        problem.tgt_cum[tgt_ends],
        problem.src_par[src_ends[:-1]],
        problem.tgt_par[tgt_ends[:-1]],
        channels,
        None,
        problem.src_unmatched[src_ends[1:] - 1] if problem.src_unmatched is not None and n else None,
        problem.tgt_unmatched[tgt_ends[1:] - 1] if problem.tgt_unmatched is not None and m else None,
    )


def band_for(problem: Problem, params: AlignParams, length: LengthModel, solve: Solver) -> Band:
    """The band to search for ``problem``: the whole grid when it has at most ``params.exact_cells`` cells."""
    n, m = problem.n, problem.m
    if (n + 1) * (m + 1) <= params.exact_cells:
        return full_band(n, m)
    factor = params.coarse_factor
    coarse_path, _ = solve(coarsen(problem, factor, params.key_max_share), params, length)
    return band_around(coarse_path, n, m, params.band_margin, factor=factor)


def band_around(path: Sequence[tuple[int, int]], n: int, m: int, margin: int, *, factor: int = 1) -> Band:
    """The band that holds every bead rectangle of ``path`` plus ``margin`` columns each side.

    ``path`` may be the path of a coarsened pair: each of its steps then stands for
    ``factor`` sentences a side.
    """
    low = np.full(n + 1, m, dtype=np.int64)
    high = np.zeros(n + 1, dtype=np.int64)
    i = j = 0
    for a, b in path:
        i0, i1 = min(i * factor, n), min((i + a) * factor, n)
        j0, j1 = min(j * factor, m), min((j + b) * factor, m)
        low[i0 : i1 + 1] = np.minimum(low[i0 : i1 + 1], j0)
        high[i0 : i1 + 1] = np.maximum(high[i0 : i1 + 1], j1)
        i, j = i + a, j + b
    low = np.maximum(low - margin, 0)
    high = np.minimum(high + margin, m)
    width = int(min((high - low).max() + 1, m + 1))
    lo = np.clip(low, 0, m + 1 - width)
    return Band(lo.astype(np.int64), width)

"""The bead search: a dynamic program over sentence-count beads inside a band.

Gale & Church (1993) cast sentence alignment as a shortest path through the grid of
(source prefix, target prefix) pairs: each step consumes ``a`` source and ``b`` target
sentences (a *bead*, e.g. 1-1, 2-1, 1-0), and its cost says how unlikely it is that those
sentences translate each other. The cheapest path from (0, 0) to (n, m) is the alignment.

Why a band: the full grid holds (n+1)(m+1) cells, which is quadratic. A translation keeps
the order of its source, so the path stays near a line; searching only a window of
``width`` columns per row (the *band*, placed around a path found beforehand) makes time
and memory linear in n. With ``width = m + 1`` the search is exact.

Why rows and cumulative minima: the cost of every cell of a row is computed with numpy
over the whole window at once. Beads that consume a source sentence read rows above; the
only step inside a row is the 0-1 bead (a target sentence with no source), whose chain
``D[j] = min(X[j], D[j-1] + c[j])`` unrolls to ``C[j] + min_{k<=j}(X[k] - C[k])`` with
``C`` the running sum of the 0-1 costs, i.e. one ``np.minimum.accumulate``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["INVALID", "Band", "bead_types", "full_band", "posteriors", "search"]

INVALID = 1e30
"""Cost of a cell or bead that is outside the grid; finite so that sums stay ordered."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Band:
    """The searched part of the grid: row ``i`` holds columns ``lo[i] .. lo[i] + width - 1``.

    ``lo`` has one entry per source prefix (``n + 1`` entries).
    """

    lo: IntArray
    width: int

    def columns(self) -> IntArray:
        """The absolute target prefix of every cell, shape ``(n + 1, width)``."""
        return self.lo[:, None] + np.arange(self.width, dtype=np.int64)[None, :]

    def widened(self, m: int) -> Band:
        """The band twice as wide around the same centre (the whole grid once it is that wide)."""
        width = min(2 * self.width, m + 1)
        lo = np.clip(self.lo - self.width // 2, 0, m + 1 - width)
        return Band(lo.astype(np.int64), width)


def full_band(n: int, m: int) -> Band:
    """The band that covers the whole grid (exact search)."""
    return Band(np.zeros(n + 1, dtype=np.int64), m + 1)


def bead_types(max_bead: int) -> tuple[tuple[int, int], ...]:
    """The bead shapes searched: 1-0, 0-1, and a-b with ``1 <= a, b <= max_bead``, ``a + b <= max_bead + 1``.

    ``max_bead = 3`` gives 1-1, 1-2, 2-1, 2-2, 1-3, 3-1 besides the insertions and deletions.
    """
    if max_bead < 1:
        raise ValueError(f"max_bead must be at least 1, got {max_bead}")
    shapes = [(1, 0), (0, 1)]
    for a in range(1, max_bead + 1):
        for b in range(1, max_bead + 1):
            if a + b <= max_bead + 1:
                shapes.append((a, b))
    return tuple(sorted(shapes, key=lambda s: (s[0] + s[1], s)))


def search(
    costs: dict[tuple[int, int], FloatArray], band: Band, n: int, m: int
) -> list[tuple[int, int]] | None:
    """Find the cheapest bead path from (0, 0) to (n, m) inside ``band``.

    Args:
        costs: for each bead shape ``(a, b)``, an array of shape ``(n + 1, band.width)``:
            the cost of the bead that ends at source prefix ``i`` and target prefix
            ``band.lo[i] + k``, i.e. covers source sentences ``i-a .. i-1`` and target
            sentences ``j-b .. j-1``. Cells where the bead does not fit hold ``INVALID``.
            The shape ``(0, 1)`` must be present.
        band: the searched cells.
        n: number of source sentences.
        m: number of target sentences.

    Returns:
        The shapes of the path's beads in document order, or None when the band holds no
        path from (0, 0) to (n, m).
    """
    width = band.width
    lo = band.lo
    shapes = [s for s in costs if s[0] > 0]
    index = {s: t for t, s in enumerate(costs)}
    insertion = index[(0, 1)]
    total = np.full((n + 1, width), INVALID)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    for i in range(n + 1):
        best = np.full(width, INVALID)
        choice = np.full(width, -1, dtype=np.int8)
        if i == 0 and lo[0] == 0:
            best[0] = 0.0
        for a, b in shapes:
            if i < a:
                continue
            shift = int(lo[i] - b - lo[i - a])
            if shift >= width or shift <= -width:
                continue
            previous = np.full(width, INVALID)
            if shift >= 0:
                previous[: width - shift] = total[i - a, shift:]
            else:
                previous[-shift:] = total[i - a, : width + shift]
            candidate = previous + costs[(a, b)][i]
            better = candidate < best
            best = np.where(better, candidate, best)
            choice = np.where(better, index[(a, b)], choice)
        step = costs[(0, 1)][i].copy()
        step[0] = 0.0
        running = np.cumsum(step)
        shifted = best - running
        floor = np.minimum.accumulate(shifted)
        total[i] = np.minimum(running + floor, INVALID)
        back[i] = np.where(shifted > floor, insertion, choice)
    last = m - lo[n]
    if not 0 <= last < width or total[n, last] >= INVALID / 2:
        return None
    order = list(costs)
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j - lo[i]])
        if t < 0:
            return None
        a, b = order[t]
        path.append((a, b))
        i, j = i - a, j - b
    path.reverse()
    return path


def _shifted(values: FloatArray, shift: int, fill: float) -> FloatArray:
    """``values[k + shift]`` at every ``k``, ``fill`` where that index is outside the row."""
    width = values.size
    out = np.full(width, fill)
    if shift >= 0:
        if shift < width:
            out[: width - shift] = values[shift:]
    elif -shift < width:
        out[-shift:] = values[: width + shift]
    return out


@dataclass(frozen=True)
class _Lattice:
    """Forward and backward log-weights of every cell, and the log-weight of all paths."""

    weight: dict[tuple[int, int], FloatArray]
    forward: FloatArray
    backward: FloatArray
    total: float


def _forward_backward(
    costs: dict[tuple[int, int], FloatArray], band: Band, n: int, m: int, temperature: float
) -> _Lattice:
    """Sum ``exp(-cost / temperature)`` over the paths into and out of every cell.

    The same row-by-row numpy form as ``search``; the 0-1 chain inside a row unrolls to a
    cumulative log-sum-exp.
    """
    width = band.width
    lo = band.lo
    shapes = [s for s in costs if s[0] > 0]
    floor = -1e6
    weight = {s: np.maximum(-c / temperature, floor) for s, c in costs.items()}
    forward = np.full((n + 1, width), -np.inf)
    for i in range(n + 1):
        acc = np.full(width, -np.inf)
        if i == 0 and lo[0] == 0:
            acc[0] = 0.0
        for a, b in shapes:
            if i >= a:
                previous = _shifted(forward[i - a], int(lo[i] - b - lo[i - a]), -np.inf)
                acc = np.logaddexp(acc, previous + weight[(a, b)][i])
        step = weight[(0, 1)][i].copy()
        step[0] = 0.0
        running = np.cumsum(step)
        forward[i] = running + np.logaddexp.accumulate(acc - running)
    backward = np.full((n + 1, width), -np.inf)
    for i in range(n, -1, -1):
        acc = np.full(width, -np.inf)
        if i == n and 0 <= m - lo[n] < width:
            acc[m - lo[n]] = 0.0
        for a, b in shapes:
            if i + a <= n:
                following = backward[i + a] + weight[(a, b)][i + a]
                acc = np.logaddexp(acc, _shifted(following, int(lo[i] + b - lo[i + a]), -np.inf))
        step = weight[(0, 1)][i].copy()
        step[0] = 0.0
        running = np.cumsum(step)
        backward[i] = np.logaddexp.accumulate((acc + running)[::-1])[::-1] - running
    last = m - lo[n]
    total = float(forward[n, last]) if 0 <= last < width else -np.inf
    return _Lattice(weight, forward, backward, total)


def posteriors(
    costs: dict[tuple[int, int], FloatArray],
    band: Band,
    n: int,
    m: int,
    path: list[tuple[int, int]],
    temperature: float = 1.0,
) -> list[float]:
    """The posterior probability of each bead of ``path`` among all paths inside ``band``.

    Each path weighs ``exp(-total cost / temperature)``; a bead's posterior is the weight of
    the paths that use it over the weight of all paths: near 1 when no competing way of
    covering its sentences comes close, low when one does. Linear in the number of cells,
    like ``search``.
    """
    lattice = _forward_backward(costs, band, n, m, temperature)
    lo = band.lo
    result = []
    i = j = 0
    for a, b in path:
        i2, j2 = i + a, j + b
        log_p = (
            lattice.forward[i, j - lo[i]]
            + lattice.weight[(a, b)][i2, j2 - lo[i2]]
            + lattice.backward[i2, j2 - lo[i2]]
            - lattice.total
        )
        result.append(float(np.exp(min(log_p, 0.0))))
        i, j = i2, j2
    return result

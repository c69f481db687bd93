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

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kobridge.align.arrays import clamp

__all__ = ["INVALID", "Band", "Costs", "bead_types", "full_band", "posteriors", "search"]

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
        lo = clamp(self.lo - self.width // 2, 0, m + 1 - width)
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


class Costs(Mapping[tuple[int, int], FloatArray]):
    """Bead costs on a band, every shape in one array: ``grid[i, t]`` is row ``i`` of ``shapes[t]``.

    A mapping from each shape to its ``(n + 1, width)`` array (a view), as ``search`` reads it;
    the search itself reads all shapes of a row at once.
    """

    def __init__(self, shapes: Sequence[tuple[int, int]], grid: FloatArray) -> None:
        if (0, 1) not in shapes:
            raise ValueError("the bead costs must include the 0-1 shape")
        self.shapes = tuple(shapes)
        self.grid = grid
        self._index = {s: t for t, s in enumerate(self.shapes)}

    @classmethod
    def stack(cls, costs: Mapping[tuple[int, int], FloatArray]) -> Costs:
        """``costs`` as one array (no copy when it is one already)."""
        if isinstance(costs, Costs):
            return costs
        return cls(tuple(costs), np.stack(list(costs.values()), axis=1))

    def __getitem__(self, shape: tuple[int, int]) -> FloatArray:
        result: FloatArray = self.grid[:, self._index[shape], :]
        return result

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.shapes)

    def __len__(self) -> int:
        return len(self.shapes)


@dataclass(frozen=True)
class _Steps:
    """For every row and every shape that consumes source sentences: where its beads come from.

    ``pair`` lists those shapes (indices into ``Costs.shapes``); a bead of shape ``pair[p]``
    ending at cell ``(i, k)`` starts at row ``rows[i, p]``, column ``k + shift[i, p]`` of the
    padded arrays the DP keeps (``pad`` columns of padding on each side, as many as the
    farthest step needs; row ``n + 1`` is padding too, for shapes that do not fit above row
    ``i``). ``after`` gives the same for the beads that start at a cell: where they end.
    """

    pair: IntArray
    rows: IntArray
    shift: IntArray
    pad: int

    @classmethod
    def before(cls, costs: Costs, band: Band, n: int) -> _Steps:
        return cls._make(costs, band, n, -1)

    @classmethod
    def after(cls, costs: Costs, band: Band, n: int) -> _Steps:
        return cls._make(costs, band, n, 1)

    @classmethod
    def _make(cls, costs: Costs, band: Band, n: int, sign: int) -> _Steps:
        pair = np.array([t for t, (a, _) in enumerate(costs.shapes) if a > 0], dtype=np.int64)
        a = np.array([costs.shapes[t][0] for t in pair], dtype=np.int64)
        b = np.array([costs.shapes[t][1] for t in pair], dtype=np.int64)
        rows = np.arange(n + 1, dtype=np.int64)[:, None] + sign * a[None, :]
        shift = band.lo[:, None] + sign * b[None, :] - band.lo[clamp(rows, 0, n)]
        pad = int(min(np.abs(shift).max(initial=0), band.width))
        inside = (rows >= 0) & (rows <= n)
        return cls(pair, np.where(inside, rows, n + 1), clamp(shift, -pad, pad) + pad, pad)

    def columns_of_pairs(self) -> slice | IntArray:
        """``pair`` as a slice when the shapes are consecutive (a view instead of a copy)."""
        if len(self.pair) and (np.diff(self.pair) == 1).all():
            return slice(int(self.pair[0]), int(self.pair[-1]) + 1)
        return self.pair

    def starts(self, width: int) -> IntArray:
        """``rows`` and ``shift`` as one flat index into the padded array (for a band ``width`` wide)."""
        result: IntArray = self.rows * (width + 2 * self.pad) + self.shift
        return result

    def padded(self, n: int, width: int, fill: float) -> FloatArray:
        """An array of the band's rows and the padding, filled with ``fill``."""
        return np.full((n + 2, width + 2 * self.pad), fill)


def search(
    costs: Mapping[tuple[int, int], FloatArray], band: Band, n: int, m: int
) -> list[tuple[int, int]] | None:
    """Find the cheapest bead path from (0, 0) to (n, m) inside ``band``.

    Args:
        costs: for each bead shape ``(a, b)``, an array of shape ``(n + 1, band.width)``:
            the cost of the bead that ends at source prefix ``i`` and target prefix
            ``band.lo[i] + k``, i.e. covers source sentences ``i-a .. i-1`` and target
            sentences ``j-b .. j-1``. Cells where the bead does not fit hold ``INVALID``.
            The shape ``(0, 1)`` must be present. A ``Costs`` is read without a copy.
        band: the searched cells.
        n: number of source sentences.
        m: number of target sentences.

    Returns:
        The shapes of the path's beads in document order, or None when the band holds no
        path from (0, 0) to (n, m). Of equally cheap beads into a cell, the first shape in
        ``costs`` wins.
    """
    stacked = Costs.stack(costs)
    width = band.width
    steps = _Steps.before(stacked, band, n)
    insertion = stacked.shapes.index((0, 1))
    pair = steps.columns_of_pairs()
    # Padded on both sides and below, so that every predecessor read lands in the array.
    total = steps.padded(n, width, INVALID)
    flat_total = total.reshape(-1)  # a view: one flat index reads faster than a row and a column
    starts = steps.starts(width)
    inner = slice(steps.pad, steps.pad + width)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    columns = np.arange(width)[None, :]
    running = _running(stacked.grid[:, insertion])
    for i in range(n + 1):
        candidate = flat_total[starts[i][:, None] + columns]
        candidate += stacked.grid[i, pair]
        if candidate.size:
            best = np.minimum(candidate.min(axis=0), INVALID)
            # Where nothing reaches the cell the choice is never read: no path passes there.
            choice = steps.pair[candidate.argmin(axis=0)]
        else:
            best, choice = np.full(width, INVALID), np.full(width, -1)
        if i == 0 and band.lo[0] == 0:
            best[0], choice[0] = 0.0, -1
        shifted = best - running[i]
        floor = np.minimum.accumulate(shifted)
        total[i, inner] = np.minimum(running[i] + floor, INVALID)
        back[i] = np.where(shifted > floor, insertion, choice)
    last = m - band.lo[n]
    if not 0 <= last < width or total[n, steps.pad + last] >= INVALID / 2:
        return None
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j - band.lo[i]])
        if t < 0:
            return None
        a, b = stacked.shapes[t]
        path.append((a, b))
        i, j = i - a, j - b
    path.reverse()
    return path


@dataclass(frozen=True)
class _Lattice:
    """Forward and backward log-weights of every cell, and the log-weight of all paths."""

    forward: FloatArray
    backward: FloatArray
    total: float


def _running(insertion: FloatArray) -> FloatArray:
    """Each row's running sum of its 0-1 values (``C`` of the module notes), the first cell's left out."""
    step = insertion.copy()
    step[:, 0] = 0.0
    result: FloatArray = np.cumsum(step, axis=1)
    return result


def _log_weight(costs: FloatArray, temperature: float) -> FloatArray:
    """A bead's log-weight ``-cost / temperature``, floored so that invalid beads stay finite."""
    weight = np.divide(costs, -temperature)
    np.maximum(weight, -1e6, out=weight)
    return weight


def _forward_backward(
    costs: Mapping[tuple[int, int], FloatArray], band: Band, n: int, m: int, temperature: float
) -> _Lattice:
    """Sum ``exp(-cost / temperature)`` over the paths into and out of every cell.

    The same row-by-row numpy form as ``search``; the 0-1 chain inside a row unrolls to a
    cumulative log-sum-exp. Weights are made from the costs row by row, never all at once.
    """
    stacked = Costs.stack(costs)
    width = band.width
    insertion = stacked.shapes.index((0, 1))
    columns = np.arange(width)[None, :]
    into = _Steps.before(stacked, band, n)
    pair = into.columns_of_pairs()
    forward = into.padded(n, width, -np.inf)
    flat_forward, starts = forward.reshape(-1), into.starts(width)
    inner = slice(into.pad, into.pad + width)
    running = _running(_log_weight(stacked.grid[:, insertion], temperature))
    for i in range(n + 1):
        previous = flat_forward[starts[i][:, None] + columns]
        previous += _log_weight(stacked.grid[i, pair], temperature)
        acc = np.logaddexp.reduce(previous, axis=0, initial=-np.inf)
        if i == 0 and band.lo[0] == 0:
            acc[0] = np.logaddexp(acc[0], 0.0)
        forward[i, inner] = running[i] + np.logaddexp.accumulate(acc - running[i])
    out = _Steps.after(stacked, band, n)
    ends = clamp(out.rows, None, n)
    backward = out.padded(n, width, -np.inf)
    flat_backward, ends_at = backward.reshape(-1), out.starts(width)
    outer = slice(out.pad, out.pad + width)
    for i in range(n, -1, -1):
        cells = columns + out.shift[i][:, None]
        following = flat_backward[ends_at[i][:, None] + columns]
        # The weight of the bead of each shape that starts at (i, k), read at its end cell.
        following += _log_weight(
            stacked.grid[ends[i][:, None], out.pair[:, None], clamp(cells - out.pad, 0, width - 1)],
            temperature,
        )
        acc = np.logaddexp.reduce(following, axis=0, initial=-np.inf)
        if i == n and 0 <= m - band.lo[n] < width:
            acc[m - band.lo[n]] = np.logaddexp(acc[m - band.lo[n]], 0.0)
        backward[i, outer] = np.logaddexp.accumulate((acc + running[i])[::-1])[::-1] - running[i]
    last = m - band.lo[n]
    total = float(forward[n, into.pad + last]) if 0 <= last < width else -np.inf
    return _Lattice(forward[: n + 1, inner], backward[: n + 1, outer], total)


def posteriors(
    costs: Mapping[tuple[int, int], FloatArray],
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
    stacked = Costs.stack(costs)
    lattice = _forward_backward(stacked, band, n, m, temperature)
    lo = band.lo
    result = []
    i = j = 0
    for a, b in path:
        i2, j2 = i + a, j + b
        log_p = (
            lattice.forward[i, j - lo[i]]
            + max(float(stacked[(a, b)][i2, j2 - lo[i2]]) / -temperature, -1e6)
            + lattice.backward[i2, j2 - lo[i2]]
            - lattice.total
        )
        result.append(float(np.exp(min(log_p, 0.0))))
        i, j = i2, j2
    return result

"""Cross-language similarity channels evaluated on the band, with numpy and no per-cell Python.

A *channel* turns each sentence into a sparse weighted bag of keys that are comparable
across the two languages (normalised numbers, Latin-script tokens, romanized consonant
skeletons, translation pieces). The similarity of a bead is the cosine of the summed bags
of its two sides. Because a bag of several sentences is the sum of their bags, the cosine
of any bead comes from two ingredients computed once:

* the pairwise dot products ``P[i, j]`` of single sentences, kept only inside the band,
  and found by joining the two sides' (key, sentence) lists with ``np.searchsorted``;
* the squared norms of each sentence's bag (cross terms between sentences of the same
  side are ignored: the keys are rare within a document).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kobridge.align.arrays import clamp

__all__ = ["BandMatrix", "Channel", "SparseBags", "pairwise_on_band"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SparseBags:
    """One side's bags as flat arrays: sentence ``sent[e]`` holds key ``key[e]`` with weight ``weight[e]``.

    Entries are sorted by (key, sentence). ``norm2`` holds each sentence's squared norm.
    """

    key: IntArray
    sent: IntArray
    weight: FloatArray
    norm2: FloatArray

    @classmethod
    def build(cls, bags: Sequence[Mapping[str, float]], vocabulary: dict[str, int]) -> SparseBags:
        """Flatten bags of string keys, numbering new keys in ``vocabulary`` (shared by both sides)."""
        # In key order, not the bag's: a bag built from a set iterates in an order that
        # changes with Python's hash seed, and so would the sums below in their last bits.
        items = [sorted(bag.items()) for bag in bags]
        names = [k for bag in items for k, _ in bag]
        key = np.array([vocabulary.setdefault(k, len(vocabulary)) for k in names], dtype=np.int64)
        sent = np.repeat(np.arange(len(bags), dtype=np.int64), [len(bag) for bag in items])
        weight = np.fromiter((w for bag in items for _, w in bag), dtype=np.float64, count=len(names))
        # bincount adds each sentence's squares in the same order as a loop over its keys would.
        norm2 = np.bincount(sent, weights=weight * weight, minlength=len(bags)).astype(np.float64)
        order = np.lexsort((sent, key))
        return cls(key[order], sent[order], weight[order], norm2)

    def merged(self, factor: int, count: int, max_share: float) -> SparseBags:
        """The bags of ``count`` groups of ``factor`` consecutive sentences.

        Keys in more than ``max_share`` of the groups are dropped: they cannot tell groups apart.
        """
        sent = self.sent // factor
        code = self.key * count + sent
        unique, where = np.unique(code, return_inverse=True)
        weight = np.bincount(where, weights=self.weight, minlength=len(unique)).astype(np.float64)
        norm2 = np.bincount(unique % count, weight**2, count).astype(np.float64)
        merged = SparseBags(unique // count, unique % count, weight, norm2)
        return merged.without_common(max_share)

    def without_common(self, max_share: float) -> SparseBags:
        """Drop keys found in more than ``max_share`` of the sentences (and in more than three)."""
        if len(self.key) == 0:
            return self
        df = np.bincount(self.key)
        common = df > max(3.0, max_share * len(self.norm2))
        if not common.any():
            return self
        keep = ~common[self.key]
        norm2 = np.bincount(self.sent[keep], self.weight[keep] ** 2, len(self.norm2)).astype(np.float64)
        return SparseBags(self.key[keep], self.sent[keep], self.weight[keep], norm2)


@dataclass(frozen=True)
class BandMatrix:
    """Pairwise values ``P[i, j]`` stored for ``j`` in ``lo[i] .. lo[i] + width - 1`` (zero elsewhere)."""

    values: FloatArray
    lo: IntArray
    width: int

    def gather(self, rows: IntArray, cols: IntArray) -> FloatArray:
        """``P[rows, cols]`` for broadcastable index arrays; zero outside the grid or the band."""
        n = self.values.shape[0]
        rows_ok = (rows >= 0) & (rows < n)
        safe_rows = clamp(rows, 0, max(n - 1, 0))
        offset = cols - self.lo[safe_rows]
        ok = rows_ok & (offset >= 0) & (offset < self.width) & (cols >= 0)
        if n == 0 or self.width == 0:
            return np.zeros(np.broadcast(rows, cols).shape)
        found = self.values[safe_rows, clamp(offset, 0, self.width - 1)]
        return np.where(ok, found, 0.0)


def pairwise_on_band(src: SparseBags, tgt: SparseBags, lo: IntArray, width: int) -> BandMatrix:
    """Dot products of every source bag with the target bags inside each row's window.

    Args:
        src: the source side's bags (``n`` sentences).
        tgt: the target side's bags.
        lo: first target sentence of each source row's window (``n`` entries).
        width: window width.
    """
    n = len(src.norm2)
    if len(src.key) == 0 or len(tgt.key) == 0 or n == 0 or width == 0:
        return BandMatrix(np.zeros((n, width)), lo, width)
    span = int(max(len(tgt.norm2), 1)) + width + 1
    tgt_code = tgt.key * span + tgt.sent
    start_code = src.key * span + lo[src.sent]
    first = np.searchsorted(tgt_code, start_code, side="left")
    last = np.searchsorted(tgt_code, start_code + width, side="left")
    counts = last - first
    total = int(counts.sum())
    if total == 0:
        return BandMatrix(np.zeros((n, width)), lo, width)
    owner = np.repeat(np.arange(len(src.key)), counts)
    within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    partner = first[owner] + within
    rows = src.sent[owner]
    cells = rows * width + (tgt.sent[partner] - lo[rows])
    products = src.weight[owner] * tgt.weight[partner]
    values = np.bincount(cells, weights=products, minlength=n * width).astype(np.float64).reshape(n, width)
    return BandMatrix(values, lo, width)


@dataclass(frozen=True)
class Channel:
    """One similarity channel ready for the search: the band's dot products and each side's norms."""

    name: str
    pairwise: BandMatrix
    src_norm2: FloatArray
    tgt_norm2: FloatArray

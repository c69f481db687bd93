"""The length feature: Gale & Church's (1993) observation that a sentence and its
translation have proportional lengths, with a spread that grows with length.

Lengths are non-space characters. The expected ratio (English has about two characters
per Korean one, German and French about one) and the spread are estimated from the pair
itself: first from the document totals, then again on the beads of a first alignment
that were confidently 1-1 (``LengthModel.refine``). Medians keep both estimates robust to
insertions, omissions and loose translations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["LengthModel", "sentence_lengths"]

FloatArray = npt.NDArray[np.float64]

_CHI2_1_MEDIAN = 0.4549
"""Median of a chi-square variable with one degree of freedom (turns a median squared z into a variance)."""


def sentence_lengths(texts: Sequence[str]) -> FloatArray:
    """Count the non-space characters of each text."""
    return np.array([len("".join(t.split())) for t in texts], dtype=np.float64)


@dataclass(frozen=True, slots=True)
class LengthModel:
    """Target length ~ ``ratio`` x source length, with variance ``variance`` x mean length.

    Lengths are compared in balanced units (source x sqrt(ratio), target / sqrt(ratio)),
    so that the model, its variance and its costs stay the same when the two sides are
    swapped. ``tail`` is the degrees of freedom of a Student-t cost: small values forgive
    a loose translation more than Gale-Church's Gaussian; large ones approach it.
    """

    ratio: float = 1.0
    variance: float = 6.8
    tail: float = 4.0

    @classmethod
    def estimate(cls, src: FloatArray, tgt: FloatArray, *, variance: float, tail: float) -> LengthModel:
        """The first estimate: the ratio of the two documents' total lengths."""
        total_src = float(src.sum())
        total_tgt = float(tgt.sum())
        ratio = total_tgt / total_src if total_src > 0 and total_tgt > 0 else 1.0
        return cls(ratio, variance, tail)

    def balanced(self, src: FloatArray, tgt: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Both lengths in balanced units: equal on average for a translation."""
        scale = float(np.sqrt(self.ratio))
        return src * scale, tgt / scale

    def refine(self, src: FloatArray, tgt: FloatArray, *, min_pairs: int = 8) -> LengthModel:
        """Re-estimate ratio and variance from matched lengths (e.g. confident 1-1 beads).

        With fewer than ``min_pairs`` usable pairs the model is returned unchanged.
        """
        keep = (src > 0) & (tgt > 0)
        if int(keep.sum()) < min_pairs:
            return self
        src, tgt = src[keep], tgt[keep]
        model = LengthModel(float(np.median(tgt / src)), self.variance, self.tail)
        x, y = model.balanced(src, tgt)
        spread = float(np.median((y - x) ** 2 / ((x + y) / 2))) / _CHI2_1_MEDIAN
        variance = min(max(spread, 0.5 * self.variance), 2.0 * self.variance)
        return LengthModel(model.ratio, variance, self.tail)

    def cost(self, src: FloatArray, tgt: FloatArray) -> FloatArray:
        """The negative log-likelihood (up to a constant) of the length pairs ``src``, ``tgt``."""
        x, y = self.balanced(src, tgt)
        z2 = (y - x) ** 2 / (self.variance * ((x + y) / 2 + 1.0))
        result: FloatArray = (self.tail + 1) / 2 * np.log1p(z2 / self.tail)
        return result

    def size(self, src: FloatArray, tgt: FloatArray) -> FloatArray:
        """The combined length of a bead in balanced units (what an omission leaves out)."""
        x, y = self.balanced(src, tgt)
        result: FloatArray = x + y
        return result

"""Small numpy helpers the aligner's hot paths share."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["clamp"]

IntArray = npt.NDArray[np.int64]


def clamp(values: IntArray, low: int | IntArray | None, high: int | IntArray | None) -> IntArray:
    """``np.clip(values, low, high)`` for index arrays, without ``np.clip``'s argument checks.

    Those checks cost more than the clipping on the small arrays of a short document, and
    the aligner clips indices thousands of times per document.
    """
    result = values
    if low is not None:
        result = np.maximum(result, low)
    if high is not None:
        result = np.minimum(result, high)
    return result

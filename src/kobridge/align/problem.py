"""The features of one document pair, in the form the cost function reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from kobridge.align.similarity import SparseBags

__all__ = ["ChannelSpec", "Problem", "SpanScorer"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ChannelSpec:
    """A similarity channel: both sides' bags of keys (see ``features.channels``)."""

    name: str
    src: SparseBags
    tgt: SparseBags


class SpanScorer(Protocol):
    """Scores candidate beads given as spans of sentences (start and length on each side)."""

    def score_spans(
        self, src_start: IntArray, src_len: IntArray, tgt_start: IntArray, tgt_len: IntArray
    ) -> FloatArray:
        """A similarity in [0, 1] for each bead; 0 where a side is empty."""
        ...


@dataclass(frozen=True)
class Problem:
    """Everything the cost function needs about one document pair.

    ``src_cum`` and ``tgt_cum`` are prefix sums of sentence lengths (``n + 1`` and
    ``m + 1`` entries); ``src_par`` and ``tgt_par`` are paragraph indices. ``spans``
    scores whole beads with a translation model (the lexical feature on the fine grid).
    ``src_unmatched`` and ``tgt_unmatched`` count each sentence's evidence that has no
    partner anywhere on the other side (see ``channels.unmatched_numbers``).
    """

    n: int
    m: int
    src_cum: FloatArray
    tgt_cum: FloatArray
    src_par: IntArray
    tgt_par: IntArray
    channels: tuple[ChannelSpec, ...]
    spans: SpanScorer | None = None
    src_unmatched: FloatArray | None = None
    tgt_unmatched: FloatArray | None = None

"""The features of every candidate bead on a band: what the bead model reads.

For each bead shape the search considers, ``bead_features`` gives one array per feature,
each of the band's shape ``(n + 1, width)`` (the bead that ends at source prefix ``i`` and
target prefix ``band.lo[i] + k``, as in ``dp.search``). Features are pure functions of the
document pair; they carry no weights. ``beadmodel.BeadModel`` turns them into costs.

Beads with both sides filled (``PAIR_FEATURES``):

* ``bias``: 1 (the shape's prior).
* ``length``, ``logratio``: Gale & Church's length cue, as the Student-t negative
  log-likelihood of the two lengths (``length.LengthModel.cost``) and as the absolute log
  of their balanced ratio.
* ``C.cos``, ``C.has`` for each channel ``C`` of ``CHANNELS``: the cosine of the two sides'
  summed bags and whether the bead holds any of the channel's keys at all (a bead whose keys
  have no partner is evidence against it). Glossary anchors count as anchors.
* ``lex``: the lexical bead score of the translation model (``Problem.spans``), in [0, 1];
  ``lex_rel``, the same less the document's typical score of a sentence's best partner (the
  median over source sentences of their best 1-1 score): how well a lexicon scores depends on
  the text and on the lexicon, and the relative score carries over between them.
* ``lex_min``, ``lex_gap``: each sentence of the bead is scored by its best 1-1 lexical
  score with a sentence of the other side inside the bead; the weakest of them, and how far
  the strongest is above it. A true merge or swap explains every sentence; a bead that
  swallows an omission or an addition leaves one unexplained.
* ``C.cross`` and ``lex_cross`` (2-2 only): how much better the bead's crossed sub-pairs
  (first source with second target, second with first) match than its parallel ones, in each
  channel (dot products over the bead's cosine denominator) and lexically (the mean 1-1
  score). A swap has it positive; two 1-1 beads merged into one 2-2 have it negative.
* ``rival`` (1-1 only): how much a pair that one of the bead's sentences forms with a
  neighbour within ``RIVAL_WINDOW`` beats the bead's own lexical score. A translation
  stands out in its row and column; an omission and an addition side by side do not.
* ``crossings``: paragraph breaks the bead spans.

Beads with one side empty (``SKIP_FEATURES``): ``bias``; ``size``, the square root of the
sentence's balanced length; ``unmatched``, its number keys with no partner anywhere on the
other side (at most ``UNMATCHED_CAP``); ``C.has`` per channel; ``lex_best``, the sentence's
best 1-1 lexical score in the band (an omitted sentence has no good partner anywhere), and
``lex_best_rel``, the same less the document's typical best score.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from kobridge.align.arrays import clamp
from kobridge.align.dp import Band, bead_types
from kobridge.align.length import LengthModel
from kobridge.align.problem import Problem
from kobridge.align.similarity import BandMatrix, pairwise_on_band

__all__ = [
    "BLOCK_CELLS",
    "CHANNELS",
    "PAIR_FEATURES",
    "RIVAL_WINDOW",
    "SKIP_FEATURES",
    "UNMATCHED_CAP",
    "BandFeatures",
    "FeatureMap",
    "bead_features",
    "bead_sides",
    "feature_names",
    "is_length_feature",
    "length_features",
    "row_blocks",
    "shape_group",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CHANNELS = ("anchors", "cognates", "words")
"""The similarity channels the model reads; ``glossary`` anchors are folded into ``anchors``."""

_CHANNEL_OF = {"anchors": "anchors", "glossary": "anchors", "cognates": "cognates", "words": "words"}

HINGES: dict[str, tuple[float, ...]] = {
    "length": (0.5, 1.5, 3.0),
    "lex": (0.15, 0.2, 0.25, 0.3),
    "lex_rel": (-0.05, 0.0, 0.05),
    "lex_min": (0.15, 0.2, 0.25),
    "lex_gap": (0.05, 0.1, 0.2),
    "rival": (0.02, 0.05, 0.1),
    "lex_best": (0.15, 0.2, 0.25),
    "lex_best_rel": (-0.05, 0.0, 0.05),
}
"""Knots of piecewise-linear terms: feature ``f>k`` is ``max(f - k, 0)``, so that the model can
bend its response to a feature (the knots sit in the range each feature takes on true beads)."""

_BASE_PAIR = (
    "bias",
    "length",
    "logratio",
    *(f"{c}.{k}" for c in CHANNELS for k in ("cos", "has", "cross")),
    "lex",
    "lex_rel",
    "lex_min",
    "lex_gap",
    "lex_cross",
    "rival",
    "crossings",
)
_BASE_SKIP = ("bias", "size", "unmatched", *(f"{c}.has" for c in CHANNELS), "lex_best", "lex_best_rel")


def _with_hinges(names: tuple[str, ...]) -> tuple[str, ...]:
    return names + tuple(f"{f}>{k}" for f in names for k in HINGES.get(f, ()))


PAIR_FEATURES = _with_hinges(_BASE_PAIR)
SKIP_FEATURES = _with_hinges(_BASE_SKIP)

RIVAL_WINDOW = 2
"""How many sentences away a rival pair of a 1-1 bead may lie (part of the feature's definition)."""

UNMATCHED_CAP = 3.0
"""At most this many unmatched number keys count for one sentence."""


def shape_group(a: int, b: int) -> str:
    """The name of the weight group of bead shape ``a``-``b``.

    Omissions (``1-0``) and additions (``0-1``) have groups of their own; otherwise a shape and
    its mirror share one (``2-1`` for both 2-1 and 1-2), so the model is the same whichever
    side is the source, up to the skip beads.
    """
    if a == 0 or b == 0:
        return f"{a}-{b}"
    return f"{max(a, b)}-{min(a, b)}"


def feature_names(a: int, b: int) -> tuple[str, ...]:
    """The features of shape ``a``-``b``, in the order of ``bead_features``' arrays."""
    return SKIP_FEATURES if a == 0 or b == 0 else PAIR_FEATURES


def _cum(values: FloatArray) -> FloatArray:
    return np.concatenate([[0.0], np.cumsum(values)])


def _shifted(
    values: FloatArray, band: Band, rows: IntArray, cols: IntArray, dr: int, dc: int
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """``values`` (one per band cell) at the cells ``dr`` rows up and ``dc`` columns left of
    ``(rows, cols)``, and where that cell is on the band."""
    n_rows, width = values.shape
    r = rows - dr
    k = cols - dc - band.lo[clamp(r, 0, n_rows - 1)]
    ok = (r >= 0) & (r < n_rows) & (k >= 0) & (k < width)
    return values[clamp(r, 0, n_rows - 1), clamp(k, 0, width - 1)], ok


class _Channels:
    """Each model channel's band dot products and norm prefix sums (glossary merged into anchors)."""

    def __init__(self, problem: Problem, band: Band, max_a: int, max_b: int) -> None:
        n, m = problem.n, problem.m
        self.parts: dict[str, list[tuple[BandMatrix, FloatArray, FloatArray]]] = {c: [] for c in CHANNELS}
        sent_lo = np.zeros(n, dtype=np.int64)
        width = m
        if n:
            sent_lo = clamp(band.lo[1:] - max_b, 0, None)
            ahead = band.lo[np.minimum(np.arange(1, n + 1) + max_a - 1, n)] - band.lo[1:]
            width = int(min(band.width + max_b + max(int(ahead.max(initial=0)), 0), m))
            if width >= m:
                sent_lo = np.zeros(n, dtype=np.int64)
                width = m
        for spec in problem.channels:
            name = _CHANNEL_OF.get(spec.name)
            if name is None or not n:
                continue
            matrix = pairwise_on_band(spec.src, spec.tgt, sent_lo, width)
            self.parts[name].append((matrix, _cum(spec.src.norm2), _cum(spec.tgt.norm2)))


def _lexical_scores(
    problem: Problem, band: Band, shapes: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], FloatArray]:
    """The lexical score of every bead of each shape with both sides on the band (0 where the bead
    does not fit); empty without a scorer.

    Scored a block of rows at a time, every shape of a block before the next block, so that the
    scorer reads its sentences in document order (its tables for a long document are made a run
    of sentences at a time).
    """
    n, m = problem.n, problem.m
    if problem.spans is None:
        return {}
    pairs = [(a, b) for a, b in shapes if a and b]
    scores = {shape: np.zeros((n + 1, band.width)) for shape in pairs}
    for start, stop in row_blocks(band):
        rows, cols = _block_cells(band, start, stop)
        for a, b in pairs:
            valid = (rows >= a) & (cols >= b) & (cols <= m)
            ok = np.flatnonzero(valid)
            flat = np.zeros(cols.size)
            flat[ok] = problem.spans.score_spans(
                np.broadcast_to(clamp(rows - a, 0, n), cols.shape).ravel()[ok],
                np.full(ok.size, a),
                clamp(cols - b, 0, m).ravel()[ok],
                np.full(ok.size, b),
            )
            scores[(a, b)][start:stop] = np.where(valid, flat.reshape(cols.shape), 0.0)
    return scores


def _rival(score: FloatArray, band: Band, cols: IntArray) -> FloatArray:
    """The best score of a 1-1 pair that shares a sentence with each 1-1 bead, within ``RIVAL_WINDOW``."""
    n_rows, width = score.shape
    rows = np.arange(n_rows, dtype=np.int64)[:, None]
    rival = np.zeros(score.shape)
    for d in range(1, RIVAL_WINDOW + 1):
        for shift in (-d, d):
            k = np.arange(width)[None, :] + shift
            inside = (k >= 0) & (k < width)
            rival = np.maximum(rival, np.where(inside, score[rows, clamp(k, 0, width - 1)], 0.0))
            r = rows + shift
            k = cols - band.lo[clamp(r, 0, n_rows - 1)]
            inside = (r >= 0) & (r < n_rows) & (k >= 0) & (k < width)
            rival = np.maximum(
                rival, np.where(inside, score[clamp(r, 0, n_rows - 1), clamp(k, 0, width - 1)], 0.0)
            )
    return rival


def _column_best(score: FloatArray, cols: IntArray, m: int) -> FloatArray:
    """For each target prefix ``j``, the best 1-1 score of target sentence ``j - 1`` on the band."""
    best = np.zeros(m + 1)
    inside = cols <= m
    np.maximum.at(best, cols[inside], score[inside])
    return best


def length_features(
    a: int, b: int, x: FloatArray, y: FloatArray, length: LengthModel
) -> dict[str, FloatArray]:
    """The features of ``a``-``b`` beads that the length model gives, from their sides' lengths ``x``, ``y``.

    ``length`` and ``logratio`` for beads with both sides, ``size`` for the others: the only
    features that change when a pass re-estimates the length model.
    """
    if a and b:
        bx, by = length.balanced(x, y)
        return {"length": length.cost(x, y), "logratio": np.abs(np.log((by + 1.0) / (bx + 1.0)))}
    return {"size": np.sqrt(length.size(x, y))}


def is_length_feature(name: str) -> bool:
    """Whether feature ``name`` (a hinge ``f>k`` included) comes from ``length_features``."""
    return name.partition(">")[0] in ("length", "logratio", "size")


BLOCK_CELLS = 1 << 15
"""Band cells whose features are computed at once (``BandFeatures.block``): memory stays a few
megabytes a feature however long the documents are."""


def row_blocks(band: Band) -> Iterator[tuple[int, int]]:
    """The band's rows as consecutive ``(start, stop)`` blocks of about ``BLOCK_CELLS`` cells."""
    rows = len(band.lo)
    step = max(1, BLOCK_CELLS // band.width)
    for start in range(0, rows, step):
        yield start, min(start + step, rows)


def _block_cells(band: Band, start: int, stop: int) -> tuple[IntArray, IntArray]:
    """The source and target prefix of every cell of rows ``start .. stop - 1`` (rows as a column)."""
    rows = np.arange(start, stop, dtype=np.int64)[:, None]
    return rows, band.lo[start:stop, None] + np.arange(band.width, dtype=np.int64)[None, :]


def bead_sides(
    problem: Problem, rows: IntArray, safe_cols: IntArray, top: IntArray, left: IntArray
) -> tuple[FloatArray, FloatArray]:
    """The source and target lengths of the beads that start at ``(top, left)`` and end at
    ``(rows, safe_cols)``: what ``length_features`` reads."""
    x: FloatArray = problem.src_cum[rows] - problem.src_cum[top]
    y: FloatArray = problem.tgt_cum[safe_cols] - problem.tgt_cum[left]
    return x, y


def bead_features(
    problem: Problem, band: Band, max_bead: int, length: LengthModel
) -> Iterator[tuple[tuple[int, int], npt.NDArray[np.bool_], FeatureMap]]:
    """For each bead shape: where the bead fits on the band, and its features there.

    Yields ``((a, b), valid, features)`` with ``features`` mapping each name of
    ``feature_names(a, b)`` to an array of the band's shape; values outside ``valid`` are
    finite but meaningless (mask them with ``valid``). The whole band at once; see
    ``BandFeatures`` for blocks of rows.
    """
    return BandFeatures(problem, band, max_bead, length).block(0, problem.n + 1)


class BandFeatures:
    """The features of the beads on a band, for any block of its rows.

    What several cells share (the channels' dot products on the band, every 1-1 bead's
    lexical score, its rivals, each sentence's best partner, the document's typical score) is
    computed once for the whole band; ``block`` computes the rest for the rows asked, so the
    features of a long document never all exist at once. A cell's values do not depend on the
    block it is computed in.
    """

    def __init__(self, problem: Problem, band: Band, max_bead: int, length: LengthModel) -> None:
        n, m = problem.n, problem.m
        self.problem = problem
        self.band = band
        self.length = length
        self.shapes = bead_types(max_bead)
        self._channels = _Channels(
            problem, band, max(a for a, _ in self.shapes), max(b for _, b in self.shapes)
        )
        cols = band.columns()
        self._lex = _lexical_scores(problem, band, self.shapes)
        self._one_one = self._lex.get((1, 1), np.zeros(cols.shape))
        self._rival = _rival(self._one_one, band, cols)
        self._column_best = _column_best(self._one_one, cols, m)
        self._row_best = self._one_one.max(axis=1, initial=0.0)
        self._typical = float(np.median(self._row_best[1:])) if n else 0.0

    def _lexical(
        self, rows: IntArray, cols: IntArray, start: int, stop: int, a: int, b: int
    ) -> dict[str, FloatArray]:
        """The lexical features of the ``a``-``b`` beads of rows ``start .. stop - 1`` (zeros without
        a scorer)."""
        if not self._lex:
            zeros = np.zeros(cols.shape)
            return {"lex": zeros, "lex_min": zeros, "lex_gap": zeros, "lex_cross": zeros}
        score = self._lex[(a, b)][start:stop]
        return _lexical(self.band, self._one_one, score, rows, cols, a, b)

    def block(
        self, start: int, stop: int, shapes: Sequence[tuple[int, int]] | None = None
    ) -> Iterator[tuple[tuple[int, int], npt.NDArray[np.bool_], FeatureMap]]:
        """``bead_features`` for rows ``start .. stop - 1`` of the band (and only ``shapes``, if given)."""
        problem, band, length = self.problem, self.band, self.length
        n, m = problem.n, problem.m
        channels = self._channels
        rows, cols = _block_cells(band, start, stop)
        safe_cols = clamp(cols, 0, m)
        one_one = self._one_one[start:stop]
        typical = self._typical
        gathered: dict[tuple[str, int, int, int], FloatArray] = {}

        def dot(name: str, part: int, r: int, s: int) -> FloatArray:
            key = (name, part, r, s)
            if key not in gathered:
                gathered[key] = channels.parts[name][part][0].gather(rows - r, cols - s)
            return gathered[key]

        for a, b in self.shapes if shapes is None else shapes:
            valid = (rows >= a) & (cols >= b) & (cols <= m)
            top = clamp(rows - a, 0, n)
            left = clamp(cols - b, 0, m)
            x, y = bead_sides(problem, rows, safe_cols, top, left)
            features: dict[str, FloatArray] = {"bias": np.ones(cols.shape)}
            for name in CHANNELS:
                ns = np.zeros(cols.shape)
                nt = np.zeros(cols.shape)
                total = np.zeros(cols.shape)
                for part, (_, src_cum, tgt_cum) in enumerate(channels.parts[name]):
                    ns = ns + (src_cum[rows] - src_cum[top])
                    nt = nt + (tgt_cum[safe_cols] - tgt_cum[left])
                    if a and b:
                        total = total + sum(
                            dot(name, part, r, s) for r in range(1, a + 1) for s in range(1, b + 1)
                        )
                features[f"{name}.has"] = ((ns + nt) > 0).astype(np.float64)
                if a and b:
                    denom = np.sqrt(ns * nt)
                    safe = np.where(denom > 0, denom, 1.0)
                    cosine = np.where(denom > 0, total / safe, 0.0)
                    features[f"{name}.cos"] = np.minimum(cosine, 1.0)
                    cross = np.zeros(cols.shape)
                    if (a, b) == (2, 2):
                        for part in range(len(channels.parts[name])):
                            cross = cross + (dot(name, part, 2, 1) + dot(name, part, 1, 2))
                            cross = cross - (dot(name, part, 1, 1) + dot(name, part, 2, 2))
                    features[f"{name}.cross"] = np.where(denom > 0, cross / safe, 0.0)
            features.update(length_features(a, b, x, y, length))
            if a and b:
                features.update(self._lexical(rows, cols, start, stop, a, b))
                features["lex_rel"] = (
                    features["lex"] - typical if problem.spans is not None else features["lex"]
                )
                features["rival"] = (
                    np.maximum(self._rival[start:stop] - one_one, 0.0)
                    if (a, b) == (1, 1)
                    else np.zeros(cols.shape)
                )
                crossing = np.zeros(cols.shape)
                if a > 1:
                    crossing += problem.src_par[clamp(rows - 1, 0, None)] != problem.src_par[top]
                if b > 1:
                    crossing += problem.tgt_par[clamp(safe_cols - 1, 0, None)] != problem.tgt_par[left]
                features["crossings"] = crossing
            else:
                counts = problem.src_unmatched if a else problem.tgt_unmatched
                if counts is None or counts.size == 0:
                    features["unmatched"] = np.zeros(cols.shape)
                else:
                    index = clamp((rows if a else safe_cols) - 1, 0, counts.size - 1)
                    features["unmatched"] = np.broadcast_to(
                        np.minimum(counts[index], UNMATCHED_CAP), cols.shape
                    ).astype(np.float64)
                if a:
                    features["lex_best"] = np.broadcast_to(self._row_best[rows], cols.shape).astype(
                        np.float64
                    )
                else:
                    features["lex_best"] = self._column_best[safe_cols]
                features["lex_best_rel"] = (
                    features["lex_best"] - typical if problem.spans is not None else features["lex_best"]
                )
            yield (a, b), valid, FeatureMap(features, x, y)


class FeatureMap(Mapping[str, FloatArray]):
    """A shape's features: the base ones as computed, each hinge ``f>k`` made when it is read.

    Values outside the shape's valid cells are finite but meaningless. The engine reads each
    feature once to add it into the cost, so at most one hinge array exists at a time.
    """

    def __init__(self, base: dict[str, FloatArray], x: FloatArray, y: FloatArray) -> None:
        """``base`` maps base feature names to arrays; ``x``, ``y`` are the beads' side lengths."""
        self._base = base
        self.x = x
        """The source side's length of each bead (characters), what ``length_features`` reads."""
        self.y = y
        """The target side's."""

    def __getitem__(self, name: str) -> FloatArray:
        if name in self._base:
            return self._base[name]
        feature, sep, knot = name.rpartition(">")
        if not sep or feature not in self._base:
            raise KeyError(name)
        result: FloatArray = np.maximum(self._base[feature] - float(knot), 0.0)
        return result

    def __iter__(self) -> Iterator[str]:
        names = [*self._base, *(f"{f}>{k}" for f in self._base for k in HINGES.get(f, ()))]
        return iter(names)

    def __len__(self) -> int:
        return len(self._base) + sum(len(HINGES.get(f, ())) for f in self._base)


def _lexical(
    band: Band, band_one_one: FloatArray, score: FloatArray, rows: IntArray, cols: IntArray, a: int, b: int
) -> dict[str, FloatArray]:
    """``lex``, ``lex_min``, ``lex_gap`` and ``lex_cross`` of the beads of shape ``a``-``b`` ending at
    the cells ``(rows, cols)``, whose lexical scores are ``score``; ``band_one_one`` holds the band's
    1-1 scores."""
    zeros = np.zeros(cols.shape)
    if (a, b) == (1, 1):
        return {"lex": score, "lex_min": score, "lex_gap": zeros, "lex_cross": zeros}
    # sub[p][q]: the 1-1 score of the bead's p-th source and q-th target sentence.
    sub = [[np.zeros(cols.shape) for _ in range(b)] for _ in range(a)]
    for p in range(a):
        for q in range(b):
            value, inside = _shifted(band_one_one, band, rows, cols, a - 1 - p, b - 1 - q)
            sub[p][q] = np.where(inside, value, score)
    best = [np.maximum.reduce(sub[p]) for p in range(a)]
    best += [np.maximum.reduce([sub[p][q] for p in range(a)]) for q in range(b)]
    weakest = np.minimum.reduce(best)
    strongest = np.maximum.reduce(best)
    cross = (sub[0][1] + sub[1][0] - sub[0][0] - sub[1][1]) / 2 if (a, b) == (2, 2) else zeros
    return {"lex": score, "lex_min": weakest, "lex_gap": strongest - weakest, "lex_cross": cross}

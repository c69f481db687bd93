"""The aligner: features -> bead costs on a band -> dynamic program -> beads with confidences.

Two passes. The first uses the length ratio of the whole documents; its confident 1-1 beads
then re-estimate the length model (``LengthModel.refine``) and, where enabled, train a
translation model on the pair itself (hunalign's "realign" idea), and the second pass
aligns again with both. Long documents are searched in a band found coarse-to-fine
(``kobridge.align.band``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from kobridge.align.arrays import clamp
from kobridge.align.band import band_around, band_for
from kobridge.align.beadfeatures import (
    BandFeatures,
    FeatureMap,
    bead_sides,
    feature_names,
    is_length_feature,
    length_features,
    row_blocks,
)
from kobridge.align.beadmodel import BeadModel, WeightSet, load_model
from kobridge.align.dp import INVALID, Band, Costs, posteriors, search
from kobridge.align.length import LengthModel, sentence_lengths
from kobridge.align.problem import Problem, SpanScorer
from kobridge.align.profiles import default_params
from kobridge.model import AlignParams, Bead

if TYPE_CHECKING:
    from kobridge.align.features.lexical import LexicalModel
    from kobridge.align.features.wordlist import WordLexicon

__all__ = ["align"]

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Priced:
    """The bead costs of one band, and what a later pass with another length model reuses.

    A cost is the sum of two parts: the terms of the length features (``length_features``)
    and the rest. ``rest`` is kept when asked for (short documents, whose every pass searches
    the same band), so that a pass that only re-estimates the length model recomputes the
    length terms alone (``reprice``).
    """

    band: Band
    costs: Costs
    rest: Costs | None = None


def _weighted_sum(
    features: FeatureMap, weights: FloatArray, names: tuple[str, ...], length_terms: bool
) -> FloatArray:
    """``weights @ features`` over the length features' terms, or over all the others."""
    total: FloatArray | None = None
    for wf, f in zip(weights, names, strict=True):
        if wf and is_length_feature(f) == length_terms:
            term = float(wf) * features[f]
            total = term if total is None else total + term
    return np.zeros(features.x.shape) if total is None else total


def _shape_weights(
    weights: WeightSet, shapes: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], FloatArray]:
    """Each shape's weights, for the shapes ``weights`` knows."""
    known = {s: weights.weights(*s) for s in shapes}
    return {s: w for s, w in known.items() if w is not None}


def bead_costs(
    problem: Problem,
    band: Band,
    params: AlignParams,
    length: LengthModel,
    weights: WeightSet,
    *,
    keep: bool = False,
) -> Priced:
    """The cost of every bead shape ending at every cell of ``band`` (see ``dp.search``).

    Each cost is the bead model's dot product of the bead's features with its shape's
    weights; shapes the weight set does not know are not searched. The features are made
    ``BLOCK_CELLS`` cells at a time, so that only the costs span the whole band. With
    ``keep``, the length-free part of the costs is kept for ``reprice``.
    """
    features = BandFeatures(problem, band, params.max_bead, length)
    shape_weights = _shape_weights(weights, features.shapes)
    shapes = list(shape_weights)
    grid = np.empty((problem.n + 1, len(shapes), band.width))
    rest = np.empty_like(grid) if keep else None
    for start, stop in row_blocks(band):
        for t, ((a, b), valid, block) in enumerate(features.block(start, stop, shapes)):
            names = feature_names(a, b)
            other = np.where(valid, _weighted_sum(block, shape_weights[(a, b)], names, False), INVALID)
            grid[start:stop, t] = other + _weighted_sum(block, shape_weights[(a, b)], names, True)
            if rest is not None:
                rest[start:stop, t] = other
    return Priced(band, Costs(shapes, grid), None if rest is None else Costs(shapes, rest))


def reprice(priced: Priced, problem: Problem, length: LengthModel, weights: WeightSet) -> Priced:
    """``priced`` (costs kept for ``problem``) with the length terms of another length model."""
    if priced.rest is None:
        raise ValueError("these costs were not kept for repricing")
    rest = priced.rest
    grid = np.empty_like(rest.grid)
    shape_weights = _shape_weights(weights, rest.shapes)
    rows = np.arange(problem.n + 1, dtype=np.int64)[:, None]
    cols = clamp(priced.band.columns(), 0, problem.m)
    for t, (a, b) in enumerate(rest.shapes):
        x, y = bead_sides(problem, rows, cols, clamp(rows - a, 0, problem.n), clamp(cols - b, 0, problem.m))
        terms = FeatureMap(length_features(a, b, x, y, length), x, y)
        grid[:, t] = rest.grid[:, t] + _weighted_sum(terms, shape_weights[(a, b)], feature_names(a, b), True)
    return Priced(priced.band, Costs(rest.shapes, grid), rest)


def _beads_from_path(path: Sequence[tuple[int, int]], confidences: Sequence[float]) -> tuple[Bead, ...]:
    """The path's beads, each with its confidence."""
    beads = []
    i = j = 0
    for (a, b), score in zip(path, confidences, strict=True):
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), round(score, 4)))
        i, j = i + a, j + b
    return tuple(beads)


@dataclass(frozen=True)
class _Solver:
    """One pass of the search for one pair: the bead model's weights chosen by the problem's features."""

    model: BeadModel
    korean: bool

    def weights(self, problem: Problem) -> WeightSet:
        return self.model.weight_set(korean=self.korean, lexical=problem.spans is not None)

    def __call__(
        self,
        problem: Problem,
        params: AlignParams,
        length: LengthModel,
        band: Band | None = None,
        *,
        keep: bool = False,
        previous: Priced | None = None,
    ) -> tuple[list[tuple[int, int]], Priced]:
        """Choose a band (unless given), compute the costs on it and search it.

        With ``previous`` (costs kept, ``keep``, by an earlier pass over the same problem and
        band), only the length terms are computed again. A band too narrow to hold any path
        is widened until it does.
        """
        weights = self.weights(problem)
        if previous is not None:
            priced = reprice(previous, problem, length, weights)
            path = search(priced.costs, priced.band, problem.n, problem.m)
            if path is not None:
                return path, priced
            band = priced.band
        if band is None:
            band = band_for(problem, params, length, self)
        while True:
            priced = bead_costs(problem, band, params, length, weights, keep=keep)
            path = search(priced.costs, band, problem.n, problem.m)
            if path is not None:
                return path, priced
            log.debug("no path inside a band of width %d; widening", band.width)
            band = band.widened(problem.m)


def make_problem(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    params: AlignParams,
    *,
    src_par: IntArray,
    tgt_par: IntArray,
    anchors: Sequence[tuple[int, int]] = (),
    lexicon: LexicalModel | None = None,
    word_lexicon: WordLexicon | None = None,
) -> Problem:
    """Every feature of one document pair that the bead features are computed from."""
    from kobridge.align.features.channels import (
        build_channels,
        number_key_lists,
        span_scorer,
        unmatched_numbers,
    )

    numbers = number_key_lists(src, tgt, src_lang, tgt_lang)
    channels = build_channels(src, tgt, src_lang, tgt_lang, params, anchors, word_lexicon, numbers)
    problem = Problem(
        len(src),
        len(tgt),
        _cum(sentence_lengths(src)),
        _cum(sentence_lengths(tgt)),
        src_par,
        tgt_par,
        channels,
    )
    if "anchors" in params.features:
        src_unmatched, tgt_unmatched = unmatched_numbers(src, tgt, src_lang, tgt_lang, numbers)
        problem = dataclasses.replace(problem, src_unmatched=src_unmatched, tgt_unmatched=tgt_unmatched)
    if lexicon is not None and "lexical" in params.features:
        problem = dataclasses.replace(problem, spans=span_scorer(src, tgt, src_lang, tgt_lang, lexicon))
    return problem


def _cum(values: FloatArray) -> FloatArray:
    return np.concatenate([[0.0], np.cumsum(values)])


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    src_lang: str = "ko",
    tgt_lang: str = "en",
    params: AlignParams | None = None,
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
    anchors: Sequence[tuple[int, int]] = (),
    lexicon: LexicalModel | None = None,
    word_lexicon: WordLexicon | None = None,
    model: BeadModel | None = None,
) -> tuple[Bead, ...]:
    """Align two sentence lists.

    Args:
        src: the source sentences, in document order.
        tgt: the target sentences.
        src_lang: ISO 639-1 code of the source; features that assume Hangul run only
            when one side is Korean.
        tgt_lang: ISO 639-1 code of the target.
        params: structure and search settings; by default ``default_params(src_lang, tgt_lang)``.
        src_paragraphs: each source sentence's paragraph index (beads that cross a
            paragraph break are less likely).
        tgt_paragraphs: the same for the target.
        anchors: ``(src_index, tgt_index)`` pairs of sentences known to share a term
            (e.g. glossary entries); they count as shared anchor keys.
        lexicon: the translation model of the lexical feature; by default the shipped
            Korean-English model when the pair is Korean-English (pass another to score
            dev data honestly, or for another language pair).
        word_lexicon: the bilingual word list of the ``words`` channel; by default the
            shipped Korean-English news lexicon when the pair is Korean-English.
        model: the bead model; by default the one ``params.model`` names (the shipped
            model when that is empty).

    Returns:
        Beads that cover every sentence of both sides exactly once, in order, each with
        a confidence in [0, 1].

    Raises:
        ValueError: a paragraph list has the wrong length or an anchor is out of range.
    """
    params = params or default_params(src_lang, tgt_lang)
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return tuple(Bead((i,), ()) for i in range(n)) + tuple(Bead((), (j,)) for j in range(m))
    src_par = _paragraphs(src_paragraphs, n, "src_paragraphs")
    tgt_par = _paragraphs(tgt_paragraphs, m, "tgt_paragraphs")
    for s, t in anchors:
        if not (0 <= s < n and 0 <= t < m):
            raise ValueError(f"anchor ({s}, {t}) is outside the documents ({n} x {m} sentences)")
    korean = {src_lang, tgt_lang} == {"ko", "en"}
    if lexicon is None and "lexical" in params.features and korean:
        from kobridge.align.features.lexical import LexicalModel

        lexicon = LexicalModel.load_default()
    if word_lexicon is None and "words" in params.features and korean:
        from kobridge.align.features.wordlist import WordLexicon

        word_lexicon = WordLexicon.load_default()
    small = (n + 1) * (m + 1) <= params.span_cells
    # Longer pairs: the first pass runs without the bead scorer (its cost grows with the
    # searched cells), the second scores beads fully in a narrow band around the first path;
    # the scorer is built only then, so that its tables and the first pass's costs are never
    # in memory together.
    problem = make_problem(
        src,
        tgt,
        src_lang,
        tgt_lang,
        params,
        src_par=src_par,
        tgt_par=tgt_par,
        anchors=anchors,
        lexicon=lexicon if small else None,
        word_lexicon=word_lexicon,
    )
    solve = _Solver(model or load_model(params.model), korean)
    scored = lexicon is not None and "lexical" in params.features
    weights = solve.model.weight_set(korean=korean, lexical=scored)
    length = LengthModel.estimate(
        np.diff(problem.src_cum),
        np.diff(problem.tgt_cum),
        variance=weights.length_variance,
        tail=weights.length_tail,
    )
    # A short pair searches the whole grid in every pass: its costs are kept, and a pass that
    # only re-estimates the length model recomputes the length terms alone.
    passes = max(params.passes, 1 if small else 2)
    path, priced = solve(problem, params, length, keep=small and passes > 1)
    for later in range(passes - 2, -1, -1):
        posterior = posteriors(priced.costs, priced.band, n, m, path)
        sure = [
            (i, j)
            for (a, b), p, (i, j) in zip(path, posterior, _starts(path), strict=True)
            if (a, b) == (1, 1) and p >= params.sure_confidence
        ]
        src_len, tgt_len = np.diff(problem.src_cum), np.diff(problem.tgt_cum)
        length = length.refine(src_len[[i for i, _ in sure]], tgt_len[[j for _, j in sure]])
        previous = priced if small else None
        if "selftrain" in params.features and len(sure) >= params.selftrain_min_pairs:
            problem = dataclasses.replace(
                problem, spans=_self_trained_scorer(src, tgt, sure, src_lang, tgt_lang, lexicon, params)
            )
            previous = None
        elif problem.spans is None and scored and lexicon is not None:
            from kobridge.align.features.channels import span_scorer

            problem = dataclasses.replace(problem, spans=span_scorer(src, tgt, src_lang, tgt_lang, lexicon))
            previous = None
        narrow = None if small else band_around(path, n, m, params.refine_margin)
        del priced
        path, priced = solve(problem, params, length, narrow, keep=small and later > 0, previous=previous)
    posterior = posteriors(priced.costs, priced.band, n, m, path)
    final = solve.weights(problem)
    return _beads_from_path(
        path, [final.confidence(p, a, b) for p, (a, b) in zip(posterior, path, strict=True)]
    )


def _starts(path: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where each bead of ``path`` starts (its first source and target index)."""
    starts = []
    i = j = 0
    for a, b in path:
        starts.append((i, j))
        i, j = i + a, j + b
    return starts


def _self_trained_scorer(
    src: Sequence[str],
    tgt: Sequence[str],
    pairs: Sequence[tuple[int, int]],
    src_lang: str,
    tgt_lang: str,
    lexicon: LexicalModel | None,
    params: AlignParams,
) -> SpanScorer | None:
    """hunalign's realign: a translation model trained on this pair's confident 1-1 beads.

    With a base model for the pair's languages, EM starts from it (and keeps its
    tokenizers); otherwise tokenizers and tables are trained on the beads alone. At most
    ``params.selftrain_max_pairs`` beads, evenly spread, keep training time bounded.
    """
    from kobridge.align.features.channels import span_scorer
    from kobridge.align.features.lexical import LexicalModel

    step = max(1, -(-len(pairs) // params.selftrain_max_pairs))
    texts = [(src[i], tgt[j]) for i, j in pairs[::step]]
    if lexicon is not None and {src_lang, tgt_lang} == {lexicon.src_lang, lexicon.tgt_lang}:
        oriented = texts if src_lang == lexicon.src_lang else [(t, s) for s, t in texts]
        model = LexicalModel.train(oriented, base=lexicon, iterations=params.selftrain_iterations)
    else:
        model = LexicalModel.train(
            texts,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            vocab_size=params.selftrain_vocab,
            iterations=params.selftrain_iterations,
        )
    return span_scorer(src, tgt, src_lang, tgt_lang, model)


def _paragraphs(values: Sequence[int] | None, count: int, name: str) -> IntArray:
    if values is None:
        return np.zeros(count, dtype=np.int64)
    if len(values) != count:
        raise ValueError(f"{name} has {len(values)} entries for {count} sentences")
    return np.asarray(values, dtype=np.int64)

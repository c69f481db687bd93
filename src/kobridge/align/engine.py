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
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from kobridge.align.band import band_around, band_for
from kobridge.align.dp import INVALID, Band, bead_types, posteriors, search
from kobridge.align.length import LengthModel, sentence_lengths
from kobridge.align.problem import ChannelSpec, Problem, SpanScorer
from kobridge.align.profiles import default_params
from kobridge.align.similarity import Channel, pairwise_on_band
from kobridge.model import AlignParams, Bead

if TYPE_CHECKING:
    from kobridge.align.features.lexical import LexicalModel
    from kobridge.align.features.wordlist import WordLexicon

__all__ = ["align"]

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _prior(params: AlignParams, a: int, b: int) -> float:
    if a == 0 or b == 0:
        return params.prior_skip
    if a == 1 and b == 1:
        return 0.0
    if min(a, b) == 1 and max(a, b) == 2:
        return params.prior_merge
    if a == 2 and b == 2:
        return params.prior_swap
    if min(a, b) == 1 and max(a, b) == 3:
        return params.prior_merge3
    return params.prior_other * (a + b - 3)


def _cum(values: FloatArray) -> FloatArray:
    return np.concatenate([[0.0], np.cumsum(values)])


def bead_costs(
    problem: Problem, band: Band, params: AlignParams, length: LengthModel
) -> dict[tuple[int, int], FloatArray]:
    """The cost of every bead shape ending at every cell of ``band`` (see ``dp.search``)."""
    n, m = problem.n, problem.m
    cols = band.columns()
    rows = np.arange(n + 1, dtype=np.int64)[:, None]
    shapes = bead_types(params.max_bead)
    max_a = max(a for a, _ in shapes)
    max_b = max(b for _, b in shapes)
    channels = []
    for spec in problem.channels:
        sent_lo = np.clip(band.lo[1:] - max_b, 0, None) if n else np.zeros(0, dtype=np.int64)
        ahead = band.lo[np.minimum(np.arange(1, n + 1) + max_a - 1, n)] - band.lo[1:] if n else np.zeros(1)
        width = int(min(band.width + max_b + max(int(ahead.max(initial=0)), 0), m))
        if width >= m:
            sent_lo = np.zeros(n, dtype=np.int64)
            width = m
        matrix = pairwise_on_band(spec.src, spec.tgt, sent_lo, width)
        channels.append((spec, Channel(spec.name, matrix, spec.src.norm2, spec.tgt.norm2)))
    gathered: dict[tuple[int, int, int], FloatArray] = {}

    def pair(c: int, r: int, s: int) -> FloatArray:
        if (c, r, s) not in gathered:
            gathered[(c, r, s)] = channels[c][1].pairwise.gather(rows - r, cols - s)
        return gathered[(c, r, s)]

    norm_cums = [(_cum(ch.src_norm2), _cum(ch.tgt_norm2)) for _, ch in channels]
    safe_cols = np.clip(cols, 0, m)
    costs: dict[tuple[int, int], FloatArray] = {}
    one_one_score: FloatArray | None = None
    for a, b in shapes:
        valid = (rows >= a) & (cols >= b) & (cols <= m)
        top = np.clip(rows - a, 0, n)
        left = np.clip(cols - b, 0, m)
        x = problem.src_cum[rows] - problem.src_cum[top]
        y = problem.tgt_cum[safe_cols] - problem.tgt_cum[left]
        cost = np.full(cols.shape, _prior(params, a, b))
        if a and b:
            cost = cost + params.length_weight * length.cost(x, y)
        else:
            cost = cost + params.skip_length * np.sqrt(length.size(x, y))
            cost = cost - _unmatched_bonus(problem, params, a, rows, safe_cols)
        for c, (spec, _) in enumerate(channels):
            src_cum, tgt_cum = norm_cums[c]
            ns = src_cum[rows] - src_cum[top]
            nt = tgt_cum[safe_cols] - tgt_cum[left]
            if a and b:
                dot = sum(pair(c, r, s) for r in range(1, a + 1) for s in range(1, b + 1))
                denom = np.sqrt(ns * nt)
                cos = np.where(denom > 0, dot / np.where(denom > 0, denom, 1.0), 0.0)
            else:
                cos = np.zeros(cols.shape)
            has = (ns + nt) > 0
            cost = cost + spec.weight * (spec.base * has - np.minimum(cos, 1.0))
        if problem.spans is not None:
            units = (a + b) / 2
            if a and b:
                ok = np.flatnonzero(valid)
                score = np.zeros(cols.size)
                score[ok] = problem.spans.score_spans(
                    np.broadcast_to(top, cols.shape).ravel()[ok],
                    np.full(ok.size, a),
                    left.ravel()[ok],
                    np.full(ok.size, b),
                )
                span_score = np.where(valid, score.reshape(cols.shape), 0.0)
                cost = cost + params.span_weight * units * (params.span_base - span_score)
                if (a, b) == (1, 1):
                    one_one_score = span_score
                    if params.rival_weight:
                        cost = cost + _rival_penalty(span_score, band, params)
                elif (a, b) in ((1, 2), (2, 1)) and params.member_weight and one_one_score is not None:
                    cost = cost + _member_penalty(one_one_score, band, a, params)
            else:
                cost = cost + params.span_weight * units * params.span_base
        if params.paragraph_weight and (a > 1 or b > 1):
            crossing = np.zeros(cols.shape)
            if a > 1:
                crossing += problem.src_par[np.clip(rows - 1, 0, None)] != problem.src_par[top]
            if b > 1:
                crossing += problem.tgt_par[np.clip(safe_cols - 1, 0, None)] != problem.tgt_par[left]
            cost = cost + params.paragraph_weight * crossing
        costs[(a, b)] = np.where(valid, cost, INVALID)
    if params.swap_check_weight and (2, 2) in costs:
        costs[(2, 2)] = costs[(2, 2)] + _swap_penalty(costs[(1, 1)], band, params)
    return costs


def _rival_penalty(score: FloatArray, band: Band, params: AlignParams) -> FloatArray:
    """The extra cost of 1-1 beads whose lexical score is beaten by a neighbouring pair.

    A translation pair usually scores higher than either sentence does with the other side's
    sentences around it; an omission and an addition side by side, paired only because
    they sit together, do not. Each 1-1 bead is compared with the pairs its sentences form
    within ``rival_window`` sentences; the amount by which the best of them beats it, beyond
    ``rival_margin``, costs ``rival_weight`` per unit of score.
    """
    n_rows, width = score.shape
    rows = np.arange(n_rows, dtype=np.int64)[:, None]
    cols = band.columns()
    rival = np.zeros(score.shape)
    for d in range(1, params.rival_window + 1):
        for shift in (-d, d):
            k = np.arange(width)[None, :] + shift
            inside = (k >= 0) & (k < width)
            rival = np.maximum(rival, np.where(inside, score[rows, np.clip(k, 0, width - 1)], 0.0))
            r = rows + shift
            k = cols - band.lo[np.clip(r, 0, n_rows - 1)]
            inside = (r >= 0) & (r < n_rows) & (k >= 0) & (k < width)
            rival = np.maximum(
                rival, np.where(inside, score[np.clip(r, 0, n_rows - 1), np.clip(k, 0, width - 1)], 0.0)
            )
    penalty: FloatArray = params.rival_weight * np.maximum(rival - score - params.rival_margin, 0.0)
    return penalty


def _shifted(
    values: FloatArray, band: Band, cols: IntArray, dr: int, dc: int
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """``values`` (one per cell of ``band``) read ``dr`` rows up and ``dc`` columns left.

    Entry ``[i, k]`` holds the value of the cell at row ``i - dr`` and column
    ``cols[i, k] - dc``; the mask says where that cell lies on the band at all.
    ``cols`` is ``band.columns()``, passed in so that callers build it once.
    """
    n_rows, width = values.shape
    r = np.arange(n_rows, dtype=np.int64)[:, None] - dr
    k = cols - dc - band.lo[np.clip(r, 0, None)]
    ok = (r >= 0) & (k >= 0) & (k < width)
    return values[np.clip(r, 0, None), np.clip(k, 0, width - 1)], ok


def _member_penalty(score: FloatArray, band: Band, a: int, params: AlignParams) -> FloatArray:
    """The extra cost of 1-2 and 2-1 beads whose two members differ much in lexical evidence.

    In a true merge each of the two sentences translates part of the single one, so both
    score alike with it as 1-1 pairs; a bead that swallows an addition or an omission pairs
    a translation (high score) with an unrelated sentence (low score). The gap between the
    members' 1-1 scores beyond ``member_margin`` costs ``member_weight`` per unit of score.
    ``score`` holds the 1-1 lexical scores on the band; ``a`` is the bead's source count.
    """
    value, ok = _shifted(score, band, band.columns(), *((1, 0) if a == 2 else (0, 1)))
    other = np.where(ok, value, 0.0)
    penalty: FloatArray = params.member_weight * np.maximum(np.abs(score - other) - params.member_margin, 0.0)
    return penalty


def _unmatched_bonus(
    problem: Problem, params: AlignParams, a: int, rows: IntArray, cols: IntArray
) -> FloatArray | float:
    """How much cheaper a 1-0 (``a == 1``) or 0-1 bead is for a sentence with unmatched evidence.

    A sentence whose numbers occur nowhere on the other side is likely an addition or an
    omission: each of its number keys (up to ``unmatched_cap``, counted by
    ``channels.unmatched_numbers``) takes ``unmatched_weight`` off its bead. Indexed by the
    bead's end row (source) or end column (target).
    """
    counts = problem.src_unmatched if a else problem.tgt_unmatched
    if counts is None or not params.unmatched_weight:
        return 0.0
    index = np.clip((rows if a else cols) - 1, 0, counts.size - 1)
    bonus: FloatArray = params.unmatched_weight * np.minimum(counts[index], params.unmatched_cap)
    return bonus


def _swap_penalty(one_one: FloatArray, band: Band, params: AlignParams) -> FloatArray:
    """The extra cost of each 2-2 bead whose worst-explained sentence has no partner inside it.

    A merged 2-2 bag can look as good as a true swap (both crossed pairs translate each
    other) when a single pair carries all its evidence and the other two sentences are an
    omission and an insertion. Each of the bead's four sentences is scored by its cheapest
    1-1 sub-pair inside the bead; the worst of the four above ``swap_check_threshold``
    costs ``swap_check_weight`` per unit. Sub-pairs outside the band count as explained.
    """
    cols = band.columns()

    def sub(dr: int, dc: int) -> FloatArray:
        value, ok = _shifted(one_one, band, cols, dr, dc)
        return np.where(ok & (value < INVALID / 2), value, -np.inf)

    first_first, first_second = sub(1, 1), sub(1, 0)
    second_first, second_second = sub(0, 1), sub(0, 0)
    worst: FloatArray = np.maximum.reduce(
        [
            np.minimum(first_first, first_second),
            np.minimum(second_first, second_second),
            np.minimum(first_first, second_first),
            np.minimum(first_second, second_second),
        ]
    )
    penalty: FloatArray = params.swap_check_weight * np.maximum(worst - params.swap_check_threshold, 0.0)
    return penalty


def _beads_from_path(
    path: Sequence[tuple[int, int]],
    costs: dict[tuple[int, int], FloatArray],
    band: Band,
    params: AlignParams,
    posterior: Sequence[float] | None = None,
) -> tuple[Bead, ...]:
    """The path's beads with their confidences.

    With ``posterior`` (each bead's forward-backward marginal, ``dp.posteriors``) the
    confidence is the fitted ``confidence_*`` combination of it and the bead's cost per
    sentence, kept within ``confidence_posterior_floor`` of 0 and 1 (a post-hoc estimate
    never claims certainty); without it (pass 1), the cost-only ``confidence_slope``/``confidence_center``
    logistic that selects the sure beads.
    """
    beads = []
    i = j = 0
    floor = params.confidence_posterior_floor
    for t, (a, b) in enumerate(path):
        i2, j2 = i + a, j + b
        per_unit = float(costs[(a, b)][i2, j2 - band.lo[i2]]) / max(a, b, 1)
        if posterior is None:
            z = params.confidence_slope * (params.confidence_center - per_unit)
        else:
            p = min(max(posterior[t], floor), 1.0 - floor)
            z = (
                params.confidence_bias
                + params.confidence_cost_weight * per_unit
                + params.confidence_posterior_weight * math.log(p / (1.0 - p))
            )
        score = 1.0 / (1.0 + math.exp(-z)) if z > -700.0 else 0.0
        if posterior is not None:
            score = min(max(score, floor), 1.0 - floor)
        beads.append(Bead(tuple(range(i, i2)), tuple(range(j, j2)), round(score, 4)))
        i, j = i2, j2
    return tuple(beads)


def solve(
    problem: Problem, params: AlignParams, length: LengthModel, band: Band | None = None
) -> tuple[list[tuple[int, int]], dict[tuple[int, int], FloatArray], Band]:
    """One pass: choose a band (unless given), compute the costs on it and search it.

    A band too narrow to hold any path is widened until it does.
    """
    if band is None:
        band = band_for(problem, params, length, solve)
    while True:
        costs = bead_costs(problem, band, params, length)
        path = search(costs, band, problem.n, problem.m)
        if path is not None:
            return path, costs, band
        log.debug("no path inside a band of width %d; widening", band.width)
        band = band.widened(problem.m)


def make_problem(
    src_lengths: FloatArray,
    tgt_lengths: FloatArray,
    src_par: IntArray,
    tgt_par: IntArray,
    channels: tuple[ChannelSpec, ...],
) -> Problem:
    """Bundle one document pair's features."""
    return Problem(
        len(src_lengths), len(tgt_lengths), _cum(src_lengths), _cum(tgt_lengths), src_par, tgt_par, channels
    )


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
) -> tuple[Bead, ...]:
    """Align two sentence lists.

    Args:
        src: the source sentences, in document order.
        tgt: the target sentences.
        src_lang: ISO 639-1 code of the source; features that assume Hangul run only
            when one side is Korean.
        tgt_lang: ISO 639-1 code of the target.
        params: tunable settings; by default ``default_params(src_lang, tgt_lang)``,
            tuned on the dev sets.
        src_paragraphs: each source sentence's paragraph index (a soft cue: beads that
            cross a paragraph break cost more).
        tgt_paragraphs: the same for the target.
        anchors: ``(src_index, tgt_index)`` pairs of sentences known to share a term
            (e.g. glossary entries); a soft bonus for aligning them together.
        lexicon: the translation model of the lexical feature; by default the shipped
            Korean-English model when the pair is Korean-English (pass another to score
            dev data honestly, or for another language pair).
        word_lexicon: the bilingual word list of the ``words`` channel; by default the
            shipped Korean-English news lexicon when the pair is Korean-English.

    Returns:
        Beads that cover every sentence of both sides exactly once, in order, each with
        a confidence in [0, 1].

    Raises:
        ValueError: a paragraph list has the wrong length or an anchor is out of range.
    """
    from kobridge.align.features.channels import build_channels

    params = params or default_params(src_lang, tgt_lang)
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return tuple(Bead((i,), ()) for i in range(n)) + tuple(Bead((), (j,)) for j in range(m))
    src_par = _paragraphs(src_paragraphs, n, "src_paragraphs")
    tgt_par = _paragraphs(tgt_paragraphs, m, "tgt_paragraphs")
    for s, t in anchors:
        if not (0 <= s < n and 0 <= t < m):
            raise ValueError(f"anchor ({s}, {t}) is outside the documents ({n} x {m} sentences)")
    src_len = sentence_lengths(src)
    tgt_len = sentence_lengths(tgt)
    if lexicon is None and "lexical" in params.features and {src_lang, tgt_lang} == {"ko", "en"}:
        from kobridge.align.features.lexical import LexicalModel

        lexicon = LexicalModel.load_default()
    if word_lexicon is None and "words" in params.features and {src_lang, tgt_lang} == {"ko", "en"}:
        from kobridge.align.features.wordlist import WordLexicon

        word_lexicon = WordLexicon.load_default()
    specs = build_channels(src, tgt, src_lang, tgt_lang, params, anchors, lexicon, word_lexicon)
    problem = make_problem(src_len, tgt_len, src_par, tgt_par, specs)
    if params.unmatched_weight:
        from kobridge.align.features.channels import unmatched_numbers

        src_unmatched, tgt_unmatched = unmatched_numbers(src, tgt, src_lang, tgt_lang)
        problem = dataclasses.replace(problem, src_unmatched=src_unmatched, tgt_unmatched=tgt_unmatched)
    if lexicon is not None and params.span_weight and "lexical" in params.features:
        from kobridge.align.features.channels import span_scorer

        problem = dataclasses.replace(problem, spans=span_scorer(src, tgt, src_lang, tgt_lang, lexicon))
    length = LengthModel.estimate(src_len, tgt_len, variance=params.length_variance, tail=params.length_tail)
    small = (n + 1) * (m + 1) <= params.span_cells
    # Longer pairs: the first pass runs without the bead scorer (its cost grows with the
    # searched cells), the second scores beads fully in a narrow band around the first path.
    first = problem if small else dataclasses.replace(problem, spans=None)
    path, costs, band = solve(first, params, length)
    for _ in range(max(params.passes, 1 if small else 2) - 1):
        beads = _beads_from_path(path, costs, band, params)
        sure = [b for b in beads if len(b.src) == 1 and len(b.tgt) == 1 and b.score >= params.sure_confidence]
        length = length.refine(src_len[[b.src[0] for b in sure]], tgt_len[[b.tgt[0] for b in sure]])
        if "selftrain" in params.features and len(sure) >= params.selftrain_min_pairs:
            problem = dataclasses.replace(
                problem,
                spans=_self_trained_scorer(
                    src, tgt, [(b.src[0], b.tgt[0]) for b in sure], src_lang, tgt_lang, lexicon, params
                ),
            )
        narrow = None if small else band_around(path, n, m, params.refine_margin)
        path, costs, band = solve(problem, params, length, narrow)
    posterior = posteriors(costs, band, n, m, path, params.confidence_temperature)
    return _beads_from_path(path, costs, band, params, posterior)


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

"""A translation model over sentencepiece pieces (IBM Model 1), for the lexical channel of the aligner.

The model holds one sentencepiece unigram tokenizer per language and two IBM Model 1 lexical tables
trained by EM (Brown et al. 1993): ``t(e|k)`` (a target piece given a source piece) and ``t(k|e)``.
Text is NFKC-normalised and case-folded before it is cut into pieces. Tables are pruned to the
:data:`MAX_PER_ROW` likeliest translations of each piece of at least :data:`MIN_PROB`, which keeps the
shipped model small and the scoring sparse.

The score (``LexicalModel.score``, ``BeadScorer.score_spans``)
    For source pieces ``S`` and target pieces ``T``::

        ev(t | S) = log max(FLOOR, max over s in S of t(t|s))
        fwd = sum over t in T of idf(t) * ev(t | S)  /  sum over t in T of idf(t)
        bwd = the same with the roles of S and T swapped, using t(s|t)
        score = 1 - (fwd + bwd) / (2 * log FLOOR)

    ``FLOOR`` is :data:`FLOOR` (0.01) and ``idf(p) = log((N + 1) / (df(p) + 1))`` over the training
    pairs, so that pieces found everywhere (``▁the``, ``.``, ``는``) count little. Each side's mean is
    length-normalised, so groups of different sizes compare; the score lies in [0, 1]: 1 when every
    piece has a sure translation on the other side, 0 when none has any. The max (rather than IBM-1's
    sum over ``S``) is what makes beads decompose: a piece's evidence under a group of sentences is the
    max of its evidence under each, and a group's mean is its pieces' weighted total over their weight.
    (On the measurement below, the floor 0.01 beat 0.001 by four points and the idf weights beat
    plain means by one.) The evidence of a piece is kept in 255 levels, so scores are exact to 0.004.

How the engine should use it
    * Per document, ``scorer = model.bead_scorer(src_ids_list, tgt_ids_list)`` once, then
      ``scorer.score_spans(src_start, src_len, tgt_start, tgt_len)`` with numpy arrays of candidate
      beads (any number at once, e.g. all of one bead type on the band): it returns the score above for
      each bead, vectorised, with no Python loop over candidates. Beads with an empty side score 0.
      The scorer holds one byte per sentence and vocabulary piece and direction: 80 MB for 20,000
      sentences a side with the default 2,000-piece vocabularies.
    * Self-training on the document (as hunalign's realign): after a first pass, take the confident 1-1
      beads' texts as ``pairs`` and ``LexicalModel.train(pairs, base=model, iterations=3)``. It reuses
      the base's tokenizers (so ids stay comparable), starts EM from the base's tables and mixes the
      result with them (``base_weight=0.8``); a few hundred pairs train in well under a second. In a
      simulation (``train_lexicon.py measure``: each document's gold 1-1 pairs with 8% replaced by the
      next English sentence, as a first pass might err; held-out base), the ±1 figure below rose from
      0.877 to 0.936 on ntrex-dev and from 0.895 to 0.942 on park-dev (without the mixing, to 0.914
      and 0.911). With 20% wrong pairs it stayed about level (0.875, 0.886; without the mixing it fell
      to 0.815, 0.806). In a trial, pairs picked by the lexical score alone did not help: the first
      pass must bring in other evidence (length, anchors).
    * Other language pairs: ``LexicalModel.train(pairs, src_lang="de", tgt_lang="fr",
      vocab_size=1000)`` trains the tokenizers on the pairs themselves.

The shipped default and honest evaluation
    ``LexicalModel.load_default()`` reads ``kobridge/data/lexicon-ko-en.npz`` (lazily, once, through
    ``importlib.resources``; importing kobridge reads nothing). It is trained on both files of
    ``shared/corpora/ko-en`` by ``scripts/train_lexicon.py train`` (see ``data/LEXICON-NOTICE.md`` for
    the corpus, its CC BY-SA licences and attribution). Those files hold the dev sentences, so dev
    figures measured with the default model are optimistic. For honest figures the bench scores each
    set with the model trained on the *other* source::

        .venv/bin/python scripts/train_lexicon.py heldout --out-dir bench/models   # about 10 s
        # bench/models/lexicon-park.npz   (park-dev.tsv only)  -> use for ntrex-dev, ntrex-dev-hard
        # bench/models/lexicon-ntrex.npz  (ntrex-dev.tsv only) -> use for park-dev, park-dev-hard
        model = LexicalModel.load("bench/models/lexicon-park.npz")

Measured (``.venv/bin/python scripts/train_lexicon.py measure``, vocabulary 2,000 pieces a language,
5 EM iterations): for each gold 1-1 bead, is the score of the true English sentence above those of its
neighbours (±1, and ±2) in the same document?

    =========  =================================  =====  ========  ========
    set        model                              beads  beats ±1  beats ±2
    =========  =================================  =====  ========  ========
    ntrex-dev  lexicon-park.npz (held out)         1056     0.877     0.834
    park-dev   lexicon-ntrex.npz (held out)         721     0.895     0.860
    ntrex-dev  default (has seen the sentences)    1056     0.997     0.995
    park-dev   default (has seen the sentences)     721     0.994     0.992
    =========  =================================  =====  ========  ========

Speed, on this shared 2-core machine: for 20,070 sentences a side, ``bead_scorer`` took
1.9 s to build, and ``score_spans`` 5.6 s of CPU for the 4.8 million beads of six shapes (1-1, 1-2, 2-1,
2-2, 1-3, 3-1) in a band of 40 target sentences around each source sentence, the engine's pattern of
calls (the per-sentence sums are cached across shapes).
"""

from __future__ import annotations

import functools
import io
import json
import math
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import sentencepiece as spm

from kobridge.errors import InputError

__all__ = ["FLOOR", "FORMAT_VERSION", "MAX_PER_ROW", "MIN_PROB", "BeadScorer", "LexicalModel"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

FORMAT_VERSION = 1
"""Version of the ``.npz`` layout written by :meth:`LexicalModel.save`."""
FLOOR = 0.01
"""The least evidence a piece can have: the score's zero."""
MIN_PROB = 0.01
"""Translation probabilities below this are pruned from the tables."""
MAX_PER_ROW = 20
"""At most this many translations are kept for each piece."""

_DEFAULT_RESOURCE = "lexicon-ko-en.npz"
_MAX_ENTRIES = 1 << 17  # candidate pieces handled per numpy batch in score_spans
_LEVELS = 255  # evidence is stored in one byte
_KEEP_ROWS = 64  # evidence sums kept for groups that start this many sentences before the first asked
_INIT_FLOOR = 1e-4  # EM's starting value for pairs the base model has pruned


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class _Table:
    """A pruned translation table ``t(col | row)`` in compressed sparse rows; the last row is NULL."""

    __slots__ = ("cols", "indptr", "probs", "slot_cols", "slot_levels", "slot_probs")

    def __init__(self, indptr: IntArray, cols: IntArray, probs: FloatArray) -> None:
        self.indptr = indptr
        self.cols = cols
        self.probs = probs
        # The same entries padded to one row of slots per piece (padding has probability 0), with the
        # evidence levels of _SentenceMax: building a scorer loops over slots, not entries.
        counts = np.diff(indptr)
        row_of = np.repeat(np.arange(self.n_rows), counts)
        slot = np.arange(len(cols)) - indptr[row_of]
        width = int(counts.max(initial=0))
        self.slot_cols = np.zeros((self.n_rows, width), dtype=np.int64)
        self.slot_levels = np.zeros((self.n_rows, width), dtype=np.uint8)
        self.slot_probs = np.zeros((self.n_rows, width))
        self.slot_cols[row_of, slot] = cols
        self.slot_probs[row_of, slot] = probs
        self.slot_levels[row_of, slot] = np.rint(
            _LEVELS * (1.0 - np.log(np.maximum(probs, FLOOR)) / math.log(FLOOR))
        ).astype(np.uint8)

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def lookup(self, rows: IntArray, cols: IntArray, width: int) -> FloatArray:
        """``t(cols | rows)`` element-wise, 0 where pruned; ``width`` bounds the columns."""
        stored = np.repeat(np.arange(self.n_rows), np.diff(self.indptr)) * width + self.cols
        wanted = rows * width + cols
        at = np.minimum(np.searchsorted(stored, wanted), max(len(stored) - 1, 0))
        if len(stored) == 0:
            return np.zeros(len(wanted))
        return np.where(stored[at] == wanted, self.probs[at], 0.0)


class BeadScorer:
    """Scores candidate beads of one document pair; build it with :meth:`LexicalModel.bead_scorer`.

    A bead's score is assembled from per-sentence sums (the evidence a group of ``a`` consecutive
    sentences gives the pieces of one sentence of the other side), which are cached: the 1-2 and 2-1
    beads at a cell reuse the sums of the 1-1 bead. The cache holds 16 bytes per sum computed.
    """

    def __init__(
        self,
        model: LexicalModel,
        src_ids_list: Sequence[Sequence[int] | IntArray],
        tgt_ids_list: Sequence[Sequence[int] | IntArray],
    ) -> None:
        self._src = _Flat(src_ids_list)
        self._tgt = _Flat(tgt_ids_list)
        # Target pieces explained by source groups, and source pieces explained by target groups.
        fwd = _SentenceMax(model._fwd, self._src, model._fwd_cols)
        bwd = _SentenceMax(model._bwd, self._tgt, model._bwd_cols)
        self._fwd = _Direction(fwd, self._tgt, model._idf[model.tgt_lang])
        self._bwd = _Direction(bwd, self._src, model._idf[model.src_lang])

    def score_spans(
        self, src_start: IntArray, src_len: IntArray, tgt_start: IntArray, tgt_len: IntArray
    ) -> FloatArray:
        """Scores of beads ``src[src_start:][:src_len]`` ↔ ``tgt[tgt_start:][:tgt_len]``.

        Args:
            src_start, src_len, tgt_start, tgt_len: integer arrays of one length, one entry per bead.

        Returns:
            The score of each bead, in [0, 1] (see the module notes); 0 where a side is empty or has no
            pieces.

        Raises:
            ValueError: the arrays differ in length or a span leaves the document.
        """
        arrays = [np.asarray(a, dtype=np.int64).ravel() for a in (src_start, src_len, tgt_start, tgt_len)]
        ss, sl, ts, tl = arrays
        if len({len(a) for a in arrays}) > 1:
            raise ValueError("score_spans needs four arrays of the same length")
        if len(ss) and (
            (ss < 0).any() or (ts < 0).any() or (ss + sl > self._src.n).any() or (ts + tl > self._tgt.n).any()
        ):
            raise ValueError("a bead's span reaches outside the document")
        fwd = self._fwd.explain(ss, sl, ts, tl)
        bwd = self._bwd.explain(ts, tl, ss, sl)
        return np.where((sl > 0) & (tl > 0), (fwd + bwd) / 2, 0.0)


class _Direction:
    """One direction of the score: how well groups of one side explain the other side's pieces."""

    __slots__ = ("_best", "_cache", "_cumulative", "_other", "_weight")

    def __init__(self, best: _SentenceMax, other: _Flat, weight: FloatArray) -> None:
        self._best = best
        self._other = other
        self._weight = weight
        self._cumulative = np.concatenate([[0.0], np.cumsum(weight[other.ids])])
        self._cache: dict[int, tuple[IntArray, FloatArray]] = {}

    def explain(self, g_start: IntArray, g_len: IntArray, o_start: IntArray, o_len: IntArray) -> FloatArray:
        """Weighted mean evidence of each bead's other-side pieces under its group, in [0, 1]."""
        offsets = self._other.offsets
        total = self._cumulative[offsets[o_start + o_len]] - self._cumulative[offsets[o_start]]
        evidence = np.zeros(len(g_start))
        for a in np.unique(g_len[g_len > 0]).tolist():
            beads = np.flatnonzero(g_len == a)
            for k in range(int(o_len[beads].max(initial=0))):
                part = beads[o_len[beads] > k]
                evidence[part] += self._sums(a, g_start[part], o_start[part] + k)
        has = total > 0
        return np.where(has, evidence / (_LEVELS * np.where(has, total, 1.0)), 0.0)

    def _sums(self, a: int, g_start: IntArray, sentence: IntArray) -> FloatArray:
        """Weighted evidence sums of ``sentence``'s pieces under the ``a`` sentences from ``g_start``.

        Sums already computed come from the cache; the others are computed and added to it.
        """
        width = self._other.n
        codes = g_start * width + sentence
        known, values = self._cache.get(a, (np.zeros(0, dtype=np.int64), np.zeros(0)))
        if len(codes) and len(known):
            # Sums of groups far behind the first asked for go: the search asks in document order
            # (a sum asked for again after all is computed again, the same).
            keep = int(np.searchsorted(known, (int(codes.min()) // width - _KEEP_ROWS) * width))
            known, values = known[keep:], values[keep:]
        at = np.minimum(np.searchsorted(known, codes), max(len(known) - 1, 0))
        hit = known[at] == codes if len(known) else np.zeros(len(codes), dtype=bool)
        missing = _sorted_unique(codes[~hit])
        if len(missing):
            new = _evidence_sums(self._best, missing // width, a, self._other, missing % width, self._weight)
            # Both are sorted and disjoint: inserting keeps the cache sorted without sorting it
            # again, and needs room for one new copy of it only.
            where = np.searchsorted(known, missing)
            known, values = np.insert(known, where, missing), np.insert(values, where, new)
            self._cache[a] = (known, values)
            at = np.searchsorted(known, codes)
        return values[at]


class _Flat:
    """Sentences' piece ids as one flat array with offsets."""

    __slots__ = ("ids", "n", "offsets")

    def __init__(self, ids_list: Sequence[Sequence[int] | IntArray]) -> None:
        lengths = np.array([len(ids) for ids in ids_list], dtype=np.int64)
        self.n = len(lengths)
        self.offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        parts = [np.asarray(ids, dtype=np.int64) for ids in ids_list]
        self.ids = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


class _SentenceMax:
    """``levels[sentence, piece]``: the evidence a sentence gives a piece of the other language.

    The evidence is ``1 - log max(FLOOR, max over the sentence's pieces s of t(piece|s)) / log FLOOR``,
    in [0, 1], stored densely in 255 levels (one byte per sentence and piece of the vocabulary), so that
    a bead needs only array gathers. Levels are made for a run of at least ``ROWS`` sentences at a time
    and only the last run is kept: the search asks for sentences in document order, so a long document
    never holds the levels of all its sentences (2 MB per 1,000 sentences and 2,000 pieces).
    """

    ROWS = 4096
    BEFORE = 16

    __slots__ = ("_lo", "_rows", "_side", "_table", "width")

    def __init__(self, table: _Table, side: _Flat, width: int) -> None:
        self._table = table
        self._side = side
        self.width = width
        self._lo = 0
        self._rows = np.zeros((0, width), dtype=np.uint8)

    def rows(self, lo: int, hi: int) -> tuple[npt.NDArray[np.uint8], int]:
        """The levels of sentences ``lo .. hi - 1`` (and maybe more) as ``(levels, first sentence)``."""
        old_lo, old_hi = self._lo, self._lo + len(self._rows)
        if old_lo <= lo and hi <= old_hi:
            return self._rows, self._lo
        if old_lo <= lo <= old_hi:
            # Moving on: keep the rows made (up to ROWS behind ``lo``, where the other shapes of the
            # same rows will ask again) and make the next ROWS.
            keep = max(old_lo, lo - self.ROWS)
            ahead = self._make(old_hi, min(max(hi, lo + self.ROWS), self._side.n))
            self._rows = np.concatenate([self._rows[keep - old_lo :], ahead])
            self._lo = keep
        else:
            self._rows = np.zeros((0, self.width), dtype=np.uint8)  # the old run goes first
            self._lo = max(lo - self.BEFORE, 0)
            self._rows = self._make(self._lo, min(max(hi, self._lo + self.ROWS), self._side.n))
        return self._rows, self._lo

    def _make(self, lo: int, hi: int) -> npt.NDArray[np.uint8]:
        side, table, width = self._side, self._table, self.width
        levels = np.zeros((hi - lo, width), dtype=np.uint8)
        start, stop = int(side.offsets[lo]), int(side.offsets[hi])
        ids = side.ids[start:stop]
        sentence_of = np.repeat(np.arange(hi - lo), np.diff(side.offsets[lo : hi + 1]))
        flat = levels.reshape(-1)  # a view: numpy's one-dimensional ufunc.at is the faster one
        for slot in range(table.slot_cols.shape[1]):
            slot_levels = table.slot_levels[ids, slot]
            filled = slot_levels > 0
            cells = sentence_of[filled] * width + table.slot_cols[ids[filled], slot]
            np.maximum.at(flat, cells, slot_levels[filled])
        return levels


def _sorted_unique(values: IntArray) -> IntArray:
    """``np.unique`` by sorting (faster here than numpy's hash-based unique on large arrays)."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _evidence_sums(
    best: _SentenceMax, g_start: IntArray, g_len: int, other: _Flat, sentence: IntArray, weight: FloatArray
) -> FloatArray:
    """For each i: the sum over the pieces w of ``sentence[i]`` of ``weight[w]`` times the best level
    that sentences ``g_start[i] .. g_start[i] + g_len - 1`` give ``w``."""
    piece_start = other.offsets[sentence]
    piece_count = other.offsets[sentence + 1] - piece_start
    width = best.width
    sums = np.zeros(len(g_start))
    cumulative = np.cumsum(piece_count)
    bead = 0
    while bead < len(g_start):
        # Take as many as fit in one batch of pieces (at least one).
        done = int(cumulative[bead - 1]) if bead else 0
        stop = max(bead + 1, int(np.searchsorted(cumulative, done + _MAX_ENTRIES, side="right")))
        counts = piece_count[bead:stop]
        owner = np.repeat(np.arange(bead, stop), counts)
        first = np.repeat(piece_start[bead:stop] - np.cumsum(counts) + counts, counts)
        pieces = other.ids[first + np.arange(len(first))]
        rows, row0 = best.rows(int(g_start[bead:stop].min()), int(g_start[bead:stop].max()) + g_len)
        levels = rows.reshape(-1)
        flat_at = (g_start[owner] - row0) * width + pieces
        evidence = np.take(levels, flat_at)
        for _ in range(1, g_len):
            flat_at += width
            np.maximum(evidence, np.take(levels, flat_at), out=evidence)
        sums[bead:stop] = np.bincount(owner - bead, weights=evidence * weight[pieces], minlength=stop - bead)
        bead = stop
    return sums


class LexicalModel:
    """Sentencepiece tokenizers for two languages and IBM Model 1 tables in both directions.

    Build one with :meth:`train`, :meth:`load` or :meth:`load_default`; it is immutable.
    """

    def __init__(
        self,
        *,
        src_lang: str,
        tgt_lang: str,
        src_tokenizer: bytes,
        tgt_tokenizer: bytes,
        fwd: _Table,
        bwd: _Table,
        src_idf: FloatArray,
        tgt_idf: FloatArray,
        info: dict[str, Any],
    ) -> None:
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.info = dict(info)
        self._protos = {src_lang: src_tokenizer, tgt_lang: tgt_tokenizer}
        self._sp = {
            lang: spm.SentencePieceProcessor(model_proto=proto) for lang, proto in self._protos.items()
        }
        self._fwd = fwd
        self._bwd = bwd
        self._fwd_cols = self._sp[tgt_lang].get_piece_size()
        self._bwd_cols = self._sp[src_lang].get_piece_size()
        self._idf = {src_lang: src_idf, tgt_lang: tgt_idf}

    def __repr__(self) -> str:
        return f"LexicalModel({self.src_lang}-{self.tgt_lang}, {self.info.get('corpus', '?')})"

    # Tokenising.

    def encode(self, text: str, lang: str) -> list[int]:
        """The piece ids of ``text`` (NFKC-normalised and case-folded first).

        Raises:
            ValueError: the model has no tokenizer for ``lang``.
        """
        return list(self._processor(lang).encode(_normalise(text)))

    def encode_array(self, text: str, lang: str) -> IntArray:
        """:meth:`encode` as an array: a long document's pieces take 8 bytes each, not a Python int."""
        return np.array(self._processor(lang).encode(_normalise(text)), dtype=np.int64)

    def _processor(self, lang: str) -> spm.SentencePieceProcessor:
        if lang not in self._sp:
            raise ValueError(f"this lexical model covers {self.src_lang} and {self.tgt_lang}, not {lang!r}")
        return self._sp[lang]

    # Scoring.

    def score(self, src_ids: Sequence[int], tgt_ids: Sequence[int]) -> float:
        """The similarity of two piece sequences, in [0, 1] (formula in the module notes).

        For many candidates of one document use :meth:`bead_scorer`, which gives the same numbers.
        """
        scorer = BeadScorer(self, [src_ids], [tgt_ids])
        one = np.ones(1, dtype=np.int64)
        return float(scorer.score_spans(one * 0, one, one * 0, one)[0])

    def bead_scorer(
        self,
        src_ids_list: Sequence[Sequence[int] | IntArray],
        tgt_ids_list: Sequence[Sequence[int] | IntArray],
    ) -> BeadScorer:
        """A scorer for beads over these source and target sentences (lists of piece ids)."""
        return BeadScorer(self, src_ids_list, tgt_ids_list)

    # Training.

    @classmethod
    def train(
        cls,
        pairs: Iterable[tuple[str, str]],
        *,
        iterations: int = 5,
        base: LexicalModel | None = None,
        src_lang: str = "ko",
        tgt_lang: str = "en",
        vocab_size: int = 2000,
        corpus: str = "",
        base_weight: float = 0.8,
    ) -> LexicalModel:
        """Train IBM Model 1 in both directions on sentence pairs.

        Args:
            pairs: ``(source, target)`` texts that translate each other.
            iterations: EM iterations.
            base: reuse this model's tokenizers and start EM from its tables (self-training); the
                languages are then the base's.
            base_weight: with ``base``, the trained tables are mixed with the base's,
                ``(1 - base_weight) * t_new + base_weight * t_base``: a document's few pairs refine
                the base rather than replace it.
            src_lang, tgt_lang: the languages when there is no base.
            vocab_size: pieces per language when the tokenizers are trained here (without ``base``);
                sentencepiece may stop short of it on a small corpus.
            corpus: a description of the training data, kept in the model's ``info``.

        Returns:
            The trained model.

        Raises:
            ValueError: there are no pairs, ``iterations`` is below 1 or ``base_weight`` is outside
                [0, 1].
        """
        texts = [(_normalise(s), _normalise(t)) for s, t in pairs]
        if not texts:
            raise ValueError("LexicalModel.train needs at least one sentence pair")
        if iterations < 1:
            raise ValueError(f"iterations must be at least 1, not {iterations}")
        if not 0.0 <= base_weight <= 1.0:
            raise ValueError(f"base_weight must lie in [0, 1], not {base_weight}")
        if base is not None:
            src_lang, tgt_lang = base.src_lang, base.tgt_lang
            src_proto, tgt_proto = base._protos[src_lang], base._protos[tgt_lang]
        else:
            src_proto = _train_tokenizer([s for s, _ in texts], vocab_size)
            tgt_proto = _train_tokenizer([t for _, t in texts], vocab_size)
        src_sp = spm.SentencePieceProcessor(model_proto=src_proto)
        tgt_sp = spm.SentencePieceProcessor(model_proto=tgt_proto)
        src_ids = [np.asarray(src_sp.encode(s), dtype=np.int64) for s, _ in texts]
        tgt_ids = [np.asarray(tgt_sp.encode(t), dtype=np.int64) for _, t in texts]
        n_src, n_tgt = src_sp.get_piece_size(), tgt_sp.get_piece_size()
        fwd = _ibm1(src_ids, tgt_ids, n_src, n_tgt, iterations, base._fwd if base else None)
        bwd = _ibm1(tgt_ids, src_ids, n_tgt, n_src, iterations, base._bwd if base else None)
        if base is not None and base_weight > 0:
            fwd = _mix(fwd, base._fwd, base_weight, n_tgt)
            bwd = _mix(bwd, base._bwd, base_weight, n_src)
        info = {
            "format": FORMAT_VERSION,
            "corpus": corpus or f"{len(texts)} pairs",
            "pairs": len(texts),
            "iterations": iterations,
            "self_trained_from": base.info.get("corpus", "") if base else "",
        }
        return cls(
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            src_tokenizer=src_proto,
            tgt_tokenizer=tgt_proto,
            fwd=fwd,
            bwd=bwd,
            src_idf=_idf(src_ids, n_src),
            tgt_idf=_idf(tgt_ids, n_tgt),
            info=info,
        )

    # Files.

    def save(self, path: str | Path) -> None:
        """Write the model to one compressed ``.npz`` file (layout version :data:`FORMAT_VERSION`)."""
        meta = {**self.info, "format": FORMAT_VERSION, "src_lang": self.src_lang, "tgt_lang": self.tgt_lang}
        arrays: dict[str, npt.NDArray[Any]] = {
            "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8),
            "src_tokenizer": np.frombuffer(self._protos[self.src_lang], dtype=np.uint8),
            "tgt_tokenizer": np.frombuffer(self._protos[self.tgt_lang], dtype=np.uint8),
            "src_idf": self._idf[self.src_lang].astype(np.float16),
            "tgt_idf": self._idf[self.tgt_lang].astype(np.float16),
        }
        for name, table in (("fwd", self._fwd), ("bwd", self._bwd)):
            arrays[f"{name}_indptr"] = table.indptr.astype(np.int32)
            arrays[f"{name}_cols"] = table.cols.astype(
                np.uint16 if table.cols.max(initial=0) < 65536 else np.int32
            )
            arrays[f"{name}_probs"] = table.probs.astype(np.float16)
        with open(path, "wb") as out:
            np.savez_compressed(out, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: str | Path) -> LexicalModel:
        """Read a model written by :meth:`save`.

        Raises:
            InputError: the file is missing, unreadable, or not a lexical model of this format.
        """
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError as error:
            raise InputError(f"cannot read the lexical model: {error.strerror}", path=str(path)) from error
        if not zipfile.is_zipfile(io.BytesIO(data)):
            reason = "not an .npz archive"
        else:
            try:
                return cls._read(io.BytesIO(data))
            except _NotAModel as error:
                reason = str(error)
            except _DAMAGED:  # numpy's and sentencepiece's messages (allow_pickle advice) would mislead
                reason = "its arrays are damaged or not a lexical model's"
        raise InputError(
            f"not a kobridge lexical model ({reason}); make one with kobridge lexicon train", path=str(path)
        )

    @classmethod
    def load_default(cls) -> LexicalModel:
        """The shipped Korean–English model (read once, on first use, then shared)."""
        return _load_default()

    @classmethod
    def _read(cls, stream: IO[bytes]) -> LexicalModel:
        with np.load(io.BytesIO(stream.read()), allow_pickle=False) as data:
            if "meta" not in data.files:
                raise _NotAModel("an .npz without a model's metadata")
            meta = json.loads(data["meta"].tobytes().decode())
            if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
                found = meta.get("format") if isinstance(meta, dict) else None
                raise _NotAModel(f"layout version {found}, expected {FORMAT_VERSION}")
            tables = {
                name: _Table(
                    data[f"{name}_indptr"].astype(np.int64),
                    data[f"{name}_cols"].astype(np.int64),
                    data[f"{name}_probs"].astype(np.float64),
                )
                for name in ("fwd", "bwd")
            }
            return cls(
                src_lang=meta["src_lang"],
                tgt_lang=meta["tgt_lang"],
                src_tokenizer=data["src_tokenizer"].tobytes(),
                tgt_tokenizer=data["tgt_tokenizer"].tobytes(),
                fwd=tables["fwd"],
                bwd=tables["bwd"],
                src_idf=data["src_idf"].astype(np.float64),
                tgt_idf=data["tgt_idf"].astype(np.float64),
                info={k: v for k, v in meta.items() if k not in ("src_lang", "tgt_lang")},
            )


class _NotAModel(ValueError):
    """A file that is an .npz archive but not a lexical model; the message says why."""


# What numpy, zipfile and sentencepiece raise on an archive that is not a model's (or is truncated).
_DAMAGED = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    RuntimeError,
    OSError,
    EOFError,
    zipfile.BadZipFile,
)


@functools.cache
def _load_default() -> LexicalModel:
    resource = resources.files("kobridge").joinpath("data", _DEFAULT_RESOURCE)
    with resource.open("rb") as stream:
        return LexicalModel._read(stream)


def _train_tokenizer(lines: list[str], vocab_size: int) -> bytes:
    proto = io.BytesIO()
    # sentencepiece refuses a vocabulary smaller than the alphabet plus its meta pieces.
    alphabet = len(set().union(*map(set, lines)))
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=proto,
        vocab_size=max(vocab_size, alphabet + 8),
        model_type="unigram",
        normalization_rule_name="identity",
        hard_vocab_limit=False,
        character_coverage=0.9995,
        num_threads=1,
        minloglevel=2,
    )
    return proto.getvalue()


def _idf(ids: list[IntArray], n_pieces: int) -> FloatArray:
    df = np.zeros(n_pieces)
    for sentence in ids:
        df[np.unique(sentence)] += 1
    return np.log((len(ids) + 1) / (df + 1))


def _ibm1(
    src_ids: list[IntArray],
    tgt_ids: list[IntArray],
    n_src: int,
    n_tgt: int,
    iterations: int,
    init: _Table | None,
) -> _Table:
    """EM for IBM Model 1, ``t(tgt | src)``, over the source-target piece pairs that co-occur.

    Every target piece is generated by one of its sentence's source pieces or by NULL (row ``n_src``).
    Only co-occurring pairs get a parameter, so memory grows with the corpus, not with vocabulary².
    """
    null = np.array([n_src], dtype=np.int64)
    src_parts: list[IntArray] = []
    tgt_parts: list[IntArray] = []
    position_parts: list[IntArray] = []
    position = 0
    for src, tgt in zip(src_ids, tgt_ids, strict=True):
        if len(tgt) == 0:
            continue
        sources = np.concatenate([src, null])
        src_parts.append(np.tile(sources, len(tgt)))
        tgt_parts.append(np.repeat(tgt, len(sources)))
        position_parts.append(np.repeat(np.arange(position, position + len(tgt)), len(sources)))
        position += len(tgt)
    if position == 0:
        return _Table(np.zeros(n_src + 2, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    codes = np.concatenate(src_parts) * n_tgt + np.concatenate(tgt_parts)
    where = np.concatenate(position_parts)
    params, param_of = np.unique(codes, return_inverse=True)
    row_of = params // n_tgt
    if init is None:
        t = np.full(len(params), 1.0 / n_tgt)
    else:
        t = np.maximum(init.lookup(row_of, params % n_tgt, n_tgt), _INIT_FLOOR)
    for _ in range(iterations):
        p = t[param_of]
        share = p / np.bincount(where, weights=p, minlength=position)[where]
        counts = np.bincount(param_of, weights=share, minlength=len(params))
        t = counts / np.bincount(row_of, weights=counts, minlength=n_src + 1)[row_of]
    return _prune(row_of, params % n_tgt, t, n_src + 1)


def _mix(table: _Table, base: _Table, base_weight: float, width: int) -> _Table:
    """``(1 - base_weight) * table + base_weight * base``, entry by entry, pruned again."""
    codes_parts = []
    for t in (table, base):
        rows = np.repeat(np.arange(t.n_rows), np.diff(t.indptr))
        codes_parts.append(rows * width + t.cols)
    codes = np.concatenate(codes_parts)
    probs = np.concatenate([(1 - base_weight) * table.probs, base_weight * base.probs])
    unique, inverse = np.unique(codes, return_inverse=True)
    mixed = np.bincount(inverse, weights=probs).astype(np.float64)
    return _prune(unique // width, unique % width, mixed, table.n_rows)


def _prune(rows: IntArray, cols: IntArray, probs: FloatArray, n_rows: int) -> _Table:
    keep = probs >= MIN_PROB
    rows, cols, probs = rows[keep], cols[keep], probs[keep]
    order = np.lexsort((-probs, rows))
    rows, cols, probs = rows[order], cols[order], probs[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = rank < MAX_PER_ROW
    rows, cols, probs = rows[keep], cols[keep], probs[keep]
    order = np.lexsort((cols, rows))
    rows, cols, probs = rows[order], cols[order], probs[order]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_rows))]).astype(np.int64)
    return _Table(indptr, cols.astype(np.int64), probs.astype(np.float64))

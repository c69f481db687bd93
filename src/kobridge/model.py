"""The data model: immutable values passed between kobridge's stages.

Every stage of the pipeline (segment → align → annotate → write) takes and returns
these frozen dataclasses, so a stage can never change what an earlier one produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal

__all__ = [
    "AlignParams",
    "Alignment",
    "Bead",
    "Document",
    "GlossaryEntry",
    "Review",
    "Revision",
    "Sentence",
    "TermHit",
]

Review = Literal["", "confirmed", "edited"]
"""Who vouches for a bead: ``""`` the aligner alone, ``"confirmed"`` a person checked it,
``"edited"`` a person made it by hand (see ``kobridge review``)."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document.

    Invariant: ``document_text[start:end] == text``. Segmentation never rewrites text.
    ``paragraph`` is the 0-based index of the paragraph the sentence belongs to.
    """

    text: str
    start: int
    end: int
    lang: str
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Bead:
    """A unit of the alignment: source sentences that translate target sentences.

    ``src`` and ``tgt`` hold 0-based sentence indices, consecutive and ascending. An
    empty side is an omission (``tgt == ()``) or an addition (``src == ()``).
    ``score`` is the aligner's confidence in the bead, in [0, 1]. ``review`` says whether a
    person confirmed the bead or made it by hand (TEI ``@resp``).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0
    review: Review = ""

    @property
    def kind(self) -> str:
        """The bead type as the field writes it, e.g. ``"2-1"``."""
        return f"{len(self.src)}-{len(self.tgt)}"

    def format(self, *, with_score: bool = False) -> str:
        """The benchmark bead format: ``[0, 1]:[2]``, or ``[0, 1]:[2]:0.830``."""
        text = f"{list(self.src)}:{list(self.tgt)}"
        return f"{text}:{self.score:.3f}" if with_score else text

    def __str__(self) -> str:
        return self.format()


@dataclass(frozen=True, slots=True)
class Document:
    """One side of an article pair: its full text, language and sentences."""

    text: str
    lang: str
    sentences: tuple[Sentence, ...]
    name: str = "-"
    # Glossary terms found in each sentence (offsets into the sentence's text), one tuple per
    # sentence; empty when no glossary was applied.
    terms: tuple[tuple[TermHit, ...], ...] = ()

    @property
    def paragraph_count(self) -> int:
        return self.sentences[-1].paragraph + 1 if self.sentences else 0


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Every tunable value of the aligner, so that output can be reproduced.

    ``signature()`` is written into the output headers.
    """

    max_bead: int = 3
    features: tuple[str, ...] = ("length", "anchors", "cognates", "lexical", "words")
    # Bead priors: the cost of each bead shape before any evidence (1-1 costs 0).
    prior_skip: float = 1.25
    prior_merge: float = 3.5
    prior_swap: float = 6.0
    # 2-2 beads: each sentence needs a partner inside the bead (see align.engine._swap_penalty).
    swap_check_weight: float = 6.0
    swap_check_threshold: float = 4.7
    # Omissions and additions: a sentence none of whose numbers occurs on the other side gets
    # its 1-0 or 0-1 bead this much cheaper per number key, at most unmatched_cap keys.
    unmatched_weight: float = 1.0
    unmatched_cap: float = 2.0
    # 1-1 beads whose lexical score a neighbouring pair beats (see align.engine._rival_penalty).
    rival_weight: float = 20.0
    rival_margin: float = 0.04
    rival_window: int = 2
    # 1-2 and 2-1 beads whose two members' 1-1 lexical scores differ by more than the margin
    # (see align.engine._member_penalty).
    member_weight: float = 30.0
    member_margin: float = 0.12
    prior_merge3: float = 8.0
    prior_other: float = 4.0
    skip_length: float = 0.1
    # Length (Gale-Church): weight, variance per unit of target length, Student-t tail.
    length_weight: float = 1.0
    length_variance: float = 6.0
    length_tail: float = 4.0
    # Similarity channels: weight and baseline of each (see align.problem.ChannelSpec).
    anchor_weight: float = 3.0
    anchor_base: float = 0.3
    cognate_weight: float = 3.0
    cognate_base: float = 0.3
    lexical_weight: float = 0.0
    lexical_base: float = 0.3
    words_weight: float = 2.0
    words_base: float = 0.15
    key_max_share: float = 0.2
    span_weight: float = 16.0
    span_base: float = 0.28
    selftrain_min_pairs: int = 40
    selftrain_iterations: int = 5
    selftrain_vocab: int = 1000
    selftrain_max_pairs: int = 2000
    glossary_weight: float = 1.5
    paragraph_weight: float = 1.0
    # Search: passes, exact search up to this many grid cells, coarse-to-fine beyond.
    passes: int = 2
    exact_cells: int = 300_000
    span_cells: int = 40_000
    coarse_factor: int = 4
    band_margin: int = 12
    refine_margin: int = 4
    # Bead confidence: 1 / (1 + exp(-z)) with z = bias + cost_weight * (bead cost per sentence
    # on its longer side) + posterior_weight * logit(posterior), the posterior being the bead's
    # forward-backward marginal among all paths in the band at this temperature, clipped to
    # [posterior_floor, 1 - posterior_floor] (see align.dp.posteriors), as is the confidence.
    # Fitted by logistic regression to whether beads were right on the ko_en dev sets
    # (bench/confidence.py --fit, temperature 1: in-sample AUC 0.909).
    confidence_bias: float = 0.578
    confidence_cost_weight: float = -0.016
    confidence_posterior_weight: float = 1.104
    confidence_temperature: float = 1.0
    confidence_posterior_floor: float = 1e-4
    # Pass 1's 1-1 beads with 1 / (1 + exp(slope * (cost per sentence - center)))
    # at least sure_confidence re-estimate the length model and train the self-trained model.
    confidence_slope: float = 0.44
    confidence_center: float = 7.2
    sure_confidence: float = 0.85

    def signature(self, version: str) -> str:
        """A compact, stable description of the settings, e.g. ``max_bead:3|...|v:0.1.0``."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = "+".join(str(v) for v in value)
            parts.append(f"{f.name}:{value}")
        parts.append(f"v:{version}")
        return "|".join(parts)


@dataclass(frozen=True, slots=True)
class Alignment:
    """An aligned article pair."""

    src: Document
    tgt: Document
    beads: tuple[Bead, ...]
    params: AlignParams = field(default_factory=AlignParams)
    # The glossary entries that the documents' terms refer to, in glossary order.
    glossary: tuple[GlossaryEntry, ...] = ()
    # The editing sessions the file went through (TEI <revisionDesc>), oldest first.
    revisions: tuple[Revision, ...] = ()


@dataclass(frozen=True, slots=True)
class Revision:
    """One change made to an alignment after the aligner: when (ISO 8601, UTC) and what."""

    when: str
    text: str


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One term of the domain glossary, in both languages."""

    id: str
    ko: str
    en: str
    ko_variants: tuple[str, ...] = ()
    en_variants: tuple[str, ...] = ()
    type: str = ""
    note: str = ""
    forbidden: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class TermHit:
    """A glossary term found in a text: ``text[start:end] == surface``.

    Offsets are relative to the string that was searched (a sentence's text).
    """

    entry_id: str
    start: int
    end: int
    surface: str
    lang: str

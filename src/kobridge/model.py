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
    "SourceInfo",
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
class SourceInfo:
    """Where a document's text was extracted from, when the input was not plain text.

    ``format`` is the input format (``"html"``, ``"docx"``, ``"md"``); ``title``, ``author``
    and ``date`` (ISO 8601 where known) are what the page or file says of the article, empty
    when it says nothing; ``extractor`` names the library and version that extracted the text.
    """

    format: str
    title: str = ""
    author: str = ""
    date: str = ""
    extractor: str = ""


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
    # The original file's format and article metadata; None for a plain-text input.
    source: SourceInfo | None = None

    @property
    def paragraph_count(self) -> int:
        return self.sentences[-1].paragraph + 1 if self.sentences else 0


@dataclass(frozen=True, slots=True)
class AlignParams:
    """The aligner's structure and search budgets, so that output can be reproduced.

    No cost weight lives here: bead costs come from the learned bead model
    (``kobridge.align.beadmodel``), named by ``model`` (a file path; empty for the shipped
    model) and identified in outputs by ``model_digest``. ``signature()`` is written into the
    output headers.
    """

    # The language-pair profile these settings started from (see PROFILES).
    profile: str = "ko-en"
    # Most sentences on one side of a bead; with a + b <= max_bead + 1.
    max_bead: int = 3
    features: tuple[str, ...] = ("length", "anchors", "cognates", "lexical", "words")
    # The bead model: a file (empty: the shipped one) and the first 12 hex digits of its SHA-256.
    model: str = ""
    model_digest: str = ""
    # Channel keys found in more than this share of a side's sentences are dropped.
    key_max_share: float = 0.2
    # Self-training (the "selftrain" feature): at least this many sure pass-1 beads; EM
    # iterations, vocabulary size and most pairs used.
    selftrain_min_pairs: int = 40
    selftrain_iterations: int = 5
    selftrain_vocab: int = 1000
    selftrain_max_pairs: int = 2000
    # Search: passes, exact search up to this many grid cells, coarse-to-fine beyond; the
    # lexical bead scorer in the first pass up to span_cells cells.
    passes: int = 2
    exact_cells: int = 300_000
    span_cells: int = 40_000
    coarse_factor: int = 4
    band_margin: int = 12
    refine_margin: int = 4
    # Pass 1's 1-1 beads with at least this posterior re-estimate the length model and
    # train the self-trained model.
    sure_confidence: float = 0.9

    def signature(self, version: str) -> str:
        """A compact, stable description: profile, model digest, overrides of the profile, version.

        For example ``profile:ko-en|model:3f2a9c01d4e5|max_bead:2|v:0.2.0``.
        """
        parts = [f"profile:{self.profile}", f"model:{self.model_digest or 'unknown'}"]
        base = AlignParams.for_profile(self.profile) if self.profile in PROFILES else AlignParams()
        for f in fields(self):
            if f.name in ("profile", "model_digest"):
                continue
            value = getattr(self, f.name)
            if value == getattr(base, f.name):
                continue
            if isinstance(value, tuple):
                value = "+".join(str(v) for v in value)
            parts.append(f"{f.name}:{value}")
        parts.append(f"v:{version}")
        return "|".join(parts)

    @staticmethod
    def for_profile(profile: str) -> AlignParams:
        """The structural defaults of a profile (``ko-en`` or ``generic``), without a model digest."""
        if profile not in PROFILES:
            raise ValueError(f"unknown alignment profile {profile!r}; known: {', '.join(PROFILES)}")
        return AlignParams(profile=profile, **PROFILES[profile])  # type: ignore[arg-type]


PROFILES: dict[str, dict[str, object]] = {
    # Korean-English: every feature, beads up to 1-3 / 3-1.
    "ko-en": {},
    # Pairs without a shipped lexicon: length, numbers and identical words, and a model
    # self-trained on the pair; beads up to 2-3 / 1-4.
    "generic": {
        "features": ("length", "anchors", "selftrain"),
        "max_bead": 4,
        "key_max_share": 0.1,
        "refine_margin": 8,
    },
}


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

"""The values of the translation memory: documents, units, concordance hits, fuzzy matches."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Difference", "Hit", "Match", "TmDocument", "TmStats", "TmUnit"]


@dataclass(frozen=True, slots=True)
class TmUnit:
    """One translation unit: a Korean segment, its English translation, where it came from.

    ``file``, ``title`` and ``date`` describe the document the unit belongs to (``date`` is
    ``YYYY-MM-DD`` or empty); ``confidence`` is the aligner's bead confidence (None for units
    from TMX files that carry none); ``confirmed`` says a person checked the bead.
    """

    ko: str
    en: str
    file: str = ""
    title: str = ""
    date: str = ""
    confidence: float | None = None
    confirmed: bool = False
    bead: str = ""
    id: int = 0


@dataclass(frozen=True, slots=True)
class TmDocument:
    """The units of one article (or one TMX file), under the key that identifies it.

    Adding a document whose ``key`` the memory already holds replaces its units.
    """

    key: str
    file: str
    title: str
    date: str
    units: tuple[TmUnit, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """A concordance hit: a unit and where the query matched on the searched side."""

    unit: TmUnit
    lang: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Difference:
    """How a match differs from the sentence looked up.

    ``kind`` is ``"number"`` (the same text with another number: ``old`` is the memory's,
    ``new`` the sentence's), ``"missing"`` (words of the sentence the unit lacks, in ``new``),
    ``"extra"`` (words of the unit the sentence lacks, in ``old``) or ``"changed"``.
    """

    kind: str
    old: str
    new: str

    def describe(self) -> str:
        """A short text: ``number 3 → 5``, ``missing "오늘"``, ``extra "지난해"``."""
        if self.kind == "number":
            return f"number {self.old} → {self.new}"
        if self.kind == "missing":
            return f"missing “{self.new}”"
        if self.kind == "extra":
            return f"extra “{self.old}”"
        return f"“{self.old}” → “{self.new}”"


@dataclass(frozen=True, slots=True)
class Match:
    """A fuzzy match of a sentence in the memory: the unit, its score in [0, 1], the differences."""

    unit: TmUnit
    score: float
    differences: tuple[Difference, ...]


@dataclass(frozen=True, slots=True)
class TmStats:
    """What a memory holds."""

    documents: int
    units: int
    confirmed: int
    backend: str
    schema_version: int

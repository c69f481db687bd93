"""One pair of a batch from start to finish: read, align, render, write, record.

``process_pair`` returns a small :class:`PairResult`; the alignment itself never leaves the
worker, so a batch's memory does not grow with the number of pairs.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from kobridge import __version__
from kobridge.align.features.lexical import LexicalModel
from kobridge.annotate import term_issues
from kobridge.batch import state
from kobridge.batch.discover import PairJob
from kobridge.errors import KobridgeError
from kobridge.formats.files import output_paths
from kobridge.glossary import Glossary, load_glossary
from kobridge.inputs import InputFormat, read_input
from kobridge.io import InvalidCharPolicy, SourceText
from kobridge.model import Alignment, AlignParams
from kobridge.pipeline import OutputFormat, align_texts, render_files
from kobridge.xmlchars import display_name

__all__ = [
    "EXTENSIONS",
    "BatchContext",
    "BatchSettings",
    "PairResult",
    "PairStatus",
    "align_pair",
    "alignment_stats",
    "cached_glossary",
    "cached_lexicon",
    "make_result",
    "output_path",
    "process_pair",
    "read_pair",
]

EXTENSIONS: dict[OutputFormat, str] = {
    OutputFormat.tei: "tei.xml",
    OutputFormat.tmx: "tmx",
    OutputFormat.json: "json",
    OutputFormat.tsv: "tsv",
    OutputFormat.beads: "beads",
    OutputFormat.xliff: "xlf",
    OutputFormat.xces: "xces.xml",
    OutputFormat.parallel: "",
}
"""The extension of each output format: a pair NAME is written as ``OUTDIR/NAME.<ext>`` (xces also
writes ``NAME.ko.xml`` and ``NAME.en.xml``; parallel writes ``NAME.ko`` and ``NAME.en``, named as
:mod:`kobridge.formats.files` names the files of ``-o OUTDIR/NAME``)."""


class PairStatus(StrEnum):
    """What became of a pair."""

    ok = "ok"
    skipped = "skipped"
    failed = "failed"


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """Everything that decides a batch's outputs; mirrors ``kobridge align``'s options."""

    fmt: OutputFormat = OutputFormat.tei
    src_lang: str = "ko"
    tgt_lang: str = "en"
    presegmented: bool = False
    wrapped: bool = False
    # None: the aligner's defaults for the language pair, as ``align_texts`` chooses them.
    params: AlignParams | None = None
    with_scores: bool = False
    encoding: str | None = None
    on_invalid_char: InvalidCharPolicy = InvalidCharPolicy.ERROR
    # The inputs' format, as ``align --input-format``; auto reads each file by its extension.
    input_format: InputFormat = InputFormat.AUTO
    glossary: Path | None = None
    # A lexical model file (LexicalModel.save) instead of the shipped one, as ``align --lexicon``.
    lexicon: Path | None = None
    # Two passes: align, train the lexical model on the batch's confident 1-1 beads, align again.
    self_train: bool = False
    # The confidence a 1-1 bead of pass 1 needs to become a training pair.
    self_train_min_confidence: float = 0.5

    def signature(self, glossary_digest: str = "-", lexicon_digest: str = "-") -> str:
        """The settings as one string, recorded beside each output to decide what is up to date.

        ``glossary_digest`` is the SHA-256 of the glossary file: editing the glossary redoes
        every pair, moving it does not. ``lexicon_digest`` is the SHA-256 of the lexical model
        file the pairs are aligned with (the given one, or the one self-training wrote); ``-``
        (the shipped model, which kobridge's version already names) leaves it out, so outputs
        written before models could be chosen stay up to date.
        """
        lexicon = [] if lexicon_digest == "-" else [f"lexicon:{lexicon_digest}"]
        # auto is left out, so that outputs written before input formats stay up to date.
        inputs = [] if self.input_format is InputFormat.AUTO else [f"input:{self.input_format}"]
        return "|".join(
            [
                self.params.signature(__version__) if self.params else f"params:default|v:{__version__}",
                f"format:{self.fmt}",
                f"langs:{self.src_lang}-{self.tgt_lang}",
                f"presegmented:{self.presegmented}",
                f"wrapped:{self.wrapped}",
                f"scores:{self.with_scores}",
                f"encoding:{self.encoding or 'detect'}",
                f"invalid:{self.on_invalid_char}",
                f"glossary:{glossary_digest}",
                *lexicon,
                *inputs,
            ]
        )


@dataclass(frozen=True, slots=True)
class PairResult:
    """The outcome of one pair: its figures (for ``ok`` and ``skipped``) or its error."""

    name: str
    status: PairStatus
    output: str
    seconds: float
    src_sentences: int = 0
    tgt_sentences: int = 0
    beads: int = 0
    mean_confidence: float = 0.0
    term_issues: int | None = None
    error: str = ""

    def stats(self) -> dict[str, Any]:
        """The figures that describe the alignment (kept in the record of a written output)."""
        return {
            "src_sentences": self.src_sentences,
            "tgt_sentences": self.tgt_sentences,
            "beads": self.beads,
            "mean_confidence": self.mean_confidence,
            "term_issues": self.term_issues,
        }


@dataclass(frozen=True, slots=True)
class BatchContext:
    """What every call of ``process_pair`` in a batch shares."""

    settings: BatchSettings
    signature: str
    outdir: Path
    glossary_digest: str = ""
    # The lexical model file to align with (None: the shipped one) and its SHA-256.
    lexicon: str | None = None
    lexicon_digest: str = "-"


def output_path(outdir: Path, name: str, fmt: OutputFormat) -> Path:
    """Where a batch writes the pair ``name``: ``OUTDIR/NAME.<ext>`` (see :data:`EXTENSIONS`), the
    ``-o`` of ``kobridge align`` that gives the same files; its record is kept under this name."""
    extension = EXTENSIONS[fmt]
    return outdir / (f"{name}.{extension}" if extension else name)


def _files_digest(contents: list[bytes]) -> str:
    """What a record keeps of an output's files: the SHA-256 of the one file, or of their digests."""
    if len(contents) == 1:
        return state.digest(contents[0])
    return state.digest("".join(state.digest(data) for data in contents).encode())


@functools.lru_cache(maxsize=2)
def cached_glossary(path: str, digest: str) -> Glossary:
    """The glossary at ``path``, loaded once per process.

    ``digest`` (the file's SHA-256) is part of the cache key, so that a process that outlives
    a batch never uses a glossary that has since been edited.
    """
    del digest
    return load_glossary(path)


@functools.lru_cache(maxsize=2)
def cached_lexicon(path: str, digest: str) -> LexicalModel:
    """The lexical model at ``path``, loaded once per process (``digest`` as in :func:`cached_glossary`)."""
    del digest
    return LexicalModel.load(path)


def _read_input(path: Path, settings: BatchSettings) -> tuple[SourceText, str]:
    text = read_input(path, settings.input_format, settings.encoding, settings.on_invalid_char)
    # The outputs name their inputs by base name, so a renamed input is a changed input.
    return text, state.digest(f"{path.name}\0{text.text}".encode())


def _up_to_date(output: Path, record: state.Record, context: BatchContext, inputs: tuple[str, str]) -> bool:
    if record.settings != context.signature or record.inputs != inputs:
        return False
    settings = context.settings
    try:
        contents = [
            p.read_bytes() for p in output_paths(settings.fmt, output, settings.src_lang, settings.tgt_lang)
        ]
    except OSError:
        return False
    return _files_digest(contents) == record.output


def process_pair(job: PairJob, context: BatchContext) -> PairResult:
    """Align one pair and write its output, or skip it when its output is up to date.

    Any :class:`KobridgeError` (unreadable, empty, wrong language, an output that cannot be
    written...) or ``OSError`` becomes a ``failed`` result with the one-line message; other
    exceptions are bugs and propagate.
    """
    start = time.perf_counter()
    settings = context.settings
    output = output_path(context.outdir, job.name, settings.fmt)
    try:
        src, tgt, inputs = read_pair(job, settings)
        record = state.read_record(output)
        if record is not None and _up_to_date(output, record, context, inputs):
            return make_result(job.name, PairStatus.skipped, output, start, record.stats)
        alignment, glossary = align_pair(src, tgt, context)
        files = render_files(alignment, settings.fmt, output, with_scores=settings.with_scores)
        stats = alignment_stats(alignment, glossary)
        for path, data in files:
            state.publish(path, data)
        digest = _files_digest([data for _, data in files])
        state.write_record(output, state.Record(context.signature, inputs, digest, stats))
    except KobridgeError as error:
        return PairResult(job.name, PairStatus.failed, str(output), _since(start), error=str(error))
    except OSError as error:  # the file system, not the data: it fails this pair only
        reason = error.strerror or str(error)
        message = f"{display_name(str(output))}: cannot write the output ({reason})"
        return PairResult(job.name, PairStatus.failed, str(output), _since(start), error=message)
    return make_result(job.name, PairStatus.ok, output, start, stats)


def read_pair(job: PairJob, settings: BatchSettings) -> tuple[SourceText, SourceText, tuple[str, str]]:
    """Both texts of a pair, decoded, and the digests that name them in records.

    Raises:
        KobridgeError: a text cannot be read or decoded.
    """
    src, src_digest = _read_input(job.src, settings)
    tgt, tgt_digest = _read_input(job.tgt, settings)
    return src, tgt, (src_digest, tgt_digest)


def align_pair(src: SourceText, tgt: SourceText, context: BatchContext) -> tuple[Alignment, Glossary | None]:
    """Align a pair with the batch's settings, glossary and lexical model (each loaded once a process).

    Raises:
        KobridgeError: the texts cannot be aligned (wrong language, no sentences...).
    """
    settings = context.settings
    glossary = None
    if settings.glossary is not None:
        glossary = cached_glossary(str(settings.glossary), context.glossary_digest)
    lexicon = None
    if context.lexicon is not None:
        lexicon = cached_lexicon(context.lexicon, context.lexicon_digest)
    alignment = align_texts(
        src,
        tgt,
        src_lang=settings.src_lang,
        tgt_lang=settings.tgt_lang,
        presegmented=settings.presegmented,
        wrapped=settings.wrapped,
        params=settings.params,
        glossary=glossary,
        lexicon=lexicon,
    )
    return alignment, glossary


def alignment_stats(alignment: Alignment, glossary: Glossary | None) -> dict[str, Any]:
    """The figures of a pair's report row: sentences, beads, mean confidence, terminology issues."""
    beads = alignment.beads
    return {
        "src_sentences": len(alignment.src.sentences),
        "tgt_sentences": len(alignment.tgt.sentences),
        "beads": len(beads),
        "mean_confidence": round(sum(b.score for b in beads) / len(beads), 4) if beads else 0.0,
        "term_issues": len(term_issues(alignment, glossary)) if glossary is not None else None,
    }


def _since(start: float) -> float:
    return round(time.perf_counter() - start, 4)


def make_result(
    name: str, status: PairStatus, output: Path, start: float, stats: dict[str, Any]
) -> PairResult:
    """A pair's result from its figures (``stats`` as in :func:`alignment_stats`), timed from ``start``."""
    return PairResult(
        name,
        status,
        str(output),
        _since(start),
        src_sentences=int(stats.get("src_sentences", 0)),
        tgt_sentences=int(stats.get("tgt_sentences", 0)),
        beads=int(stats.get("beads", 0)),
        mean_confidence=float(stats.get("mean_confidence", 0.0)),
        term_issues=None if stats.get("term_issues") is None else int(stats["term_issues"]),
    )

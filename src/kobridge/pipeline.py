"""The one place where read → segment → align → annotate → write is composed.

Each step is a pure function from another module; this module only wires them together,
so the CLI and the batch runner share exactly the same behaviour.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kobridge.checks import require_language, size_mismatch
from kobridge.errors import InputError
from kobridge.formats import MULTI_FILE_FORMATS, OutputFormat
from kobridge.formats.tabular import beads_text, json_text, tsv_text
from kobridge.formats.tei import tei_bytes
from kobridge.formats.tmx import tmx_bytes
from kobridge.io import SourceText
from kobridge.model import Alignment, AlignParams, Bead, Document, GlossaryEntry
from kobridge.segment import check_language, segment, split_lines
from kobridge.xmlchars import display_name

# The aligner (numpy, sentencepiece) is imported by the functions that align, so that segmenting
# and rendering (kobridge segment, convert) do not load it; the glossary only when one is given.
if TYPE_CHECKING:
    from kobridge.align.features.lexical import LexicalModel
    from kobridge.glossary import Glossary

__all__ = [
    "OutputFormat",
    "align_params",
    "align_texts",
    "make_document",
    "realign",
    "render",
    "render_files",
]

logger = logging.getLogger(__name__)


def make_document(
    source: SourceText, lang: str, *, presegmented: bool = False, wrapped: bool = False
) -> Document:
    """Split a decoded text into sentences (or take one sentence per line when presegmented).

    Args:
        source: the decoded text.
        lang: its language code.
        presegmented: each non-blank line is one sentence.
        wrapped: the text is hard-wrapped: a single line break is read as a space.

    Raises:
        InputError: the text holds no sentence.
    """
    if presegmented:
        sentences = split_lines(source.text, lang)
    else:
        if not wrapped and source.info is None:
            _warn_if_hard_wrapped(source)
        sentences = segment(source.text, lang, wrapped=wrapped)
    if not sentences:
        raise InputError("no sentence found", path=source.name)
    # The name goes into every output: shown as display_name shows it, so that a file name with
    # control characters or bytes that are not UTF-8 cannot break the TEI, TMX or JSON.
    return Document(
        text=source.text,
        lang=lang,
        sentences=tuple(sentences),
        name=display_name(source.name),
        source=source.info,
    )


def _warn_if_hard_wrapped(source: SourceText) -> None:
    """One warning when a plain text looks hard-wrapped, since each line would be a paragraph."""
    from kobridge.inputs.wrap import wrap_width

    width = wrap_width(source.text)
    if width is not None:
        logger.warning(
            "%s: the text looks hard-wrapped (most lines break mid-sentence, at about %d columns); "
            "give --wrapped so that only blank lines end paragraphs",
            source.name,
            width,
        )


def align_params(src_lang: str, tgt_lang: str, *, max_bead: int | None = None) -> AlignParams:
    """The aligner's settings tuned for a language pair, with the options a user may change."""
    from kobridge.align.profiles import default_params

    params = default_params(src_lang, tgt_lang)
    return params if max_bead is None else dataclasses.replace(params, max_bead=max_bead)


def align_texts(
    src: SourceText,
    tgt: SourceText,
    *,
    src_lang: str = "ko",
    tgt_lang: str = "en",
    presegmented: bool = False,
    wrapped: bool = False,
    params: AlignParams | None = None,
    glossary: Glossary | None = None,
    lexicon: LexicalModel | None = None,
    fixed: Sequence[Bead] = (),
) -> Alignment:
    """Segment and align two decoded texts.

    Args:
        src: the source text (Korean by default), as read by :func:`kobridge.io.read_text`.
        tgt: the target text (English by default).
        src_lang: ISO 639-1 code of the source.
        tgt_lang: ISO 639-1 code of the target.
        presegmented: each line of both texts is one sentence (blank lines separate paragraphs).
        wrapped: the texts are hard-wrapped (a single line break is read as a space).
        params: the aligner's settings; by default those tuned for the language pair
            (see :func:`align_params`).
        glossary: terms to mark in both documents; entries found in both are alignment anchors.
        lexicon: the translation model of the lexical feature instead of the shipped one
            (e.g. one trained on a whole batch).
        fixed: beads to keep as they are (0-based sentence indices of the segmented texts);
            the rest is aligned around them (:func:`kobridge.align.constraints.align_with_fixed`).

    Returns:
        The alignment of the two documents.

    Raises:
        KobridgeError: a language code kobridge does not support.
        InputError: a text in the wrong language (the files swapped?) or without sentences.
        ValueError: a fixed bead points past the sentences, overlaps or crosses another.
    """
    check_language(src_lang)
    check_language(tgt_lang)
    params = params or align_params(src_lang, tgt_lang)
    require_language(src.text, src_lang, src.name)
    require_language(tgt.text, tgt_lang, tgt.name)
    warning = size_mismatch(src.text, src_lang, tgt.text, tgt_lang)
    if warning:
        logger.warning("%s, %s: %s", src.name, tgt.name, warning)
    src_doc = make_document(src, src_lang, presegmented=presegmented, wrapped=wrapped)
    tgt_doc = make_document(tgt, tgt_lang, presegmented=presegmented, wrapped=wrapped)
    for source, doc in ((src, src_doc), (tgt, tgt_doc)):
        logger.info(
            "%s: %s, %d sentences in %d paragraphs%s",
            source.name,
            source.encoding,
            len(doc.sentences),
            doc.paragraph_count,
            ", NFC-normalised" if source.normalized else "",
        )
    anchors: list[tuple[int, int]] = []
    entries: tuple[GlossaryEntry, ...] = ()
    if glossary is not None:
        from kobridge.annotate import annotate_terms, glossary_anchors, used_entries

        src_doc = annotate_terms(src_doc, glossary)
        tgt_doc = annotate_terms(tgt_doc, glossary)
        anchors = glossary_anchors(src_doc, tgt_doc)
        logger.info("glossary: %d sentence pairs share a rare term (alignment anchors)", len(anchors))
        entries = used_entries(glossary, (src_doc, tgt_doc))
    started = time.perf_counter()
    beads = _align_documents(
        src_doc,
        tgt_doc,
        fixed,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        params=params,
        anchors=anchors,
        lexicon=lexicon,
    )
    kinds = Counter(bead.kind for bead in beads)
    logger.info(
        "aligned in %.2f s: %d beads (%s)",
        time.perf_counter() - started,
        len(beads),
        ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items())),
    )
    return Alignment(src=src_doc, tgt=tgt_doc, beads=tuple(beads), params=params, glossary=entries)


def _align_documents(
    src_doc: Document,
    tgt_doc: Document,
    fixed: Sequence[Bead],
    *,
    src_lang: str,
    tgt_lang: str,
    params: AlignParams,
    anchors: Sequence[tuple[int, int]],
    lexicon: LexicalModel | None,
) -> tuple[Bead, ...]:
    """Align two documents' sentences (with their paragraphs), keeping the fixed beads."""
    from kobridge.align.constraints import align_with_fixed

    return align_with_fixed(
        [s.text for s in src_doc.sentences],
        [s.text for s in tgt_doc.sentences],
        fixed,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        params=params,
        src_paragraphs=[s.paragraph for s in src_doc.sentences],
        tgt_paragraphs=[s.paragraph for s in tgt_doc.sentences],
        anchors=anchors,
        lexicon=lexicon,
    )


def realign(alignment: Alignment, *, lexicon: LexicalModel | None = None) -> Alignment:
    """Align an alignment's documents again, keeping every bead a person confirmed or made.

    The beads whose ``review`` is set are the fixed constraints; every other bead is the
    aligner's again, with the alignment's own settings (those of its TEI header) and its
    glossary terms as anchors. Documents, glossary and revisions are unchanged.
    """
    from kobridge.annotate import glossary_anchors

    src_doc, tgt_doc = alignment.src, alignment.tgt
    anchors = glossary_anchors(src_doc, tgt_doc) if src_doc.terms and tgt_doc.terms else []
    beads = _align_documents(
        src_doc,
        tgt_doc,
        [bead for bead in alignment.beads if bead.review],
        src_lang=src_doc.lang,
        tgt_lang=tgt_doc.lang,
        params=alignment.params,
        anchors=anchors,
        lexicon=lexicon,
    )
    return dataclasses.replace(alignment, beads=beads)


def render(alignment: Alignment, fmt: OutputFormat, *, with_scores: bool = False) -> bytes:
    """Serialise an alignment in one of the one-file output formats, as UTF-8 bytes.

    Raises:
        ValueError: ``fmt`` is written as several files (use :func:`render_files`).
    """
    if fmt in MULTI_FILE_FORMATS:
        raise ValueError(f"{fmt.value} is written as several files; use render_files")
    if fmt is OutputFormat.xliff:
        from kobridge.formats.xliff_bitext import alignment_xliff

        return alignment_xliff(alignment)
    if fmt is OutputFormat.tei:
        return tei_bytes(alignment)
    if fmt is OutputFormat.beads:
        return beads_text(alignment, with_scores=with_scores).encode()
    if fmt is OutputFormat.tsv:
        return tsv_text(alignment).encode()
    if fmt is OutputFormat.tmx:
        return tmx_bytes(alignment)
    return json_text(alignment).encode()


def render_files(
    alignment: Alignment, fmt: OutputFormat, output: Path, *, with_scores: bool = False
) -> list[tuple[Path, bytes]]:
    """Every file of an alignment in a format, for ``-o output``: one for most formats, several
    for ``xces`` and ``parallel`` (named as :mod:`kobridge.formats.files` says)."""
    if fmt in MULTI_FILE_FORMATS:
        from kobridge.formats.files import render_files as multi_files

        return multi_files(alignment, fmt, output)
    return [(output, render(alignment, fmt, with_scores=with_scores))]

"""The one place where read → segment → align → annotate → write is composed.

Each step is a pure function from another module; this module only wires them together,
so the CLI and the batch runner share exactly the same behaviour.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from enum import StrEnum

from kobridge.align import align
from kobridge.align.features.lexical import LexicalModel
from kobridge.align.profiles import default_params
from kobridge.annotate import annotate_terms, glossary_anchors, used_entries
from kobridge.checks import require_language, size_mismatch
from kobridge.errors import InputError
from kobridge.formats.tabular import beads_text, json_text, tsv_text
from kobridge.formats.tei import tei_bytes
from kobridge.formats.tmx import tmx_bytes
from kobridge.glossary import Glossary
from kobridge.io import SourceText
from kobridge.model import Alignment, AlignParams, Document
from kobridge.segment import segment, split_lines
from kobridge.xmlchars import display_name

__all__ = ["OutputFormat", "align_params", "align_texts", "make_document", "render"]

logger = logging.getLogger(__name__)


class OutputFormat(StrEnum):
    """The formats ``kobridge align`` writes."""

    tei = "tei"
    beads = "beads"
    tsv = "tsv"
    json = "json"
    tmx = "tmx"


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
        sentences = segment(source.text, lang, wrapped=wrapped)
    if not sentences:
        raise InputError("no sentence found", path=source.name)
    # The name goes into every output: shown as display_name shows it, so that a file name with
    # control characters or bytes that are not UTF-8 cannot break the TEI, TMX or JSON.
    return Document(text=source.text, lang=lang, sentences=tuple(sentences), name=display_name(source.name))


def align_params(src_lang: str, tgt_lang: str, *, max_bead: int | None = None) -> AlignParams:
    """The aligner's settings tuned for a language pair, with the options a user may change."""
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

    Returns:
        The alignment of the two documents.

    Raises:
        InputError: a text in the wrong language (the files swapped?) or without sentences.
    """
    params = params or default_params(src_lang, tgt_lang)
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
    if glossary is not None:
        src_doc = annotate_terms(src_doc, glossary)
        tgt_doc = annotate_terms(tgt_doc, glossary)
        anchors = glossary_anchors(src_doc, tgt_doc)
        logger.info("glossary: %d sentence pairs share a rare term (alignment anchors)", len(anchors))
    started = time.perf_counter()
    beads = align(
        [s.text for s in src_doc.sentences],
        [s.text for s in tgt_doc.sentences],
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        params=params,
        src_paragraphs=[s.paragraph for s in src_doc.sentences],
        tgt_paragraphs=[s.paragraph for s in tgt_doc.sentences],
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
    entries = used_entries(glossary, (src_doc, tgt_doc)) if glossary is not None else ()
    return Alignment(src=src_doc, tgt=tgt_doc, beads=tuple(beads), params=params, glossary=entries)


def render(alignment: Alignment, fmt: OutputFormat, *, with_scores: bool = False) -> bytes:
    """Serialise an alignment in one of the output formats, as UTF-8 bytes."""
    if fmt is OutputFormat.tei:
        return tei_bytes(alignment)
    if fmt is OutputFormat.beads:
        return beads_text(alignment, with_scores=with_scores).encode()
    if fmt is OutputFormat.tsv:
        return tsv_text(alignment).encode()
    if fmt is OutputFormat.tmx:
        return tmx_bytes(alignment)
    return json_text(alignment).encode()

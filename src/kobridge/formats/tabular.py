"""Plain-text outputs: the benchmark bead format, TSV for spreadsheets, and JSON for scripts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import PurePath
from typing import Any

from kobridge import __version__
from kobridge.formats.terms import bead_entries, term_label
from kobridge.model import Alignment, Bead, Document

__all__ = ["JSON_SCHEMA_VERSION", "beads_text", "json_text", "tsv_text"]

JSON_SCHEMA_VERSION = 1

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@")


def beads_text(alignment: Alignment, *, with_scores: bool = False) -> str:
    """One bead per line, ``[0, 1]:[2]`` (0-based sentence indices), optionally ``:0.930``."""
    return "".join(bead.format(with_score=with_scores) + "\n" for bead in alignment.beads)


def _cell(text: str) -> str:
    """A TSV cell a spreadsheet shows as text: a leading formula character gets an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def tsv_text(alignment: Alignment) -> str:
    """A TSV table with one row per bead.

    Columns: the source text, the target text (several sentences joined by a space), the
    confidence, the 0-based sentence indices of each side (space-separated), and the glossary
    entries with a term in the bead (``ko=en``, separated by ``; ``; empty without a glossary). Cells are
    quoted where they hold a tab, a quote or a line break (Python's csv, excel-tab dialect);
    a cell that starts with ``= + - @`` is prefixed with ``'`` so spreadsheets do not run it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel-tab", lineterminator="\n")
    src_lang, tgt_lang = alignment.src.lang, alignment.tgt.lang
    writer.writerow([src_lang, tgt_lang, "score", f"{src_lang}_ids", f"{tgt_lang}_ids", "terms"])
    src_sents, tgt_sents = alignment.src.sentences, alignment.tgt.sentences
    for bead in alignment.beads:
        writer.writerow(
            [
                _cell(" ".join(src_sents[i].text for i in bead.src)),
                _cell(" ".join(tgt_sents[i].text for i in bead.tgt)),
                f"{bead.score:.3f}",
                " ".join(str(i) for i in bead.src),
                " ".join(str(i) for i in bead.tgt),
                _cell("; ".join(term_label(e, src_lang, tgt_lang) for e in bead_entries(alignment, bead))),
            ]
        )
    return buffer.getvalue()


def _sentence_json(doc: Document, index: int) -> dict[str, Any]:
    s = doc.sentences[index]
    data: dict[str, Any] = {"text": s.text, "start": s.start, "end": s.end, "paragraph": s.paragraph}
    hits = doc.terms[index] if doc.terms else ()
    if hits:
        data["terms"] = [{"entry": h.entry_id, "start": h.start, "end": h.end} for h in hits]
    return data


def _document_json(doc: Document) -> dict[str, Any]:
    return {
        "name": PurePath(doc.name).name or doc.name,
        "lang": doc.lang,
        "sentences": [_sentence_json(doc, index) for index in range(len(doc.sentences))],
    }


def _bead_json(alignment: Alignment, bead: Bead) -> dict[str, Any]:
    data: dict[str, Any] = {"src": list(bead.src), "tgt": list(bead.tgt), "score": round(bead.score, 3)}
    if bead.review:
        data["review"] = bead.review
    entries = bead_entries(alignment, bead)
    if entries:
        data["terms"] = [entry.id for entry in entries]
    return data


def json_text(alignment: Alignment) -> str:
    """The alignment as JSON: both documents with sentence offsets, the beads, the settings.

    Schema (version 1)::

        {"schema": 1, "kobridge": "0.1.0", "settings": "max_bead:3|...",
         "src": {"name", "lang", "sentences": [{"text", "start", "end", "paragraph"}]},
         "tgt": {...same...},
         "beads": [{"src": [0, 1], "tgt": [0], "score": 0.93}]}

    A bead a person confirmed or made by hand also has ``"review": "confirmed"`` or
    ``"edited"`` (TEI's ``@resp``). With a glossary, a sentence holding terms has ``"terms":
    [{"entry", "start", "end"}]`` (offsets into the sentence's text), a bead the ids of the
    entries with a term in it (``"terms": ["battery"]``), and the document a ``"glossary":
    [{"id", "ko", "en"}]`` of the entries found.
    """
    data: dict[str, Any] = {
        "schema": JSON_SCHEMA_VERSION,
        "kobridge": __version__,
        "settings": alignment.params.signature(__version__),
        "src": _document_json(alignment.src),
        "tgt": _document_json(alignment.tgt),
        "beads": [_bead_json(alignment, b) for b in alignment.beads],
    }
    if alignment.glossary:
        data["glossary"] = [{"id": e.id, "ko": e.ko, "en": e.en} for e in alignment.glossary]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

"""The glossary terms of a bead, as the outputs that carry terms per unit write them (TMX, TSV,
JSON, XLIFF): the glossary entries found in the bead's sentences, in glossary order."""

from __future__ import annotations

from kobridge.model import Alignment, Bead, GlossaryEntry

__all__ = ["bead_entries", "entry_forms", "term_label"]


def bead_entries(alignment: Alignment, bead: Bead) -> tuple[GlossaryEntry, ...]:
    """The glossary entries with a term in the bead's sentences, on either side, each once.

    Empty when the alignment was made without a glossary.
    """
    found: set[str] = set()
    for doc, indices in ((alignment.src, bead.src), (alignment.tgt, bead.tgt)):
        if doc.terms:
            found.update(hit.entry_id for i in indices for hit in doc.terms[i])
    return tuple(entry for entry in alignment.glossary if entry.id in found)


def entry_forms(entry: GlossaryEntry, src_lang: str, tgt_lang: str) -> tuple[str, str]:
    """An entry's term in the source language and its rendering in the target language.

    The glossary is Korean-English; a pair the other way round (``--src-lang en``) swaps them.
    """
    if src_lang == "en" and tgt_lang == "ko":
        return entry.en, entry.ko
    return entry.ko, entry.en


def term_label(entry: GlossaryEntry, src_lang: str, tgt_lang: str) -> str:
    """``source=target``, as TMX's ``x-term`` property and the TSV ``terms`` column write an entry."""
    term, translation = entry_forms(entry, src_lang, tgt_lang)
    return f"{term}={translation}"

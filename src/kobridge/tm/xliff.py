"""The XLIFF 2.1 file of a looked-up article: each sentence a unit, matches as candidates."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from kobridge.formats.xliff import XliffCandidate, XliffGlossEntry, XliffUnit, xliff_bytes
from kobridge.glossary import Glossary, find_terms
from kobridge.tm.model import Match

__all__ = ["lookup_xliff"]


def _glossary_entries(sentence: str, glossary: Glossary | None) -> tuple[XliffGlossEntry, ...]:
    if glossary is None:
        return ()
    entries: dict[str, XliffGlossEntry] = {}
    source = PurePath(glossary.path).name
    for hit in find_terms(sentence, "ko", glossary):
        entry = glossary.get(hit.entry_id)
        if entry is not None and entry.id not in entries:
            entries[entry.id] = XliffGlossEntry(entry.ko, (entry.en,), entry.note, source)
    return tuple(entries.values())


def lookup_xliff(
    name: str, sentences: Sequence[str], matches: Sequence[Sequence[Match]], glossary: Glossary | None = None
) -> bytes:
    """XLIFF 2.1 (Korean to English) of an article: one unit per sentence, no target yet.

    Each unit's matches become translation candidates (similarity = score in percent, origin =
    the unit's source file), and the glossary entries found in the sentence glossary entries.
    """
    units = [
        XliffUnit(
            f"u{number}",
            sentence,
            candidates=tuple(
                XliffCandidate(m.unit.ko, m.unit.en, m.score, m.unit.file or "kobridge tm") for m in found
            ),
            glossary=_glossary_entries(sentence, glossary),
        )
        for number, (sentence, found) in enumerate(zip(sentences, matches, strict=True), start=1)
    ]
    return xliff_bytes(units, src_lang="ko", tgt_lang="en", original=PurePath(name).name)

"""XLIFF 2.1 of an aligned pair (``--format xliff``): one unit per bead, ready for review in a
CAT tool, written with the XLIFF writer of :mod:`kobridge.formats.xliff`.

- A ``<unit id="bN" name="[0, 1]:[2]:0.930">`` per bead in reading order (``N`` the 0-based bead
  number, the name the bead with its confidence in the benchmark format), holding one
  ``<segment>`` whose ``<source>`` and ``<target>`` are the two sides' sentences joined by a
  space, as in TMX and TSV.
- ``state`` says how far the pair can be trusted: ``reviewed`` for a bead a person confirmed or
  made in ``kobridge review`` (TEI ``@resp``), ``translated`` for an aligner's bead with a
  confidence of at least :data:`FLAG_THRESHOLD` (the review page's flag), ``initial`` with a
  note asking for review below it.
- A one-sided bead is kept, so that no sentence is lost: an omission as a segment without a
  target (XLIFF's untranslated segment, ``initial``), an addition as a segment with an empty
  source and the added target (``initial``); a note says which it is.
- The glossary entries with a term in the bead (either side) are the unit's Glossary module
  entries (``<gls:glossEntry>``: the source-language term, its translation).
"""

from __future__ import annotations

from pathlib import PurePath

from kobridge.formats import FLAG_THRESHOLD
from kobridge.formats.terms import bead_entries, entry_forms
from kobridge.formats.tmx import tmx_segments
from kobridge.formats.xliff import XliffGlossEntry, XliffUnit, xliff_bytes
from kobridge.model import Alignment, Bead

__all__ = ["alignment_xliff", "bead_state"]


def bead_state(bead: Bead) -> str:
    """The XLIFF state of a bead's segment: ``reviewed``, ``translated`` or ``initial``."""
    if not (bead.src and bead.tgt):
        return "initial"
    if bead.review:
        return "reviewed"
    return "translated" if bead.score >= FLAG_THRESHOLD else "initial"


def _notes(bead: Bead) -> tuple[str, ...]:
    if not bead.tgt:
        return ("omission: the source sentences have no counterpart in the translation",)
    if not bead.src:
        return ("addition: the target sentences have no counterpart in the source",)
    if bead.review:
        return (f"alignment {bead.review} by a reviewer",)
    if bead.score < FLAG_THRESHOLD:
        return (f"needs review: alignment confidence {bead.score:.3f}",)
    return ()


def _unit(alignment: Alignment, number: int, bead: Bead) -> XliffUnit:
    src_lang, tgt_lang = alignment.src.lang, alignment.tgt.lang
    source, target = tmx_segments(alignment, bead)
    glossary = tuple(
        XliffGlossEntry(term, (translation,))
        for term, translation in (entry_forms(e, src_lang, tgt_lang) for e in bead_entries(alignment, bead))
    )
    return XliffUnit(
        f"b{number}",
        source,
        target if bead.tgt else None,
        state=bead_state(bead),
        glossary=glossary,
        notes=_notes(bead),
        name=bead.format(with_score=True),
    )


def alignment_xliff(alignment: Alignment) -> bytes:
    """The XLIFF 2.1 document of an alignment (see the module notes), as UTF-8 bytes.

    Raises:
        ValueError: the alignment has no bead (XLIFF needs at least one unit).
    """
    units = [_unit(alignment, number, bead) for number, bead in enumerate(alignment.beads)]
    return xliff_bytes(
        units,
        src_lang=alignment.src.lang,
        tgt_lang=alignment.tgt.lang,
        original=PurePath(alignment.src.name).name or alignment.src.name,
    )

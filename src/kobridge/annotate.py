"""Glossary annotation of aligned documents: terms per sentence, alignment anchors, and
terminology QA per bead. Pure functions over the model and a loaded glossary.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kobridge.glossary import LANGUAGES as GLOSSARY_LANGUAGES
from kobridge.glossary import Glossary, TermIssue, check_terms, find_forbidden, find_terms
from kobridge.glossary.renderings import renders
from kobridge.model import Alignment, Document, GlossaryEntry, TermHit

__all__ = ["BeadTermIssue", "annotate_terms", "glossary_anchors", "term_issues", "used_entries"]

# An entry found in more sentences than this on either side says little about which ones
# translate each other (관세/tariff runs through a whole trade story), so it is no anchor.
MAX_ANCHOR_OCCURRENCES = 3


@dataclass(frozen=True, slots=True)
class BeadTermIssue:
    """A terminology problem and the bead (0-based) where it was found."""

    bead: int
    issue: TermIssue


def annotate_terms(doc: Document, glossary: Glossary) -> Document:
    """The document with the glossary's terms found in each sentence (``Document.terms``).

    A language the glossary has no forms for gets no terms.
    """
    if doc.lang not in GLOSSARY_LANGUAGES:
        return doc
    terms = tuple(tuple(find_terms(s.text, doc.lang, glossary)) for s in doc.sentences)
    return dataclasses.replace(doc, terms=terms)


def _occurrences(doc: Document) -> dict[str, list[int]]:
    where: dict[str, list[int]] = defaultdict(list)
    for index, hits in enumerate(doc.terms):
        for entry_id in dict.fromkeys(hit.entry_id for hit in hits):
            where[entry_id].append(index)
    return where


def glossary_anchors(src: Document, tgt: Document) -> list[tuple[int, int]]:
    """Pairs of sentences (source index, target index) that share a rare glossary entry.

    Only entries found in at most ``MAX_ANCHOR_OCCURRENCES`` sentences on each side count.
    """
    src_where, tgt_where = _occurrences(src), _occurrences(tgt)
    pairs: set[tuple[int, int]] = set()
    for entry_id, src_indices in src_where.items():
        tgt_indices = tgt_where.get(entry_id, [])
        if 0 < len(tgt_indices) <= MAX_ANCHOR_OCCURRENCES and len(src_indices) <= MAX_ANCHOR_OCCURRENCES:
            pairs.update((s, t) for s in src_indices for t in tgt_indices)
    return sorted(pairs)


def used_entries(glossary: Glossary, docs: Sequence[Document]) -> tuple[GlossaryEntry, ...]:
    """The glossary's entries that some term of the documents refers to, in glossary order."""
    used = {hit.entry_id for doc in docs for hits in doc.terms for hit in hits}
    return tuple(entry for entry in glossary if entry.id in used)


def _hits(doc: Document, indices: Sequence[int]) -> list[TermHit]:
    if not doc.terms:
        return []
    return [hit for i in indices for hit in doc.terms[i]]


def _side(doc: Document, indices: Sequence[int]) -> tuple[str, list[TermHit]]:
    """A bead's side as one text (its sentences joined by a space) and its hits, offsets into it."""
    parts: list[str] = []
    hits: list[TermHit] = []
    offset = 0
    for i in indices:
        text = doc.sentences[i].text
        for hit in doc.terms[i] if doc.terms else ():
            hits.append(dataclasses.replace(hit, start=hit.start + offset, end=hit.end + offset))
        parts.append(text)
        offset += len(text) + 1
    return " ".join(parts), hits


def term_issues(alignment: Alignment, glossary: Glossary) -> list[BeadTermIssue]:
    """Terminology problems of each bead: a term whose counterpart is missing on the other side,
    and renderings the glossary forbids (in English text). One-sided beads are skipped: a
    sentence left untranslated is an omission, not a terminology problem. A counterpart that
    the term matcher misses but a translator writes (an inflection, inserted words, a compound
    such as "Trade Minister", part of a longer name) counts as present; see
    :func:`kobridge.glossary.renderings.renders`.
    """
    issues: list[BeadTermIssue] = []
    src, tgt = alignment.src, alignment.tgt
    for number, bead in enumerate(alignment.beads):
        if not bead.src or not bead.tgt:
            continue
        forbidden = [
            hit
            for doc, indices in ((src, bead.src), (tgt, bead.tgt))
            if doc.lang == "en"
            for i in indices
            for hit in find_forbidden(doc.sentences[i].text, glossary)
        ]
        found = check_terms(_hits(src, bead.src), _hits(tgt, bead.tgt), glossary, forbidden_hits=forbidden)
        sides = {doc.lang: _side(doc, indices) for doc, indices in ((src, bead.src), (tgt, bead.tgt))}
        paired = frozenset(h.entry_id for h in sides[src.lang][1]) & frozenset(
            h.entry_id for h in sides[tgt.lang][1]
        )
        for issue in found:
            entry = glossary.get(issue.entry_id)
            if issue.kind == "missing" and entry is not None and issue.lang in sides:
                text, hits = sides[issue.lang]
                if renders(entry, issue.lang, text, hits=hits, paired=paired):
                    continue
            issues.append(BeadTermIssue(number, issue))
    return issues

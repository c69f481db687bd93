"""The review editor's operations: pure functions from an alignment to a corrected alignment.

Each operation takes an :class:`~kobridge.model.Alignment` and returns a new one; nothing is
changed in place and no text is ever changed. Beads are numbered from 0, as everywhere in
kobridge; a *side* is 0 (source) or 1 (target); a sentence is named by its 0-based index on
its side. A bead a person made or changed is marked ``review="edited"`` (score 1.0: no
aligner vouches for it), a bead they checked ``review="confirmed"`` (its score is kept).

Splitting and joining sentences renumber the sentences of that side after the change; the
beads follow. A sentence is split at a character offset of its text; the whitespace there
goes between the two sentences, as between any two sentences of a paragraph.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from kobridge.errors import KobridgeError
from kobridge.model import Alignment, Bead, Document, Sentence, TermHit

__all__ = [
    "EditError",
    "confirm",
    "confirm_through",
    "detach",
    "join_sentences",
    "merge_next",
    "move_first",
    "move_last",
    "split_bead",
    "split_sentence",
]


class EditError(KobridgeError):
    """An edit that cannot be made here (e.g. merging the last bead with the next)."""


def _side(bead: Bead, side: int) -> tuple[int, ...]:
    return bead.src if side == 0 else bead.tgt


def _with_side(bead: Bead, side: int, indices: tuple[int, ...]) -> Bead:
    if side == 0:
        return dataclasses.replace(bead, src=indices)
    return dataclasses.replace(bead, tgt=indices)


def _edited(src: tuple[int, ...], tgt: tuple[int, ...]) -> Bead:
    return Bead(src, tgt, 1.0, "edited")


def _bead(alignment: Alignment, number: int) -> Bead:
    if not 0 <= number < len(alignment.beads):
        raise EditError(f"there is no bead {number} (the beads are 0 to {len(alignment.beads) - 1})")
    return alignment.beads[number]


def _check_side(side: int) -> None:
    if side not in (0, 1):
        raise EditError(f"side must be 0 (source) or 1 (target), not {side}")


def _replace(alignment: Alignment, start: int, stop: int, beads: Sequence[Bead]) -> Alignment:
    """Beads ``start:stop`` replaced by ``beads``, dropping any bead left empty on both sides."""
    kept = [bead for bead in beads if bead.src or bead.tgt]
    new = (*alignment.beads[:start], *kept, *alignment.beads[stop:])
    return dataclasses.replace(alignment, beads=new)


def merge_next(alignment: Alignment, number: int) -> Alignment:
    """Merge bead ``number`` with the bead after it."""
    first = _bead(alignment, number)
    if number + 1 >= len(alignment.beads):
        raise EditError(f"bead {number} is the last one: there is no next bead to merge with")
    second = alignment.beads[number + 1]
    merged = _edited(first.src + second.src, first.tgt + second.tgt)
    return _replace(alignment, number, number + 2, [merged])


def split_bead(alignment: Alignment, number: int) -> Alignment:
    """Split a bead with several sentences into beads pairing them in order.

    ``[3, 4]:[5, 6]`` becomes ``[3]:[5]`` and ``[4]:[6]``; the longer side's extra sentences
    become one-sided beads at the end (``[3, 4]:[5]`` gives ``[3]:[5]`` and ``[4]:[]``).
    """
    bead = _bead(alignment, number)
    if max(len(bead.src), len(bead.tgt)) < 2:
        raise EditError(f"bead {number} ({bead.kind}) has one sentence a side: nothing to split")
    parts = [
        _edited(bead.src[i : i + 1], bead.tgt[i : i + 1]) for i in range(max(len(bead.src), len(bead.tgt)))
    ]
    return _replace(alignment, number, number + 1, parts)


def move_first(alignment: Alignment, number: int, side: int) -> Alignment:
    """Move the first sentence of one side of bead ``number`` to the end of the bead before."""
    _check_side(side)
    bead = _bead(alignment, number)
    indices = _side(bead, side)
    if not indices:
        raise EditError(f"bead {number} has no sentence on that side to move")
    if number == 0:
        raise EditError("bead 0 is the first one: there is no bead before it")
    before = alignment.beads[number - 1]
    moved_to = _with_side(before, side, (*_side(before, side), indices[0]))
    rest = _with_side(bead, side, indices[1:])
    return _replace(
        alignment, number - 1, number + 1, [_edited(moved_to.src, moved_to.tgt), _edited(rest.src, rest.tgt)]
    )


def move_last(alignment: Alignment, number: int, side: int) -> Alignment:
    """Move the last sentence of one side of bead ``number`` to the start of the bead after."""
    _check_side(side)
    bead = _bead(alignment, number)
    indices = _side(bead, side)
    if not indices:
        raise EditError(f"bead {number} has no sentence on that side to move")
    if number + 1 >= len(alignment.beads):
        raise EditError(f"bead {number} is the last one: there is no bead after it")
    after = alignment.beads[number + 1]
    rest = _with_side(bead, side, indices[:-1])
    moved_to = _with_side(after, side, (indices[-1], *_side(after, side)))
    return _replace(
        alignment, number, number + 2, [_edited(rest.src, rest.tgt), _edited(moved_to.src, moved_to.tgt)]
    )


def detach(alignment: Alignment, number: int, side: int, sentence: int) -> Alignment:
    """Take a sentence out of its bead into a one-sided bead of its own.

    The sentence must be the first or the last of its side in the bead. The new bead goes
    before the bead when the sentence was its first on that side, after it otherwise.
    """
    _check_side(side)
    bead = _bead(alignment, number)
    indices = _side(bead, side)
    other = _side(bead, 1 - side)
    if sentence not in indices:
        raise EditError(f"sentence {sentence} is not in bead {number} on that side")
    if not other and len(indices) == 1:
        raise EditError(f"bead {number} is already a one-sided bead")
    alone = _edited((sentence,), ()) if side == 0 else _edited((), (sentence,))
    if sentence == indices[0]:
        rest = _with_side(bead, side, indices[1:])
        parts = [alone, _edited(rest.src, rest.tgt)]
    elif sentence == indices[-1]:
        rest = _with_side(bead, side, indices[:-1])
        parts = [_edited(rest.src, rest.tgt), alone]
    else:
        raise EditError(
            f"sentence {sentence} is inside bead {number}: only its first or last can be detached"
        )
    return _replace(alignment, number, number + 1, parts)


def confirm(alignment: Alignment, number: int) -> Alignment:
    """Mark bead ``number`` as checked by a person (a bead made by hand stays ``edited``)."""
    _bead(alignment, number)
    return _confirm_range(alignment, number, number + 1)


def confirm_through(alignment: Alignment, number: int) -> Alignment:
    """Mark every bead from the first up to and including ``number`` as checked."""
    _bead(alignment, number)
    return _confirm_range(alignment, 0, number + 1)


def _confirm_range(alignment: Alignment, start: int, stop: int) -> Alignment:
    beads = tuple(
        dataclasses.replace(bead, review="confirmed") if start <= n < stop and not bead.review else bead
        for n, bead in enumerate(alignment.beads)
    )
    return dataclasses.replace(alignment, beads=beads)


def _document(alignment: Alignment, side: int) -> Document:
    return alignment.src if side == 0 else alignment.tgt


def _with_document(alignment: Alignment, side: int, doc: Document) -> Alignment:
    if side == 0:
        return dataclasses.replace(alignment, src=doc)
    return dataclasses.replace(alignment, tgt=doc)


def _sentence(doc: Document, index: int) -> Sentence:
    if not 0 <= index < len(doc.sentences):
        raise EditError(f"there is no sentence {index} (the sentences are 0 to {len(doc.sentences) - 1})")
    return doc.sentences[index]


def _renumber(bead: Bead, side: int, change: dict[int, tuple[int, ...]], shift: int, after: int) -> Bead:
    """A bead with one side's indices mapped: ``change`` for listed ones, ``+shift`` past ``after``."""
    mapped: list[int] = []
    for i in _side(bead, side):
        if i in change:
            mapped.extend(change[i])
        else:
            mapped.append(i + shift if i > after else i)
    return _with_side(bead, side, tuple(dict.fromkeys(mapped)))


def split_sentence(alignment: Alignment, side: int, index: int, at: int) -> Alignment:
    """Split sentence ``index`` of one side at character ``at`` of its text.

    The whitespace around the split point goes between the two new sentences; sentences
    after it are renumbered (+1), and the bead that held the sentence holds both halves.

    Raises:
        EditError: a half would be empty (or only whitespace), or the point is inside a
            glossary term.
    """
    _check_side(side)
    doc = _document(alignment, side)
    sentence = _sentence(doc, index)
    text = sentence.text
    left = text[:at].rstrip()
    right_start = len(text) - len(text[at:].lstrip()) if 0 < at < len(text) else at
    if not 0 < at < len(text) or not left or right_start >= len(text):
        raise EditError(f"cannot split sentence {index} at {at}: both halves must hold text")
    hits = doc.terms[index] if doc.terms else ()
    if any(hit.end > len(left) and hit.start < right_start for hit in hits):
        raise EditError(f"cannot split sentence {index} at {at}: the point is inside a glossary term")
    first = Sentence(left, sentence.start, sentence.start + len(left), sentence.lang, sentence.paragraph)
    second = Sentence(
        text[right_start:], sentence.start + right_start, sentence.end, sentence.lang, sentence.paragraph
    )
    sentences = (*doc.sentences[:index], first, second, *doc.sentences[index + 1 :])
    terms = doc.terms
    if terms:
        left_hits = tuple(hit for hit in hits if hit.end <= len(left))
        right_hits = tuple(_shift_hit(hit, -right_start) for hit in hits if hit.start >= right_start)
        terms = (*terms[:index], left_hits, right_hits, *terms[index + 1 :])
    new_doc = dataclasses.replace(doc, sentences=sentences, terms=terms)
    beads = []
    for bead in alignment.beads:
        moved = _renumber(bead, side, {index: (index, index + 1)}, 1, index)
        beads.append(_edited(moved.src, moved.tgt) if index in _side(bead, side) else moved)
    return dataclasses.replace(_with_document(alignment, side, new_doc), beads=tuple(beads))


def _shift_hit(hit: TermHit, offset: int) -> TermHit:
    return dataclasses.replace(hit, start=hit.start + offset, end=hit.end + offset)


def join_sentences(alignment: Alignment, side: int, index: int) -> Alignment:
    """Join sentence ``index`` of one side with the sentence after it (same paragraph).

    The new sentence's text is the document's text from the first's start to the second's
    end. If the two were in different beads, those beads and any between them become one.
    Sentences after the pair are renumbered (-1).
    """
    _check_side(side)
    doc = _document(alignment, side)
    first = _sentence(doc, index)
    if index + 1 >= len(doc.sentences):
        raise EditError(f"sentence {index} is the last one: there is no next sentence to join")
    second = doc.sentences[index + 1]
    if first.paragraph != second.paragraph:
        raise EditError(f"sentences {index} and {index + 1} are in different paragraphs: not joined")
    joined = Sentence(
        doc.text[first.start : second.end], first.start, second.end, first.lang, first.paragraph
    )
    sentences = (*doc.sentences[:index], joined, *doc.sentences[index + 2 :])
    terms = doc.terms
    if terms:
        moved_hits = tuple(_shift_hit(hit, second.start - first.start) for hit in terms[index + 1])
        terms = (*terms[:index], terms[index] + moved_hits, *terms[index + 2 :])
    new_doc = dataclasses.replace(doc, sentences=sentences, terms=terms)
    holding = [n for n, bead in enumerate(alignment.beads) if {index, index + 1} & set(_side(bead, side))]
    start, stop = holding[0], holding[-1] + 1
    group = alignment.beads[start:stop]
    merged = _edited(tuple(i for b in group for i in b.src), tuple(j for b in group for j in b.tgt))
    beads = (*alignment.beads[:start], merged, *alignment.beads[stop:])
    renumbered = tuple(_renumber(bead, side, {index + 1: (index,)}, -1, index + 1) for bead in beads)
    return dataclasses.replace(_with_document(alignment, side, new_doc), beads=renumbered)

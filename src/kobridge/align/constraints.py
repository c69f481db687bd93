"""Alignment around fixed beads: beads a person has confirmed are kept, the rest is aligned again.

The constraint is imposed from outside the aligner, so it holds whatever the engine does
inside: the two-sided fixed beads cut both documents into gaps, each gap is aligned on its
own by :func:`kobridge.align.align`, and no bead can cross a fixed one because no gap
reaches past one. A one-sided fixed bead (a sentence a person says has no translation)
occupies no room on the other side, so it cuts nothing: its sentence is left out of its
gap's problem and its bead is put back after the bead that holds the sentence before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kobridge.align.engine import align
from kobridge.model import AlignParams, Bead

if TYPE_CHECKING:
    from kobridge.align.features.lexical import LexicalModel

__all__ = ["FixedBeadError", "align_with_fixed", "check_fixed"]


class FixedBeadError(ValueError):
    """A fixed bead that cannot be kept; ``number`` is its 0-based position among the fixed beads."""

    def __init__(self, number: int, message: str) -> None:
        super().__init__(message)
        self.number = number


def check_fixed(fixed: Sequence[Bead], n: int, m: int) -> None:
    """Check that ``fixed`` can be kept in an alignment of ``n`` by ``m`` sentences.

    Each side of a bead must hold consecutive ascending indices in range, no sentence may be
    in two fixed beads, and the two-sided beads must be in document order on both sides (a
    crossing pair could not both be kept).

    Raises:
        FixedBeadError: the message names the 0-based position of the offending bead in ``fixed``.
    """
    seen: list[set[int]] = [set(), set()]
    previous: Bead | None = None
    for number, bead in enumerate(fixed):
        if not bead.src and not bead.tgt:
            raise FixedBeadError(number, f"fixed bead {bead} is empty")
        for side, (indices, size) in enumerate(((bead.src, n), (bead.tgt, m))):
            if any(not 0 <= i < size for i in indices):
                what = ("source", "target")[side]
                raise FixedBeadError(number, f"fixed bead {bead} points past the {size} {what} sentences")
            if indices and list(indices) != list(range(indices[0], indices[0] + len(indices))):
                raise FixedBeadError(number, f"fixed bead {bead} does not hold consecutive sentences")
            if seen[side] & set(indices):
                raise FixedBeadError(number, f"fixed bead {bead} repeats a sentence of another fixed bead")
            seen[side].update(indices)
        if bead.src and bead.tgt:
            if previous is not None and (bead.src[0] <= previous.src[-1] or bead.tgt[0] <= previous.tgt[-1]):
                raise FixedBeadError(
                    number, f"fixed bead {bead} crosses or comes before fixed bead {previous}"
                )
            previous = bead


def _gap_beads(
    src: Sequence[str],
    tgt: Sequence[str],
    src_range: range,
    tgt_range: range,
    skipped: tuple[list[Bead], list[Bead]],
    *,
    src_lang: str,
    tgt_lang: str,
    params: AlignParams | None,
    src_paragraphs: Sequence[int] | None,
    tgt_paragraphs: Sequence[int] | None,
    anchors: Sequence[tuple[int, int]],
    lexicon: LexicalModel | None,
) -> list[Bead]:
    """Align one gap between fixed beads, leaving out the sentences of one-sided fixed beads."""
    left_out = ({i for b in skipped[0] for i in b.src}, {j for b in skipped[1] for j in b.tgt})
    src_ids = [i for i in src_range if i not in left_out[0]]
    tgt_ids = [j for j in tgt_range if j not in left_out[1]]
    src_at = {i: k for k, i in enumerate(src_ids)}
    tgt_at = {j: k for k, j in enumerate(tgt_ids)}
    local = align(
        [src[i] for i in src_ids],
        [tgt[j] for j in tgt_ids],
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        params=params,
        src_paragraphs=[src_paragraphs[i] for i in src_ids] if src_paragraphs is not None else None,
        tgt_paragraphs=[tgt_paragraphs[j] for j in tgt_ids] if tgt_paragraphs is not None else None,
        anchors=[(src_at[s], tgt_at[t]) for s, t in anchors if s in src_at and t in tgt_at],
        lexicon=lexicon,
    )
    beads = [
        Bead(tuple(src_ids[i] for i in b.src), tuple(tgt_ids[j] for j in b.tgt), b.score, b.review)
        for b in local
    ]
    for side, kept in enumerate(skipped):
        for fixed_bead in kept:
            first = (fixed_bead.src if side == 0 else fixed_bead.tgt)[0]
            # After the last bead holding an earlier sentence of the same side (or first of all).
            where = 0
            for position, bead in enumerate(beads):
                indices = bead.src if side == 0 else bead.tgt
                if indices and indices[0] < first:
                    where = position + 1
            beads.insert(where, fixed_bead)
    return beads


def align_with_fixed(
    src: Sequence[str],
    tgt: Sequence[str],
    fixed: Sequence[Bead],
    *,
    src_lang: str = "ko",
    tgt_lang: str = "en",
    params: AlignParams | None = None,
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
    anchors: Sequence[tuple[int, int]] = (),
    lexicon: LexicalModel | None = None,
) -> tuple[Bead, ...]:
    """Align two sentence lists keeping every bead of ``fixed`` as it is.

    Args:
        src: the source sentences.
        tgt: the target sentences.
        fixed: beads to keep (their scores and review marks are kept too), in document
            order; see :func:`check_fixed` for what they must satisfy.
        src_lang, tgt_lang, params, src_paragraphs, tgt_paragraphs, anchors, lexicon: as for
            :func:`kobridge.align.align`, which aligns each gap between the fixed beads.

    Returns:
        Beads covering every sentence of both sides once, in order, among them each fixed bead.

    Raises:
        FixedBeadError: ``fixed`` breaks a rule of :func:`check_fixed`.
        ValueError: as :func:`kobridge.align.align`.
    """
    check_fixed(fixed, len(src), len(tgt))
    two_sided = [b for b in fixed if b.src and b.tgt]
    one_sided = [b for b in fixed if not (b.src and b.tgt)]
    result: list[Bead] = []
    src_start = tgt_start = 0
    for cut in [*two_sided, None]:
        src_end = cut.src[0] if cut is not None else len(src)
        tgt_end = cut.tgt[0] if cut is not None else len(tgt)
        skipped: tuple[list[Bead], list[Bead]] = (
            sorted((b for b in one_sided if b.src and src_start <= b.src[0] < src_end), key=lambda b: b.src),
            sorted((b for b in one_sided if b.tgt and tgt_start <= b.tgt[0] < tgt_end), key=lambda b: b.tgt),
        )
        if src_end > src_start or tgt_end > tgt_start:
            result.extend(
                _gap_beads(
                    src,
                    tgt,
                    range(src_start, src_end),
                    range(tgt_start, tgt_end),
                    skipped,
                    src_lang=src_lang,
                    tgt_lang=tgt_lang,
                    params=params,
                    src_paragraphs=src_paragraphs,
                    tgt_paragraphs=tgt_paragraphs,
                    anchors=anchors,
                    lexicon=lexicon,
                )
            )
        if cut is not None:
            result.append(cut)
            src_start, tgt_start = cut.src[-1] + 1, cut.tgt[-1] + 1
    return tuple(result)

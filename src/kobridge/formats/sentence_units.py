"""Sentence-level units of merged beads, for CAT tools whose source segments are single sentences.

A 2-1 bead pairs two Korean sentences with one English sentence. A TMX unit of the pair never
matches in OmegaT (or any tool that segments the source by sentence): its source is two of the
tool's segments joined. This module splits the other side of such a bead so that each source
sentence gets a unit of its own:

- When the target side has at least as many sentences as the source side (2-2, 2-3), its
  sentences are grouped, in order, one group per source sentence; in a bead of two sentences a
  side the groups may also cross (a swap, 2-2).
- When it has fewer (2-1, 3-1, 3-2), its sentences are cut into clauses, after a comma, semicolon,
  colon or dash or before a conjunction (``and``, ``because``, ``while``...), and the clauses
  grouped in order.

Every grouping is scored by the lexical model (IBM Model 1 similarity of each source sentence
and its group, as the aligner scores beads) less the difference between each group's share of
the target's characters and its source sentence's share of the source's; the best wins if its
mean share difference is at most :data:`MAX_SHARE_GAP`, otherwise the bead gets no sentence
units. Only Korean-to-English beads are split (the shipped lexical model's direction), and only
beads with two or three source sentences.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kobridge.model import Alignment, Bead

if TYPE_CHECKING:
    from kobridge.align.features.lexical import LexicalModel

__all__ = ["MAX_SHARE_GAP", "sentence_units"]

MAX_SHARE_GAP = 0.2
"""The largest mean difference of character shares (group against source sentence) accepted;
set on the two samples, where it keeps every correct split and no wrong one."""

# Where an English sentence may be cut into clauses: after , ; : or a dash, or before a
# conjunction or relative word that opens a clause.
_CLAUSE_CUT = re.compile(
    r"(?<=[,;:])\s+"
    r"|(?<=\S)\s+(?=[—–]\s)|(?<=[—–])\s+"
    r"|\s+(?=(?:and|but|because|while|amid|as|which|so|since|although|though|after|before"
    r"|when|where|if|with|saying|who|whereas)\b)"
)
_TRAILING = " ,;:—–"


def _clauses(text: str) -> list[str]:
    pieces, start = [], 0
    for match in _CLAUSE_CUT.finditer(text):
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]


@functools.cache
def _model() -> LexicalModel:
    from kobridge.align.features.lexical import LexicalModel

    return LexicalModel.load_default()


def _groupings(pieces: int, groups: int, crossing: bool) -> list[tuple[tuple[int, int], ...]]:
    """Every way to cut ``pieces`` into ``groups`` contiguous non-empty spans (start, end), in
    source order; with ``crossing`` (two groups) also the two spans swapped."""
    found = []
    for cuts in itertools.combinations(range(1, pieces), groups - 1):
        bounds = (0, *cuts, pieces)
        spans = tuple(itertools.pairwise(bounds))
        found.append(spans)
        if crossing:
            found.append(spans[::-1])
    return found


def _split(model: LexicalModel, sources: Sequence[str], pieces: Sequence[str], crossing: bool) -> list[str]:
    """The target text of each source sentence, or ``[]`` when no grouping is plausible."""
    src_ids = [model.encode(text, "ko") for text in sources]
    src_total = sum(len(text) for text in sources)
    tgt_total = sum(len(piece) for piece in pieces)
    best: tuple[float, float, list[str]] | None = None
    for spans in _groupings(len(pieces), len(sources), crossing):
        texts = [" ".join(pieces[a:b]).strip(_TRAILING) for a, b in spans]
        gap = sum(
            abs(sum(len(p) for p in pieces[a:b]) / tgt_total - len(source) / src_total)
            for (a, b), source in zip(spans, sources, strict=True)
        ) / len(sources)
        lexical = sum(
            model.score(ids, model.encode(text, "en")) for ids, text in zip(src_ids, texts, strict=True)
        )
        value = lexical - gap
        if best is None or value > best[0]:
            best = (value, gap, texts)
    if best is None or best[1] > MAX_SHARE_GAP:
        return []
    return best[2]


def sentence_units(alignment: Alignment, bead: Bead) -> list[tuple[int, str, str]]:
    """The sentence-level units of a merged bead: (source sentence index, its text, its target).

    Empty for a bead with fewer than two or more than three source sentences, a one-sided bead,
    a pair other than Korean to English, or a bead no grouping fits (see the module notes).
    """
    if not 2 <= len(bead.src) <= 3 or not bead.tgt:
        return []
    if (alignment.src.lang, alignment.tgt.lang) != ("ko", "en"):
        return []
    sources = [alignment.src.sentences[i].text for i in bead.src]
    targets = [" ".join(alignment.tgt.sentences[i].text.split()) for i in bead.tgt]
    if len(targets) >= len(sources):
        pieces, crossing = targets, len(sources) == 2
    else:
        pieces, crossing = [clause for target in targets for clause in _clauses(target)], False
    if len(pieces) < len(sources):
        return []
    texts = _split(_model(), sources, pieces, crossing)
    return [(index, source, text) for index, source, text in zip(bead.src, sources, texts, strict=False)]

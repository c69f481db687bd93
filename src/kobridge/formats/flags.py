"""Which beads a reviewer should look at, and why: the flags of the review page and the editor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kobridge.formats.tei import LANGUAGE_NAMES
from kobridge.model import Alignment, Bead

__all__ = ["bead_flags", "missed_merges"]


def missed_merges(beads: Sequence[Bead]) -> set[int]:
    """Beads of a run that looks like a merge the aligner missed.

    An omission and an addition next to each other, or with a single 1-1 bead between them
    (``1-0 / 1-1 / 0-1``, either way round), usually mean that the sentences belong together:
    a 2-1, 1-2 or 2-2 bead the aligner split up, or a 1-1 it shifted.
    """
    found: set[int] = set()
    for number, bead in enumerate(beads):
        if bead.src and bead.tgt:
            continue
        for gap in (1, 2):
            end = number + gap
            if end >= len(beads):
                break
            between = beads[number + 1 : end]
            other = beads[end]
            if all(b.kind == "1-1" for b in between) and bool(other.src) != bool(other.tgt):
                if bool(other.src) != bool(bead.src):
                    found.update(range(number, end + 1))
                break
    return found


def bead_flags(
    alignment: Alignment, threshold: float, issue_counts: Mapping[int, int]
) -> list[list[tuple[str, str]]]:
    """Each bead's flags as ``(name, badge text)`` pairs; an empty list when nothing is wrong.

    The names: ``one-sided`` (an omission or an addition), ``low`` (confidence under
    ``threshold``), ``merge`` (part of a likely missed merge, :func:`missed_merges`) and
    ``term-issue`` (``issue_counts`` gives the number of terminology issues per bead index).
    """
    merges = missed_merges(alignment.beads)
    found: list[list[tuple[str, str]]] = []
    for number, bead in enumerate(alignment.beads):
        flags = []
        if not bead.src or not bead.tgt:
            side = alignment.src if bead.src else alignment.tgt
            flags.append(("one-sided", f"only in {LANGUAGE_NAMES.get(side.lang, side.lang)}"))
        if bead.score < threshold:
            flags.append(("low", "low confidence"))
        if number in merges:
            flags.append(("merge", "likely missed merge"))
        count = issue_counts.get(number, 0)
        if count:
            flags.append(("term-issue", f"{count} term issue{'s' if count != 1 else ''}"))
        found.append(flags)
    return found

"""The lookup score: how close a unit of the memory is to a new sentence, and what differs.

score = 2·LCS(a, b) / (|a| + |b|) − 0.02 · (numbers that differ), clipped to [0, 1]

where ``a`` and ``b`` are the fuzzy forms of the two Korean sentences (``kobridge.tm.text``:
particles stripped, spacing and punctuation ignored, each number a one-character placeholder)
and LCS is the length of their longest common subsequence of characters (Hangul syllables,
letters, digits). The first term is the normalised Indel similarity of the two forms (the
measure rapidfuzz calls ``fuzz.ratio``, divided by 100), so a unit that differs from the sentence
only in its particles scores 1.0, and one that differs only in a number scores 0.98 and says
which number changed. Numbers are paired in the order they occur; where the two sentences hold
different counts of numbers, each one without a partner counts as differing.

The LCS is computed bit-parallel (Allison and Dix 1986; Hyyrö 2004, "Bit-parallel LCS-length
computation revisited"): one machine word per character of ``b`` over Python's unbounded
integers, so a pair of news sentences costs a few dozen integer operations.
"""

from __future__ import annotations

import difflib

from kobridge.tm.model import Difference
from kobridge.tm.text import PLACEHOLDER, FuzzyForm

__all__ = ["NUMBER_PENALTY", "Scorer", "differences", "lcs_length", "score", "similarity"]

NUMBER_PENALTY = 0.02


def _masks(a: str) -> dict[str, int]:
    masks: dict[str, int] = {}
    for i, c in enumerate(a):
        masks[c] = masks.get(c, 0) | (1 << i)
    return masks


def _lcs(masks: dict[str, int], size: int, b: str) -> int:
    """LCS length of the string ``masks`` was built from (of length ``size``) and ``b``."""
    row = full = (1 << size) - 1
    get = masks.get
    # Bits above ``size`` (carries of the addition) never flow back down: mask once, at the end.
    for c in b:
        match = row & get(c, 0)
        row = (row + match) | (row - match)
    return size - (row & full).bit_count()


def lcs_length(a: str, b: str) -> int:
    """The length of the longest common subsequence of ``a`` and ``b``."""
    if not a or not b:
        return 0
    return _lcs(_masks(a), len(a), b)


def similarity(a: str, b: str) -> float:
    """2·LCS / (|a| + |b|): 1.0 for equal strings, 0.0 when nothing is shared (or both empty)."""
    total = len(a) + len(b)
    return 2 * lcs_length(a, b) / total if total else 0.0


def _number_changes(memory: FuzzyForm, sentence: FuzzyForm) -> int:
    pairs = zip(memory.numbers, sentence.numbers, strict=False)
    changed = sum(1 for old, new in pairs if old != new)
    return changed + abs(len(memory.numbers) - len(sentence.numbers))


def score(memory: FuzzyForm, sentence: FuzzyForm) -> float:
    """The lookup score of a memory unit against a sentence, in [0, 1] (module docstring)."""
    return Scorer(sentence).score(memory)


class Scorer:
    """Scores many units against one sentence, its bit masks built once."""

    def __init__(self, sentence: FuzzyForm) -> None:
        self.sentence = sentence
        self._masks = _masks(sentence.text)

    def score(self, memory: FuzzyForm) -> float:
        """:func:`score` of ``memory`` against this scorer's sentence."""
        a, b = self.sentence.text, memory.text
        total = len(a) + len(b)
        shared = _lcs(self._masks, len(a), b) if a and b else 0
        value = (2 * shared / total if total else 0.0) - NUMBER_PENALTY * _number_changes(
            memory, self.sentence
        )
        return min(1.0, max(0.0, value))


def differences(memory: FuzzyForm, sentence: FuzzyForm) -> tuple[Difference, ...]:
    """What the sentence changes in the unit: numbers first, then words, in order.

    Words are compared as their fuzzy forms (particles stripped), numbers as values and shown
    as written.
    """
    found: list[Difference] = []
    for i in range(max(len(memory.numbers), len(sentence.numbers))):
        old = memory.surfaces[i] if i < len(memory.surfaces) else ""
        new = sentence.surfaces[i] if i < len(sentence.surfaces) else ""
        if i >= len(memory.numbers) or i >= len(sentence.numbers) or memory.numbers[i] != sentence.numbers[i]:
            found.append(Difference("number", old, new))
    matcher = difflib.SequenceMatcher(None, memory.words, sentence.words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old = " ".join(memory.words[i1:i2])
        new = " ".join(sentence.words[j1:j2])
        if tag == "delete":
            found.append(Difference("extra", old, ""))
        elif tag == "insert":
            found.append(Difference("missing", "", new))
        elif tag == "replace" and PLACEHOLDER not in (old, new):
            found.append(Difference("changed", old, new))
    return tuple(found)

"""Generic rules for languages written in Latin script (German, French, Spanish, ...).

A terminator ends a sentence when whitespace and a word that does not start in lowercase follow,
unless the word before it is a known abbreviation or a single letter (``z. B.``, ``M. Macron``,
``J. Smith``). German ordinals (``am 3. Oktober``) continue before a month or a lowercase word.
German and French closing quotes (``„Gut.“``, ``« Fini. »``) stay with the sentence they close.
The lists are short on purpose: these languages get dependable basics, not news-tuned rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kobridge.segment._scan import (
    BRACKETS,
    CLOSERS,
    TERMINATORS,
    Enclosures,
    candidates,
    next_words,
    word_before,
    words,
)

__all__ = ["LatinRules"]

# Abbreviations shared by most Latin-script languages.
_COMMON = words(
    "Dr Prof Mr Mrs Ms St Nr No Vol Art Abs ca etc vs bzw usw vgl z.B d.h u.a o.ä s.o Hr Fr Frl "
    "Mme Mmes Mlle Mgr Me Sr Sra Srta Dra Dña Sto Sta p.ex Ud Uds Vd Sig Sig.ra Dott Ing Avv On "
    "Inc Co Corp Ltd GmbH Cie Jr S.A U.S U.K E.U U.N"
)
_MONTHS = words(
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember Jan Feb "
    "Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez"
)
_OPENERS = "\"'“‘„«‹([{¿¡"
# Terminators and closers, with German closing quotes (``„Gut.“``) and French guillemets after a
# space (``« C'est fini. »``) among the closers.
_CANDIDATE = re.compile(f"([{re.escape(TERMINATORS)}]+)((?:[{re.escape(CLOSERS)}“‘]|[ \u00a0\u202f]»)*)")


@dataclass(frozen=True, slots=True)
class LatinRules:
    """Boundary rules for one Latin-script language: ``abbreviations`` never end a sentence."""

    abbreviations: frozenset[str] = frozenset()
    ordinal_dates: bool = False

    def __call__(self, paragraph: str) -> list[int]:
        """The offsets in ``paragraph`` where sentences end, the paragraph's own end excluded."""
        brackets = Enclosures(BRACKETS.spans(paragraph))
        ends: list[int] = []
        for c in candidates(paragraph, _CANDIDATE):
            if c.end >= len(paragraph):
                break
            space, word1, _ = next_words(paragraph, c.end)
            first = word1.lstrip(_OPENERS)[:1]
            if not space or not first or first in ".…" or first.islower():
                continue
            if brackets and brackets.contains(c):
                continue
            if c.marks == "." and not c.closers and not self._period_ends(paragraph, c.start, word1):
                continue
            ends.append(c.end)
        return ends

    def _period_ends(self, paragraph: str, start: int, word1: str) -> bool:
        word = word_before(paragraph, start)
        if len(word) == 1 and word.isalpha():
            return False
        if word in _COMMON or word in self.abbreviations:
            return False
        if word.isdigit() and self.ordinal_dates:
            return word1.rstrip(".,") not in _MONTHS and not word1[:1].isdigit()
        return True

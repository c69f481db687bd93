"""Korean sentence-boundary rules, tuned for news copy.

Korean gives no capital letter after a sentence end, so the cues are the ending before the mark
and what follows it:

- a terminator after Hangul (``했다.``, ``있나?``) ends a sentence when whitespace follows, and also
  with no space when the syllable is a sentence-final ending (``했다.그러나``);
- a quotation that a quotative particle follows (``“…중요하다.”라고 말했다``) does not end the
  sentence that quotes it; a quotation of several sentences is split at the sentence ends inside
  it (``“…중요하다. | …있다.”라고 말했다``), since translations often render each on its own;
- a terminator inside brackets (``(…했다.)``) ends nothing before the bracket closes;
- numbers, decimals and dates with dots (``1.5%``, ``2024.12.3``, ``2024. 12. 3.``), URLs and
  e-mail addresses never end a sentence, since no space follows their dots, and English
  abbreviations inside Korean text (``U.S. 정부``, ``Dr. 김``) do not end one before Hangul;
- list items (``▲``, ``△``, ``■``) are ordinary text: inline items stay inside their sentence.
"""

from __future__ import annotations

import re

from kobridge.segment import rules_en
from kobridge.segment._scan import (
    EXCLAMATIONS,
    Enclosures,
    MarkPairs,
    candidates,
    next_words,
    word_before,
    words,
)

__all__ = ["boundaries"]

# Syllables that end a Korean sentence: 했다, 해요, 할까, 하죠, 했음, 함, 것임, 합니다, 하네, 하라, 하자...
FINAL_SYLLABLES = frozenset("다요까죠음함임니네라자군오냐지됨움세래대걸나")
# Words that continue a quotation or a question after a space: ``” 라고 말했다``, ``? 하는 의문``,
# ``” 등의 호소``.
QUOTATIVES = words(
    "고 며 라 란 면서 라고 라며 라면서 라는 이라고 이라며 이라면서 이라는 이란 "
    "하고 하며 하면서 하는 하자 하니 하던 했다 한다 라던 이라던 등 등의 등을 등이 등과 등은 등도"
)
# Mixed double quotes (``"…”``, ``“…"``) are common in news copy, so any double quote closes any.
_QUOTES = MarkPairs({"“": '”"', '"': '”"', "‘": "’", "「": "」", "『": "』"})
_CLOSING_QUOTES = frozenset('”’」』"')
_BRACKETS = MarkPairs({"(": ")", "[": "]", "（": "）", "［": "］", "〈": "〉"})
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# A date written with dots and optional spaces, read back from its last dot: ``2024. 12. 3.``.
_DATE_BEFORE = re.compile(r"\d{2,4}\.\s?\d{1,2}\.\s?\d{1,2}\Z")
# Opening marks and list bullets that can start a sentence with no space before them.
_STARTS = frozenset("“‘\"'([「『〈▲△■□●○◆◇▶▷-•")
_TRAILING = ".,;:!?…”’\"')]」』"


def _is_hangul(ch: str) -> bool:
    return bool(_HANGUL.match(ch))


def _quotative(word: str) -> bool:
    return word.rstrip(_TRAILING) in QUOTATIVES


def _quoted_speech(paragraph: str) -> set[int]:
    """Where the quotations that a quotative particle follows open.

    ``“…”라고``, ``“…” 라며`` and ``“…” 등의`` are quoted speech, and so is a quotation that one
    of them follows: in ``“죄송하다.” “책임지겠다”고 말했다`` and ``“아프다.” “힘들다.” 등의
    호소`` both quotations belong to one sentence (kiwipiepy reads the first the same way).
    """
    opens: set[int] = set()
    for open_pos, close_pos in reversed(_QUOTES.spans(paragraph)):
        after = close_pos + 1
        space, word1, _ = next_words(paragraph, after)
        attached = not space and after < len(paragraph) and _is_hangul(paragraph[after])
        if attached or _quotative(word1) or (space and after + len(space) in opens):
            opens.add(open_pos)
    return opens


def boundaries(paragraph: str) -> list[int]:
    """The offsets in ``paragraph`` where sentences end, the paragraph's own end excluded."""
    brackets = Enclosures(_BRACKETS.spans(paragraph))
    speech_opens = _quoted_speech(paragraph)
    ends: list[int] = []
    for c in candidates(paragraph):
        if c.end >= len(paragraph):
            break
        if brackets and brackets.contains(c):
            continue
        prev = paragraph[c.start - 1] if c.start else ""
        space, word1, _ = next_words(paragraph, c.end)
        if not space:
            nxt = paragraph[c.end]
            if c.closers and c.closers[-1] in _CLOSING_QUOTES and _is_hangul(nxt):
                continue
            if (prev in FINAL_SYLLABLES or (c.marks[0] in EXCLAMATIONS and _is_hangul(prev))) and (
                _is_hangul(nxt) or nxt in _STARTS
            ):
                ends.append(c.end)
            continue
        if not word1 or word1[0] in ".…":
            continue
        if (c.closers[-1:] in _CLOSING_QUOTES or c.marks[-1] in EXCLAMATIONS) and (
            _quotative(word1) or c.end + len(space) in speech_opens
        ):
            continue
        if not c.closers and c.marks != "." and not c.marks.strip(".…"):
            if prev in FINAL_SYLLABLES:
                ends.append(c.end)
            continue
        if _is_hangul(prev) or c.closers:
            ends.append(c.end)
        elif prev.isdigit():
            if not _number_continues(paragraph, c.start, word1):
                ends.append(c.end)
        elif prev.isascii() and prev.isalpha():
            if c.marks != "." or _latin_period_ends(paragraph, c.start, word1):
                ends.append(c.end)
        else:
            ends.append(c.end)
    return ends


def _number_continues(paragraph: str, start: int, word1: str) -> bool:
    """Whether a ``.`` after a digit is part of a date or a list number: ``2024. 12. 3.``, ``1. 개요``.

    A Korean sentence does not end on a bare number of one or two digits, so ``1.`` and ``12.``
    standing alone are list numbers (``1. 예산 2. 인력``).
    """
    if word1[0].isdigit() or _DATE_BEFORE.search(paragraph, max(0, start - 12), start):
        return True
    word = word_before(paragraph, start)
    return len(word) <= 2 and word.isdigit()


def _latin_period_ends(paragraph: str, start: int, word1: str) -> bool:
    """Whether a ``.`` after a Latin word ends a sentence: abbreviations do not before Hangul."""
    word = word_before(paragraph, start)
    abbreviation = (
        word in rules_en.TITLES
        or word in rules_en.NUMBERED
        or word in rules_en.MONTHS
        or word in rules_en.NEVER_END
        or word in rules_en.MAY_END
        or word in rules_en.CLOCK
        or rules_en.is_initialism(word)
    )
    if not abbreviation:
        return True
    if _is_hangul(word1[0]):
        return False
    return rules_en.period_ends(paragraph, start, next_words(paragraph, start + 1))

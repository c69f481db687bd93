"""Language-independent scanning: paragraphs, sentence-end candidates, brackets and quotes.

The language rules in ``rules_*.py`` only decide whether a candidate ends a sentence; everything
that touches offsets lives here, so the offset invariant is kept in one place.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "BRACKETS",
    "CANDIDATE",
    "CLOSERS",
    "EXCLAMATIONS",
    "TERMINATORS",
    "Candidate",
    "Enclosures",
    "MarkPairs",
    "candidates",
    "has_candidate",
    "lines",
    "next_words",
    "paragraph_spans",
    "strip_span",
    "word_before",
    "words",
]

# How far down the stack of open brackets a closing one looks for its partner.
_MAX_DEPTH = 8

# Line breaks as ``str.splitlines`` knows them; every one of them is whitespace (``str.isspace``).
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

# A run of sentence-final marks and the closing quotes or brackets that follow it:
# ``다.``, ``?!``, ``...``, ``…``, ``.”``, ``!")``, ``。``.
TERMINATORS = ".?!…。？！‼⁇⁈⁉"
# The terminators of questions and exclamations.
EXCLAMATIONS = "?!？！‼⁇⁈⁉"
CLOSERS = "\"'”’»›)]}」』〉》）］"
_TERMINATOR = re.compile(f"[{re.escape(TERMINATORS)}]")
CANDIDATE = re.compile(f"([{re.escape(TERMINATORS)}]+)([{re.escape(CLOSERS)}]*)")

# The token before a terminator, read back at most 48 characters: ``U.S`` in ``the U.S.``.
_WORD_BEFORE = re.compile(r"\S{0,48}\Z")
# Opening marks that are not part of a word: ``(Dr`` -> ``Dr``, ``“중요하다`` -> ``중요하다``.
_OPENERS = "\"'“‘«‹([{「『〈《（［"
# The whitespace after a candidate and the two words that follow it (each read at most 40 characters).
_NEXT = re.compile(r"(\s*)(\S{0,40})\s*(\S{0,40})")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible sentence end in a paragraph.

    ``start`` is the first terminator and ``end`` the end of the closers after the terminator run,
    which is where the sentence would end: in ``했다.”라고``, ``marks`` is ``.`` and ``closers`` is
    ``”``.
    """

    start: int
    end: int
    marks: str
    closers: str


def has_candidate(paragraph: str) -> bool:
    """Whether a terminator stands anywhere but at the very end of ``paragraph``."""
    return _TERMINATOR.search(paragraph, 0, len(paragraph) - 1) is not None


def candidates(paragraph: str, pattern: re.Pattern[str] = CANDIDATE) -> Iterator[Candidate]:
    """Yield every run of terminators (with its closers) in ``paragraph``, left to right.

    ``pattern`` has two groups, the terminators and the closers; the default is ``CANDIDATE``.
    """
    for m in pattern.finditer(paragraph):
        yield Candidate(m.start(), m.end(), m.group(1), m.group(2))


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``, for writing word lists compactly."""
    return frozenset(text.split())


def word_before(paragraph: str, pos: int) -> str:
    """The whitespace-delimited token that ends at ``pos``, without opening quotes or brackets."""
    m = _WORD_BEFORE.search(paragraph, max(0, pos - 48), pos)
    word = m.group() if m else ""
    return word.lstrip(_OPENERS)


def next_words(paragraph: str, pos: int) -> tuple[str, str, str]:
    """The whitespace at ``pos`` and the two tokens after it: ``(" ", "Mr.", "Kim")``."""
    m = _NEXT.match(paragraph, pos)
    if m is None:  # pragma: no cover - the pattern matches the empty string
        return "", "", ""
    return m.group(1), m.group(2), m.group(3)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so that ``text[start:end]`` has no surrounding whitespace.

    Uses ``str.strip``'s idea of whitespace, so that sentences compare equal to stripped text.
    """
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    if left == len(piece):
        return start, start
    right = len(piece) - len(piece.rstrip())
    return start + left, end - right


def lines(text: str) -> Iterator[tuple[int, int, bool]]:
    """Yield ``(start, end, after_blank)`` for each non-blank line of ``text``, stripped.

    ``after_blank`` says whether a blank line (empty or only whitespace) lies between this line and
    the previous non-blank one; it is ``False`` for the first line.
    """
    blank = False
    previous = -1
    for m in _LINE.finditer(text):
        start, end = strip_span(text, *m.span())
        if start == end:
            blank = True
            continue
        if previous >= 0 and not blank:
            blank = len(_BREAK.findall(text, previous, m.start())) > 1
        yield start, end, blank and previous >= 0
        blank = False
        previous = m.end()


def paragraph_spans(text: str, *, wrapped: bool) -> Iterator[tuple[int, int]]:
    """Yield the ``(start, end)`` of each paragraph of ``text``, stripped and non-empty.

    A blank line always separates paragraphs. With ``wrapped=False`` every line break ends a
    paragraph too; with ``wrapped=True`` consecutive non-blank lines form one paragraph.
    """
    first = last = -1
    for start, end, after_blank in lines(text):
        if not wrapped:
            yield start, end
        elif first < 0:
            first, last = start, end
        elif after_blank:
            yield first, last
            first, last = start, end
        else:
            last = end
    if first >= 0:
        yield first, last


class MarkPairs:
    """Opening marks and the marks that may close each, for finding enclosed spans.

    ``pairs`` maps each opening mark to the marks that may close it: ``{"(": ")"}``, or
    ``{"“": "”\"", '"': "”\""}`` so that news copy's mixed quotes (``"…”``) still pair. A mark
    that both opens and closes (the straight quote) opens after whitespace, the paragraph start
    or another opening mark (`` "말``), and closes otherwise (``다"라고``); a closer with no
    partner is ignored, so one stray quote cannot pair with one a few sentences away.
    """

    __slots__ = ("_closers", "_pairs", "_pattern")

    def __init__(self, pairs: dict[str, str]) -> None:
        self._pairs = pairs
        self._closers = frozenset().union(*pairs.values())
        marks = "".join(sorted(set(pairs).union(*pairs.values())))
        self._pattern = re.compile(f"[{re.escape(marks)}]")

    def spans(self, paragraph: str) -> list[tuple[int, int]]:
        """Positions ``(open, close)`` of the matched pairs in ``paragraph``, sorted by ``open``.

        Unmatched marks are ignored; a closer looks at most ``_MAX_DEPTH`` levels down the stack
        of open marks, so the scan stays linear.
        """
        pairs = self._pairs
        stack: list[tuple[str, int]] = []
        spans: list[tuple[int, int]] = []
        for m in self._pattern.finditer(paragraph):
            ch, pos = m.group(), m.start()
            if ch in pairs and (pos == 0 or paragraph[pos - 1].isspace() or paragraph[pos - 1] in pairs):
                stack.append((ch, pos))
                continue
            for depth in range(len(stack) - 1, max(-1, len(stack) - 1 - _MAX_DEPTH), -1):
                if ch in pairs[stack[depth][0]]:
                    spans.append((stack[depth][1], pos))
                    del stack[depth:]
                    break
            else:
                if ch in pairs and ch not in self._closers:
                    stack.append((ch, pos))
        spans.sort()
        return spans


class Enclosures:
    """The outermost of some enclosed spans, for asking whether a candidate lies inside one."""

    __slots__ = ("_closes", "_opens")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._opens: list[int] = []
        self._closes: list[int] = []
        for open_pos, close_pos in sorted(spans):
            if self._closes and open_pos < self._closes[-1]:
                self._closes[-1] = max(self._closes[-1], close_pos)
                continue
            self._opens.append(open_pos)
            self._closes.append(close_pos)

    def __bool__(self) -> bool:
        return bool(self._opens)

    def contains(self, candidate: Candidate) -> bool:
        """Whether the candidate, closers included, lies strictly inside a span."""
        i = bisect_left(self._opens, candidate.start) - 1
        return i >= 0 and candidate.end <= self._closes[i]


# Round and square brackets, which every language's rules look inside.
BRACKETS = MarkPairs({"(": ")", "[": "]"})

"""Telling hard-wrapped plain text (a line break every ~70 columns) from one paragraph a line.

By default kobridge reads every line break as the end of a paragraph, which cuts a
hard-wrapped text at every line end: sentences split in two, the alignment ruined. The
signs of hard wrapping, measured over the lines that another line follows (the lines inside
a block of text; the last line of a block ends a paragraph either way):

- most of them end without sentence-final punctuation (a headline does, a paragraph does not);
- or the next line starts with a lowercase letter (a sentence going on);
- their lengths cluster just under one width: the wrap column.

Text with one paragraph a line, as the samples are, has few lines inside blocks, and those
end with a full stop; so it is never taken for wrapped.
"""

from __future__ import annotations

import itertools
import statistics
import unicodedata

__all__ = ["wrap_width"]

# Enough lines inside blocks to judge by.
_MIN_INNER_LINES = 6
# The share of inner lines that must break mid-sentence.
_MIN_OPEN_SHARE = 0.6
# The share of inner lines whose width is within _BAND under the wrap column.
_MIN_FULL_SHARE = 0.7
_BAND = 0.25
# Sentence-final punctuation, closing quotes and brackets after it, and Korean's ending.
_FINAL = ".!?。！？…"
_CLOSERS = "\"'”’)]」』》"


def _ends_sentence(line: str) -> bool:
    last = line.rstrip().rstrip(_CLOSERS)[-1:]
    return bool(last) and last in _FINAL


def _width(line: str) -> int:
    """The columns a line takes: East Asian wide and fullwidth characters (Hangul) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line.rstrip())


def wrap_width(text: str) -> int | None:
    """The column a text seems hard-wrapped at, or None when it reads as one paragraph a line.

    Args:
        text: a decoded plain text.

    Returns:
        The median width in columns of its inner lines when they show the signs in the
        module docstring, else None.
    """
    lines = text.split("\n")
    inner = [
        (line, following)
        for line, following in itertools.pairwise(lines)
        if line.strip() and following.strip()
    ]
    if len(inner) < _MIN_INNER_LINES:
        return None
    open_lines = sum(
        1 for line, following in inner if not _ends_sentence(line) or following.lstrip()[:1].islower()
    )
    if open_lines < _MIN_OPEN_SHARE * len(inner):
        return None
    widths = sorted(_width(line) for line, _ in inner)
    column = widths[int(0.9 * (len(widths) - 1))]  # the wrap column; a long URL does not move it
    full = sum(1 for width in widths if (1 - _BAND) * column <= width <= column)
    if full < _MIN_FULL_SHARE * len(inner):
        return None
    return round(statistics.median(widths))

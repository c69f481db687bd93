"""Writers and readers of kobridge's output formats, and validation of TEI output."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["MULTI_FILE_FORMATS", "OutputFormat"]


class OutputFormat(StrEnum):
    """The formats ``kobridge align`` writes (defined here, apart from the writers, so that the
    command line can offer them without importing the writers)."""

    tei = "tei"
    beads = "beads"
    tsv = "tsv"
    json = "json"
    tmx = "tmx"
    xliff = "xliff"
    xces = "xces"
    parallel = "parallel"


MULTI_FILE_FORMATS = frozenset({OutputFormat.xces, OutputFormat.parallel})
"""The formats written as several files named after ``-o`` (see :mod:`kobridge.formats.files`)."""


FLAG_THRESHOLD = 0.5
"""Beads less confident than this are flagged for review (the review page, the editor, XLIFF
states, the command line's defaults); see docs/alignment.md for how it was chosen."""

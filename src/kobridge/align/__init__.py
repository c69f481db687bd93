"""Sentence alignment: ``align`` pairs two sentence lists into beads; ``evaluate`` scores beads.

See ``docs/alignment.md`` for the method and its measured accuracy and speed.
"""

from __future__ import annotations

from kobridge.align.engine import align
from kobridge.align.evaluate import Scores, parse_bead, read_beads, score_beads
from kobridge.align.profiles import default_params

__all__ = ["Scores", "align", "default_params", "parse_bead", "read_beads", "score_beads"]

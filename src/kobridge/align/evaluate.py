"""Score predicted beads against gold beads with the field's strict and lax metric.

The definitions follow the sentence-alignment literature as Vecalign's scorer applies them
(Thompson & Koehn 2019), so kobridge's figures compare with published ones:

* precision judges every predicted bead, insertions and deletions included. A bead is
  *strictly* correct when the very same bead is in the gold; it is *laxly* correct when it
  is strictly correct or when some source sentence of it is aligned in the gold to some
  target sentence of it.
* recall judges every gold bead with both sides filled, the same way, against the
  predicted beads with both sides filled (insertions and deletions are left out on both
  sides).

``Scores`` keeps the raw counts, so the scores of several documents add up (``+``) and the
figures of a whole set are computed from the summed counts, as the field does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kobridge.errors import InputError
from kobridge.model import Bead

__all__ = ["Scores", "parse_bead", "read_beads", "score_beads"]

# One bead: "[0, 1]:[2]", "[3]:[]", optionally with a score: "[0]:[0]:0.93".
_BEAD_RE = re.compile(r"^\s*\[([0-9,\s]*)\]\s*:\s*\[([0-9,\s]*)\](?:\s*:\s*([0-9.eE+-]+))?\s*$")


def _ratio(good: int, total: int) -> float:
    return good / total if total else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts behind strict and lax precision and recall; add documents with ``+``.

    ``predicted`` counts the judged predicted beads, ``gold`` the judged gold beads; the
    ``*_strict`` and ``*_lax`` fields count how many of them were correct.
    """

    predicted: int = 0
    predicted_strict: int = 0
    predicted_lax: int = 0
    gold: int = 0
    gold_strict: int = 0
    gold_lax: int = 0

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            self.predicted + other.predicted,
            self.predicted_strict + other.predicted_strict,
            self.predicted_lax + other.predicted_lax,
            self.gold + other.gold,
            self.gold_strict + other.gold_strict,
            self.gold_lax + other.gold_lax,
        )

    @property
    def precision(self) -> float:
        """Strict precision."""
        return _ratio(self.predicted_strict, self.predicted)

    @property
    def recall(self) -> float:
        """Strict recall."""
        return _ratio(self.gold_strict, self.gold)

    @property
    def f1(self) -> float:
        """Strict F1."""
        return _f1(self.precision, self.recall)

    @property
    def lax_precision(self) -> float:
        """Lax precision."""
        return _ratio(self.predicted_lax, self.predicted)

    @property
    def lax_recall(self) -> float:
        """Lax recall."""
        return _ratio(self.gold_lax, self.gold)

    @property
    def lax_f1(self) -> float:
        """Lax F1."""
        return _f1(self.lax_precision, self.lax_recall)


_Pair = tuple[tuple[int, ...], tuple[int, ...]]


def _judge(judged: Iterable[_Pair], reference: Iterable[_Pair]) -> tuple[int, int, int]:
    """Count (judged beads, strictly correct, laxly correct) against ``reference``."""
    reference_set = set(reference)
    links: dict[int, set[int]] = {}
    for src, tgt in reference_set:
        for s in src:
            links.setdefault(s, set()).update(tgt)
    total = strict = lax = 0
    for src, tgt in set(judged):
        total += 1
        if (src, tgt) in reference_set:
            strict += 1
            lax += 1
        elif any(links.get(s, set()).intersection(tgt) for s in src):
            lax += 1
    return total, strict, lax


def score_beads(gold: Sequence[Bead], predicted: Sequence[Bead]) -> Scores:
    """Judge one document's predicted beads against its gold beads.

    Args:
        gold: the reference beads.
        predicted: the aligner's beads; their scores are ignored.

    Returns:
        The counts; sum them over documents before reading precision, recall and F1.
    """
    gold_pairs = [(b.src, b.tgt) for b in gold if b.src or b.tgt]
    pred_pairs = [(b.src, b.tgt) for b in predicted if b.src or b.tgt]
    p_total, p_strict, p_lax = _judge(pred_pairs, gold_pairs)
    r_total, r_strict, r_lax = _judge(
        [(s, t) for s, t in gold_pairs if s and t], [(s, t) for s, t in pred_pairs if s and t]
    )
    return Scores(p_total, p_strict, p_lax, r_total, r_strict, r_lax)


def _indices(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def parse_bead(line: str) -> Bead:
    """Parse one line of the beads format: ``[0, 1]:[2]`` or ``[0, 1]:[2]:0.830``.

    Raises:
        ValueError: the line is not a bead.
    """
    match = _BEAD_RE.match(line)
    if match is None:
        raise ValueError(f"not a bead: {line.strip()!r} (expected e.g. '[0, 1]:[2]')")
    score = float(match.group(3)) if match.group(3) else 1.0
    return Bead(_indices(match.group(1)), _indices(match.group(2)), score)


def read_beads(path: str | Path) -> tuple[Bead, ...]:
    """Read a beads file (one bead a line; blank lines are skipped).

    Raises:
        InputError: the file cannot be read or a line is not a bead (the message gives
            the path and line number).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read beads file: {err}", path=str(path)) from err
    beads = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            beads.append(parse_bead(line))
        except ValueError as err:
            raise InputError(str(err), path=str(path), line=number) from err
    return tuple(beads)

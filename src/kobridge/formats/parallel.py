"""Line-aligned parallel text (``--format parallel``): two plain-text files, line N of one the
translation of line N of the other, as machine-translation toolkits (Moses, fairseq, Marian,
OpenNMT) read a training corpus.

- One bead a line; a side's sentences joined by one space; a line break inside a sentence
  (hard-wrapped input) becomes a space, so that a line is always one bead.
- One-sided beads (an omission or an addition) would pair a sentence with an empty line, which
  trains a model to drop or invent text, so they are left out by default; with
  ``include_one_sided=True`` they are kept with an empty line on the other side.
- UTF-8, LF line ends, a final line end; nothing else (no header, no scores), so that the two
  files always have the same number of lines.
"""

from __future__ import annotations

from kobridge.model import Alignment, Bead, Document

__all__ = ["parallel_texts"]


def _line(doc: Document, indices: tuple[int, ...]) -> str:
    return " ".join(" ".join(doc.sentences[i].text.split("\n")) for i in indices)


def _kept(bead: Bead, include_one_sided: bool) -> bool:
    return include_one_sided or bool(bead.src and bead.tgt)


def parallel_texts(alignment: Alignment, *, include_one_sided: bool = False) -> tuple[bytes, bytes]:
    """The source and target files of an alignment, one bead a line, as UTF-8 bytes."""
    beads = [b for b in alignment.beads if _kept(b, include_one_sided)]
    src = "".join(_line(alignment.src, b.src) + "\n" for b in beads)
    tgt = "".join(_line(alignment.tgt, b.tgt) + "\n" for b in beads)
    return src.encode(), tgt.encode()

"""XCES output (``--format xces``): a ``cesAlign`` file and the two sentence files it links, in the
form OPUS and its tools (OpusRead, the Uplug and hunalign pipelines) read.

The structure follows the XCES alignment format (Ide, Bonhomme and Romary's Corpus Encoding
Standard for XML, "cesAlign") as OPUS uses it:

- Each text is a sentence file: ``<text>`` holding one ``<p id="pN">`` per paragraph holding
  one ``<s id="sN">`` per sentence (``N`` counts from 1, as the TEI's ``ko.s1``), the sentence's
  text as its content.
- The alignment is ``<cesAlign version="1.0">`` holding one ``<linkGrp targType="s" fromDoc
  toDoc>``; ``fromDoc`` and ``toDoc`` name the source and target sentence files relative to the
  alignment's folder (OpusRead looks them up there). Each bead is a ``<link id="SLn"
  xtargets="s1 s2;s3" certainty="0.930">``: the source ids, a ``;``, the target ids, either
  side empty for a one-sided bead (OPUS's own alignments write them so).

No DOCTYPE is written (OPUS files name the cesAlign DTD with an empty system id), so no reader
goes looking for a DTD.
"""

from __future__ import annotations

from lxml import etree

from kobridge.model import Alignment, Document

__all__ = ["xces_alignment", "xces_sentences"]


def _sentence_id(index: int) -> str:
    return f"s{index + 1}"


def _bytes(root: etree._Element) -> bytes:
    etree.indent(root, space="  ")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


def xces_sentences(doc: Document) -> bytes:
    """The XCES sentence file of one side: paragraphs of ``<s id>`` elements, as UTF-8 bytes.

    A line break inside a sentence (hard-wrapped input) becomes a space, so that line-based
    readers (OpusRead's Moses output) keep one sentence a line; no other character changes.
    """
    root = etree.Element("text")
    paragraph: etree._Element | None = None
    number = -1
    for index, sentence in enumerate(doc.sentences):
        if paragraph is None or sentence.paragraph != number:
            number = sentence.paragraph
            paragraph = etree.SubElement(root, "p", id=f"p{number + 1}")
        element = etree.SubElement(paragraph, "s", id=_sentence_id(index))
        element.text = " ".join(sentence.text.split("\n"))
    return _bytes(root)


def xces_alignment(alignment: Alignment, from_doc: str, to_doc: str) -> bytes:
    """The ``cesAlign`` document of an alignment whose sentence files are ``from_doc`` and ``to_doc``.

    Args:
        alignment: the two documents and their beads.
        from_doc: the source sentence file's name, relative to the alignment file's folder.
        to_doc: the target sentence file's name, likewise.
    """
    root = etree.Element("cesAlign", version="1.0")
    group = etree.SubElement(root, "linkGrp", targType="s", fromDoc=from_doc, toDoc=to_doc)
    for number, bead in enumerate(alignment.beads, start=1):
        src = " ".join(_sentence_id(i) for i in bead.src)
        tgt = " ".join(_sentence_id(i) for i in bead.tgt)
        etree.SubElement(
            group, "link", id=f"SL{number}", xtargets=f"{src};{tgt}", certainty=f"{bead.score:.3f}"
        )
    return _bytes(root)

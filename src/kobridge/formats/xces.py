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
goes looking for a DTD. :func:`validate_xces` checks an alignment and its sentence files as
OpusRead uses them: by the ids alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from kobridge.errors import ValidationError
from kobridge.model import Alignment, Document

if TYPE_CHECKING:
    from kobridge.formats.validate import Issue, IssueList

__all__ = ["validate_xces", "xces_alignment", "xces_sentences"]


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


@dataclass(frozen=True, slots=True)
class _SentenceFile:
    """A sentence file named by a ``linkGrp``: its path, its ``<s>`` ids, and its own problems
    (``unreadable`` says why a file without ids, missing or refused, could not be read)."""

    path: str
    ids: frozenset[str] | None
    issues: tuple[Issue, ...] = ()
    unreadable: str = ""


def _read_sentence_file(path: str) -> _SentenceFile:
    # Imported here so that validate.py can import this module to dispatch on the root element.
    from kobridge.formats.validate import Issue, IssueList, parse_xml

    try:
        root = parse_xml(path, expected="an XCES sentence file").getroot()
    except ValidationError as e:
        if e.line is None:
            return _SentenceFile(path, None, unreadable=e.message)
        return _SentenceFile(path, None, (Issue(path, e.line, e.message),))
    issues = IssueList(path)
    sentences = list(root.iter("s"))
    for sentence in sentences:
        if sentence.get("id") is None:
            issues.add("sentence id", sentence.sourceline, "a sentence <s> without id")
    ids = issues.unique_ids(sentences, "sentence")
    if not ids:
        issues.add("no sentence", root.sourceline, "no <s id> sentence: not an XCES sentence file")
    return _SentenceFile(path, ids, tuple(issues.result()))


def _check_link(
    issues: IssueList,
    link: etree._Element,
    files: tuple[_SentenceFile | None, _SentenceFile | None],
    used: dict[tuple[str, str], str],
) -> None:
    """A link's ``xtargets``: two sides, each id a sentence of its file, none used before."""
    label = f"link {link.get('id')}" if link.get("id") else "link"
    xtargets = link.get("xtargets")
    sides = (xtargets or "").split(";")
    if xtargets is None or len(sides) != 2:
        shown = "no xtargets" if xtargets is None else f"xtargets={xtargets!r}"
        issues.add("xtargets", link.sourceline, f"{label} has {shown}, expected 'SOURCE IDS;TARGET IDS'")
        return
    for side, file in zip(sides, files, strict=True):
        if file is None or file.ids is None:
            continue
        shown = os.path.basename(file.path)
        for sentence_id in side.split():
            if sentence_id not in file.ids:
                message = f"{label} points at {sentence_id}, not a sentence of {shown}"
                issues.add("missing sentence", link.sourceline, message)
            elif (key := (file.path, sentence_id)) in used:
                message = f"{label} uses sentence {sentence_id} of {shown}, already in {used[key]}"
                issues.add("sentence links", link.sourceline, message)
            else:
                used[key] = label


def validate_xces(tree: etree._ElementTree, name: str) -> list[Issue]:
    """Check a ``cesAlign`` alignment and the sentence files it names.

    Each ``<linkGrp>`` must name its sentence files (``fromDoc``, ``toDoc``, relative to the
    alignment file's folder); each must be readable XML whose ``<s>`` elements have unique ids.
    Each ``<link xtargets="SOURCE IDS;TARGET IDS">`` must name sentences of those files, and no
    sentence may be in two links. Sentences in no link are allowed (OPUS leaves some out).

    Args:
        tree: the alignment, as parsed by :func:`kobridge.formats.validate.parse_xml`.
        name: the alignment's path: the sentence files are looked up beside it.

    Returns:
        The problems found, each with file and line; empty when the alignment is valid. A
        sentence file that cannot be read is reported at its ``linkGrp``; a problem inside one
        (not well-formed, a repeated id) with that file's name and line.
    """
    from kobridge.formats.validate import IssueList

    root = tree.getroot()
    issues = IssueList(name)
    groups = list(root.iterchildren("linkGrp"))
    if not groups:
        issues.add("linkGrp", root.sourceline, "cesAlign holds no <linkGrp>")
    folder = os.path.dirname(name)
    read: dict[str, _SentenceFile] = {}
    used: dict[tuple[str, str], str] = {}
    for group in groups:
        files: list[_SentenceFile | None] = []
        for attribute in ("fromDoc", "toDoc"):
            value = group.get(attribute)
            if not value:
                message = f"linkGrp has no {attribute}, the sentence file to use"
                issues.add("linkGrp doc", group.sourceline, message)
                files.append(None)
                continue
            path = os.path.join(folder, value)
            if path not in read:
                read[path] = _read_sentence_file(path)
                if read[path].unreadable:
                    where = f"{read[path].unreadable} {path} (sentence files are read beside the alignment)"
                    message = f"{attribute} {value}: {where}"
                    issues.add("sentence file", group.sourceline, message)
            files.append(read[path])
        for link in group.iterchildren("link"):
            _check_link(issues, link, (files[0], files[1]), used)
    return [issue for file in read.values() for issue in file.issues] + issues.result()

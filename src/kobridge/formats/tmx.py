"""TMX 1.4b output: a translation memory that CAT tools (OmegaT, Trados, memoQ) import.

The structure follows the TMX 1.4b specification (LISA OSCAR, 2005) and its DTD, shipped as
``kobridge/data/tmx14b.dtd``:

- ``<tmx version="1.4">`` holds a ``<header>`` then a ``<body>`` (DTD: ``tmx (header, body)``).
- The header carries the seven attributes the DTD requires: ``creationtool``,
  ``creationtoolversion``, ``segtype`` (``sentence``), ``o-tmf``, ``adminlang``, ``srclang``
  and ``datatype`` (``plaintext``). No ``creationdate`` is written, so the same alignment
  always gives the same bytes.
- Each bead with text on both sides is one ``<tu>`` holding one ``<tuv xml:lang="...">`` per
  side, source first; each ``<tuv>`` holds one ``<seg>`` (DTD: ``tuv ((note|prop)*, seg)``).
  Where a side has several sentences, the segment is their texts joined by one space, as in
  the TSV output.
- One-sided beads (an omission or an addition) have no translation, so by default they are
  left out. With ``include_one_sided=True`` they are kept as a ``<tu>`` with a single
  ``<tuv>``, which the DTD allows (``tu ((note|prop)*, tuv+)``); a CAT tool then shows a
  unit without a translation.
- Properties come before the variants, as the DTD orders them. kobridge's own property
  types start with ``x-``, as the specification asks of user-defined types:
  on ``<header>``, ``x-settings`` (the aligner's settings signature); on each ``<tu>``,
  ``x-score`` (the bead's confidence, three decimals, as in TEI's ``@cert``) and ``x-bead``
  (the bead in the benchmark format, ``[0, 1]:[2]``, 0-based indices), and ``x-review``
  (``confirmed`` or ``edited``) on a bead a person checked in ``kobridge review``, and one
  ``x-term`` (``ko=en``: the entry's term and its rendering) per glossary entry with a term in
  the bead; on each ``<tuv>``,
  ``x-source-file`` (the name of the input file the text came from, without its folder, as
  in the TEI header: a translation memory is shared, local paths should not be).

- CAT tools such as OmegaT segment the source by sentence, so a unit whose source is several
  sentences never matches. After such a unit (a 2-1, 3-1, 2-2... bead), one unit per source
  sentence follows where the other side can be split by the lexical model
  (:mod:`kobridge.formats.sentence_units`), flagged ``<prop type="x-derived">sentence</prop>``
  and carrying the bead's ``x-score`` and ``x-bead``; readers that want the beads alone skip
  units with ``x-derived`` (as ``kobridge tm add`` and ``lexicon train`` do).

No DOCTYPE is written: a reader that resolves ``tmx14.dtd`` would otherwise look for a file
that is not there. Validation uses the packaged DTD instead (:func:`validate_tmx`).
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import PurePath
from typing import TYPE_CHECKING

from lxml import etree

from kobridge import __version__
from kobridge.formats.terms import bead_entries, term_label
from kobridge.model import Alignment, Bead, Document

if TYPE_CHECKING:
    from kobridge.formats.validate import Issue

__all__ = ["build_tmx", "load_tmx_dtd", "tmx_bytes", "tmx_segments", "validate_tmx"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    prop = etree.SubElement(parent, "prop", type=kind)
    prop.text = value


def tmx_segments(alignment: Alignment, bead: Bead) -> tuple[str, str]:
    """The source and target segment texts of a bead: each side's sentences joined by a space."""
    src, tgt = alignment.src.sentences, alignment.tgt.sentences
    return " ".join(src[i].text for i in bead.src), " ".join(tgt[i].text for i in bead.tgt)


def _tuv(tu: etree._Element, doc: Document, text: str) -> None:
    tuv = etree.SubElement(tu, "tuv")
    tuv.set(_XML_LANG, doc.lang)
    _prop(tuv, "x-source-file", PurePath(doc.name).name or doc.name)
    seg = etree.SubElement(tuv, "seg")
    seg.text = text


def _sentence_units(body: etree._Element, alignment: Alignment, bead: Bead) -> None:
    from kobridge.formats.sentence_units import sentence_units

    for _, source, target in sentence_units(alignment, bead):
        tu = etree.SubElement(body, "tu")
        _prop(tu, "x-score", f"{bead.score:.3f}")
        _prop(tu, "x-bead", bead.format())
        _prop(tu, "x-derived", "sentence")
        _tuv(tu, alignment.src, source)
        _tuv(tu, alignment.tgt, target)


def build_tmx(
    alignment: Alignment, *, include_one_sided: bool = False, sentence_units: bool = True
) -> etree._Element:
    """Build the TMX 1.4b document of an alignment.

    Args:
        alignment: the two documents and their beads.
        include_one_sided: keep omissions and additions as units with a single variant
            (by default they are left out, since they have no translation).
        sentence_units: after a merged bead's unit, add a derived unit per source sentence
            where the other side can be split (:mod:`kobridge.formats.sentence_units`).

    Returns:
        The ``<tmx>`` root element.
    """
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool="kobridge",
        creationtoolversion=__version__,
        segtype="sentence",
        **{"o-tmf": "kobridge"},
        adminlang="en",
        srclang=alignment.src.lang,
        datatype="plaintext",
    )
    _prop(header, "x-settings", alignment.params.signature(__version__))
    body = etree.SubElement(root, "body")
    for bead in alignment.beads:
        if not (bead.src and bead.tgt) and not include_one_sided:
            continue
        src_text, tgt_text = tmx_segments(alignment, bead)
        tu = etree.SubElement(body, "tu")
        _prop(tu, "x-score", f"{bead.score:.3f}")
        _prop(tu, "x-bead", bead.format())
        if bead.review:
            _prop(tu, "x-review", bead.review)
        for entry in bead_entries(alignment, bead):
            _prop(tu, "x-term", term_label(entry, alignment.src.lang, alignment.tgt.lang))
        if bead.src:
            _tuv(tu, alignment.src, src_text)
        if bead.tgt:
            _tuv(tu, alignment.tgt, tgt_text)
        if sentence_units:
            _sentence_units(body, alignment, bead)
    return root


def tmx_bytes(alignment: Alignment, *, include_one_sided: bool = False, sentence_units: bool = True) -> bytes:
    """The TMX document of an alignment, serialised as indented UTF-8 XML.

    Indentation only goes between elements; a ``<seg>`` holds text alone, so its content is
    never changed. See :func:`build_tmx` for the arguments.
    """
    root = build_tmx(alignment, include_one_sided=include_one_sided, sentence_units=sentence_units)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


@functools.cache
def load_tmx_dtd() -> etree.DTD:
    """The TMX 1.4b DTD shipped with kobridge, loaded once per process (nothing is fetched)."""
    source = resources.files("kobridge.data").joinpath("tmx14b.dtd")
    with source.open("rb") as stream:
        return etree.DTD(stream)


def validate_tmx(tree: etree._ElementTree, name: str) -> list[Issue]:
    """Validate a parsed TMX document against the TMX 1.4b DTD.

    Args:
        tree: the document, as parsed by :func:`kobridge.formats.validate.parse_xml`.
        name: the file name used in the issues.

    Returns:
        The problems found, each with file and line; empty when the document is valid.
    """
    # Imported here so that validate.py can import this module to dispatch on the root element.
    from kobridge.formats.validate import Issue

    dtd = load_tmx_dtd()
    if dtd.validate(tree):
        return []
    return [Issue(name, error.line or 1, error.message) for error in dtd.error_log]

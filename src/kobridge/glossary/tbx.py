"""TBX export and import: TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style.

Structure and vocabulary follow the TBX-Basic dialect as LTAC Global publishes it
(github.com/LTAC-Global/TBX-Basic_dialect): the integrated RELAX NG schema
``DCA/TBXcoreStructV03_TBX-Basic_integrated.rng`` and the Schematron ``DCA/TBX-Basic_DCA.sch``.
The rules relied on here:

* ``<tbx>`` carries ``type="TBX-Basic"``, ``style="dca"`` and ``xml:lang``, and holds
  ``<tbxHeader>`` then ``<text>``. ``<tbxHeader>`` holds ``<fileDesc>``, which holds an optional
  ``<titleStmt>`` then one or more ``<sourceDesc>``, each of one or more ``<p>``.
* ``<text>`` holds ``<body>``, which holds one or more ``<conceptEntry>`` (so an empty glossary
  cannot be exported). A ``<conceptEntry>`` (``@id`` an xsd:ID) holds its notes, then one or
  more ``<langSec xml:lang=…>``; a ``<langSec>`` holds one or more ``<termSec>``; a
  ``<termSec>`` holds ``<term>`` first, then its ``<termNote>`` elements, then notes.
* ``termNote`` types used, with the values the Schematron admits: ``partOfSpeech`` (noun: TBX-Basic
  has no proper-noun value), ``termType`` (``acronym``, ``fullForm``, ``variant``) and
  ``administrativeStatus`` (``preferredTerm-admn-sts`` for the main form,
  ``admittedTerm-admn-sts`` for variants, ``deprecatedTerm-admn-sts`` for forbidden renderings).

The namespace is ISO 30042:2019's, ``urn:iso:std:iso:30042:ed-2``; reading also accepts
``urn:iso:std:iso:30042:ed:3.0``, which the dialect's current schemas use.

TBX-Basic has no data category for the kind of entity an entry names, so the CSV's ``type``
column travels as a concept-level ``<note>`` reading ``kobridge:type=VALUE``; the CSV's
``note`` is another concept-level ``<note>``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from lxml import etree

from kobridge import __version__
from kobridge.errors import GlossaryError, KobridgeError
from kobridge.glossary.lint import check_entries, raise_on_errors
from kobridge.glossary.match import Glossary, is_acronym
from kobridge.io import MAX_INPUT_BYTES, read_bytes, write_atomic
from kobridge.model import GlossaryEntry
from kobridge.xmlchars import XML_FORBIDDEN

__all__ = ["TBX_NAMESPACE", "glossary_to_tbx", "read_tbx", "tbx_bytes", "write_tbx"]

logger = logging.getLogger(__name__)

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_READ_NAMESPACES = (TBX_NAMESPACE, "urn:iso:std:iso:30042:ed:3.0")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TYPE_NOTE = "kobridge:type="
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_DEPRECATED = "deprecatedTerm-admn-sts"
_SUPERSEDED = "supersededTerm-admn-sts"


class _Writer:
    """Builds the elements, removing (and counting) characters XML 1.0 cannot hold."""

    def __init__(self) -> None:
        self.removed = 0

    def clean(self, text: str) -> str:
        cleaned, count = XML_FORBIDDEN.subn("", text)
        self.removed += count
        return cleaned

    def sub(self, parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
        element = etree.SubElement(
            parent, f"{{{TBX_NAMESPACE}}}{tag}", {k: self.clean(v) for k, v in attrib.items()}
        )
        if text is not None:
            element.text = self.clean(text)
        return element

    def term_sec(self, lang_sec: etree._Element, term: str, status: str, term_type: str | None) -> None:
        term_sec = self.sub(lang_sec, "termSec")
        self.sub(term_sec, "term", term)
        self.sub(term_sec, "termNote", "noun", type="partOfSpeech")
        if term_type:
            self.sub(term_sec, "termNote", term_type, type="termType")
        self.sub(term_sec, "termNote", status, type="administrativeStatus")

    def lang_sec(
        self,
        entry_el: etree._Element,
        lang: str,
        main: str,
        variants: tuple[str, ...],
        forbidden: tuple[str, ...],
    ) -> None:
        lang_sec = self.sub(entry_el, "langSec", **{_XML_LANG: lang})
        has_acronym = any(is_acronym(v) for v in variants) and not is_acronym(main)
        self.term_sec(
            lang_sec, main, _PREFERRED, "acronym" if is_acronym(main) else "fullForm" if has_acronym else None
        )
        for variant in variants:
            self.term_sec(lang_sec, variant, _ADMITTED, "acronym" if is_acronym(variant) else "variant")
        for rendering in forbidden:
            self.term_sec(lang_sec, rendering, _DEPRECATED, None)


def glossary_to_tbx(glossary: Glossary) -> etree._Element:
    """Build the TBX-Basic document of ``glossary``, one ``<conceptEntry>`` per entry, in file order.

    Raises:
        GlossaryError: the glossary is empty (TBX requires at least one concept entry).
    """
    if not glossary.entries:
        raise GlossaryError(
            "the glossary has no entries; a TBX body needs at least one", path=glossary.path or None
        )
    w = _Writer()
    root = etree.Element(
        f"{{{TBX_NAMESPACE}}}tbx",
        {"type": "TBX-Basic", "style": "dca", _XML_LANG: "en"},
        nsmap={None: TBX_NAMESPACE},
    )
    file_desc = w.sub(w.sub(root, "tbxHeader"), "fileDesc")
    w.sub(w.sub(file_desc, "titleStmt"), "title", "kobridge glossary")
    source = Path(glossary.path).name if glossary.path else "a kobridge glossary"
    w.sub(w.sub(file_desc, "sourceDesc"), "p", f"Exported by kobridge {__version__} from {source}.")
    body = w.sub(w.sub(root, "text"), "body")
    for entry in glossary.entries:
        entry_el = w.sub(body, "conceptEntry", id=entry.id)
        if entry.type:
            w.sub(entry_el, "note", _TYPE_NOTE + entry.type)
        if entry.note:
            w.sub(entry_el, "note", entry.note)
        w.lang_sec(entry_el, "ko", entry.ko, entry.ko_variants, ())
        w.lang_sec(entry_el, "en", entry.en, entry.en_variants, entry.forbidden)
    if w.removed:
        logger.warning("removed %d character(s) that XML 1.0 cannot hold from the TBX", w.removed)
    return root


def tbx_bytes(glossary: Glossary) -> bytes:
    """``glossary`` as a TBX-Basic document: UTF-8, with an XML declaration."""
    return etree.tostring(
        glossary_to_tbx(glossary), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def write_tbx(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write ``glossary`` as a TBX-Basic file (see :func:`tbx_bytes`), atomically."""
    write_atomic(path, tbx_bytes(glossary))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _lang_terms(lang_sec: etree._Element) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(main form, variants, forbidden renderings) of one langSec."""
    preferred: list[str] = []
    admitted: list[str] = []
    forbidden: list[str] = []
    for term_sec in _children(lang_sec, "termSec"):
        terms = _children(term_sec, "term")
        if not terms:
            continue
        status = next(
            (_text(n) for n in _children(term_sec, "termNote") if n.get("type") == "administrativeStatus"), ""
        )
        term = _text(terms[0])
        if status in (_DEPRECATED, _SUPERSEDED):
            forbidden.append(term)
        elif status == _PREFERRED:
            preferred.append(term)
        else:
            admitted.append(term)
    ordered = preferred + admitted
    main = ordered[0] if ordered else ""
    return main, tuple(ordered[1:]), tuple(forbidden)


def _entry(concept: etree._Element, name: str) -> GlossaryEntry:
    line = concept.sourceline or 0
    entry_id = concept.get("id")
    if not entry_id:
        raise GlossaryError("conceptEntry without an id; kobridge needs one per entry", path=name, line=line)
    entry_type, notes = "", []
    for note in _children(concept, "note"):
        text = _text(note)
        if text.startswith(_TYPE_NOTE) and not entry_type:
            entry_type = text[len(_TYPE_NOTE) :]
        elif text:
            notes.append(text)
    by_lang: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
    for lang_sec in _children(concept, "langSec"):
        lang = (lang_sec.get(_XML_LANG) or "").split("-")[0].lower()
        if lang in ("ko", "en") and lang not in by_lang:
            by_lang[lang] = _lang_terms(lang_sec)
    ko, ko_variants, ko_forbidden = by_lang.get("ko", ("", (), ()))
    en, en_variants, forbidden = by_lang.get("en", ("", (), ()))
    if ko_forbidden:
        logger.warning("%s:%d: Korean forbidden renderings are not used and were dropped", name, line)
    return GlossaryEntry(
        id=entry_id,
        ko=ko,
        en=en,
        ko_variants=ko_variants,
        en_variants=en_variants,
        type=entry_type,
        note=" ".join(notes),
        forbidden=forbidden,
        line=line,
    )


def read_tbx(path: str | os.PathLike[str]) -> Glossary:
    """Read a TBX file (v3, DCA style; TBX-Basic or any dialect using its categories) into a glossary.

    Each ``<conceptEntry>`` becomes an entry: its ``ko`` and ``en`` language sections give the
    main form (the preferred term, else the first), the variants (the other terms) and, in
    English, the forbidden renderings (deprecated or superseded terms). The file is parsed
    without resolving entities or touching the network.

    Raises:
        GlossaryError: ``PATH:LINE: message`` when the file is not well-formed, not TBX, or its
            entries fail the glossary checks (see ``check_entries``).
    """
    name = str(path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        data = read_bytes(path, MAX_INPUT_BYTES, "a TBX file")
    except KobridgeError as e:
        raise GlossaryError(f"cannot read the TBX file: {e.message}", path=name) from None
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise GlossaryError(f"not well-formed XML: {e.msg}", path=name, line=e.lineno) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and dtd.entities():
        raise GlossaryError("declares entities in its DOCTYPE: refused, none is expanded", path=name)
    namespace = etree.QName(root).namespace
    if _local(root) != "tbx" or namespace not in _READ_NAMESPACES:
        raise GlossaryError(
            f"not a TBX v3 file: root is {root.tag!r}, expected <tbx> in namespace {TBX_NAMESPACE}",
            path=name,
            line=root.sourceline,
        )
    body = root.find(f"{{{namespace}}}text/{{{namespace}}}body")
    concepts = [] if body is None else _children(body, "conceptEntry")
    entries = [_entry(concept, name) for concept in concepts]
    raise_on_errors(check_entries(entries, name))
    return Glossary(tuple(entries), path=name)

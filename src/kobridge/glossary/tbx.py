"""TBX export: TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style (import: ``tbxread``).

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

The CSV's ``type`` column (law, organisation, person...) classifies the concept, and travels as the
concept-level ``<descrip type="subjectField">``: of the three ``descrip`` types a DCA-style
TBX-Basic file may use (``context``, ``definition``, ``subjectField``) it is the one that
classifies a concept, and the Schematron admits it only on ``<conceptEntry>``, where it is
written. A namespaced category of kobridge's own would need the DCT style, which TBX-Basic's DCA
schemas refuse. The CSV's ``note`` is a concept-level ``<note>``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from lxml import etree

from kobridge import __version__
from kobridge.errors import GlossaryError
from kobridge.glossary.match import Glossary, is_acronym
from kobridge.io import write_atomic
from kobridge.xmlchars import XML_FORBIDDEN

__all__ = ["READ_NAMESPACES", "TBX_NAMESPACE", "TYPE_CATEGORY", "glossary_to_tbx", "tbx_bytes", "write_tbx"]

logger = logging.getLogger(__name__)

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
READ_NAMESPACES = (TBX_NAMESPACE, "urn:iso:std:iso:30042:ed:3.0")
TYPE_CATEGORY = "subjectField"  # the data category that carries the CSV's type column
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_DEPRECATED = "deprecatedTerm-admn-sts"


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
            w.sub(entry_el, "descrip", entry.type, type=TYPE_CATEGORY)
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

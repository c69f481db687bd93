"""TBX import: TBX v3 (ISO 30042:2019) and TBX v2 / TBX-Basic (ISO 30042:2008), entry by entry.

The two versions share their data categories and differ in their structure:

=============  =================  ======================================
               TBX v3             TBX v2 (2008)
=============  =================  ======================================
root           ``<tbx>``          ``<martif>`` (with ``<martifHeader>``)
entry          ``<conceptEntry>`` ``<termEntry>``
language       ``<langSec>``      ``<langSet>``
term           ``<termSec>``      ``<tig>``, or ``<ntig>`` holding ``<termGrp>``
=============  =================  ======================================

A data category is an element with a ``type`` (``<termNote type="administrativeStatus">``,
``<descrip type="subjectField">``: DCA style, and every TBX v2 file) or, in a TBX v3 DCT-style
file, an element of a module's namespace named after it (``<min:administrativeStatus>``). Both are
read, directly or inside a ``descripGrp``, ``adminGrp``, ``termNoteGrp`` or ``termGrp``.
Elements are matched by local name: ``<tbx>`` in no namespace or one of ISO 30042's, ``<martif>``
in any namespace (files in the wild use none, or ``urn:iso:std:iso:30042:ed-2``).

An entry that cannot become a glossary entry (no id, no Korean or English term, a form another
entry already has...) is skipped and reported as a :class:`SkippedEntry`; the file as a whole
fails only when it is not TBX at all.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from kobridge.errors import GlossaryError, KobridgeError
from kobridge.glossary.lint import EntryChecker
from kobridge.glossary.match import Glossary
from kobridge.glossary.tbx import READ_NAMESPACES, TBX_NAMESPACE, TYPE_CATEGORY
from kobridge.io import MAX_INPUT_BYTES, read_bytes
from kobridge.model import GlossaryEntry
from kobridge.xmlchars import display_name

__all__ = ["SkippedEntry", "TbxImport", "import_tbx", "read_tbx"]

logger = logging.getLogger(__name__)

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ENTRY = ("conceptEntry", "termEntry")
_LANG = ("langSec", "langSet")
_TERM = ("termSec", "tig", "ntig")
_GROUPS = ("descripGrp", "adminGrp", "termNoteGrp", "termGrp")
_TYPED = ("descrip", "admin", "termNote")
# Statuses, of administrativeStatus or TBX 2008's normativeAuthorization, compared without the
# "-admn-sts" suffix and case. notRecommended is ISO 12620's; the rest are TBX-Basic's.
_STATUS_ROLE = {
    "preferredterm": "preferred",
    "standardizedterm": "preferred",
    "admittedterm": "admitted",
    "deprecatedterm": "forbidden",
    "supersededterm": "forbidden",
    "notrecommended": "forbidden",
    "notrecommendedterm": "forbidden",
}
_STATUS_CATEGORIES = ("administrativeStatus", "normativeAuthorization")
_OLD_TYPE_NOTE = "kobridge:type="  # how earlier kobridge versions wrote the type: still read
_VERSIONS = {"tbx": "TBX v3", "martif": "TBX v2"}


@dataclass(frozen=True, slots=True)
class SkippedEntry:
    """An entry of a TBX file that was not imported, and why.

    ``str(skipped)`` is the line the CLI prints: ``FILE:LINE: entry ID: problem``.
    """

    path: str
    line: int
    entry_id: str
    problem: str

    def __str__(self) -> str:
        who = f"entry {self.entry_id}" if self.entry_id else "entry without an id"
        return f"{display_name(self.path)}:{self.line}: {who}: {self.problem}"


@dataclass(frozen=True, slots=True)
class TbxImport:
    """What :func:`import_tbx` read: the glossary of the good entries and the skipped ones.

    ``version`` is ``"TBX v3"`` or ``"TBX v2"``; ``total`` counts every entry of the file.
    """

    glossary: Glossary
    skipped: tuple[SkippedEntry, ...]
    version: str
    total: int


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


class _Reader:
    """Reads the entries of one parsed file; ``core`` is the namespace of its TBX elements."""

    def __init__(self, name: str, core: str | None) -> None:
        self.name = name
        self.core = core

    def categories(self, element: etree._Element) -> Iterator[tuple[str, etree._Element]]:
        """(data category, element) of each data category directly in ``element`` or its groups."""
        for child in element:
            local = _local(child)
            if not local:
                continue
            if etree.QName(child).namespace != self.core:
                yield local, child  # DCT style: the element's name is the category
            elif local in _GROUPS:
                yield from self.categories(child)
            elif local in _TYPED:
                yield child.get("type") or "", child
            elif local == "note":
                yield "note", child

    def term(self, container: etree._Element) -> str:
        for child in container:
            if _local(child) == "term":
                return _text(child)
            if _local(child) == "termGrp":
                return self.term(child)
        return ""

    def lang_terms(self, lang_set: etree._Element) -> tuple[list[str], list[str], list[str]]:
        """(preferred, admitted, forbidden) terms of one language section, in file order."""
        roles: dict[str, list[str]] = {"preferred": [], "admitted": [], "forbidden": []}
        for container in lang_set:
            if _local(container) not in _TERM:
                continue
            term = self.term(container)
            if not term:
                continue
            status = next(
                (_text(el) for cat, el in self.categories(container) if cat in _STATUS_CATEGORIES), ""
            )
            key = status.removesuffix("-admn-sts").lower()
            roles[_STATUS_ROLE.get(key, "admitted")].append(term)
        return roles["preferred"], roles["admitted"], roles["forbidden"]

    def entry(self, concept: etree._Element) -> tuple[GlossaryEntry, list[str]]:
        """The entry of one conceptEntry/termEntry, and the problems that keep it out."""
        line = concept.sourceline or 0
        entry_type, notes = "", []
        for category, element in self.categories(concept):
            text = _text(element)
            if category == TYPE_CATEGORY and not entry_type:
                entry_type = text
            elif category == "note" and text.startswith(_OLD_TYPE_NOTE) and not entry_type:
                entry_type = text[len(_OLD_TYPE_NOTE) :]
            elif category in ("note", "definition") and text:
                notes.append(text)
        terms: dict[str, tuple[list[str], list[str], list[str]]] = {}
        for lang_set in concept:
            if _local(lang_set) not in _LANG:
                continue
            code = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            lang = code.replace("_", "-").split("-")[0].lower()
            if lang not in ("ko", "en") or lang in terms:
                continue
            terms[lang] = self.lang_terms(lang_set)
            notes += [_text(el) for cat, el in self.categories(lang_set) if cat == "definition"]
        problems = []
        if not concept.get("id"):
            problems.append(f"<{_local(concept)}> has no id; kobridge needs one per entry")
        main: dict[str, tuple[str, tuple[str, ...]]] = {}
        for lang, language in (("ko", "Korean"), ("en", "English")):
            preferred, admitted, _ = terms.get(lang, ([], [], []))
            ordered = preferred + admitted
            if not ordered:
                problems.append(f'no {language} term (a language section with xml:lang="{lang}" and a term)')
            main[lang] = (ordered[0] if ordered else "", tuple(ordered[1:]))
        ko_forbidden = terms.get("ko", ([], [], []))[2]
        if ko_forbidden:
            logger.warning(
                "%s:%d: Korean forbidden renderings are not used and were dropped", self.name, line
            )
        entry = GlossaryEntry(
            id=concept.get("id") or "",
            ko=main["ko"][0],
            en=main["en"][0],
            ko_variants=main["ko"][1],
            en_variants=main["en"][1],
            type=entry_type,
            note=" ".join(n for n in notes if n),
            forbidden=tuple(terms.get("en", ([], [], []))[2]),
            line=line,
        )
        return entry, problems


def _parse(path: str | os.PathLike[str], name: str) -> etree._Element:
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
    is_v3 = _local(root) == "tbx" and namespace in (None, *READ_NAMESPACES)
    if not is_v3 and _local(root) != "martif":
        raise GlossaryError(
            f"not a TBX file: root is {root.tag!r}, expected <tbx> (TBX v3, namespace {TBX_NAMESPACE}) "
            "or <martif> (TBX v2)",
            path=name,
            line=root.sourceline,
        )
    return root


def import_tbx(path: str | os.PathLike[str]) -> TbxImport:
    """Read a TBX file, keeping the entries that make glossary entries and reporting the others.

    Each entry's ``ko`` and ``en`` language sections give the main form (the preferred term, else
    the first term), the variants (the other terms) and, in English, the forbidden renderings
    (terms whose ``administrativeStatus`` is deprecated, superseded or not recommended). Its
    ``subjectField`` gives the type; its notes and definitions the note. An entry is skipped
    when it has no id, no Korean or no English term, or fails the glossary checks
    (``EntryChecker``) against the entries kept before it. The file is parsed without resolving
    entities or touching the network.

    Raises:
        GlossaryError: ``PATH:LINE: message`` when the file cannot be read, is not well-formed XML
            or is not TBX.
    """
    name = str(path)
    root = _parse(path, name)
    reader = _Reader(name, etree.QName(root).namespace)
    body = next((b for t in root if _local(t) == "text" for b in t if _local(b) == "body"), None)
    concepts = [] if body is None else [c for c in body if _local(c) in _ENTRY]
    checker = EntryChecker(name)
    kept: list[GlossaryEntry] = []
    skipped: list[SkippedEntry] = []
    for concept in concepts:
        entry, problems = reader.entry(concept)
        if not problems:
            issues = checker.check(entry)
            problems = [i.message for i in issues if i.severity == "error"]
            if not problems:
                for issue in issues:
                    logger.warning("%s", issue)
        if problems:
            skipped.append(SkippedEntry(name, entry.line, entry.id, "; ".join(problems)))
        else:
            checker.add(entry)
            kept.append(entry)
    return TbxImport(Glossary(tuple(kept), path=name), tuple(skipped), _VERSIONS[_local(root)], len(concepts))


def read_tbx(path: str | os.PathLike[str]) -> Glossary:
    """Read a TBX file (see :func:`import_tbx`) all or nothing: every entry must import.

    Raises:
        GlossaryError: as :func:`import_tbx`, and ``PATH:LINE: entry ID: problem`` for the first
            entry that would be skipped.
    """
    result = import_tbx(path)
    if result.skipped:
        first = result.skipped[0]
        who = f"entry {first.entry_id}" if first.entry_id else "entry without an id"
        raise GlossaryError(f"{who}: {first.problem}", path=first.path, line=first.line)
    return result.glossary

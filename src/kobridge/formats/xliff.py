"""XLIFF 2.1 output: units to translate, with translation candidates and glossary entries.

The structure follows XLIFF Version 2.1 (OASIS Standard, 2018), core namespace
``urn:oasis:names:tc:xliff:document:2.0`` (2.1 kept 2.0's namespace and says which version it is
in ``@version``):

- ``<xliff version="2.1" srcLang trgLang>`` holds one ``<file id original>`` holding the units.
- A ``<unit id>`` holds, in the order the core schema gives (4.3.1.3: elements of other
  namespaces, then ``<notes>``, then segments), the Translation Candidates module's
  ``<mtc:matches>`` (5.2), the Glossary module's ``<gls:glossary>`` (5.3), its ``<notes>``, and
  one ``<segment id state>`` with its ``<source>`` and, if there is one, its ``<target>``.
- A candidate is an ``<mtc:match ref="#SEGMENT" similarity type origin>`` holding the
  candidate's ``<source>`` and ``<target>``; ``similarity`` is the score in percent.
- A glossary entry is a ``<gls:glossEntry>`` with its ``<gls:term>``, then its
  ``<gls:translation>`` elements, then an optional ``<gls:definition>``; the module requires a
  translation or a definition.

Documents are checked against ``kobridge/data/kobridge-xliff.rng``, a RELAX NG profile written
for kobridge from the specification (:func:`validate_xliff`); it admits only what this module
writes, and is a strict subset of what the core schema and the two modules allow. The ids the
specification requires unique, which a schema cannot check, are checked after it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from lxml import etree

from kobridge.xmlchars import XML_FORBIDDEN

if TYPE_CHECKING:
    from kobridge.formats.validate import Issue

__all__ = [
    "XLIFF_NS",
    "XliffCandidate",
    "XliffGlossEntry",
    "XliffUnit",
    "build_xliff",
    "validate_xliff",
    "xliff_bytes",
]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
GLS_NS = "urn:oasis:names:tc:xliff:glossary:2.0"
_X = f"{{{XLIFF_NS}}}"
_MTC = f"{{{MTC_NS}}}"
_GLS = f"{{{GLS_NS}}}"
_NSMAP = {None: XLIFF_NS, "mtc": MTC_NS, "gls": GLS_NS}
STATES = ("initial", "translated", "reviewed", "final")


@dataclass(frozen=True, slots=True)
class XliffCandidate:
    """A translation candidate: a source and its translation, how similar (0 to 1), from where."""

    source: str
    target: str
    similarity: float | None = None
    origin: str = ""
    type: str = "tm"


@dataclass(frozen=True, slots=True)
class XliffGlossEntry:
    """A glossary entry found in a unit: the term, its translations, an optional definition."""

    term: str
    translations: tuple[str, ...] = ()
    definition: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class XliffUnit:
    """One unit: an id (an XML NMTOKEN), the source text, and what goes with it.

    ``state`` is one of :data:`STATES` (None leaves it out: XLIFF reads ``initial``); ``name``, if
    given, is the unit's ``@name``.
    """

    id: str
    source: str
    target: str | None = None
    state: str | None = None
    candidates: tuple[XliffCandidate, ...] = ()
    glossary: tuple[XliffGlossEntry, ...] = ()
    notes: tuple[str, ...] = ()
    name: str = ""


def _clean(text: str) -> str:
    return XML_FORBIDDEN.sub("\ufffd", text)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = _clean(text)
    return element


def _unit(parent: etree._Element, unit: XliffUnit) -> None:
    element = _sub(parent, _X + "unit", id=unit.id, name=unit.name)
    segment_id = "s1"  # segment ids are scoped to their unit
    if unit.candidates:
        matches = _sub(element, _MTC + "matches")
        for candidate in unit.candidates:
            similarity = "" if candidate.similarity is None else f"{100 * candidate.similarity:.1f}"
            match = _sub(
                matches,
                _MTC + "match",
                ref=f"#{segment_id}",
                similarity=similarity,
                origin=candidate.origin,
                type=candidate.type,
            )
            _sub(match, _X + "source", candidate.source)
            _sub(match, _X + "target", candidate.target)
    entries = [e for e in unit.glossary if e.translations or e.definition]
    if entries:
        glossary = _sub(element, _GLS + "glossary")
        for entry in entries:
            gloss = _sub(glossary, _GLS + "glossEntry")
            _sub(gloss, _GLS + "term", entry.term, source=entry.source)
            for translation in entry.translations:
                _sub(gloss, _GLS + "translation", translation)
            if entry.definition:
                _sub(gloss, _GLS + "definition", entry.definition)
    if unit.notes:
        notes = _sub(element, _X + "notes")
        for note in unit.notes:
            _sub(notes, _X + "note", note)
    if unit.state is not None and unit.state not in STATES:
        raise ValueError(f"unknown XLIFF state {unit.state!r}; expected one of {', '.join(STATES)}")
    segment = _sub(element, _X + "segment", id=segment_id, state=unit.state or "")
    _sub(segment, _X + "source", unit.source)
    if unit.target is not None:
        _sub(segment, _X + "target", unit.target)


def build_xliff(
    units: Sequence[XliffUnit],
    *,
    src_lang: str,
    tgt_lang: str,
    file_id: str = "f1",
    original: str = "",
) -> etree._Element:
    """Build an XLIFF 2.1 document of one file holding ``units`` (at least one).

    Raises:
        ValueError: no unit, or a unit with an unknown state.
    """
    if not units:
        raise ValueError("an XLIFF file needs at least one unit")
    root = etree.Element(_X + "xliff", nsmap=_NSMAP, version="2.1", srcLang=src_lang, trgLang=tgt_lang)
    file = _sub(root, _X + "file", id=file_id, original=original)
    for unit in units:
        _unit(file, unit)
    return root


def xliff_bytes(units: Sequence[XliffUnit], **kwargs: str) -> bytes:
    """:func:`build_xliff`, serialised as indented UTF-8 with an XML declaration."""
    root = build_xliff(units, **kwargs)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


@functools.cache
def _schema() -> etree.RelaxNG:
    source = resources.files("kobridge").joinpath("data", "kobridge-xliff.rng")
    with resources.as_file(source) as path:
        return etree.RelaxNG(etree.parse(str(path)))


def validate_xliff(tree: etree._ElementTree | etree._Element, name: str = "XLIFF") -> list[Issue]:
    """Check a document against kobridge's XLIFF profile and the ids XLIFF 2.1 requires unique.

    The schema checks the structure; then, as the core specification requires of ``@id``, each
    ``<file>`` id must be unique in the document, each ``<unit>`` id in its file and each
    ``<segment>`` id in its unit, and (Translation Candidates module) each ``<mtc:match ref>``
    must point at a segment of its own unit.

    Args:
        tree: the document (as :func:`kobridge.formats.validate.parse_xml` gives it, or built).
        name: the file name used in the issues.

    Returns:
        The problems found, each with file and line; empty when the document is valid.
    """
    # Imported here so that validate.py can import this module to dispatch on the root element.
    from kobridge.formats.validate import IssueList

    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    schema = _schema()
    issues = IssueList(name)
    if not schema.validate(root):
        for error in schema.error_log:
            issues.add("schema", error.line or 1, error.message)
    issues.unique_ids(root.iterchildren(_X + "file"), "file", "")
    for file in root.iterchildren(_X + "file"):
        issues.unique_ids(file.iterchildren(_X + "unit"), "unit", f" in file {file.get('id')}")
        for unit in file.iterchildren(_X + "unit"):
            where = f" in unit {unit.get('id')}"
            segments = issues.unique_ids(unit.iterchildren(_X + "segment"), "segment", where)
            for match in unit.iterfind(f"{_MTC}matches/{_MTC}match"):
                ref = match.get("ref") or ""
                if ref[1:] not in segments:
                    issues.add("match ref", match.sourceline, f"match ref={ref} names no segment{where}")
    return issues.result()

"""Validation of kobridge's TEI: its RELAX NG profile plus rules a schema cannot state.

A file is checked in two steps. The schema (kobridge's own profile by default, or any
RELAX NG the user names, such as the full ``tei_all.rng``) checks the structure. Then
kobridge's rules check the alignment itself: every pointer of a link leads to an element
that exists, each link joins the two texts, and every sentence is in exactly one link.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lxml import etree

from kobridge.errors import ValidationError
from kobridge.formats.tei import TEI_NS

__all__ = ["Issue", "load_schema", "parse_xml", "validate_file", "validate_tree"]

_T = f"{{{TEI_NS}}}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a file: where it is and what is wrong."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _safe_parser() -> etree.XMLParser:
    # No DTD loading, no entity expansion, no network: a file cannot make us fetch or blow up.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_xml(path: str | os.PathLike[str]) -> etree._ElementTree:
    """Parse an XML file that a user handed in, safely.

    Raises:
        ValidationError: the file is missing, unreadable or not well-formed XML.
    """
    name = os.fspath(path)
    if Path(name).is_dir():
        raise ValidationError("is a directory, expected an XML file", path=name)
    try:
        tree = etree.parse(name, _safe_parser())
    except OSError:
        raise ValidationError("no such file or not readable", path=name) from None
    except etree.XMLSyntaxError as e:
        line = e.lineno if e.lineno else 1
        message = e.msg.split(", line")[0] if e.msg else "not well-formed XML"
        raise ValidationError(f"not well-formed XML: {message}", path=name, line=line) from None
    if tree.docinfo.internalDTD is not None and tree.docinfo.internalDTD.entities():
        raise ValidationError("declares entities in its DOCTYPE: refused, none is expanded", path=name)
    return tree


@functools.cache
def load_schema(path: str | None = None) -> etree.RelaxNG:
    """Load a RELAX NG schema once per process (kobridge's TEI profile when ``path`` is None).

    Raises:
        ValidationError: the schema file cannot be read or is not RELAX NG.
    """
    if path is None:
        source = resources.files("kobridge.data").joinpath("kobridge-tei.rng")
        with resources.as_file(source) as schema_path:
            return etree.RelaxNG(etree.parse(str(schema_path), _safe_parser()))
    tree = parse_xml(path)
    try:
        return etree.RelaxNG(tree)
    except etree.RelaxNGParseError as e:
        raise ValidationError(f"not a usable RELAX NG schema: {e}", path=path) from None


def _alignment_issues(tree: etree._ElementTree, name: str) -> list[Issue]:
    """kobridge's own rules on the stand-off alignment."""
    root = tree.getroot()
    issues: list[Issue] = []
    by_id = {el.get(_XML_ID): el for el in root.iter() if el.get(_XML_ID) is not None}
    sentences = [el for el in root.iter(_T + "s") if el.getparent() is not None]
    aligned: Counter[str] = Counter()

    def text_of(element: etree._Element) -> str | None:
        for ancestor in element.iterancestors(_T + "text"):
            if ancestor.get(_XML_ID) is not None:
                return str(ancestor.get(_XML_ID))
        return None

    def resolve(pointer: str, link: etree._Element) -> list[etree._Element]:
        target = by_id.get(pointer[1:]) if pointer.startswith("#") else None
        if target is None:
            issues.append(
                Issue(name, link.sourceline or 0, f"link points at {pointer}, which does not exist")
            )
            return []
        if target.tag == _T + "ptr":
            found = []
            for inner in (target.get("target") or "").split():
                element = by_id.get(inner[1:])
                if element is None:
                    line = target.sourceline or 0
                    issues.append(Issue(name, line, f"ptr points at {inner}, which does not exist"))
                elif element.tag != _T + "s":
                    line = target.sourceline or 0
                    issues.append(Issue(name, line, f"ptr points at {inner}, which is not a sentence"))
                else:
                    found.append(element)
            return found
        if target.tag not in (_T + "s", _T + "anchor"):
            issues.append(Issue(name, link.sourceline or 0, f"link points at {pointer}, not a sentence"))
            return []
        return [target]

    for link_grp in root.iter(_T + "linkGrp"):
        if link_grp.get("type") != "alignment":
            continue
        for link in link_grp.iter(_T + "link"):
            ends = (link.get("target") or "").split()
            if len(ends) != 2:
                issues.append(Issue(name, link.sourceline or 0, "a link must point at exactly two ends"))
                continue
            resolved = [resolve(end, link) for end in ends]
            sides = {text_of(el) for group in resolved for el in group}
            if all(resolved) and len(sides) != 2:
                line = link.sourceline or 0
                issues.append(Issue(name, line, "a link must join one end in each text"))
            resp = link.get("resp")
            if resp is not None and (by_id.get(resp[1:]) is None or by_id[resp[1:]].tag != _T + "respStmt"):
                issues.append(
                    Issue(
                        name,
                        link.sourceline or 0,
                        f"link has resp={resp}, which is no respStmt of the header",
                    )
                )
            for group in resolved:
                aligned.update(str(el.get(_XML_ID)) for el in group if el.tag == _T + "s")
    for term in root.iter(_T + "term"):
        ref = term.get("ref")
        if ref is None:
            continue
        target = by_id.get(ref[1:]) if ref.startswith("#") else None
        if target is None or target.tag != _T + "gloss":
            line = term.sourceline or 0
            issues.append(
                Issue(name, line, f"term points at {ref}, which is not a gloss of the glossary list")
            )
    for sentence in sentences:
        sentence_id = str(sentence.get(_XML_ID))
        count = aligned[sentence_id]
        if count != 1:
            what = "in no link" if count == 0 else f"in {count} links"
            issues.append(Issue(name, sentence.sourceline or 0, f"sentence {sentence_id} is {what}"))
    return issues


def validate_tree(tree: etree._ElementTree, name: str, schema_path: str | None = None) -> list[Issue]:
    """Validate a parsed document; return its issues (an empty list when it is valid)."""
    schema = load_schema(schema_path)
    issues: list[Issue] = []
    if not schema.validate(tree):
        for error in schema.error_log:
            issues.append(Issue(name, error.line, error.message))
    if tree.getroot().tag == _T + "TEI":
        issues.extend(_alignment_issues(tree, name))
    return issues


def validate_file(path: str | os.PathLike[str], schema_path: str | None = None) -> list[Issue]:
    """Validate one file, choosing the check by its root element.

    A ``<tmx>`` file is checked against the TMX 1.4b DTD; anything else against the RELAX NG
    schema (kobridge's TEI profile by default) and, for TEI, kobridge's alignment rules.

    Args:
        path: the XML file.
        schema_path: a RELAX NG schema to use instead of kobridge's TEI profile.

    Returns:
        The problems found, each with file and line; empty when the file is valid.
    """
    # Imported here: the TMX module builds on this one (Issue, parse_xml).
    from kobridge.formats.tmx import validate_tmx

    name = os.fspath(path)
    try:
        tree = parse_xml(name)
    except ValidationError as e:
        return [Issue(name, e.line or 1, e.message)]
    if tree.getroot().tag == "tmx" and schema_path is None:
        return validate_tmx(tree, name)
    return validate_tree(tree, name, schema_path)

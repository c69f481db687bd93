"""Validation of kobridge's output: TEI against its RELAX NG profile plus rules a schema cannot
state, and the dispatch by root element to TMX's, XLIFF's and XCES's checks (:func:`validate_file`).

A TEI file is checked in two steps. The schema (kobridge's own profile by default, or any
RELAX NG the user names, such as the full ``tei_all.rng``) checks the structure. Then
kobridge's rules check the alignment itself: every pointer of a link leads to an element
that exists, each link joins the two texts, and every sentence is in exactly one link.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from lxml import etree

from kobridge.errors import KobridgeError, ValidationError
from kobridge.formats.tei import TEI_NS
from kobridge.io import read_bytes
from kobridge.xmlchars import display_name

__all__ = [
    "MAX_REPEATS",
    "MAX_XML_BYTES",
    "Issue",
    "IssueList",
    "check_tree",
    "load_schema",
    "parse_xml",
    "validate_file",
    "validate_tree",
]

_T = f"{{{TEI_NS}}}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a file: where it is and what is wrong."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{display_name(self.path)}:{self.line}: {self.message}"


def _safe_parser() -> etree.XMLParser:
    # No DTD loading, no entity expansion, no network: a file cannot make us fetch or blow up.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


# The largest XML file read: the TEI of the largest input text (io.MAX_INPUT_BYTES) with its markup.
MAX_XML_BYTES = 256 * 1024 * 1024
# A file's problems of one kind are listed up to this many times, then counted in one line.
MAX_REPEATS = 20
_RNG = "{http://relaxng.org/ns/structure/1.0}"


def parse_xml(path: str | os.PathLike[str], *, expected: str = "an XML file") -> etree._ElementTree:
    """Parse an XML file that a user handed in, safely.

    The file must be a regular file of at most ``MAX_XML_BYTES`` (a FIFO or a device is refused
    without blocking); no DTD is loaded, no entity expanded, nothing fetched.

    Raises:
        ValidationError: the file is missing, unreadable, not a regular file, too large, or not
            well-formed XML (including bytes its encoding cannot decode).
    """
    name = os.fspath(path)
    try:
        data = read_bytes(name, MAX_XML_BYTES, expected)
    except KobridgeError as e:
        raise ValidationError(e.message, path=name) from None
    # The base URL (for a schema's relative includes) must be UTF-8; a name that is not has none.
    absolute = os.path.abspath(name)
    base = absolute if absolute.encode("utf-8", "replace") == absolute.encode("utf-8", "ignore") else None
    try:
        root = etree.fromstring(data, _safe_parser(), base_url=base)
    except etree.XMLSyntaxError as e:
        line = e.lineno if e.lineno else 1
        message = e.msg.split(", line")[0] if e.msg else "not well-formed XML"
        raise ValidationError(f"not well-formed XML: {message}", path=name, line=line) from None
    if root is None:
        raise ValidationError("not well-formed XML: no root element", path=name)
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None and tree.docinfo.internalDTD.entities():
        raise ValidationError("declares entities in its DOCTYPE: refused, none is expanded", path=name)
    return tree


def _check_includes(tree: etree._ElementTree, name: str) -> None:
    """Refuse a schema whose ``<include>`` or ``<externalRef>`` (at any depth) is not a local regular file.

    libxml2 opens the included files itself when it compiles the schema; each is checked
    here first, so that a FIFO or a device cannot make it block, and nothing is fetched.
    """
    seen = {os.path.abspath(name)}
    todo = [(tree, name)]
    while todo:
        current, where = todo.pop()
        folder = os.path.dirname(os.path.abspath(where))
        for element in current.iter(_RNG + "include", _RNG + "externalRef"):
            href = element.get("href") or ""
            if "://" in href or href.startswith("file:"):
                raise ValidationError(
                    f"the schema includes {href}, which is not a local file; kobridge fetches nothing",
                    path=where,
                    line=element.sourceline or 1,
                )
            target = os.path.abspath(os.path.join(folder, href))
            if target in seen:
                continue
            seen.add(target)
            todo.append((parse_xml(target, expected="a RELAX NG file"), target))


@functools.cache
def load_schema(path: str | None = None) -> etree.RelaxNG:
    """Load a RELAX NG schema once per process (kobridge's TEI profile when ``path`` is None).

    Raises:
        ValidationError: the schema file (or one it includes) cannot be read, or it is not
            RELAX NG.
    """
    if path is None:
        source = resources.files("kobridge.data").joinpath("kobridge-tei.rng")
        with resources.as_file(source) as schema_path:
            return etree.RelaxNG(etree.parse(str(schema_path), _safe_parser()))
    tree = parse_xml(path, expected="a RELAX NG file")
    _check_includes(tree, path)
    try:
        return etree.RelaxNG(tree)
    except etree.RelaxNGParseError as e:
        raise ValidationError(f"not a usable RELAX NG schema: {e}", path=path) from None


class IssueList:
    """A file's issues, each kind listed up to ``MAX_REPEATS`` times and the rest counted.

    ``add(kind, line, message)`` records one; ``result()`` gives the listed issues and, per kind
    past the limit, one line counting the rest.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.listed: list[Issue] = []
        self.counts: Counter[str] = Counter()
        self.last_line: dict[str, int] = {}

    def add(self, kind: str, line: int | None, message: str) -> None:
        self.counts[kind] += 1
        if self.counts[kind] <= MAX_REPEATS:
            self.listed.append(Issue(self.name, line or 0, message))
        else:
            self.last_line.setdefault(kind, line or 0)

    def unique_ids(self, elements: Iterable[etree._Element], what: str, where: str = "") -> frozenset[str]:
        """The ``id`` values of ``elements``; each repeated one is an issue naming its first line.

        Args:
            elements: the elements whose ids must differ (one without an id is skipped).
            what: their name in the messages (``unit``); ``where``: their scope (`` in file f1``).
        """
        first: dict[str, int] = {}
        for element in elements:
            value = element.get("id")
            if value is None:
                continue
            if value in first:
                message = f"{what} id {value} is used twice{where} (first at line {first[value]})"
                self.add(f"{what} id", element.sourceline, message)
            else:
                first[value] = element.sourceline or 0
        return frozenset(first)

    def result(self) -> list[Issue]:
        more = [
            Issue(
                self.name,
                line,
                f"{self.counts[kind] - MAX_REPEATS} more problem(s) like the above ({kind}) not listed",
            )
            for kind, line in self.last_line.items()
        ]
        return self.listed + more


def _alignment_issues(tree: etree._ElementTree, name: str) -> list[Issue]:
    """kobridge's own rules on the stand-off alignment, in time linear in the file's size."""
    root = tree.getroot()
    issues = IssueList(name)
    by_id = {el.get(_XML_ID): el for el in root.iter() if el.get(_XML_ID) is not None}
    sentences = [el for el in root.iter(_T + "s") if el.getparent() is not None]
    aligned: Counter[str] = Counter()
    # Which text (by xml:id) each element is in: the nearest enclosing <text xml:id>. Texts come
    # in document order, so an inner text overwrites the outer one for its elements.
    text_of: dict[etree._Element, str] = {}
    for text in root.iter(_T + "text"):
        if text.get(_XML_ID) is not None:
            for element in text.iter():
                text_of[element] = str(text.get(_XML_ID))
    ptrs: dict[str, list[etree._Element]] = {}  # a ptr's sentences, resolved (and reported) once

    def resolve_ptr(pointer_id: str, target: etree._Element) -> list[etree._Element]:
        if pointer_id not in ptrs:
            found = []
            line = target.sourceline
            for inner in (target.get("target") or "").split():
                element = by_id.get(inner[1:])
                if element is None:
                    issues.add("missing ptr target", line, f"ptr points at {inner}, which does not exist")
                elif element.tag != _T + "s":
                    issues.add("ptr target", line, f"ptr points at {inner}, which is not a sentence")
                else:
                    found.append(element)
            ptrs[pointer_id] = found
        return ptrs[pointer_id]

    def resolve(pointer: str, link: etree._Element) -> list[etree._Element]:
        target = by_id.get(pointer[1:]) if pointer.startswith("#") else None
        if target is None:
            issues.add("missing link end", link.sourceline, f"link points at {pointer}, which does not exist")
            return []
        if target.tag == _T + "ptr":
            return resolve_ptr(pointer[1:], target)
        if target.tag not in (_T + "s", _T + "anchor"):
            issues.add("link end", link.sourceline, f"link points at {pointer}, not a sentence")
            return []
        return [target]

    for link_grp in root.iter(_T + "linkGrp"):
        if link_grp.get("type") != "alignment":
            continue
        for link in link_grp.iter(_T + "link"):
            ends = (link.get("target") or "").split()
            if len(ends) != 2:
                issues.add("link ends", link.sourceline, "a link must point at exactly two ends")
                continue
            resolved = [resolve(end, link) for end in ends]
            sides = {text_of.get(el) for group in resolved for el in group}
            if all(resolved) and len(sides) != 2:
                issues.add("link sides", link.sourceline, "a link must join one end in each text")
            resp = link.get("resp")
            if resp is not None and (by_id.get(resp[1:]) is None or by_id[resp[1:]].tag != _T + "respStmt"):
                issues.add(
                    "link resp", link.sourceline, f"link has resp={resp}, which is no respStmt of the header"
                )
            for group in resolved:
                aligned.update(str(el.get(_XML_ID)) for el in group if el.tag == _T + "s")
    for term in root.iter(_T + "term"):
        ref = term.get("ref")
        if ref is None:
            continue
        target = by_id.get(ref[1:]) if ref.startswith("#") else None
        if target is None or target.tag != _T + "gloss":
            issues.add(
                "term ref",
                term.sourceline,
                f"term points at {ref}, which is not a gloss of the glossary list",
            )
    for sentence in sentences:
        sentence_id = str(sentence.get(_XML_ID))
        count = aligned[sentence_id]
        if count != 1:
            what = "in no link" if count == 0 else f"in {count} links"
            issues.add("sentence links", sentence.sourceline, f"sentence {sentence_id} is {what}")
    return issues.result()


def check_tree(tree: etree._ElementTree, name: str, schema_path: str | None = None) -> list[Issue]:
    """The schema's and (for TEI) the alignment rules' issues of a parsed document."""
    schema = load_schema(schema_path)
    issues = IssueList(name)
    if not schema.validate(tree):
        for error in schema.error_log:
            issues.add("schema", error.line, error.message)
    found = issues.result()
    if tree.getroot().tag == _T + "TEI":
        found.extend(_alignment_issues(tree, name))
    return found


def validate_tree(tree: etree._ElementTree, name: str, schema_path: str | None = None) -> list[Issue]:
    """Validate a parsed document; return its issues (an empty list when it is valid).

    With kobridge's own profile, a TEI file that passes the schema and the rules is also read
    as ``kobridge convert`` reads it, and what stops that reading is an issue too: validate
    and convert give one verdict.
    """
    issues = check_tree(tree, name, schema_path)
    if not issues and schema_path is None and tree.getroot().tag == _T + "TEI":
        # Imported here: the reader builds on this module (parse_xml, check_tree).
        from kobridge.formats.read_tei import read_tei

        try:
            read_tei(tree, name=name, checked=True)
        except ValidationError as e:
            issues.append(Issue(name, e.line or 1, e.message))
    return issues


def validate_file(path: str | os.PathLike[str], schema_path: str | None = None) -> list[Issue]:
    """Validate one file, choosing the check by its root element (namespace and name).

    - ``<tmx>``: the TMX 1.4b DTD (:func:`kobridge.formats.tmx.validate_tmx`);
    - XLIFF 2 ``<xliff>``: kobridge's XLIFF profile and XLIFF's unique ids
      (:func:`kobridge.formats.xliff.validate_xliff`);
    - ``<cesAlign>``: the XCES alignment and the sentence files it names
      (:func:`kobridge.formats.xces.validate_xces`);
    - anything else: the RELAX NG schema (kobridge's TEI profile by default) and, for TEI,
      kobridge's alignment rules.

    Args:
        path: the XML file.
        schema_path: a RELAX NG schema to check every file against instead (no dispatch).

    Returns:
        The problems found, each with file and line; empty when the file is valid.
    """
    # Imported here: these modules build on this one (Issue, IssueList, parse_xml).
    from kobridge.formats.tmx import validate_tmx
    from kobridge.formats.xces import validate_xces
    from kobridge.formats.xliff import XLIFF_NS, validate_xliff

    name = os.fspath(path)
    try:
        tree = parse_xml(name)
    except ValidationError as e:
        return [Issue(name, e.line or 1, e.message)]
    if schema_path is None:
        root = tree.getroot().tag
        if root == "tmx":
            return validate_tmx(tree, name)
        if root == f"{{{XLIFF_NS}}}xliff":
            return validate_xliff(tree, name)
        if root == "cesAlign":
            return validate_xces(tree, name)
    return validate_tree(tree, name, schema_path)

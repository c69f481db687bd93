"""Reading kobridge's own TEI back into an :class:`~kobridge.model.Alignment`.

This is the inverse of :mod:`kobridge.formats.tei`, so that an archived TEI file can be
turned into TMX, TSV or JSON later (``kobridge convert``). It reads only what kobridge
writes and refuses anything else with a :class:`~kobridge.errors.ValidationError` naming
the file and line.

What comes back, and what cannot:

- The two texts are the ``<text>`` elements of the ``<group>``, source first. Their
  languages come from ``@xml:lang``, their names from the header's ``<bibl corresp="#id">``.
- Sentence texts are exact. Document names are file names without their folder, as the
  TEI header keeps them. Paragraph indices are the order of the ``<p>`` elements.
- The document text is rebuilt: each paragraph is its sentences with the whitespace kept
  between them, and paragraphs are joined by ``"\\n\\n"``. The TEI does not keep the
  whitespace between paragraphs (nor before the first or after the last sentence), so
  sentence ``start``/``end`` offsets point into the rebuilt text; they equal the original
  offsets only where the input separated paragraphs by exactly one blank line and started
  with its first sentence.
- Beads come from the ``<link>`` elements in order, through ``<ptr>`` (several sentences)
  and ``<anchor>`` (an empty side). Scores come from ``@cert``, which holds three decimals,
  so a score is the original rounded to three decimals.
- Glossary terms marked in a sentence (``<term ref="#gl.ID">``) come back as the document's
  ``terms``, and the stand-off ``<list type="gloss">`` as the alignment's ``glossary``; an
  entry keeps its id, Korean term and English gloss, but not its variants, type, note or
  forbidden renderings, which the TEI does not hold. A document gets per-sentence ``terms``
  when the file holds a gloss list or any term in that text, and none otherwise.
- A link's ``@resp`` (``#resp.confirmed``, ``#resp.edited``) becomes the bead's ``review``,
  and the ``<change>`` elements of the ``<revisionDesc>`` the alignment's ``revisions``.
- A text extracted from an HTML page, a DOCX or a Markdown file (``bibl/@type``) comes back
  with its :class:`~kobridge.model.SourceInfo`: format, headline, author, date, extractor.
- The settings come from the header's settings signature; a name this version does not
  know is skipped with a warning.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass, fields

from lxml import etree

from kobridge.errors import ValidationError
from kobridge.formats.tei import RESP_IDS, TEI_NS
from kobridge.formats.validate import check_tree, parse_xml
from kobridge.model import (
    PROFILES,
    Alignment,
    AlignParams,
    Bead,
    Document,
    GlossaryEntry,
    Review,
    Revision,
    Sentence,
    SourceInfo,
    TermHit,
)

__all__ = ["read_tei"]

logger = logging.getLogger(__name__)

_T = f"{{{TEI_NS}}}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NS = {"t": TEI_NS}
_SETTINGS_PREFIX = "Settings: "
_PARAGRAPH_SEPARATOR = "\n\n"
_GLOSS_REF = "#gl."  # a term's @ref: "#" + tei.gloss_id(entry id)
_REVIEWS: dict[str, Review] = {"#" + resp_id: review for review, resp_id in RESP_IDS.items()}


@dataclass(frozen=True, slots=True)
class _Text:
    """One text read back: its document and where each of its xml:ids points."""

    document: Document
    sentences: dict[str, int]  # sentence xml:id -> 0-based index
    anchors: frozenset[str]  # anchor xml:ids


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, message: str, element: etree._Element | None = None) -> ValidationError:
        line = element.sourceline if element is not None and element.sourceline else 1
        return ValidationError(message, path=self.name, line=line)

    def root(self, tree: etree._ElementTree) -> etree._Element:
        root = tree.getroot()
        if root.tag != _T + "TEI":
            raise self.fail(
                f"not kobridge TEI: the root element is <{root.tag}>, expected <TEI> in the TEI namespace",
                root,
            )
        if not root.xpath("t:teiHeader//t:appInfo/t:application[@ident='kobridge']", namespaces=_NS):
            raise self.fail('not written by kobridge: the header has no <application ident="kobridge">', root)
        return root

    def sentence(self, element: etree._Element, lang: str) -> tuple[str, tuple[TermHit, ...]]:
        """The text of an ``<s>`` and the glossary terms marked in it (offsets into that text)."""
        parts = [element.text or ""]
        hits: list[TermHit] = []
        position = len(parts[0])
        for child in element:
            ref = (child.get("ref") or "") if isinstance(child.tag, str) else ""
            if child.tag != _T + "term" or len(child) or not child.text or not ref.startswith(_GLOSS_REF):
                raise self.fail(
                    f"unexpected {_describe(child)} in a sentence; kobridge writes a sentence as text "
                    'and <term ref="#gl.ID">',
                    child,
                )
            hits.append(
                TermHit(ref[len(_GLOSS_REF) :], position, position + len(child.text), child.text, lang)
            )
            parts.append(child.text)
            parts.append(child.tail or "")
            position += len(child.text) + len(child.tail or "")
        text = "".join(parts)
        if not text:
            raise self.fail("a sentence is empty", element)
        return text, tuple(hits)

    def text(self, element: etree._Element, name: str, with_terms: bool) -> _Text:
        text_id = element.get(_XML_ID)
        lang = element.get(_XML_LANG)
        if not text_id or not lang:
            raise self.fail("a <text> of the group lacks xml:id or xml:lang", element)
        paragraphs = element.xpath("t:body/t:p", namespaces=_NS)
        if not paragraphs:
            raise self.fail(f"text {text_id} has no paragraph", element)
        parts: list[str] = []
        sentences: list[Sentence] = []
        terms: list[tuple[TermHit, ...]] = []
        ids: dict[str, int] = {}
        anchors: set[str] = set()
        offset = 0

        def put(piece: str | None) -> None:
            nonlocal offset
            if piece:
                parts.append(piece)
                offset += len(piece)

        for number, paragraph in enumerate(paragraphs):
            if number:
                put(_PARAGRAPH_SEPARATOR)
            put(paragraph.text)
            for child in paragraph:
                if child.tag == _T + "s":
                    text, hits = self.sentence(child, lang)
                    ids[str(child.get(_XML_ID))] = len(sentences)
                    sentences.append(Sentence(text, offset, offset + len(text), lang, number))
                    terms.append(hits)
                    put(text)
                elif child.tag == _T + "anchor" and child.get(_XML_ID):
                    anchors.add(str(child.get(_XML_ID)))
                else:
                    raise self.fail(
                        f"unexpected {_describe(child)} in a paragraph; kobridge writes only <s> "
                        "and <anchor xml:id>",
                        child,
                    )
                put(child.tail)
        with_terms = with_terms or any(terms)
        document = Document("".join(parts), lang, tuple(sentences), name, tuple(terms) if with_terms else ())
        return _Text(document, ids, frozenset(anchors))

    def side(
        self, pointer: str, texts: tuple[_Text, _Text], ptrs: dict[str, etree._Element], link: etree._Element
    ) -> tuple[int, tuple[int, ...]]:
        """Which text a link end belongs to, and the sentence indices it covers there."""
        ident = pointer.removeprefix("#")
        for number, text in enumerate(texts):
            if ident in text.sentences:
                return number, (text.sentences[ident],)
            if ident in text.anchors:
                return number, ()
        ptr = ptrs.get(ident)
        if ptr is None or not pointer.startswith("#"):
            raise self.fail(f"link points at {pointer}, which is no sentence, anchor or ptr", link)
        found: list[tuple[int, int]] = []
        for inner in (ptr.get("target") or "").split():
            inner_id = inner.removeprefix("#")
            where = [(n, t.sentences[inner_id]) for n, t in enumerate(texts) if inner_id in t.sentences]
            if not inner.startswith("#") or not where:
                raise self.fail(f"ptr points at {inner}, which is not a sentence", ptr)
            found.append(where[0])
        if not found or len({n for n, _ in found}) != 1:
            raise self.fail("a ptr must point at sentences of one text", ptr)
        return found[0][0], tuple(index for _, index in found)

    def beads(self, root: etree._Element, texts: tuple[_Text, _Text]) -> tuple[Bead, ...]:
        groups = root.xpath("t:standOff/t:linkGrp[@type='alignment']", namespaces=_NS)
        if len(groups) != 1:
            raise self.fail('expected one <linkGrp type="alignment"> in the standOff', root)
        ptrs = {str(p.get(_XML_ID)): p for p in groups[0].iterchildren(_T + "ptr")}
        beads: list[Bead] = []
        following = [0, 0]  # the next sentence index expected on each side
        for link in groups[0].iterchildren(_T + "link"):
            ends = (link.get("target") or "").split()
            if len(ends) != 2:
                raise self.fail("a link must point at exactly two ends", link)
            sides = [self.side(end, texts, ptrs, link) for end in ends]
            if {number for number, _ in sides} != {0, 1}:
                raise self.fail("a link must join one end in each text", link)
            indices = dict(sides)
            for number in (0, 1):
                expected = tuple(range(following[number], following[number] + len(indices[number])))
                if indices[number] != expected:
                    raise self.fail(
                        f"link covers sentences {list(indices[number])} of text {number + 1}; "
                        f"expected the next ones in order, {list(expected)}",
                        link,
                    )
                following[number] += len(indices[number])
            beads.append(Bead(indices[0], indices[1], self.score(link), self.review(link)))
        for number, text in enumerate(texts):
            if following[number] != len(text.document.sentences):
                raise self.fail(
                    f"text {number + 1} has {len(text.document.sentences)} sentences but the links "
                    f"cover {following[number]}",
                    groups[0],
                )
        return tuple(beads)

    def review(self, link: etree._Element) -> Review:
        resp = link.get("resp")
        if resp is None:
            return ""
        if resp not in _REVIEWS:
            expected = " or ".join(sorted(_REVIEWS))
            raise self.fail(f"link has resp={resp!r}; kobridge writes {expected}", link)
        return _REVIEWS[resp]

    def score(self, link: etree._Element) -> float:
        cert = link.get("cert")
        try:
            score = float(cert) if cert is not None else float("nan")
        except ValueError:
            score = float("nan")
        if not 0.0 <= score <= 1.0:
            raise self.fail(f"link has cert={cert!r}; expected a number in [0, 1]", link)
        return score


def _describe(node: etree._Element) -> str:
    if isinstance(node.tag, str):
        return f"<{etree.QName(node).localname}>"
    if isinstance(node, etree._Entity):
        return "entity reference"
    return "comment" if isinstance(node, etree._Comment) else "processing instruction"


def _params(root: etree._Element) -> AlignParams:
    """The settings from the header's signature: the profile's defaults, the model digest, the overrides.

    Settings this version does not know (an older kobridge's cost weights, say) are skipped
    with one warning; a value of the wrong type keeps the default.
    """
    descs = root.xpath("t:teiHeader//t:application[@ident='kobridge']/t:desc/text()", namespaces=_NS)
    signature = next((str(d)[len(_SETTINGS_PREFIX) :] for d in descs if d.startswith(_SETTINGS_PREFIX)), "")
    parts = [p.partition(":") for p in signature.split("|")] if signature else []
    profile = next((raw for key, _, raw in parts if key == "profile"), "ko-en")
    defaults = AlignParams.for_profile(profile if profile in PROFILES else "ko-en")
    known = {f.name for f in fields(AlignParams)}
    values: dict[str, object] = {}
    unknown = []
    for key, _, raw in parts:
        if key in ("v", "profile"):
            continue
        if key == "model":
            values["model_digest"] = "" if raw == "unknown" else raw
            continue
        if key not in known:
            unknown.append(key)
            continue
        default = getattr(defaults, key)
        try:
            if isinstance(default, tuple):
                values[key] = tuple(raw.split("+")) if raw else ()
            elif isinstance(default, bool):  # bool("False") is True: read the word itself
                values[key] = {"True": True, "False": False}[raw]
            else:
                values[key] = type(default)(raw)
        except (ValueError, KeyError):
            logger.warning(
                "setting %s=%r in the TEI header is not a %s; default kept", key, raw, type(default).__name__
            )
    if unknown:
        logger.warning(
            "%d setting(s) in the TEI header are unknown to this kobridge and were skipped: %s",
            len(unknown),
            ", ".join(unknown[:5]) + (", ..." if len(unknown) > 5 else ""),
        )
    return dataclasses.replace(defaults, **values)  # type: ignore[arg-type]


def _names(root: etree._Element) -> dict[str, str]:
    names: dict[str, str] = {}
    for bibl in root.xpath("t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl[@corresp]", namespaces=_NS):
        title = bibl.find(_T + "title")
        if title is not None and title.text:
            names[str(bibl.get("corresp")).removeprefix("#")] = title.text
    return names


def _sources(root: etree._Element) -> dict[str, SourceInfo]:
    """The original format and article metadata of each text that was extracted from a file
    (a ``bibl`` with a ``@type``), by text id."""
    sources: dict[str, SourceInfo] = {}
    for bibl in root.xpath("t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl[@corresp][@type]", namespaces=_NS):
        sources[str(bibl.get("corresp")).removeprefix("#")] = SourceInfo(
            format=str(bibl.get("type")),
            title=bibl.findtext(_T + "title[@type='article']") or "",
            author=bibl.findtext(_T + "author") or "",
            date=bibl.findtext(_T + "date") or "",
            extractor=bibl.findtext(_T + "note[@type='extractor']") or "",
        )
    return sources


def _glossary(root: etree._Element, reader: _Reader) -> tuple[GlossaryEntry, ...]:
    """The glossary entries of the stand-off ``<list type="gloss">``: Korean label, English gloss."""
    entries: list[GlossaryEntry] = []
    for glosses in root.xpath("t:standOff/t:list[@type='gloss']", namespaces=_NS):
        labels = glosses.findall(_T + "label")
        items = glosses.findall(_T + "item")
        if len(labels) != len(items):
            raise reader.fail("a gloss list must pair each <label> with an <item>", glosses)
        for label, item in zip(labels, items, strict=True):
            gloss = item.find(_T + "gloss")
            ident = (gloss.get(_XML_ID) or "") if gloss is not None else ""
            if gloss is None or not ident.startswith(_GLOSS_REF[1:]):
                raise reader.fail('a gloss list <item> must hold a <gloss xml:id="gl.ID">', item)
            ko = label.findtext(_T + "term") or ""
            entries.append(GlossaryEntry(ident[len(_GLOSS_REF) - 1 :], ko, gloss.text or ""))
    return tuple(entries)


def _revisions(root: etree._Element) -> tuple[Revision, ...]:
    changes = root.xpath("t:teiHeader/t:revisionDesc/t:change", namespaces=_NS)
    return tuple(Revision(str(change.get("when") or ""), change.text or "") for change in changes)


def read_tei(
    source: str | os.PathLike[str] | etree._ElementTree, *, name: str | None = None, checked: bool = False
) -> Alignment:
    """Read a TEI file written by kobridge back into an alignment.

    The file is also checked as ``kobridge validate`` checks it (kobridge's TEI profile and
    alignment rules), so that the two accept the same files.

    Args:
        source: the file (parsed with kobridge's safe parser: no DTD, entity or network
            access), or a tree already parsed.
        name: the file name used in error messages (by default the path, or the tree's URL).
        checked: the tree has passed :func:`kobridge.formats.validate.check_tree` already.

    Returns:
        The alignment: both documents (sentence texts exact, document text and offsets
        rebuilt as the module docstring says), the beads with their scores, the settings.

    Raises:
        ValidationError: the file cannot be parsed, or it is not TEI as kobridge writes it;
            the message names the file and line.
    """
    if isinstance(source, etree._ElementTree):
        tree = source
        label = name or tree.docinfo.URL or "-"
    else:
        label = name or os.fspath(source)
        tree = parse_xml(source)
    reader = _Reader(label)
    root = reader.root(tree)
    elements = root.xpath("t:text/t:group/t:text", namespaces=_NS)
    if len(elements) != 2:
        raise reader.fail(f"expected two <text> in text/group, found {len(elements)}", root)
    names = _names(root)
    glossary = _glossary(root, reader)
    src, tgt = (reader.text(el, names.get(str(el.get(_XML_ID)), "-"), bool(glossary)) for el in elements)
    beads = reader.beads(root, (src, tgt))
    sources = _sources(root)
    src_doc, tgt_doc = (
        dataclasses.replace(text.document, source=sources.get(str(element.get(_XML_ID))))
        for text, element in zip((src, tgt), elements, strict=True)
    )
    if not checked:
        issues = check_tree(tree, label)
        if issues:
            more = f" (and {len(issues) - 1} more; kobridge validate lists them)" if len(issues) > 1 else ""
            raise ValidationError(issues[0].message + more, path=label, line=issues[0].line or 1)
    return Alignment(src_doc, tgt_doc, beads, _params(root), glossary, _revisions(root))

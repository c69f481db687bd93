"""Reading units for the memory: kobridge TEI, a batch output folder, TMX 1.4 files.

Every source becomes :class:`~kobridge.tm.model.TmDocument` values, one per article (or per
TMX file), each under a key that identifies it, so that adding it again replaces its units:

- TEI (``kobridge align`` and ``kobridge batch`` output): one unit per bead with text on both
  sides; a side's sentences are joined by a space, as in kobridge's TMX. The key is the pair
  of input file names the TEI header records, so the same article aligned again is the same
  document. The title is the headline (the first paragraph, when it is one sentence), the
  date one written in the file name (``2024-12-03``, ``20241203``), the confidence the
  link's ``@cert``; a bead a person confirmed or made in ``kobridge review`` (its link's
  ``@resp``, read as :attr:`~kobridge.model.Bead.review`) gives a confirmed unit.
- A folder: every ``*.tei.xml`` and ``*.tmx`` below it, in name order, outside the batch's
  ``.kobridge`` state folder.
- TMX 1.4: one unit per ``<tu>`` with a Korean and an English variant (``xml:lang`` or
  ``lang`` starting with ``ko`` / ``en``); the key is the file name, the date the header's
  ``creationdate``, the confidence a ``x-score`` property when there is one (kobridge's own);
  a ``x-review`` property (kobridge's TMX of a reviewed alignment) gives a confirmed unit; the
  sentence units kobridge derives from merged beads (``x-derived``) are skipped.

XML is parsed with kobridge's safe parser (no DTD, no entities, no network); a broken file
raises a one-line :class:`~kobridge.errors.ValidationError` naming the file and line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePath

from lxml import etree

from kobridge.errors import ValidationError
from kobridge.formats.read_tei import read_tei
from kobridge.formats.tei import TEI_NS
from kobridge.formats.tmx import tmx_segments
from kobridge.formats.validate import parse_xml
from kobridge.model import Alignment
from kobridge.tm.model import TmDocument, TmUnit

__all__ = ["read_source", "read_sources"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DATE = re.compile(r"(?<!\d)(\d{4})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")
_STATE_DIR = ".kobridge"  # kobridge.batch.STATE_DIR; the batch layer sits above this one
_TMX_INLINE_CODES = {"bpt", "ept", "it", "ph", "ut"}


def _date_in(name: str) -> str:
    m = _DATE.search(PurePath(name).name)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""


def _headline(alignment: Alignment) -> str:
    sentences = alignment.src.sentences
    if len(sentences) >= 2 and sentences[0].paragraph != sentences[1].paragraph:
        return sentences[0].text
    return ""


def _tei_document(tree: etree._ElementTree, name: str) -> TmDocument:
    alignment = read_tei(tree, name=name)
    langs = (alignment.src.lang, alignment.tgt.lang)
    if langs not in (("ko", "en"), ("en", "ko")):
        raise ValidationError(
            f"the memory holds Korean-English units; this TEI aligns {'-'.join(langs)}", path=name
        )
    title = _headline(alignment) if langs[0] == "ko" else ""
    date = _date_in(name) or _date_in(alignment.src.name)
    units = []
    for bead in alignment.beads:
        if not (bead.src and bead.tgt):
            continue
        src_text, tgt_text = tmx_segments(alignment, bead)
        ko, en = (src_text, tgt_text) if langs[0] == "ko" else (tgt_text, src_text)
        units.append(TmUnit(ko, en, name, title, date, bead.score, bool(bead.review), bead.format()))
    key = f"tei:{PurePath(alignment.src.name).name}|{PurePath(alignment.tgt.name).name}"
    return TmDocument(key, name, title, date, tuple(units))


def _seg_text(seg: etree._Element) -> str:
    """The text of a TMX ``<seg>``: its characters and those of ``<hi>``/``<sub>``, not inline codes."""
    parts = [seg.text or ""]
    for child in seg:
        if isinstance(child.tag, str) and etree.QName(child).localname not in _TMX_INLINE_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _tmx_document(tree: etree._ElementTree, name: str) -> TmDocument:
    root = tree.getroot()
    header = root.find("header")
    body = root.find("body")
    if header is None or body is None:
        raise ValidationError("not TMX: <tmx> needs a <header> and a <body>", path=name, line=root.sourceline)
    created = header.get("creationdate") or ""
    date = f"{created[:4]}-{created[4:6]}-{created[6:8]}" if re.match(r"\d{8}", created) else _date_in(name)
    title = PurePath(name).name
    units = []
    for tu in body.iter("tu"):
        sides: dict[str, str] = {}
        for tuv in tu.iterchildren("tuv"):
            lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower()[:2]
            seg = tuv.find("seg")
            if lang in ("ko", "en") and seg is not None:
                sides.setdefault(lang, _seg_text(seg).strip())
        props = {p.get("type"): (p.text or "") for p in tu.iterchildren("prop")}
        # kobridge's sentence units of a merged bead repeat the bead's text: the memory keeps beads.
        if not (sides.get("ko") and sides.get("en")) or "x-derived" in props:
            continue
        try:
            confidence: float | None = float(props["x-score"])
        except (KeyError, ValueError):
            confidence = None
        confirmed = props.get("x-review") in ("confirmed", "edited")
        bead = props.get("x-bead", "")
        units.append(TmUnit(sides["ko"], sides["en"], name, title, date, confidence, confirmed, bead))
    return TmDocument(f"tmx:{title}", name, title, date, tuple(units))


def read_source(path: str | os.PathLike[str]) -> TmDocument:
    """Read one TEI or TMX file (told apart by the root element).

    Raises:
        ValidationError: the file is missing, not well-formed, neither kobridge TEI nor TMX, or
            a TEI of another language pair.
    """
    name = os.fspath(path)
    tree = parse_xml(name)
    root = tree.getroot()
    if root.tag == "tmx":
        return _tmx_document(tree, name)
    if root.tag == f"{{{TEI_NS}}}TEI":
        return _tei_document(tree, name)
    raise ValidationError(
        f"neither kobridge TEI nor TMX: the root element is <{root.tag}>", path=name, line=root.sourceline
    )


def _folder_files(folder: Path) -> list[Path]:
    found = [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and (p.name.endswith(".tei.xml") or p.suffix == ".tmx")
        and _STATE_DIR not in p.relative_to(folder).parts
    ]
    return sorted(found)


def read_sources(paths: list[str | os.PathLike[str]]) -> Iterator[TmDocument]:
    """The documents of each path in turn: a file, or every TEI and TMX file of a folder.

    Raises:
        ValidationError: as :func:`read_source`; a folder that holds no TEI or TMX file.
    """
    for path in paths:
        if Path(path).is_dir():
            files = _folder_files(Path(path))
            if not files:
                raise ValidationError("holds no *.tei.xml or *.tmx file", path=os.fspath(path))
            for file in files:
                yield read_source(file)
        else:
            yield read_source(path)

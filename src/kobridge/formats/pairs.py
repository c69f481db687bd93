"""Sentence pairs that translate each other, read from a user's translation memory.

``read_pairs(path)`` reads one of two layouts, chosen by the file name:

* TMX 1.4 (``.tmx`` or ``.xml``): each ``<tu>`` with a ``<tuv>`` in each language gives one pair;
  a ``<tuv>``'s language is its ``xml:lang`` (or TMX 1.1's ``lang``), matched on the primary
  subtag and ignoring case (``ko-KR`` is ``ko``). The text of ``<seg>`` is kept, that of inline
  native codes (``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<ut>``) left out, ``<hi>``'s kept.
  Units without both languages are skipped, with a warning saying how many. The file is parsed
  safely (no DTD, no entity expansion, no network).
* Anything else is TSV: ``SOURCE<TAB>TARGET`` on each line, UTF-8 (or UTF-16 with a BOM, or
  CP949), blank lines skipped, and a first line that only names the two languages
  (``ko<TAB>en``) taken as a header. A line with another number of cells or an empty side is an
  error naming the file and the line.

The lexical model (``align/features/lexical.py``) trains on these pairs: ``kobridge lexicon train``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from lxml import etree

from kobridge.errors import InputError
from kobridge.formats.validate import parse_xml
from kobridge.io import InvalidCharPolicy, read_text

__all__ = ["TMX_SUFFIXES", "read_pairs"]

logger = logging.getLogger(__name__)

TMX_SUFFIXES = (".tmx", ".xml")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements of TMX 1.4 whose content is native code, not text.
_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})


def read_pairs(
    path: str | os.PathLike[str], *, src_lang: str = "ko", tgt_lang: str = "en"
) -> list[tuple[str, str]]:
    """Read ``(source, target)`` sentence pairs from a TSV or TMX file (see the module notes).

    Args:
        path: the file; ``.tmx`` and ``.xml`` are read as TMX, anything else as TSV.
        src_lang, tgt_lang: the languages of the pairs (their order in a TSV line; the
            ``<tuv>``s to take in a TMX).

    Returns:
        The pairs in file order, each side stripped of surrounding whitespace.

    Raises:
        InputError: ``FILE:LINE: problem`` for a line or file that cannot be read as pairs, and
            for a file that holds no pair at all.
        ValidationError: a TMX file that is not well-formed XML or declares entities.
    """
    name = os.fspath(path)
    if Path(name).suffix.lower() in TMX_SUFFIXES:
        pairs = _read_tmx(name, src_lang, tgt_lang)
    else:
        pairs = _read_tsv(name, src_lang, tgt_lang)
    if not pairs:
        raise InputError(f"no sentence pair in {src_lang} and {tgt_lang}", path=name)
    return pairs


def _read_tsv(name: str, src_lang: str, tgt_lang: str) -> list[tuple[str, str]]:
    text = read_text(name, on_invalid_char=InvalidCharPolicy.REPLACE).text
    header = f"{src_lang}\t{tgt_lang}"
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or (not pairs and line.strip().lower() == header):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            found = "no tab" if len(cells) == 1 else f"{len(cells)} columns"
            raise InputError(
                f"{found}; expected 2 columns, {src_lang}<TAB>{tgt_lang}", path=name, line=number
            )
        src, tgt = (cell.strip() for cell in cells)
        for lang, side in ((src_lang, src), (tgt_lang, tgt)):
            if not side:
                raise InputError(f"the {lang} side is empty", path=name, line=number)
        pairs.append((src, tgt))
    return pairs


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _text(element: etree._Element) -> str:
    """The text of ``<seg>`` (or of an inline ``<hi>``), without the content of native codes."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and _local(child) not in _CODES:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _primary(lang: str | None) -> str:
    return (lang or "").replace("_", "-").split("-")[0].lower()


def _read_tmx(name: str, src_lang: str, tgt_lang: str) -> list[tuple[str, str]]:
    root = parse_xml(name).getroot()
    if _local(root) != "tmx":
        raise InputError(
            f"not a TMX file: the root is <{_local(root)}>, expected <tmx>", path=name, line=root.sourceline
        )
    pairs: list[tuple[str, str]] = []
    skipped = 0
    for unit in root.iter("{*}tu"):
        sides: dict[str, str] = {}
        for variant in unit.iterchildren("{*}tuv"):
            lang = _primary(variant.get(_XML_LANG) or variant.get("lang"))
            seg = variant.find("{*}seg")
            if lang in (src_lang, tgt_lang) and lang not in sides and seg is not None:
                sides[lang] = " ".join(_text(seg).split())
        if sides.get(src_lang) and sides.get(tgt_lang):
            pairs.append((sides[src_lang], sides[tgt_lang]))
        else:
            skipped += 1
    if skipped and pairs:
        logger.warning(
            "%s: skipped %d translation unit(s) without both %s and %s", name, skipped, src_lang, tgt_lang
        )
    return pairs

"""Exporting the memory: TMX 1.4b (the CAT tools' exchange format) and TSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from lxml import etree

from kobridge import __version__
from kobridge.formats.tabular import _cell
from kobridge.tm.model import TmUnit

__all__ = ["TSV_COLUMNS", "tmx_bytes", "tsv_text"]

TSV_COLUMNS = ("ko", "en", "file", "title", "date", "confidence", "confirmed", "bead")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = value


def tmx_bytes(units: Iterable[TmUnit]) -> bytes:
    """The units as TMX 1.4b, structured as kobridge's TMX output (``kobridge.formats.tmx``).

    Each ``<tu>`` carries its provenance as ``x-`` properties (before the variants, as the
    DTD orders them): ``x-source-file``, ``x-title``, ``x-date`` (where known), ``x-score``
    (the bead confidence, where known), ``x-confirmed`` (``yes``/``no``) and ``x-bead``.
    """
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="kobridge",
        creationtoolversion=__version__,
        segtype="sentence",
        **{"o-tmf": "kobridge"},
        adminlang="en",
        srclang="ko",
        datatype="plaintext",
    )
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu")
        _prop(tu, "x-source-file", unit.file)
        if unit.title:
            _prop(tu, "x-title", unit.title)
        if unit.date:
            _prop(tu, "x-date", unit.date)
        if unit.confidence is not None:
            _prop(tu, "x-score", f"{unit.confidence:.3f}")
        _prop(tu, "x-confirmed", "yes" if unit.confirmed else "no")
        if unit.bead:
            _prop(tu, "x-bead", unit.bead)
        for lang, text in (("ko", unit.ko), ("en", unit.en)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(_XML_LANG, lang)
            etree.SubElement(tuv, "seg").text = text
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def tsv_text(units: Iterable[TmUnit]) -> str:
    """A header, then one row per unit (columns :data:`TSV_COLUMNS`), cells guarded against formulas."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\n")
    writer.writerow(TSV_COLUMNS)
    for u in units:
        confidence = "" if u.confidence is None else f"{u.confidence:.3f}"
        writer.writerow(
            [
                _cell(u.ko),
                _cell(u.en),
                _cell(u.file),
                _cell(u.title),
                u.date,
                confidence,
                int(u.confirmed),
                u.bead,
            ]
        )
    return out.getvalue()

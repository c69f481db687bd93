"""What the memory's commands print: concordance (text, JSON, HTML), lookup (text, JSON), stats."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lxml import etree

from kobridge import __version__
from kobridge.tm.model import Hit, Match, TmStats, TmUnit

__all__ = ["lookup_json", "lookup_text", "search_html", "search_json", "search_text", "stats_text"]

_CONTEXT = 30  # characters of context on each side of a hit, in the text format


def _provenance(unit: TmUnit) -> str:
    parts = [unit.file or "-"]
    if unit.title:
        parts.append(unit.title)
    if unit.date:
        parts.append(unit.date)
    if unit.confidence is not None:
        parts.append(f"confidence {unit.confidence:.3f}")
    parts.append("confirmed" if unit.confirmed else "unconfirmed")
    return " · ".join(parts)


def _unit_json(unit: TmUnit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "ko": unit.ko,
        "en": unit.en,
        "file": unit.file,
        "title": unit.title,
        "date": unit.date,
        "confidence": unit.confidence,
        "confirmed": unit.confirmed,
        "bead": unit.bead,
    }


def _side(hit: Hit) -> tuple[str, str]:
    """The searched side's text and the other side's."""
    return (hit.unit.ko, hit.unit.en) if hit.lang == "ko" else (hit.unit.en, hit.unit.ko)


def search_text(hits: Sequence[Hit], more: bool) -> str:
    """Key word in context: the first hit marked ``«…»`` with context, the other side, the source."""
    lines = []
    for hit in hits:
        text, other = _side(hit)
        start, end = hit.spans[0]
        left = text[max(0, start - _CONTEXT) : start]
        right = text[end : end + _CONTEXT]
        lines.append(
            f"{'…' if start > _CONTEXT else ''}{left}«{text[start:end]}»{right}"
            f"{'…' if end + _CONTEXT < len(text) else ''}"
        )
        lines.append(f"    {other}")
        lines.append(f"    {_provenance(hit.unit)}")
    lines.append(f"{len(hits)} unit(s){'; more match (raise --limit)' if more else ''}")
    return "\n".join(lines) + "\n"


def search_json(query: str, lang: str, hits: Sequence[Hit], more: bool) -> str:
    """``{"query", "lang", "more", "hits": [{unit fields..., "spans": [[start, end], ...]}]}``."""
    data = {
        "kobridge": __version__,
        "query": query,
        "lang": lang,
        "more": more,
        "hits": [{**_unit_json(h.unit), "spans": [list(s) for s in h.spans]} for h in hits],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _marked(parent: etree._Element, text: str, spans: Sequence[tuple[int, int]]) -> None:
    position = 0
    last: etree._Element | None = None
    for start, end in spans:
        piece = text[position:start]
        if last is None:
            parent.text = (parent.text or "") + piece
        else:
            last.tail = piece
        last = etree.SubElement(parent, "mark")
        last.text = text[start:end]
        position = end
    if last is None:
        parent.text = (parent.text or "") + text[position:]
    else:
        last.tail = text[position:]


_STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;width:100%}"
    "td{border-top:1px solid #ccc;padding:.4em;vertical-align:top;width:50%}"
    "mark{background:#fe6;font-weight:bold}.src{color:#666;font-size:.85em}"
)


def search_html(query: str, lang: str, hits: Sequence[Hit], more: bool) -> bytes:
    """A self-contained HTML page: one row per hit, the two sides, hits marked, the source."""
    html = etree.Element("html", lang="en")
    head = etree.SubElement(html, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "title").text = f"Concordance: {query}"
    etree.SubElement(head, "style").text = _STYLE
    body = etree.SubElement(html, "body")
    etree.SubElement(body, "h1").text = f"Concordance: {query}"
    etree.SubElement(body, "p").text = f"{len(hits)} unit(s){'; more match' if more else ''}."
    table = etree.SubElement(body, "table")
    for hit in hits:
        row = etree.SubElement(table, "tr")
        text, other = _side(hit)
        searched = etree.SubElement(row, "td", lang=hit.lang)
        _marked(searched, text, hit.spans)
        etree.SubElement(searched, "div", {"class": "src"}).text = _provenance(hit.unit)
        etree.SubElement(row, "td", lang="en" if hit.lang == "ko" else "ko").text = other
    document: bytes = etree.tostring(html, method="html", encoding="utf-8", doctype="<!DOCTYPE html>")
    return document + b"\n"


def lookup_text(sentences: Sequence[str], matches: Sequence[Sequence[Match]]) -> str:
    """Each sentence, then its matches: score, the unit's two sides, what differs, the source."""
    lines = []
    for number, (sentence, found) in enumerate(zip(sentences, matches, strict=True), start=1):
        lines.append(f"{number}. {sentence}")
        if not found:
            lines.append("    no match")
        for match in found:
            lines.append(f"    {match.score:.2f}  {match.unit.ko}")
            lines.append(f"          {match.unit.en}")
            if match.differences:
                lines.append("          differs: " + "; ".join(d.describe() for d in match.differences))
            lines.append(f"          {_provenance(match.unit)}")
    return "\n".join(lines) + "\n"


def lookup_json(sentences: Sequence[str], matches: Sequence[Sequence[Match]]) -> str:
    """``{"sentences": [{"text", "matches": [{"score", "differences", unit fields...}]}]}``."""
    data = {
        "kobridge": __version__,
        "sentences": [
            {
                "text": sentence,
                "matches": [
                    {
                        "score": round(m.score, 4),
                        "differences": [
                            {"kind": d.kind, "old": d.old, "new": d.new, "text": d.describe()}
                            for d in m.differences
                        ],
                        **_unit_json(m.unit),
                    }
                    for m in found
                ],
            }
            for sentence, found in zip(sentences, matches, strict=True)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def stats_text(stats: TmStats, target: str) -> str:
    """A few lines: backend, schema, documents, units, confirmed units."""
    return (
        f"memory: {target} ({stats.backend}, schema {stats.schema_version})\n"
        f"documents: {stats.documents}\nunits: {stats.units}\nconfirmed: {stats.confirmed}\n"
    )

"""Reports of ``kobridge glossary qa``: text, JSON, JUnit XML and a self-contained HTML page."""

from __future__ import annotations

import json
from collections.abc import Sequence

from lxml import etree

from kobridge import __version__
from kobridge.formats.junit import junit_xml
from kobridge.glossary.archive_qa import ArchiveFinding, Rendering
from kobridge.model import GlossaryEntry
from kobridge.xmlchars import XML_FORBIDDEN

__all__ = ["qa_html", "qa_json", "qa_junit", "qa_text"]

_SUITE = "kobridge glossary qa"
_CSS = (
    "body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}"
    ".error{color:#a00}.warning{color:#960}.example{color:#555;font-size:90%}"
)


def _clean(text: str) -> str:
    return XML_FORBIDDEN.sub("\ufffd", text)


def _example(rendering: Rendering) -> str:
    return f"{rendering.example.where}: {rendering.example.ko} | {rendering.example.en}"


def qa_text(findings: Sequence[ArchiveFinding]) -> str:
    """One ``severity: message`` line per finding, then each rendering's example, indented."""
    lines = []
    for finding in findings:
        lines.append(f"{finding.severity}: {finding.message}")
        lines.extend(f"    {r.en!r}: {_example(r)}" for r in finding.renderings)
    errors = sum(f.severity == "error" for f in findings)
    lines.append(f"{len(findings)} finding(s), {errors} error(s)")
    return "\n".join(lines) + "\n"


def qa_json(findings: Sequence[ArchiveFinding]) -> str:
    """``{"kobridge", "findings": [{"kind", "severity", "entry", "ko", "message", "renderings":
    [{"en", "count", "status", "example": {"where", "ko", "en"}}]}]}``."""
    data = {
        "kobridge": __version__,
        "findings": [
            {
                "kind": f.kind,
                "severity": f.severity,
                "entry": f.entry_id,
                "ko": f.ko,
                "message": f.message,
                "renderings": [
                    {
                        "en": r.en,
                        "count": r.count,
                        "status": r.status,
                        "example": {"where": r.example.where, "ko": r.example.ko, "en": r.example.en},
                    }
                    for r in f.renderings
                ],
            }
            for f in findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def qa_junit(findings: Sequence[ArchiveFinding], entries: Sequence[GlossaryEntry]) -> bytes:
    """JUnit XML: one test case per glossary entry (failed when the archive renders it several
    ways) and one failed case per term outside the glossary with competing renderings."""
    by_entry = {f.entry_id: f for f in findings if f.entry_id}
    results: list[tuple[str, Sequence[str]]] = []
    for entry in entries:
        found = by_entry.get(entry.id)
        results.append((f"{entry.id} ({entry.ko})", [_described(found)] if found else []))
    results.extend((f.ko, [_described(f)]) for f in findings if not f.entry_id)
    return junit_xml(
        results,
        suite_name=_SUITE,
        classname="kobridge.glossary.qa",
        failure_type="InconsistentTerm",
        files=False,
    )


def _described(finding: ArchiveFinding) -> str:
    """The finding's line, then an example bead of each rendering, one a line."""
    return "\n".join([f"{finding.severity}: {finding.message}", *(_example(r) for r in finding.renderings)])


def qa_html(findings: Sequence[ArchiveFinding]) -> bytes:
    """A self-contained HTML page: one table row per finding, each rendering with its example."""
    html = etree.Element("html", lang="en")
    head = etree.SubElement(html, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "title").text = "kobridge glossary qa"
    etree.SubElement(head, "style").text = _CSS
    body = etree.SubElement(html, "body")
    etree.SubElement(body, "h1").text = "Terminology consistency"
    errors = sum(f.severity == "error" for f in findings)
    summary = f"{len(findings)} finding(s), {errors} error(s); kobridge {__version__}."
    etree.SubElement(body, "p").text = summary
    table = etree.SubElement(body, "table")
    header = etree.SubElement(table, "tr")
    for title in ("severity", "term", "entry", "renderings (beads, status) and an example of each"):
        etree.SubElement(header, "th").text = title
    for f in findings:
        row = etree.SubElement(table, "tr")
        etree.SubElement(row, "td", {"class": f.severity}).text = f.severity
        etree.SubElement(row, "td", lang="ko").text = _clean(f.ko)
        etree.SubElement(row, "td").text = f.entry_id or "(not in the glossary)"
        cell = etree.SubElement(row, "td")
        listing = etree.SubElement(cell, "ul")
        for r in f.renderings:
            item = etree.SubElement(listing, "li")
            etree.SubElement(item, "b").text = _clean(r.en)
            etree.SubElement(item, "span").text = f" ×{r.count} ({r.status})"
            etree.SubElement(item, "div", {"class": "example"}).text = _clean(_example(r))
    return b"<!DOCTYPE html>\n" + etree.tostring(html, encoding="utf-8", method="html") + b"\n"

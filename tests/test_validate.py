"""kobridge validate's rules beyond the schema, and its handling of bad files."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from kobridge.formats.tei import TEI_NS, tei_bytes
from kobridge.formats.validate import validate_file
from kobridge.model import Alignment

NS = {"t": TEI_NS}


def write(tmp_path: Path, tree: etree._Element, name: str = "x.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return path


def test_valid_file_has_no_issues(tmp_path: Path, small_alignment: Alignment) -> None:
    path = tmp_path / "ok.xml"
    path.write_bytes(tei_bytes(small_alignment))
    assert validate_file(path) == []


def test_dangling_link_target_is_reported_with_its_line(tmp_path: Path, small_alignment: Alignment) -> None:
    root = etree.fromstring(tei_bytes(small_alignment))
    link = root.xpath("//t:link", namespaces=NS)[1]
    link.set("target", "#ko.s3 #en.s99")
    issues = validate_file(write(tmp_path, root))
    messages = [i.message for i in issues]
    assert "link points at #en.s99, which does not exist" in messages
    assert all(i.line > 1 for i in issues)


def test_sentence_in_no_link_or_two_links_is_reported(tmp_path: Path, small_alignment: Alignment) -> None:
    root = etree.fromstring(tei_bytes(small_alignment))
    links = root.xpath("//t:link", namespaces=NS)
    links[3].set("target", links[2].get("target"))  # ko.s4 twice, en.s4 never
    messages = [i.message for i in validate_file(write(tmp_path, root))]
    assert "sentence ko.s4 is in 2 links" in messages
    assert "sentence en.s4 is in no link" in messages


def test_not_well_formed_file_gives_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<TEI>\n<teiHeader>\n</TEI>\n")
    (issue,) = validate_file(path)
    assert issue.path == str(path)
    assert issue.line == 3
    assert "not well-formed" in issue.message


def test_missing_file(tmp_path: Path) -> None:
    (issue,) = validate_file(tmp_path / "nope.xml")
    assert "no such file" in issue.message


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f'<TEI xmlns="{TEI_NS}">&x;</TEI>\n'
    )
    issues = validate_file(path)
    assert issues
    assert not any("root:" in i.message for i in issues)

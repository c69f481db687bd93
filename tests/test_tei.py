"""The TEI writer: structure, text preservation, validity against the profile and tei_all."""

from __future__ import annotations

from lxml import etree

from kobridge.formats.tei import TEI_NS, tei_bytes
from kobridge.formats.validate import load_schema, validate_tree
from kobridge.model import Alignment

NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def parse(alignment: Alignment) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(tei_bytes(alignment)))


def test_every_sentence_is_written_verbatim(small_alignment: Alignment) -> None:
    tree = parse(small_alignment)
    for side, doc in (("ko", small_alignment.src), ("en", small_alignment.tgt)):
        written = tree.xpath(f"//t:text[@xml:id='{side}']//t:s/text()", namespaces=NS)
        assert written == [s.text for s in doc.sentences]


def test_paragraph_text_is_the_input_paragraph(small_alignment: Alignment) -> None:
    tree = parse(small_alignment)
    paragraphs = tree.xpath("//t:text[@xml:id='en']//t:p", namespaces=NS)
    assert ["".join(p.itertext()) for p in paragraphs] == small_alignment.tgt.text.split("\n\n")


def test_special_characters_are_escaped_not_lost(small_alignment: Alignment) -> None:
    data = tei_bytes(small_alignment)
    assert b"Tariffs &lt;may&gt; rise &amp; fall." in data


def test_one_link_per_bead_with_types_and_cert(small_alignment: Alignment) -> None:
    tree = parse(small_alignment)
    links = tree.xpath("//t:linkGrp[@type='alignment']/t:link", namespaces=NS)
    assert [link.get("type") for link in links] == ["2-1", "1-2", "1-0", "0-1"]
    assert [float(link.get("cert")) for link in links] == [0.9, 0.7, 0.2, 0.1]


def test_multi_sentence_side_goes_through_a_ptr(small_alignment: Alignment) -> None:
    tree = parse(small_alignment)
    first = tree.xpath("//t:link", namespaces=NS)[0]
    ptr_id, en_end = first.get("target").split()
    ptr = tree.xpath(f"//t:ptr[@xml:id='{ptr_id[1:]}']", namespaces=NS)[0]
    assert ptr.get("target") == "#ko.s1 #ko.s2"
    assert en_end == "#en.s1"


def test_one_sided_bead_points_at_an_anchor_at_the_gap(small_alignment: Alignment) -> None:
    tree = parse(small_alignment)
    omission = tree.xpath("//t:link[@type='1-0']", namespaces=NS)[0]
    ko_end, en_end = omission.get("target").split()
    assert ko_end == "#ko.s4"
    anchor = tree.xpath(f"//*[@xml:id='{en_end[1:]}']", namespaces=NS)[0]
    assert anchor.tag == f"{{{TEI_NS}}}anchor"
    # The Korean sentence 4 follows the bead that ends at English sentence 3: the gap is before en.s4.
    assert anchor.getnext().get(XML_ID) == "en.s4"


def test_header_names_sources_languages_and_settings(small_alignment: Alignment) -> None:
    tree = parse(small_alignment)
    assert tree.xpath("//t:sourceDesc/t:bibl/t:title/text()", namespaces=NS) == ["a.ko.txt", "a.en.txt"]
    assert tree.xpath("//t:langUsage/t:language/@ident", namespaces=NS) == ["ko", "en"]
    desc = tree.xpath("//t:application[@ident='kobridge']/t:desc/text()", namespaces=NS)[0]
    assert "profile:ko-en|model:" in desc


def test_output_is_valid_against_the_profile_and_tei_all(small_alignment: Alignment, tei_all) -> None:
    tree = parse(small_alignment)
    assert validate_tree(tree, "mem.xml") == []
    assert tei_all.validate(tree), tei_all.error_log


def test_profile_is_stricter_than_tei(small_alignment: Alignment) -> None:
    tree = parse(small_alignment)
    body = tree.xpath("//t:text[@xml:id='ko']/t:body", namespaces=NS)[0]
    etree.SubElement(body, f"{{{TEI_NS}}}div")
    assert not load_schema().validate(tree)

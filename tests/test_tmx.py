"""The TMX writer: header, units, properties, validity against the TMX 1.4b DTD, and what
translate-toolkit (an independent TMX reader) makes of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from kobridge import __version__
from kobridge.formats.tmx import build_tmx, load_tmx_dtd, tmx_bytes, validate_tmx
from kobridge.formats.validate import parse_xml
from kobridge.model import Alignment

from .conftest import SAMPLE_NAMES
from .test_formats_contract import align_sample

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tmxfile() -> Any:
    try:
        from translate.storage.tmx import tmxfile
    except ModuleNotFoundError:
        pytest.fail("translate-toolkit is not installed: pip install -e '.[test]'")
    return tmxfile


def props(element: etree._Element) -> dict[str, str]:
    return {p.get("type"): p.text for p in element.findall("prop")}


def test_header_has_every_attribute_the_dtd_requires(small_alignment: Alignment) -> None:
    header = build_tmx(small_alignment).find("header")
    assert dict(header.attrib) == {
        "creationtool": "kobridge",
        "creationtoolversion": __version__,
        "segtype": "sentence",
        "o-tmf": "kobridge",
        "adminlang": "en",
        "srclang": "ko",
        "datatype": "plaintext",
    }
    assert "profile:ko-en|model:" in props(header)["x-settings"]


def test_one_unit_per_two_sided_bead_with_score_bead_and_files(small_alignment: Alignment) -> None:
    units = build_tmx(small_alignment, sentence_units=False).findall("body/tu")
    assert [props(tu) for tu in units] == [
        {"x-score": "0.900", "x-bead": "[0, 1]:[0]"},
        {"x-score": "0.700", "x-bead": "[2]:[1, 2]"},
    ]
    first = units[0].findall("tuv")
    assert [tuv.get(XML_LANG) for tuv in first] == ["ko", "en"]
    assert [props(tuv)["x-source-file"] for tuv in first] == ["a.ko.txt", "a.en.txt"]
    assert [tuv.findtext("seg") for tuv in first] == [
        "국회 이차전지 포럼이 3일 열렸다. 업계는 IRA를 걱정했다.",
        "The battery forum met on the 3rd, and the industry worried about the IRA.",
    ]


def test_one_sided_beads_are_kept_on_request_with_a_single_variant(small_alignment: Alignment) -> None:
    units = build_tmx(small_alignment, include_one_sided=True, sentence_units=False).findall("body/tu")
    assert len(units) == 4
    assert [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in units[2:]] == [["ko"], ["en"]]
    assert [units[2].findtext("tuv/seg"), units[3].findtext("tuv/seg")] == ["끝.", "Context added."]


def test_special_characters_are_escaped(small_alignment: Alignment) -> None:
    assert b"Tariffs &lt;may&gt; rise &amp; fall." in tmx_bytes(small_alignment)


@pytest.mark.parametrize("one_sided", [False, True])
def test_output_is_valid_against_the_tmx_dtd(small_alignment: Alignment, one_sided: bool) -> None:
    tree = etree.ElementTree(etree.fromstring(tmx_bytes(small_alignment, include_one_sided=one_sided)))
    assert validate_tmx(tree, "mem.tmx") == []


def test_dtd_violations_are_reported_with_file_and_line(tmp_path: Path, small_alignment: Alignment) -> None:
    root = etree.fromstring(tmx_bytes(small_alignment))
    del root.find("header").attrib["srclang"]
    etree.SubElement(root.find("body/tu/tuv"), "s")
    path = tmp_path / "bad.tmx"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    issues = validate_tmx(parse_xml(path), str(path))
    assert len(issues) >= 2
    assert all(issue.path == str(path) and issue.line > 1 for issue in issues)
    assert any("srclang" in issue.message for issue in issues)


def test_the_dtd_is_loaded_once() -> None:
    assert load_tmx_dtd() is load_tmx_dtd()


def test_a_doctype_naming_the_dtd_fetches_nothing(tmp_path: Path, small_alignment: Alignment) -> None:
    # Other tools write <!DOCTYPE tmx SYSTEM "tmx14.dtd">; the file is not beside it, and need not be.
    data = tmx_bytes(small_alignment).replace(b"<tmx ", b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx ', 1)
    path = tmp_path / "with-doctype.tmx"
    path.write_bytes(data)
    assert validate_tmx(parse_xml(path), str(path)) == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_tmx_loads_in_translate_toolkit_with_identical_text(name: str) -> None:
    alignment = align_sample(name)
    data = tmx_bytes(alignment)
    store = tmxfile().parsestring(data)
    src, tgt = alignment.src.sentences, alignment.tgt.sentences
    two_sided = [b for b in alignment.beads if b.src and b.tgt]
    derived = ["x-derived" in props(tu) for tu in etree.fromstring(data).iter("tu")]
    beads = [unit for unit, flag in zip(store.units, derived, strict=True) if not flag]
    assert len(beads) == len(two_sided)
    for unit, bead in zip(beads, two_sided, strict=True):
        assert unit.source == " ".join(src[i].text for i in bead.src)
        assert unit.target == " ".join(tgt[i].text for i in bead.tgt)
    assert validate_tmx(etree.ElementTree(etree.fromstring(data)), name) == []


def test_a_merged_bead_gets_a_derived_unit_per_source_sentence(small_alignment: Alignment) -> None:
    units = build_tmx(small_alignment).findall("body/tu")
    derived = [tu for tu in units if props(tu).get("x-derived") == "sentence"]
    assert [props(tu)["x-bead"] for tu in derived] == ["[0, 1]:[0]", "[0, 1]:[0]"]
    assert [[tuv.findtext("seg") for tuv in tu.findall("tuv")] for tu in derived] == [
        ["국회 이차전지 포럼이 3일 열렸다.", "The battery forum met on the 3rd"],
        ["업계는 IRA를 걱정했다.", "and the industry worried about the IRA."],
    ]
    # They follow their bead's unit, before the next bead's.
    assert units.index(derived[0]) == 1
    assert load_tmx_dtd().validate(etree.ElementTree(build_tmx(small_alignment)))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_derived_units_hold_exactly_one_source_sentence(name: str) -> None:
    alignment = align_sample(name)
    sentences = {s.text for s in alignment.src.sentences}
    root = build_tmx(alignment)
    derived = [tu for tu in root.iter("tu") if "x-derived" in props(tu)]
    assert derived, "each sample has a merged bead that can be split"
    for tu in derived:
        source, target = (tuv.findtext("seg") for tuv in tu.findall("tuv"))
        assert source in sentences
        assert target


def test_the_memory_keeps_the_beads_of_a_tmx_not_its_derived_units(tmp_path: Path) -> None:
    from kobridge.tm.sources import read_source

    alignment = align_sample("battery-forum")
    path = tmp_path / "a.tmx"
    path.write_bytes(tmx_bytes(alignment))
    units = read_source(path).units
    assert [u.bead for u in units] == [b.format() for b in alignment.beads if b.src and b.tgt]

"""Reading kobridge's TEI back: the round trip, what it refuses, and safety against hostile XML."""

from __future__ import annotations

import dataclasses
import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path, PurePath

import pytest
from lxml import etree

from kobridge.errors import ValidationError
from kobridge.formats import validate
from kobridge.formats.read_tei import read_tei
from kobridge.formats.tabular import json_text, tsv_text
from kobridge.formats.tei import TEI_NS, tei_bytes
from kobridge.formats.tmx import tmx_bytes
from kobridge.formats.validate import parse_xml, validate_file
from kobridge.glossary import load_glossary
from kobridge.io import read_text
from kobridge.model import Alignment, AlignParams, Bead, Document, GlossaryEntry, Sentence, TermHit
from kobridge.pipeline import align_texts

from .conftest import ROOT, SAMPLE_NAMES, SAMPLES, make_doc
from .test_formats_contract import align_sample

NS = {"t": TEI_NS}


def tree_of(alignment: Alignment) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(tei_bytes(alignment)))


def write_tei(tmp_path: Path, root: etree._Element, name: str = "x.tei.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return path


def test_documents_beads_scores_and_settings_come_back(small_alignment: Alignment) -> None:
    back = read_tei(tree_of(small_alignment))
    for before, after in ((small_alignment.src, back.src), (small_alignment.tgt, back.tgt)):
        assert after.name == before.name
        assert after.lang == before.lang
        assert after.sentences == before.sentences  # make_doc joins paragraphs by a blank line
        assert after.text == before.text
    assert back.beads == small_alignment.beads
    assert back.params == small_alignment.params


def test_offsets_point_into_the_rebuilt_text_and_keep_inner_whitespace() -> None:
    text = "첫 문장.  둘째 문장.\n셋째.\n\n\n\n넷째."
    spans = [(0, 5, 0), (7, 13, 0), (14, 17, 0), (21, 24, 1)]
    ko = Document(text, "ko", tuple(Sentence(text[a:b], a, b, "ko", p) for a, b, p in spans), "k")
    en = make_doc([["One.", "Two.", "Three."], ["Four."]], "en", "e")
    beads = tuple(Bead((i,), (i,), 1.0) for i in range(4))
    back = read_tei(tree_of(Alignment(ko, en, beads)))
    # The whitespace inside a paragraph is kept; between paragraphs it becomes one blank line.
    assert back.src.text == "첫 문장.  둘째 문장.\n셋째.\n\n넷째."
    assert [s.text for s in back.src.sentences] == [s.text for s in ko.sentences]
    assert all(back.src.text[s.start : s.end] == s.text for s in back.src.sentences)
    assert [s.paragraph for s in back.src.sentences] == [0, 0, 0, 1]


def test_scores_keep_three_decimals(small_alignment: Alignment) -> None:
    beads = tuple(Bead(b.src, b.tgt, 0.12345) for b in small_alignment.beads)
    precise = Alignment(small_alignment.src, small_alignment.tgt, beads)
    assert {b.score for b in read_tei(tree_of(precise)).beads} == {0.123}


def test_settings_other_than_the_defaults_come_back(small_alignment: Alignment) -> None:
    params = AlignParams(max_bead=2, features=("length",), key_max_share=0.3, model_digest="0123456789ab")
    changed = Alignment(small_alignment.src, small_alignment.tgt, small_alignment.beads, params)
    assert read_tei(tree_of(changed)).params == params


def test_an_unknown_or_unreadable_setting_is_skipped_with_a_warning(
    small_alignment: Alignment, caplog: pytest.LogCaptureFixture
) -> None:
    root = tree_of(small_alignment).getroot()
    desc = root.xpath("//t:application/t:desc", namespaces=NS)[0]
    desc.text = desc.text.replace("|v:", "|max_bead:2|warp_drive:9|passes:many|v:")
    with caplog.at_level(logging.WARNING):
        back = read_tei(etree.ElementTree(root))
    assert back.params.max_bead == 2
    assert back.params.passes == AlignParams().passes
    assert "warp_drive" in caplog.text
    assert "passes='many'" in caplog.text


def test_glossary_terms_and_entries_come_back(small_alignment: Alignment) -> None:
    ko_hits = (
        (TermHit("battery", 3, 7, "이차전지", "ko"),),
        (),
        (TermHit("subsidy", 0, 3, "보조금", "ko"),),
        (),
    )
    en_hits = ((TermHit("battery", 4, 11, "battery", "en"),), (), (), ())
    entries = (GlossaryEntry("battery", "이차전지", "battery"), GlossaryEntry("subsidy", "보조금", "subsidy"))
    annotated = Alignment(
        dataclasses.replace(small_alignment.src, terms=ko_hits),
        dataclasses.replace(small_alignment.tgt, terms=en_hits),
        small_alignment.beads,
        small_alignment.params,
        entries,
    )
    back = read_tei(tree_of(annotated))
    assert back.src == annotated.src
    assert back.tgt == annotated.tgt
    assert back.glossary == entries


def test_without_a_glossary_there_are_no_terms(small_alignment: Alignment) -> None:
    back = read_tei(tree_of(small_alignment))
    assert (back.src.terms, back.tgt.terms, back.glossary) == ((), (), ())


def test_reads_a_file_and_names_it_in_errors(tmp_path: Path, small_alignment: Alignment) -> None:
    path = tmp_path / "ok.tei.xml"
    path.write_bytes(tei_bytes(small_alignment))
    assert read_tei(path).beads == small_alignment.beads
    assert read_tei(str(path)).src.sentences == small_alignment.src.sentences


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_convert_equals_align_for_tsv_tmx_and_json(name: str) -> None:
    aligned = align_sample(name)
    converted = read_tei(tree_of(aligned))
    assert tsv_text(converted) == tsv_text(aligned)
    assert tmx_bytes(converted) == tmx_bytes(aligned)
    assert tmx_bytes(converted, include_one_sided=True) == tmx_bytes(aligned, include_one_sided=True)
    before, after = json.loads(json_text(aligned)), json.loads(json_text(converted))
    # TEI keeps a file's name without its folder, and three decimals of a score (JSON four, so
    # the two differ by at most 0.0005 + 0.00005); everything else must be equal.
    for side in ("src", "tgt"):
        before[side]["name"] = PurePath(before[side]["name"]).name
    for bead_before, bead_after in zip(before.pop("beads"), after.pop("beads"), strict=True):
        assert bead_after["score"] == pytest.approx(bead_before.pop("score"), abs=6e-4)
        del bead_after["score"]
        assert bead_after == bead_before
    assert after == before


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_a_sample_aligned_with_the_glossary_comes_back_with_its_terms(name: str) -> None:
    glossary = load_glossary(ROOT / "glossary" / "energy-policy.csv")
    aligned = align_texts(
        read_text(SAMPLES / f"{name}.ko.txt"), read_text(SAMPLES / f"{name}.en.txt"), glossary=glossary
    )
    assert any(aligned.src.terms) and any(aligned.tgt.terms)
    converted = read_tei(tree_of(aligned))
    assert (converted.src.terms, converted.tgt.terms) == (aligned.src.terms, aligned.tgt.terms)
    assert [(e.id, e.ko, e.en) for e in converted.glossary] == [(e.id, e.ko, e.en) for e in aligned.glossary]
    assert tei_bytes(converted) == tei_bytes(aligned)


def broken(small_alignment: Alignment, xpath: str, change: str, value: str = "") -> etree._Element:
    root = tree_of(small_alignment).getroot()
    element = root.xpath(xpath, namespaces=NS)[0]
    if change == "remove":
        element.getparent().remove(element)
    elif change == "child":
        etree.SubElement(element, f"{{{TEI_NS}}}hi").text = "x"
    else:
        element.set(change, value)
    return root


@pytest.mark.parametrize(
    ("xpath", "change", "value", "message"),
    [
        ("//t:application", "remove", "", "not written by kobridge"),
        ("//t:link[2]", "target", "#ko.s3 #en.s99", "link points at #en.s99"),
        ("//t:link[2]", "target", "#ko.s3", "exactly two ends"),
        ("//t:link[2]", "target", "#ko.s3 #ko.s4", "one end in each text"),
        ("//t:link[2]", "cert", "high", "cert='high'"),
        ("//t:link[1]", "target", "#ko.r1 #en.s2", "expected the next ones in order"),
        ("//t:ptr[1]", "target", "#ko.s1 #en.s1", "sentences of one text"),
        ("//t:text[@xml:id='en']//t:s[2]", "child", "", "unexpected <hi> in a sentence"),
        ("//t:link[4]", "remove", "", "text 2 has 4 sentences but the links cover 3"),
    ],
)
def test_what_is_not_kobridge_tei_is_refused_with_file_and_line(
    tmp_path: Path, small_alignment: Alignment, xpath: str, change: str, value: str, message: str
) -> None:
    path = write_tei(tmp_path, broken(small_alignment, xpath, change, value))
    with pytest.raises(ValidationError) as info:
        read_tei(path)
    assert message in str(info.value)
    assert str(info.value).startswith(f"{path}:")
    assert info.value.line is not None and info.value.line >= 1


def test_a_tmx_file_is_refused(tmp_path: Path, small_alignment: Alignment) -> None:
    path = tmp_path / "mem.tmx"
    path.write_bytes(tmx_bytes(small_alignment))
    with pytest.raises(ValidationError, match=r"mem\.tmx:2: not kobridge TEI: the root element is <tmx>"):
        read_tei(path)


def test_a_file_that_is_not_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just text\n")
    with pytest.raises(ValidationError, match="not well-formed XML"):
        read_tei(path)


# Hostile XML: nothing may be read, fetched or expanded on its behalf.


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP port that records whether anyone connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def connected(server: socket.socket) -> bool:
    try:
        client, _ = server.accept()
    except BlockingIOError:
        return False
    client.close()
    return True


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every resource the safe parser is asked to load: the files parsed, and nothing else."""
    asked: list[str] = []
    make_parser = validate._safe_parser

    class Recorder(etree.Resolver):
        def resolve(self, url: str, public_id: str, context: object) -> None:
            asked.append(url)

    def recording_parser() -> etree.XMLParser:
        # The resolver also sees the files kobridge itself opens; the test looks for the others.
        parser = make_parser()
        parser.resolvers.add(Recorder())
        return parser

    monkeypatch.setattr(validate, "_safe_parser", recording_parser)
    return asked


def hostile(tmp_path: Path, doctype: str, body: str = "") -> Path:
    path = tmp_path / "hostile.xml"
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n<TEI xmlns="{TEI_NS}">{body}</TEI>\n')
    return path


def refusals(path: Path) -> list[str]:
    """The message each reader of user XML gives for the file (each must refuse it)."""
    messages = []
    for read in (parse_xml, read_tei):
        with pytest.raises(ValidationError) as info:
            read(path)
        messages.append(str(info.value))
    (issue,) = validate_file(path)
    messages.append(str(issue))
    return messages


def test_xxe_is_refused_and_nothing_is_read_or_fetched(
    tmp_path: Path, listener: socket.socket, loads: list[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7431")
    port = listener.getsockname()[1]
    doctype = (
        f'<!DOCTYPE TEI [<!ENTITY file SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY web SYSTEM "http://127.0.0.1:{port}/x">]>'
    )
    path = hostile(tmp_path, doctype, "&file;&web;")
    for message in refusals(path):
        assert message.startswith(f"{path}:")
        assert "declares entities in its DOCTYPE" in message
        assert "TOP-SECRET" not in message
    # kobridge reads the file's bytes itself; the parser is asked for nothing else.
    assert not set(loads) - {str(path)}
    assert not connected(listener)


def test_parameter_entities_and_external_dtds_are_not_fetched(
    tmp_path: Path, listener: socket.socket, loads: list[str], small_alignment: Alignment
) -> None:
    port = listener.getsockname()[1]
    path = hostile(tmp_path, f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p.dtd"> %p;]>')
    assert all("declares entities" in message for message in refusals(path))
    # A DOCTYPE that only names an external DTD is harmless: it is ignored, never fetched.
    data = tei_bytes(small_alignment).replace(
        b"<TEI ", f'<!DOCTYPE TEI SYSTEM "http://127.0.0.1:{port}/tei.dtd">\n<TEI '.encode(), 1
    )
    external = tmp_path / "external-dtd.tei.xml"
    external.write_bytes(data)
    assert read_tei(external).beads == small_alignment.beads
    assert validate_file(external) == []
    assert not [url for url in loads if "127.0.0.1" in url or url.endswith(".dtd")]
    assert not connected(listener)


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    path = hostile(tmp_path, f"<!DOCTYPE TEI [{''.join(levels)}]>", "&lol9;")
    started = time.perf_counter()
    messages = refusals(path)
    assert time.perf_counter() - started < 2.0
    for message in messages:
        assert message.startswith(f"{path}:")
        # libxml2 stops the expansion itself ("Maximum entity amplification factor exceeded"),
        # or, with an older libxml2, kobridge refuses the entity declarations.
        assert "entit" in message.lower()

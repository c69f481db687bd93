"""TBX export and import: TBX-Basic's published rules, the CSV → TBX → CSV round trip, safe parsing.

The structural and value rules checked here are those of the TBX-Basic dialect's DCA schemas
(LTAC-Global/TBX-Basic_dialect: TBXcoreStructV03_TBX-Basic_integrated.rng and TBX-Basic_DCA.sch),
restated as assertions because the schemas cannot be fetched offline.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from lxml import etree

from kobridge.errors import GlossaryError
from kobridge.glossary import (
    TBX_NAMESPACE,
    Glossary,
    glossary_to_tbx,
    load_glossary,
    read_tbx,
    write_glossary_csv,
    write_tbx,
)
from kobridge.model import GlossaryEntry

DATA = Path(__file__).parent / "data" / "glossary"
SHIPPED = Path(__file__).parent.parent / "glossary" / "energy-policy.csv"
NS = {"t": TBX_NAMESPACE}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Allowed values, from TBX-Basic_DCA.sch.
ADMINISTRATIVE_STATUS = {
    "admittedTerm-admn-sts",
    "deprecatedTerm-admn-sts",
    "supersededTerm-admn-sts",
    "preferredTerm-admn-sts",
}
PART_OF_SPEECH = {"adjective", "noun", "other", "verb", "adverb"}
TERM_TYPE = {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"}
# termNote types admitted by the integrated RELAX NG schema.
TERM_NOTE_TYPES = {
    "administrativeStatus",
    "grammaticalGender",
    "geographicalUsage",
    "partOfSpeech",
    "termLocation",
    "termType",
}
AUX_INFO = {"descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"}


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


@pytest.fixture(scope="module")
def shipped_tbx() -> etree._Element:
    return glossary_to_tbx(load_glossary(SHIPPED))


def test_root_and_header(shipped_tbx: etree._Element) -> None:
    root = shipped_tbx
    assert root.tag == f"{{{TBX_NAMESPACE}}}tbx"
    assert root.nsmap == {None: TBX_NAMESPACE}
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == ("TBX-Basic", "dca", "en")
    assert [_local(c) for c in root] == ["tbxHeader", "text"]
    header = root[0]
    assert [_local(c) for c in header] == ["fileDesc"]
    assert [_local(c) for c in header[0]] == ["titleStmt", "sourceDesc"]
    paragraphs = header.findall("t:fileDesc/t:sourceDesc/t:p", NS)
    assert len(paragraphs) == 1
    assert "energy-policy.csv" in paragraphs[0].text
    assert [_local(c) for c in root[1]] == ["body"]


def test_structure_follows_tbx_basic(shipped_tbx: etree._Element) -> None:
    body = shipped_tbx.find("t:text/t:body", NS)
    assert body is not None
    concepts = list(body)
    assert concepts and all(_local(c) == "conceptEntry" for c in concepts)
    for concept in concepts:
        names = [_local(c) for c in concept]
        first_lang = names.index("langSec")
        assert set(names[:first_lang]) <= AUX_INFO
        assert names[first_lang:] == ["langSec", "langSec"]
        for lang_sec in concept.findall("t:langSec", NS):
            assert lang_sec.get(XML_LANG) in ("ko", "en")
            term_secs = list(lang_sec)
            assert term_secs and all(_local(t) == "termSec" for t in term_secs)
            for term_sec in term_secs:
                children = [_local(c) for c in term_sec]
                assert children[0] == "term" and (term_sec[0].text or "").strip()
                assert set(children[1:]) <= {"termNote"}
    for note in shipped_tbx.iter(f"{{{TBX_NAMESPACE}}}termNote"):
        assert _local(note.getparent()) == "termSec"
        kind = note.get("type")
        assert kind in TERM_NOTE_TYPES
        allowed = {"administrativeStatus": ADMINISTRATIVE_STATUS, "partOfSpeech": PART_OF_SPEECH}
        assert note.text in allowed.get(kind, TERM_TYPE)
    ids = [c.get("id") for c in concepts]
    assert len(set(ids)) == len(ids)


def _terms(root: etree._Element, entry_id: str, lang: str) -> list[tuple[str, str, str | None]]:
    (lang_sec,) = root.xpath(
        f"//t:conceptEntry[@id='{entry_id}']/t:langSec[@xml:lang='{lang}']", namespaces=NS
    )
    rows = []
    for term_sec in lang_sec.findall("t:termSec", NS):
        notes = {n.get("type"): n.text for n in term_sec.findall("t:termNote", NS)}
        rows.append(
            (term_sec.findtext("t:term", namespaces=NS), notes["administrativeStatus"], notes.get("termType"))
        )
    return rows


def test_entry_mapping(shipped_tbx: etree._Element) -> None:
    assert _terms(shipped_tbx, "secondary_battery", "en") == [
        ("secondary battery", "preferredTerm-admn-sts", None),
        ("rechargeable battery", "deprecatedTerm-admn-sts", None),
    ]
    assert _terms(shipped_tbx, "ira", "en") == [
        ("Inflation Reduction Act", "preferredTerm-admn-sts", "fullForm"),
        ("IRA", "admittedTerm-admn-sts", "acronym"),
        ("US Inflation Reduction Act", "admittedTerm-admn-sts", "variant"),
        ("Inflation Relief Act", "deprecatedTerm-admn-sts", None),
    ]
    (concept,) = shipped_tbx.xpath("//t:conceptEntry[@id='ira']", namespaces=NS)
    assert [(_local(c), c.get("type"), c.text) for c in concept[:1]] == [("descrip", "subjectField", "law")]
    notes = concept.xpath("t:note/text()", namespaces=NS)
    assert len(notes) == 1 and notes[0].startswith("US federal law")


def test_subject_field_only_on_concept_entries(shipped_tbx: etree._Element) -> None:
    # TBX-Basic_DCA.sch: descrip types are context, definition, subjectField; subjectField only
    # at conceptEntry level.
    descrips = list(shipped_tbx.iter(f"{{{TBX_NAMESPACE}}}descrip"))
    assert descrips
    for descrip in descrips:
        assert descrip.get("type") == "subjectField"
        assert _local(descrip.getparent()) == "conceptEntry"


@pytest.mark.parametrize("source", [SHIPPED, DATA / "mini.csv"], ids=["shipped", "mini"])
def test_csv_tbx_csv_round_trip(tmp_path: Path, source: Path) -> None:
    glossary = load_glossary(source)
    tbx = tmp_path / "g.tbx"
    write_tbx(glossary, tbx)
    back = read_tbx(tbx)
    assert [e.id for e in back.entries] == [e.id for e in glossary.entries]
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_glossary_csv(glossary, first)
    write_glossary_csv(back, second)
    assert second.read_bytes() == first.read_bytes()
    assert back.entries[0].line > 1  # lines point into the TBX file


def test_written_file_is_utf8_xml_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    write_tbx(load_glossary(DATA / "mini.csv"), tbx)
    data = tbx.read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert "인플레이션 감축법".encode() in data
    assert [p.name for p in tmp_path.iterdir()] == ["g.tbx"]


def test_empty_glossary_cannot_be_exported() -> None:
    with pytest.raises(GlossaryError, match="no entries"):
        glossary_to_tbx(Glossary(()))


def test_characters_xml_cannot_hold_are_removed_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    glossary = Glossary((GlossaryEntry("a", "관세", "tar\x01iff", note="x\x02y"),))
    with caplog.at_level(logging.WARNING):
        root = glossary_to_tbx(glossary)
    assert root.xpath("//t:term/text()", namespaces=NS) == ["관세", "tariff"]
    assert "removed 2 character(s)" in caplog.text


def _tbx(
    body: str, root_attrs: str = f'xmlns="{TBX_NAMESPACE}" type="TBX-Basic" style="dca" xml:lang="en"'
) -> str:
    return (
        f'<?xml version="1.0"?>\n<tbx {root_attrs}><tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc>'
        f"</fileDesc></tbxHeader><text><body>{body}</body></text></tbx>"
    )


def _concept(entry_id: str, ko: str, en: str) -> str:
    return (
        f'<conceptEntry id="{entry_id}"><langSec xml:lang="ko"><termSec><term>{ko}</term></termSec></langSec>'
        f'<langSec xml:lang="en-US"><termSec><term>{en}</term></termSec></langSec></conceptEntry>'
    )


def test_read_tbx_takes_first_term_as_main_without_status(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(_tbx(_concept("tariff", "관세", "tariff")), encoding="utf-8")
    (entry,) = read_tbx(path).entries
    assert (entry.id, entry.ko, entry.en, entry.line) == ("tariff", "관세", "tariff", 2)


def test_read_tbx_accepts_the_dialect_namespace(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    attrs = 'xmlns="urn:iso:std:iso:30042:ed:3.0" type="TBX-Basic" style="dca" xml:lang="en"'
    path.write_text(_tbx(_concept("tariff", "관세", "tariff"), attrs), encoding="utf-8")
    assert read_tbx(path).entries[0].en == "tariff"


def test_read_tbx_does_not_expand_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    path = tmp_path / "g.tbx"
    doctype = f'<!DOCTYPE tbx [<!ENTITY leak SYSTEM "{secret.as_uri()}"><!ENTITY inner "INNER">]>\n'
    text = _tbx(_concept("tariff", "관세&inner;", "tariff&leak;")).replace("\n", "\n" + doctype, 1)
    path.write_text(text, encoding="utf-8")
    # Refused as validate refuses such XML (issue 18, item 21): not imported with "&inner;" literal.
    with pytest.raises(GlossaryError, match="declares entities in its DOCTYPE") as info:
        read_tbx(path)
    assert "SECRET" not in str(info.value) and "INNER" not in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<tbx><unclosed></tbx>", r":1: not well-formed XML"),
        ('<?xml version="1.0"?>\n<tmx version="1.4"/>', r":2: not a TBX file: root is 'tmx'"),
        (
            _tbx(
                '<conceptEntry><langSec xml:lang="en"><termSec><term>x</term></termSec></langSec>'
                "</conceptEntry>"
            ),
            r":2: entry without an id: <conceptEntry> has no id",
        ),
        (
            _tbx(_concept("a", "관세", "tariff") + _concept("b", "관세", "duty")),
            r":2: entry b: main form '관세' is already",
        ),
        (_tbx(_concept("a", "관세", "")), r":2: entry a: no English term"),
    ],
    ids=["malformed", "not_tbx", "no_id", "clash", "empty_en"],
)
def test_read_tbx_errors_name_path_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=str(path) + message):
        read_tbx(path)


def test_read_tbx_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="cannot read the TBX file"):
        read_tbx(tmp_path / "absent.tbx")

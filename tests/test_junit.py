"""JUnit XML reports of validation, as CI systems read them."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from kobridge.formats.junit import SUITE_NAME, junit_xml
from kobridge.formats.tei import tei_bytes
from kobridge.formats.validate import Issue, validate_file
from kobridge.model import Alignment


def test_each_file_is_a_test_case_and_each_issue_a_line_of_its_failure() -> None:
    results = [
        ("ok.xml", []),
        (
            "bad.xml",
            [
                Issue("bad.xml", 3, "link points at #en.s9"),
                Issue("bad.xml", 7, "sentence ko.s2 is in no link"),
            ],
        ),
        ("broken.xml", [Issue("broken.xml", 1, "not well-formed XML: <tag> & such")]),
    ]
    root = etree.fromstring(junit_xml(results))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == SUITE_NAME
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == ["ok.xml", "bad.xml", "broken.xml"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure.text.splitlines() == [
        "bad.xml:3: link points at #en.s9",
        "bad.xml:7: sentence ko.s2 is in no link",
    ]
    assert failure.get("message") == "2 problems: bad.xml:3: link points at #en.s9"
    assert cases[2].find("failure").text == "broken.xml:1: not well-formed XML: <tag> & such\n"


def test_all_valid_gives_no_failure() -> None:
    root = etree.fromstring(junit_xml([("a.xml", []), ("b.xml", [])]))
    assert root.get("failures") == "0"
    assert root.get("tests") == "2"
    assert not root.findall(".//failure")


def test_no_file_gives_an_empty_suite() -> None:
    root = etree.fromstring(junit_xml([]))
    assert root.find("testsuite").get("tests") == "0"


def test_characters_xml_cannot_hold_are_replaced() -> None:
    data = junit_xml([("odd\x01name.xml", [Issue("odd\x01name.xml", 1, "bad \x0b byte")])])
    root = etree.fromstring(data)
    case = root.find("testsuite/testcase")
    assert case.get("name") == "odd\ufffdname.xml"
    # The message shows the file name as kobridge prints it (control characters escaped).
    assert case.find("failure").text == "odd\\x01name.xml:1: bad \ufffd byte\n"


def test_report_of_real_validation(tmp_path: Path, small_alignment: Alignment) -> None:
    good = tmp_path / "good.tei.xml"
    good.write_bytes(tei_bytes(small_alignment))
    bad = tmp_path / "bad.tei.xml"
    bad.write_text("<TEI>\n<teiHeader>\n</TEI>\n")
    results = [(str(path), validate_file(path)) for path in (good, bad)]
    root = etree.fromstring(junit_xml(results))
    failures = root.findall(".//failure")
    assert len(failures) == 1
    assert failures[0].text.startswith(f"{bad}:3: not well-formed XML")
    assert root.findall(".//testcase")[0].get("file") == str(good)

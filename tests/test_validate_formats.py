"""kobridge validate on the XLIFF 2.1 and XCES outputs: what kobridge writes validates clean, and
broken files give one FILE:LINE: message each and exit 1, in text and in JUnit reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.formats.xliff import XLIFF_NS, XliffCandidate, XliffUnit, xliff_bytes

from .conftest import ROOT, SAMPLES

runner = CliRunner()
X = f"{{{XLIFF_NS}}}"
SAMPLE = [str(SAMPLES / "battery-forum.ko.txt"), str(SAMPLES / "battery-forum.en.txt")]
GLOSSARY = str(ROOT / "glossary" / "energy-policy.csv")


def align(tmp_path: Path, fmt: str, name: str) -> Path:
    out = tmp_path / name
    result = runner.invoke(app, ["align", *SAMPLE, "--glossary", GLOSSARY, "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def validate(*files: Path) -> tuple[int, list[str]]:
    """Run kobridge validate; its exit code and the problems it printed (stderr, summary left out)."""
    result = runner.invoke(app, ["validate", *map(str, files)])
    problems = [line for line in result.stderr.splitlines() if "file(s) invalid" not in line]
    return result.exit_code, problems


@pytest.mark.parametrize(("fmt", "name"), [("xliff", "pair.xlf"), ("xces", "pair.xces.xml")])
def test_kobridge_output_validates_clean(tmp_path: Path, fmt: str, name: str) -> None:
    out = align(tmp_path, fmt, name)
    # Run from another folder: the XCES sentence files are found beside the alignment.
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: valid\n"
    assert result.stderr == ""


def test_xliff_unit_without_segment(tmp_path: Path) -> None:
    tree = etree.parse(str(align(tmp_path, "xliff", "pair.xlf")))
    unit = tree.find(f".//{X}unit[@id='b2']")
    assert unit is not None
    unit.remove(unit.find(f"{X}segment"))
    broken = tmp_path / "broken.xlf"
    tree.write(str(broken), xml_declaration=True, encoding="UTF-8")
    line = etree.parse(str(broken)).find(f".//{X}unit[@id='b2']").sourceline
    code, problems = validate(broken)
    assert code == 1
    # One line, at the unit; the message is libxml2's RELAX NG validator's.
    assert len(problems) == 1
    assert problems[0].startswith(f"{broken}:{line}: ")


def test_xliff_duplicated_unit_id(tmp_path: Path) -> None:
    out = align(tmp_path, "xliff", "pair.xlf")
    broken = tmp_path / "broken.xlf"
    broken.write_bytes(out.read_bytes().replace(b'<unit id="b3"', b'<unit id="b1"'))
    first, second = (u.sourceline for u in etree.parse(str(broken)).iter(f"{X}unit") if u.get("id") == "b1")
    code, problems = validate(broken)
    assert code == 1
    assert problems == [f"{broken}:{second}: unit id b1 is used twice in file f1 (first at line {first})"]


def test_xliff_candidate_pointing_at_no_segment(tmp_path: Path) -> None:
    candidate = XliffCandidate("관세를 올렸다", "It raised tariffs.", 0.9)
    unit = XliffUnit("u1", "관세를 올렸다.", candidates=(candidate,))
    path = tmp_path / "lookup.xlf"
    path.write_bytes(xliff_bytes([unit], src_lang="ko", tgt_lang="en").replace(b'ref="#s1"', b'ref="#s2"'))
    line = next(etree.parse(str(path)).iter("{urn:oasis:names:tc:xliff:matches:2.0}match")).sourceline
    code, problems = validate(path)
    assert code == 1
    assert problems == [f"{path}:{line}: match ref=#s2 names no segment in unit u1"]


def test_xces_missing_sentence_file(tmp_path: Path) -> None:
    out = align(tmp_path, "xces", "pair.xces.xml")
    (tmp_path / "pair.en.xml").unlink()
    code, problems = validate(out)
    assert code == 1
    assert problems == [
        f"{out}:3: toDoc pair.en.xml: no such file {tmp_path / 'pair.en.xml'} "
        "(sentence files are read beside the alignment)"
    ]


def test_xces_link_to_a_sentence_not_in_the_file(tmp_path: Path) -> None:
    out = align(tmp_path, "xces", "pair.xces.xml")
    text = out.read_text(encoding="utf-8")
    assert 'id="SL1" xtargets="s1;s1"' in text
    out.write_text(text.replace('id="SL1" xtargets="s1;s1"', 'id="SL1" xtargets="s1;s999"'), encoding="utf-8")
    code, problems = validate(out)
    assert code == 1
    assert problems == [f"{out}:4: link SL1 points at s999, not a sentence of pair.en.xml"]


def test_xces_sentence_in_two_links(tmp_path: Path) -> None:
    out = align(tmp_path, "xces", "pair.xces.xml")
    root = etree.parse(str(out)).getroot()
    links = root.findall("linkGrp/link")
    source_ids = links[0].get("xtargets").split(";")[0]
    links[1].set("xtargets", f"{source_ids};{links[1].get('xtargets').split(';')[1]}")
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    code, problems = validate(out)
    assert code == 1
    # links[1]'s own source sentences are now in no link: allowed, as in OPUS.
    assert problems == [f"{out}:5: link SL2 uses sentence s1 of pair.ko.xml, already in link SL1"]


def test_junit_report_covers_xliff_and_xces(tmp_path: Path) -> None:
    xliff = align(tmp_path, "xliff", "pair.xlf")
    xces = align(tmp_path, "xces", "pair.xces.xml")
    (tmp_path / "pair.ko.xml").unlink()
    report = tmp_path / "junit.xml"
    result = runner.invoke(app, ["validate", "--format", "junit", "-o", str(report), str(xliff), str(xces)])
    assert result.exit_code == 1
    cases = etree.parse(str(report)).getroot().findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [str(xliff), str(xces)]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.text == (
        f"{xces}:3: fromDoc pair.ko.xml: no such file {tmp_path / 'pair.ko.xml'} "
        "(sentence files are read beside the alignment)\n"
    )

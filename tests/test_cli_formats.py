"""The other formats on the command line: TMX, convert, the review page, JUnit validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from kobridge.cli import app

from .conftest import ROOT, SAMPLE_NAMES, SAMPLES

runner = CliRunner()
GLOSSARY = str(ROOT / "glossary" / "energy-policy.csv")


def sample(name: str) -> list[str]:
    return [str(SAMPLES / f"{name}.ko.txt"), str(SAMPLES / f"{name}.en.txt")]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("fmt", ["tsv", "json", "tmx", "beads"])
def test_convert_from_tei_equals_aligning_straight_to_the_format(name: str, fmt: str, tmp_path: Path) -> None:
    tei = tmp_path / "a.xml"
    assert runner.invoke(app, ["align", *sample(name), "--glossary", GLOSSARY, "-o", str(tei)]).exit_code == 0
    direct = runner.invoke(app, ["align", *sample(name), "--glossary", GLOSSARY, "-f", fmt])
    converted = runner.invoke(app, ["convert", str(tei), "--to", fmt])
    assert converted.exit_code == 0, converted.output
    assert converted.stdout == direct.stdout


def test_tmx_output_validates(tmp_path: Path) -> None:
    tmx = tmp_path / "a.tmx"
    assert runner.invoke(app, ["align", *sample("ess-ampc"), "-f", "tmx", "-o", str(tmx)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(tmx)])
    assert result.exit_code == 0, result.output


def test_validate_junit_names_each_file_and_error(tmp_path: Path) -> None:
    good = tmp_path / "good.xml"
    assert runner.invoke(app, ["align", *sample("ess-ampc"), "-o", str(good)]).exit_code == 0
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI>\n<oops>\n</TEI>\n")
    report = tmp_path / "junit.xml"
    result = runner.invoke(app, ["validate", "--format", "junit", "-o", str(report), str(good), str(bad)])
    assert result.exit_code == 1
    root = etree.parse(str(report)).getroot()
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert set(cases) == {str(good), str(bad)}
    assert cases[str(good)].find("failure") is None
    failure = cases[str(bad)].find("failure")
    assert failure is not None
    assert f"{bad}:3:" in failure.text


def test_validate_expands_quoted_globs(tmp_path: Path) -> None:
    for name in ("a", "b"):
        out = tmp_path / f"{name}.xml"
        assert runner.invoke(app, ["align", *sample("ess-ampc"), "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(tmp_path / "*.xml")])
    assert result.exit_code == 0
    assert result.stdout.count(": valid") == 2


def test_validate_glob_matching_nothing_is_a_usage_error(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(tmp_path / "*.xml")]).exit_code == 2


def test_report_writes_a_review_page_from_tei(tmp_path: Path) -> None:
    tei = tmp_path / "a.xml"
    assert (
        runner.invoke(
            app, ["align", *sample("battery-forum"), "--glossary", GLOSSARY, "-o", str(tei)]
        ).exit_code
        == 0
    )
    page = tmp_path / "a.html"
    result = runner.invoke(app, ["report", str(tei), "-o", str(page), "--glossary", GLOSSARY])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    beads = len(etree.parse(str(tei)).getroot().findall(".//{http://www.tei-c.org/ns/1.0}link"))
    assert html.count('class="row bead') == beads


def test_align_writes_the_review_page_beside_the_tei(tmp_path: Path) -> None:
    tei, page = tmp_path / "a.xml", tmp_path / "a.html"
    args = ["align", *sample("ess-ampc"), "-o", str(tei), "--html", str(page)]
    assert runner.invoke(app, args).exit_code == 0
    assert tei.exists()
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_convert_refuses_a_file_that_is_not_kobridge_tei(tmp_path: Path) -> None:
    other = tmp_path / "x.xml"
    other.write_text("<root/>\n")
    result = runner.invoke(app, ["convert", str(other), "--to", "tsv"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {other}")

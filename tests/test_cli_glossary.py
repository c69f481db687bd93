"""The glossary on the command line: align --glossary/--report/--strict-terms, glossary check,
export and import."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.formats.tei import TEI_NS

from .conftest import ROOT, SAMPLES

runner = CliRunner()
GLOSSARY = ROOT / "glossary" / "energy-policy.csv"
KO, EN = str(SAMPLES / "battery-forum.ko.txt"), str(SAMPLES / "battery-forum.en.txt")
NS = {"t": TEI_NS}


def test_align_with_glossary_marks_terms_in_valid_tei(tmp_path: Path, tei_all) -> None:
    out = tmp_path / "out.xml"
    result = runner.invoke(app, ["align", KO, EN, "--glossary", str(GLOSSARY), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Terms: ")
    tree = etree.parse(str(out))
    ira = tree.xpath("//t:text[@xml:id='en']//t:term[@ref='#gl.ira']/text()", namespaces=NS)
    assert "IRA" in ira
    assert tree.xpath("//t:gloss[@xml:id='gl.ira']/text()", namespaces=NS) == ["Inflation Reduction Act"]
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    assert tei_all.validate(tree), tei_all.error_log


def _forbidden_pair(tmp_path: Path) -> tuple[Path, Path]:
    ko = tmp_path / "ko.txt"
    en = tmp_path / "en.txt"
    ko.write_text("정부는 이차전지 산업을 지원한다고 밝혔다.\n", encoding="utf-8")
    en.write_text("The government said it would support the rechargeable battery industry.\n")
    return ko, en


def test_report_lists_a_forbidden_rendering_and_strict_terms_fails(tmp_path: Path) -> None:
    ko, en = _forbidden_pair(tmp_path)
    report = tmp_path / "report.json"
    args = ["align", str(ko), str(en), "--glossary", str(GLOSSARY), "--report", str(report), "-f", "beads"]
    assert runner.invoke(app, args).exit_code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    kinds = {(issue["kind"], issue["entry"]) for issue in data["issues"]}
    assert ("forbidden", "secondary_battery") in kinds
    strict = runner.invoke(app, [*args, "--strict-terms"])
    assert strict.exit_code == 1
    assert "forbidden" in strict.stderr


def test_report_needs_a_glossary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["align", KO, EN, "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 2


def test_glossary_check_passes_the_shipped_glossary() -> None:
    result = runner.invoke(app, ["glossary", "check", str(GLOSSARY)])
    assert result.exit_code == 0, result.output


def test_glossary_check_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,ko,en\nira,인플레이션감축법,Inflation Reduction Act\nira,관세,tariff\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["glossary", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:3: error:" in result.stderr


def test_glossary_export_tbx_then_import_gives_the_same_csv(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    assert runner.invoke(app, ["glossary", "export", str(GLOSSARY), "-o", str(tbx)]).exit_code == 0
    back = runner.invoke(app, ["glossary", "import", str(tbx)])
    assert back.exit_code == 0, back.output
    assert back.stdout == GLOSSARY.read_text(encoding="utf-8")


def test_glossary_export_csv_is_normalised() -> None:
    result = runner.invoke(app, ["glossary", "export", str(GLOSSARY), "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout == GLOSSARY.read_text(encoding="utf-8")


def test_a_broken_glossary_stops_align_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,ko\nira,인플레이션감축법\n", encoding="utf-8")
    out = tmp_path / "out.xml"
    result = runner.invoke(app, ["align", KO, EN, "--glossary", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"Error: {bad}")
    assert not out.exists()

"""The glossary on the command line: align --glossary/--report/--strict-terms, glossary check,
export and import."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.formats.tei import TEI_NS

from .conftest import ROOT, SAMPLE_NAMES, SAMPLES

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


# Every occurrence of these strings in a sample must lie inside a <term> pointing at the entry.
KEY_TERMS = {
    "ira": ("IRA", "인플레이션감축법", "Inflation Reduction Act"),
    "ampc": ("AMPC",),
    "ess": ("ESS",),
    "battery500": ("Battery500", "배터리500"),
}


def _term_spans(sentence: etree._Element) -> tuple[str, list[tuple[int, int, str]]]:
    """A sentence's text and the (start, end, ref) of each term in it."""
    text = sentence.text or ""
    spans = []
    for term in sentence:
        start = len(text)
        text += term.text or ""
        spans.append((start, len(text), term.get("ref")))
        text += term.tail or ""
    return text, spans


def test_every_key_term_of_the_samples_is_marked(tmp_path: Path) -> None:
    import re

    seen = dict.fromkeys(KEY_TERMS, 0)
    for name in SAMPLE_NAMES:
        out = tmp_path / f"{name}.xml"
        ko, en = (str(SAMPLES / f"{name}.{lang}.txt") for lang in ("ko", "en"))
        assert (
            runner.invoke(app, ["align", ko, en, "--glossary", str(GLOSSARY), "-o", str(out)]).exit_code == 0
        )
        for sentence in etree.parse(str(out)).iter(f"{{{TEI_NS}}}s"):
            text, spans = _term_spans(sentence)
            for entry_id, forms in KEY_TERMS.items():
                for form in forms:
                    for found in re.finditer(rf"(?<![A-Za-z]){re.escape(form)}(?![a-z])", text):
                        seen[entry_id] += 1
                        inside = [ref for a, b, ref in spans if a <= found.start() and found.end() <= b]
                        assert inside == [f"#gl.{entry_id}"], (name, text, form)
    assert all(seen.values()), seen


def test_a_sample_with_a_planted_terminology_error_is_flagged(tmp_path: Path) -> None:
    original = (SAMPLES / "battery-forum.en.txt").read_text(encoding="utf-8")
    assert "Secondary batteries" in original
    en = tmp_path / "battery-forum.en.txt"
    en.write_text(original.replace("Secondary batteries", "Rechargeable batteries"), encoding="utf-8")
    report = tmp_path / "report.json"
    args = ["align", KO, str(en), "--glossary", str(GLOSSARY), "--report", str(report), "-f", "beads"]
    result = runner.invoke(app, [*args, "--strict-terms"])
    assert result.exit_code == 1
    issues = json.loads(report.read_text(encoding="utf-8"))["issues"]
    assert [i["surface"] for i in issues if i["kind"] == "forbidden"] == ["Rechargeable batteries"]

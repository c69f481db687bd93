"""The bitext outputs on the command line (XLIFF 2.1, XCES for OPUS tools, line-aligned parallel
text) and the glossary terms in TMX, TSV and JSON: align, convert and batch, read back by
translate-toolkit and opustools the way their users read them."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.formats.read_tei import read_tei
from kobridge.formats.tei import tei_bytes
from kobridge.formats.xliff import validate_xliff

from .conftest import ROOT, SAMPLE_NAMES, SAMPLES

runner = CliRunner()
GLOSSARY = str(ROOT / "glossary" / "energy-policy.csv")
XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"
GLS = "{urn:oasis:names:tc:xliff:glossary:2.0}"


def unboxed(text: str) -> str:
    """A usage error's message without the box drawn around it and its line breaks."""
    return " ".join(text.replace("│", " ").split())


def sample(name: str) -> list[str]:
    return [str(SAMPLES / f"{name}.ko.txt"), str(SAMPLES / f"{name}.en.txt")]


def align(*args: str) -> None:
    result = runner.invoke(app, ["align", *args])
    assert result.exit_code == 0, result.output


def bead_pairs(name: str, tmp_path: Path, *options: str, two_sided: bool = False) -> list[tuple[str, str]]:
    """The beads' texts as the TSV output gives them (several sentences joined by a space)."""
    tsv = tmp_path / f"{name}.tsv"
    align(*sample(name), *options, "-f", "tsv", "-o", str(tsv))
    rows = list(csv.reader(io.StringIO(tsv.read_text(encoding="utf-8")), dialect="excel-tab"))[1:]
    return [(row[0], row[1]) for row in rows if not two_sided or (row[0] and row[1])]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_xliff_validates_and_translate_toolkit_reads_every_bead(name: str, tmp_path: Path) -> None:
    from translate.storage.xliff2 import Xliff2File

    out = tmp_path / "a.xlf"
    align(*sample(name), "--glossary", GLOSSARY, "-f", "xliff", "-o", str(out))
    assert validate_xliff(etree.parse(str(out))) == []
    store = Xliff2File(out.read_bytes())
    expected = bead_pairs(name, tmp_path, "--glossary", GLOSSARY)
    assert [(str(u.source), str(u.target or "")) for u in store.units] == expected
    assert store.getsourcelanguage() == "ko"
    assert store.gettargetlanguage() == "en"
    # One-sided beads are kept, untranslated; two-sided ones above the review threshold are translated.
    translated = [bool(u.istranslated()) for u in store.units]
    assert translated.count(False) >= sum(1 for src, tgt in expected if not (src and tgt))


def test_xliff_units_carry_state_notes_and_glossary_entries(tmp_path: Path) -> None:
    tei = tmp_path / "a.tei.xml"
    align(*sample("battery-forum"), "--glossary", GLOSSARY, "-o", str(tei))
    alignment = read_tei(tei)
    beads = list(alignment.beads)
    one_sided = next(i for i, b in enumerate(beads) if not b.tgt or not b.src)
    beads[0] = dataclasses.replace(beads[0], review="confirmed")
    beads[1] = dataclasses.replace(beads[1], score=0.2)
    reviewed = tmp_path / "b.tei.xml"
    reviewed.write_bytes(tei_bytes(dataclasses.replace(alignment, beads=tuple(beads))))
    out = tmp_path / "b.xlf"
    result = runner.invoke(app, ["convert", str(reviewed), "--to", "xliff", "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out))
    assert validate_xliff(root) == []
    units = list(root.iter(f"{XLIFF}unit"))
    assert len(units) == len(beads)

    def state(i: int) -> str | None:
        return units[i].find(f"{XLIFF}segment").get("state")

    def notes(i: int) -> list[str]:
        return [n.text or "" for n in units[i].iter(f"{XLIFF}note")]

    assert state(0) == "reviewed"
    assert state(1) == "initial"
    assert "needs review" in notes(1)[0]
    assert state(2) == "translated"
    assert units[1].get("name") == f"{beads[1].format()}:0.200"
    assert state(one_sided) == "initial"
    assert notes(one_sided)[0].startswith(("omission", "addition"))
    # The headline's glossary terms: 배터리 = battery among them.
    entries = [
        (e.findtext(f"{GLS}term"), e.findtext(f"{GLS}translation")) for e in units[0].iter(f"{GLS}glossEntry")
    ]
    assert ("배터리", "battery") in entries


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_opustools_reads_the_xces_alignment_as_the_bead_pairs(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from opustools import OpusRead

    out = tmp_path / "xces" / f"{name}.xces.xml"
    out.parent.mkdir()
    align(*sample(name), "-f", "xces", "-o", str(out))
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        [f"{name}.xces.xml", f"{name}.ko.xml", f"{name}.en.xml"]
    )
    moses = [tmp_path / "moses.ko", tmp_path / "moses.en"]
    OpusRead(
        directory="kobridge",
        source="ko",
        target="en",
        alignment_file=str(out),
        download_dir=str(out.parent),
        preprocess="raw",
        write_mode="moses",
        write=[str(p) for p in moses],
        leave_non_alignments_out=True,
        suppress_prompts=True,
    ).printPairs()
    capsys.readouterr()
    src, tgt = (p.read_text(encoding="utf-8").splitlines() for p in moses)
    assert list(zip(src, tgt, strict=True)) == bead_pairs(name, tmp_path, two_sided=True)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_parallel_text_is_one_two_sided_bead_a_line(name: str, tmp_path: Path) -> None:
    stem = tmp_path / "corpus"
    align(*sample(name), "-f", "parallel", "-o", str(stem))
    src = (tmp_path / "corpus.ko").read_text(encoding="utf-8").splitlines()
    tgt = (tmp_path / "corpus.en").read_text(encoding="utf-8").splitlines()
    assert list(zip(src, tgt, strict=True)) == bead_pairs(name, tmp_path, two_sided=True)


@pytest.mark.parametrize("fmt", ["parallel", "xces"])
def test_a_format_of_several_files_needs_an_output(fmt: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["align", *sample("ess-ampc"), "-f", fmt])
    assert result.exit_code == 2
    assert "writes several files" in unboxed(result.stderr)
    assert result.stdout == ""
    tei = tmp_path / "a.tei.xml"
    align(*sample("ess-ampc"), "-o", str(tei))
    converted = runner.invoke(app, ["convert", str(tei), "--to", fmt])
    assert converted.exit_code == 2
    assert "writes several files" in unboxed(converted.stderr)


def test_parallel_output_may_not_overwrite_an_input(tmp_path: Path) -> None:
    ko = tmp_path / "a.ko"
    ko.write_bytes((SAMPLES / "ess-ampc.ko.txt").read_bytes())
    result = runner.invoke(
        app, ["align", str(ko), sample("ess-ampc")[1], "-f", "parallel", "-o", str(tmp_path / "a")]
    )
    assert result.exit_code == 2
    assert "is an input file" in unboxed(result.stderr)


@pytest.mark.parametrize("fmt", ["xliff", "xces", "parallel"])
def test_convert_from_tei_writes_the_same_files_as_aligning(fmt: str, tmp_path: Path) -> None:
    tei = tmp_path / "a.tei.xml"
    align(*sample("battery-forum"), "--glossary", GLOSSARY, "-o", str(tei))
    (tmp_path / "direct").mkdir()
    (tmp_path / "converted").mkdir()
    align(*sample("battery-forum"), "--glossary", GLOSSARY, "-f", fmt, "-o", str(tmp_path / "direct" / "out"))
    result = runner.invoke(app, ["convert", str(tei), "--to", fmt, "-o", str(tmp_path / "converted" / "out")])
    assert result.exit_code == 0, result.output
    direct = {p.name: p.read_bytes() for p in (tmp_path / "direct").iterdir()}
    converted = {p.name: p.read_bytes() for p in (tmp_path / "converted").iterdir()}
    assert len(direct) == (1 if fmt == "xliff" else 2 if fmt == "parallel" else 3)
    assert converted == direct


@pytest.mark.parametrize(
    ("fmt", "names"),
    [("xliff", ["xlf"]), ("xces", ["xces.xml", "ko.xml", "en.xml"]), ("parallel", ["ko", "en"])],
)
def test_batch_writes_every_file_of_a_pair_and_resumes(fmt: str, names: list[str], tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    args = ["batch", str(SAMPLES), "-o", str(outdir), "-f", fmt, "--jobs", "1"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    written = sorted(p.name for p in outdir.iterdir() if not p.name.startswith("."))
    assert written == sorted(f"{n}.{ext}" for n in SAMPLE_NAMES for ext in names)
    second = runner.invoke(app, args)
    assert second.exit_code == 0
    assert second.stdout.count("skipped") >= len(SAMPLE_NAMES)
    (outdir / f"{SAMPLE_NAMES[0]}.{names[-1]}").unlink()  # a lost companion file redoes its pair
    third = runner.invoke(app, args)
    assert (outdir / f"{SAMPLE_NAMES[0]}.{names[-1]}").exists()
    assert third.stdout.count("skipped") == second.stdout.count("skipped") - 1


def test_tmx_tsv_and_json_carry_the_glossary_terms(tmp_path: Path) -> None:
    outputs = {fmt: tmp_path / f"a.{fmt}" for fmt in ("tmx", "tsv", "json")}
    for fmt, out in outputs.items():
        align(*sample("battery-forum"), "--glossary", GLOSSARY, "-f", fmt, "-o", str(out))
    first_tu = etree.parse(str(outputs["tmx"])).find("body/tu")
    assert first_tu is not None
    terms = [p.text for p in first_tu.findall("prop") if p.get("type") == "x-term"]
    assert "배터리=battery" in terms
    rows = list(csv.reader(io.StringIO(outputs["tsv"].read_text(encoding="utf-8")), dialect="excel-tab"))
    assert rows[0][-1] == "terms"
    assert rows[1][-1].split("; ") == terms
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    glossary = {e["id"]: (e["ko"], e["en"]) for e in data["glossary"]}
    assert [f"{glossary[i][0]}={glossary[i][1]}" for i in data["beads"][0]["terms"]] == terms
    sentence = data["src"]["sentences"][0]
    assert all(sentence["text"][t["start"] : t["end"]] and t["entry"] in glossary for t in sentence["terms"])


def test_outputs_without_a_glossary_have_no_terms(tmp_path: Path) -> None:
    out = tmp_path / "a.tmx"
    align(*sample("ess-ampc"), "-f", "tmx", "-o", str(out))
    assert b"x-term" not in out.read_bytes()
    result = runner.invoke(app, ["align", *sample("ess-ampc"), "-f", "json"])
    assert '"terms"' not in result.stdout
    assert '"glossary"' not in result.stdout

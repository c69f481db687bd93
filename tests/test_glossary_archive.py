"""The glossary against a whole archive: `kobridge glossary suggest` and `kobridge glossary qa`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml
from lxml import etree
from typer.testing import CliRunner

from kobridge.align.features.wordlist import WordLexicon
from kobridge.cli import app
from kobridge.glossary import Glossary, load_glossary, surface_key
from kobridge.glossary.archive_qa import archive_qa
from kobridge.glossary.candidates import ko_terms, ngram_key
from kobridge.glossary.suggest import SUGGEST_COLUMNS, ArchiveBead, suggest_terms

from .conftest import ROOT
from .glossary_batch import INCONSISTENT, PLANTED, UNLISTED_INCONSISTENT, article_pair, write_batch

runner = CliRunner()
GLOSSARY = ROOT / "glossary" / "energy-policy.csv"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY)


@pytest.fixture(scope="module")
def beads() -> list[ArchiveBead]:
    """The 32 articles of the bench's batch as beads: one sentence a paragraph, so line by line."""
    found = []
    for number in range(32):
        ko, en = article_pair(number)
        for index, (k, e) in enumerate(zip(ko.split("\n\n"), en.split("\n\n"), strict=True)):
            found.append(
                ArchiveBead(k.strip(), e.strip(), f"article{number}", f"article{number} bead {index}")
            )
    return found


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small batch aligned with `kobridge batch`: a folder of TEI files."""
    folder = tmp_path_factory.mktemp("archive")
    write_batch(folder / "in", 12)
    result = runner.invoke(app, ["batch", str(folder / "in"), "-o", str(folder / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return folder / "out"


def _pair(candidate_ko: str, candidate_en: str, ko: str, en: str) -> bool:
    return surface_key(candidate_ko, "ko") == surface_key(ko, "ko") and ngram_key(candidate_en) == ngram_key(
        en
    )


def test_korean_candidates_lose_their_particles_and_keep_compounds() -> None:
    terms = ko_terms("정부는 배터리 공장을 짓는 합작법인에 수출 통제를 적용했다.")
    assert {"정부", "배터리 공장", "합작법인", "수출 통제"} <= terms
    assert not any(t.endswith(("를", "을", "는")) for t in terms)
    assert "적용했다" not in terms and "공장을 짓는" not in terms


def test_suggest_ranks_the_planted_terms_and_leaves_out_the_glossary(
    beads: list[ArchiveBead], glossary: Glossary
) -> None:
    candidates = suggest_terms(beads, glossary)
    top = candidates[:50]
    found = [ko for ko, en in PLANTED.values() if any(_pair(c.ko, c.en, ko, en) for c in top)]
    assert len(found) >= 15, found
    assert not any(c.ko in ("공급망", "보조금", "배터리", "LG에너지솔루션") for c in candidates)
    best = next(c for c in candidates if c.ko == "전력망")
    assert (best.en, best.together, best.documents) == ("power grid", 9, 5)
    assert "전력망" in best.example.ko and "power grid" in best.example.en


def test_general_vocabulary_ranks_after_the_planted_terms(
    beads: list[ArchiveBead], glossary: Glossary
) -> None:
    # Without the general word list, 미국 / U.S. (in most articles) tops the list.
    assert suggest_terms(beads, glossary)[0].ko == "미국"
    candidates = suggest_terms(beads, glossary, general=WordLexicon.load_default())
    place = {(c.ko, c.en): n for n, c in enumerate(candidates)}
    general = [c for c in candidates if c.general]
    assert {("미국", "U.S"), ("정부", "government")} <= {(c.ko, c.en) for c in general}
    assert candidates[-len(general) :] == general  # every term comes first
    planted = [n for n, c in enumerate(candidates) if any(_pair(c.ko, c.en, *p) for p in PLANTED.values())]
    # Two planted pairs are entries of the list themselves (원자재, 데이터센터), so they go last too.
    terms = [n for n in planted if not candidates[n].general]
    assert len(terms) >= 17 and max(terms) < place["미국", "U.S"] and len(planted) - len(terms) == 2
    # A word of the list rendered some other way is no entry of it: 주가 is, "shares rose" is not.
    words = WordLexicon.load_default()
    assert words.is_entry("주가", "share prices") and not words.is_entry("주가", "shares rose")


def _bead(ko: str, en: str, document: str) -> ArchiveBead:
    return ArchiveBead(ko, en, document, "")


_BACKLOG = [
    ("수주 잔고가 늘었다.", "The order backlog grew."),
    ("수주 잔고가 줄었다.", "The order backlog shrank."),
    ("수주 잔고는 많다.", "The order backlog is large."),
]


def test_a_fragment_does_not_outrank_its_longer_term() -> None:
    beads = [_bead(ko, en, document) for document in "ab" for ko, en in _BACKLOG]
    beads.append(_bead("수주가 끊겼다.", "Orders dried up.", "c"))
    ranked = [(c.ko, c.en) for c in suggest_terms(beads)]
    # 수주 / order is seen in 7 beads and 수주 잔고 / order backlog in 6: by co-occurrence alone
    # the fragment would come first, but it is seen on its own once only.
    assert ranked.index(("수주 잔고", "order backlog")) < ranked.index(("수주", "order"))
    # Seen on its own as often as inside the longer term, it is a term of its own again.
    beads += [_bead("수주가 끊겼다.", "Orders dried up.", document) for document in "defgh"]
    ranked = [(c.ko, c.en) for c in suggest_terms(beads)]
    assert ranked.index(("수주", "order")) < ranked.index(("수주 잔고", "order backlog"))


def test_suggest_without_the_glossary_finds_its_entries(beads: list[ArchiveBead]) -> None:
    candidates = suggest_terms(beads, None)
    pairs = {(c.ko, c.en) for c in candidates}
    assert {("SK온", "SK On"), ("포스코퓨처엠", "POSCO Future M"), ("흑연", "graphite")} <= pairs


def test_qa_reports_every_planted_rendering(beads: list[ArchiveBead], glossary: Glossary) -> None:
    findings = {f.entry_id or f.ko: f for f in archive_qa(beads, glossary)}
    for entry_id, (_, renderings) in INCONSISTENT.items():
        finding = findings[entry_id]
        assert finding.kind == "inconsistent" and finding.severity == "error"
        assert {ngram_key(r.en) for r in finding.renderings} == {ngram_key(r) for r in renderings}
    assert [r.status for r in findings["supply_chain"].renderings if r.en == "supply network"] == [
        "forbidden"
    ]
    for ko, renderings in UNLISTED_INCONSISTENT.values():
        finding = findings[ko]
        assert finding.kind == "competing" and finding.severity == "warning"
        assert {ngram_key(r.en) for r in finding.renderings} == {ngram_key(r) for r in renderings}


def test_qa_is_quiet_on_a_consistent_archive(glossary: Glossary) -> None:
    beads = [
        ArchiveBead(
            "미국은 배터리 공급망 재편을 요구한다.",
            "The U.S. wants the battery supply chain reshaped.",
            f"a{i}",
            "",
        )
        for i in range(4)
    ]
    assert archive_qa(beads, glossary) == []


def test_qa_takes_an_acronym_after_the_spelled_out_name_as_the_same_rendering(glossary: Glossary) -> None:
    spelled = ("업체들은 에너지저장장치(ESS) 생산을 늘린다.", "Makers expand energy storage systems (ESS).")
    short = ("에너지저장장치 수요가 늘었다.", "ESS demand grew.")
    # Each article spells the name out once and uses the acronym after it: one way, no finding.
    beads = [ArchiveBead(ko, en, doc, "") for doc in "abc" for ko, en in (spelled, short, short)]
    assert archive_qa(beads, glossary) == []
    # An article that only ever writes the acronym does render the term another way.
    beads += [ArchiveBead(*short, "d", ""), ArchiveBead(*short, "e", "")]
    (finding,) = [f for f in archive_qa(beads, glossary) if f.entry_id == "ess"]
    assert {(r.en, r.count) for r in finding.renderings} == {("energy storage systems", 9), ("ESS", 2)}


def test_cli_suggest_writes_glossary_rows_ready_to_paste(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "candidates.csv"
    result = runner.invoke(
        app, ["glossary", "suggest", str(archive), "--glossary", str(GLOSSARY), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "candidate(s) from" in result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == SUGGEST_COLUMNS
    assert any(row[1:3] == ["전력망", "power grid"] for row in rows[1:])
    flags = [row[SUGGEST_COLUMNS.index("general")] for row in rows[1:]]
    assert "yes" in flags and flags == sorted(flags)  # general vocabulary comes last
    unranked = runner.invoke(app, ["glossary", "suggest", str(archive), "--no-word-list"])
    assert unranked.exit_code == 0, unranked.output
    column = SUGGEST_COLUMNS.index("general")
    assert {row[column] for row in list(csv.reader(io.StringIO(unranked.stdout)))[1:]} == {""}
    # The first eight columns, pasted into a CSV of their own, are a glossary the checker accepts.
    pasted = tmp_path / "pasted.csv"
    pasted.write_text("".join(",".join(_quote(c) for c in row[:8]) + "\n" for row in rows), encoding="utf-8")
    assert len(load_glossary(pasted)) == len(rows) - 1


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"') else cell


def test_cli_qa_junit_loads_in_a_junit_reader(archive: Path, tmp_path: Path, glossary: Glossary) -> None:
    out = tmp_path / "qa.xml"
    args = ["glossary", "qa", str(archive), "--glossary", str(GLOSSARY), "--format", "junit", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = JUnitXml.fromfile(str(out))
    cases = [case for suite in report for case in suite]
    assert len(cases) >= len(glossary)
    failed = {case.name: case for case in cases if any(isinstance(r, Failure) for r in case.result)}
    assert "supply_chain (공급망)" in failed
    assert "supply network" in failed["supply_chain (공급망)"].result[0].text
    assert "ira (인플레이션 감축법)" not in failed


def test_cli_qa_strict_fails_on_errors_only(archive: Path) -> None:
    base = ["glossary", "qa", str(archive), "--glossary", str(GLOSSARY)]
    relaxed = runner.invoke(app, base)
    assert relaxed.exit_code == 0
    assert "error: 공급망 (supply_chain)" in relaxed.stdout
    strict = runner.invoke(app, [*base, "--strict"])
    assert strict.exit_code == 1
    assert "terminology error(s)" in strict.stderr


def test_cli_qa_json_and_html(archive: Path, tmp_path: Path) -> None:
    base = ["glossary", "qa", str(archive), "--glossary", str(GLOSSARY)]
    data = json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)
    supply = next(f for f in data["findings"] if f["entry"] == "supply_chain")
    assert {r["status"] for r in supply["renderings"]} >= {"main", "forbidden"}
    assert all(r["example"]["ko"] for r in supply["renderings"])
    page = tmp_path / "qa.html"
    assert runner.invoke(app, [*base, "--format", "html", "-o", str(page)]).exit_code == 0
    tree = etree.parse(str(page), etree.HTMLParser())
    assert "supply network" in "".join(tree.xpath("//td//b/text()"))


def test_cli_qa_reads_tmx_too(archive: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "article00.tmx"
    result = runner.invoke(
        app, ["convert", str(archive / "article00.tei.xml"), "--to", "tmx", "-o", str(tmx)]
    )
    assert result.exit_code == 0, result.output
    out = runner.invoke(app, ["glossary", "suggest", str(tmx), str(archive / "article05.tei.xml")])
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("id,ko,en,")


def test_cli_suggest_refuses_a_folder_without_tei(tmp_path: Path) -> None:
    result = runner.invoke(app, ["glossary", "suggest", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "holds no" in result.stderr

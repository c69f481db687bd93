"""Batch alignment: discovery, broken pairs, resuming, the report and the progress display."""

from __future__ import annotations

import io
import json
import logging
import shutil
from pathlib import Path

import pytest

from kobridge.batch import (
    STATE_DIR,
    BatchSettings,
    PairJob,
    PairResult,
    PairStatus,
    discover_pairs,
    make_progress,
    output_path,
    plain_progress,
    report_json,
    run_batch,
    summary_table,
)
from kobridge.errors import InputError
from kobridge.io import InvalidCharPolicy
from kobridge.model import AlignParams
from kobridge.pipeline import OutputFormat

from .conftest import SAMPLE_NAMES, SAMPLES


def make_folder(folder: Path, copies: int = 1) -> list[str]:
    """Copy the samples into ``folder`` as pairs by name, ``copies`` times each; return the names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for sample in SAMPLE_NAMES:
        for copy in range(copies):
            name = f"{sample}-{copy}"
            for lang in ("ko", "en"):
                shutil.copy(SAMPLES / f"{sample}.{lang}.txt", folder / f"{name}.{lang}.txt")
            names.append(name)
    return sorted(names)


def outputs(outdir: Path) -> dict[str, bytes]:
    """Every file directly in ``outdir`` (not the state folder), by name."""
    return {p.name: p.read_bytes() for p in outdir.iterdir() if p.is_file()}


def statuses(report_results: tuple[PairResult, ...]) -> dict[str, PairStatus]:
    return {r.name: r.status for r in report_results}


# --- discovery ------------------------------------------------------------------------


def test_folder_pairs_by_name_and_unpaired_files_kept(tmp_path: Path) -> None:
    names = make_folder(tmp_path)
    (tmp_path / "lonely.ko.txt").write_text("혼자 남은 기사입니다.\n", encoding="utf-8")
    (tmp_path / "README.txt").write_text("not a pair\n", encoding="utf-8")
    (tmp_path / ".hidden.ko.txt").write_text("숨김\n", encoding="utf-8")
    pairs = discover_pairs(tmp_path)
    assert [p.name for p in pairs] == sorted([*names, "lonely"])
    lonely = next(p for p in pairs if p.name == "lonely")
    assert lonely.tgt == tmp_path / "lonely.en.txt"
    assert not lonely.tgt.exists()


def test_folder_pairs_other_languages(tmp_path: Path) -> None:
    (tmp_path / "a.ko.txt").write_text("가\n", encoding="utf-8")
    (tmp_path / "a.ja.txt").write_text("あ\n", encoding="utf-8")
    assert discover_pairs(tmp_path, tgt_lang="ja") == [
        PairJob("a", tmp_path / "a.ko.txt", tmp_path / "a.ja.txt")
    ]


def test_empty_folder_and_missing_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no NAME\.ko\.txt or NAME\.en\.txt file"):
        discover_pairs(tmp_path)
    with pytest.raises(InputError, match="no such file or folder"):
        discover_pairs(tmp_path / "nowhere")
    (tmp_path / "list.txt").write_text("x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"manifest \.csv"):
        discover_pairs(tmp_path / "list.txt")


def test_manifest_relative_paths_default_names_and_bom(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    manifest = tmp_path / "texts" / "batch.csv"
    manifest.write_text(
        "\ufeffen,ko,name\r\n"
        "b.en.txt,b.ko.txt,\r\n"
        "\r\n"
        "../other/x.txt,../other/y.txt,second\r\n"
        "plain.txt,korean.txt\r\n",
        encoding="utf-8",
    )
    pairs = discover_pairs(manifest)
    base = tmp_path / "texts"
    assert pairs == [
        PairJob("b", base / "b.ko.txt", base / "b.en.txt"),
        PairJob("second", base / "../other/y.txt", base / "../other/x.txt"),
        PairJob("korean", base / "korean.txt", base / "plain.txt"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ko,name\na.ko.txt,a\n", r"batch\.csv:1: missing column 'en'"),
        (
            "ko,en,name\na.ko.txt,a.en.txt,x\nb.ko.txt,b.en.txt,x\n",
            r"batch\.csv:3: .*'x' is already used on line 2",
        ),
        ("ko,en,name\na.ko.txt,,a\n", r"batch\.csv:2: empty 'en' path"),
        (
            "ko,en,name\na.ko.txt,a.en.txt,sub/a\n",
            r"batch\.csv:2: output name 'sub/a' is not a plain file name",
        ),
        ("ko,en,name\na.ko.txt,a.en.txt,.hidden\n", r"batch\.csv:2: output name '.hidden'"),
        ("ko,en,name\n\n", r"batch\.csv: the manifest lists no pair"),
        ("", r"batch\.csv: empty manifest"),
    ],
)
def test_manifest_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    manifest = tmp_path / "batch.csv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        discover_pairs(manifest)


# --- running ---------------------------------------------------------------------------


def test_broken_pairs_are_reported_and_the_good_ones_done(tmp_path: Path) -> None:
    good = make_folder(tmp_path / "in")
    folder = tmp_path / "in"
    (folder / "empty.ko.txt").write_text("\n  \n", encoding="utf-8")
    shutil.copy(SAMPLES / f"{SAMPLE_NAMES[0]}.en.txt", folder / "empty.en.txt")
    # The files swapped: English where Korean is expected and the reverse.
    shutil.copy(SAMPLES / f"{SAMPLE_NAMES[0]}.en.txt", folder / "swapped.ko.txt")
    shutil.copy(SAMPLES / f"{SAMPLE_NAMES[0]}.ko.txt", folder / "swapped.en.txt")
    shutil.copy(SAMPLES / f"{SAMPLE_NAMES[0]}.ko.txt", folder / "unpaired.ko.txt")
    outdir = tmp_path / "out"
    report = run_batch(discover_pairs(folder), outdir, jobs=1)
    assert report.failed
    assert report.count(PairStatus.failed) == 3
    assert report.count(PairStatus.ok) == len(good)
    errors = {r.name: r.error for r in report.results if r.status is PairStatus.failed}
    assert "empty.ko.txt: the file is empty" in errors["empty"]
    assert "swapped.ko.txt" in errors["swapped"]
    assert "unpaired.en.txt: no such file" in errors["unpaired"]
    assert set(outputs(outdir)) == {f"{name}.tei.xml" for name in good}
    table = summary_table(report)
    assert table.splitlines()[1].startswith("empty ")  # failed pairs come first
    assert "no such file" in table
    assert f"{len(good) + 3} pair(s): {len(good)} ok, 0 skipped, 3 failed" in table.splitlines()[-1]
    data = json.loads(report_json(report))
    assert data["totals"] == {"ok": len(good), "skipped": 0, "failed": 3, "pairs": len(good) + 3}
    assert [p["name"] for p in data["pairs"]] == [p.name for p in discover_pairs(folder)]
    failed = next(p for p in data["pairs"] if p["name"] == "unpaired")
    assert failed["status"] == "failed" and "no such file" in failed["error"]
    assert "beads" not in failed


def test_report_figures_match_the_outputs(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    settings = BatchSettings(fmt=OutputFormat.beads, with_scores=True)
    report = run_batch(discover_pairs(tmp_path / "in"), tmp_path / "out", jobs=1, settings=settings)
    for result in report.results:
        lines = Path(result.output).read_text(encoding="utf-8").splitlines()
        scores = [float(line.rsplit(":", 1)[1]) for line in lines]
        assert result.output.endswith(".beads")
        assert result.beads == len(lines)
        assert result.mean_confidence == pytest.approx(sum(scores) / len(scores), abs=1e-3)
        assert result.src_sentences > 0 and result.tgt_sentences > 0
        assert result.term_issues is None


def test_glossary_counts_term_issues(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    glossary = Path(__file__).parents[1] / "glossary" / "energy-policy.csv"
    if not glossary.exists():
        pytest.skip("the energy-policy glossary is not in this checkout")
    report = run_batch(
        discover_pairs(tmp_path / "in"), tmp_path / "out", jobs=1, settings=BatchSettings(glossary=glossary)
    )
    assert not report.failed
    assert all(r.term_issues is not None for r in report.results)
    assert b"<gloss" in Path(report.results[0].output).read_bytes()


def test_resume_skips_up_to_date_and_redoes_what_changed(tmp_path: Path) -> None:
    names = make_folder(tmp_path / "in")
    pairs = discover_pairs(tmp_path / "in")
    outdir = tmp_path / "out"
    first = run_batch(pairs, outdir, jobs=1)
    before = outputs(outdir)
    second = run_batch(pairs, outdir, jobs=1)
    assert set(statuses(second.results).values()) == {PairStatus.skipped}
    assert [r.beads for r in second.results] == [r.beads for r in first.results]
    assert outputs(outdir) == before

    changed, tampered = names[0], names[1]
    with (tmp_path / "in" / f"{changed}.en.txt").open("a", encoding="utf-8") as stream:
        stream.write("\nThis sentence was added after the first run.\n")
    (outdir / f"{tampered}.tei.xml").write_bytes(b"truncated")
    third = run_batch(pairs, outdir, jobs=1)
    assert statuses(third.results) == {
        name: PairStatus.ok if name in (changed, tampered) else PairStatus.skipped for name in names
    }
    after = outputs(outdir)
    assert after[f"{changed}.tei.xml"] != before[f"{changed}.tei.xml"]
    assert b"added after the first run" in after[f"{changed}.tei.xml"]
    assert after[f"{tampered}.tei.xml"] == before[f"{tampered}.tei.xml"]

    other_settings = BatchSettings(params=AlignParams(max_bead=2))
    fourth = run_batch(pairs, outdir, jobs=1, settings=other_settings)
    assert set(statuses(fourth.results).values()) == {PairStatus.ok}

    moved = tmp_path / "moved"
    (tmp_path / "in").rename(moved)
    fifth = run_batch(discover_pairs(moved), outdir, jobs=1, settings=other_settings)
    assert set(statuses(fifth.results).values()) == {PairStatus.skipped}
    (moved / f"{changed}.en.txt").rename(moved / f"{changed}.english.txt")
    manifest = moved / "pairs.csv"
    manifest.write_text(f"ko,en,name\n{changed}.ko.txt,{changed}.english.txt,{changed}\n", encoding="utf-8")
    sixth = run_batch(discover_pairs(manifest), outdir, jobs=1, settings=other_settings)
    assert statuses(sixth.results) == {changed: PairStatus.ok}
    assert b"english.txt" in (outdir / f"{changed}.tei.xml").read_bytes()


def test_a_pair_that_breaks_is_failed_then_skipped_once_restored(tmp_path: Path) -> None:
    names = make_folder(tmp_path / "in")
    pairs = discover_pairs(tmp_path / "in")
    run_batch(pairs, tmp_path / "out", jobs=1)
    source = tmp_path / "in" / f"{names[0]}.ko.txt"
    original = source.read_bytes()
    source.write_text("", encoding="utf-8")
    report = run_batch(pairs, tmp_path / "out", jobs=1)
    assert statuses(report.results)[names[0]] is PairStatus.failed
    assert (tmp_path / "out" / f"{names[0]}.tei.xml").exists()  # the earlier output is left alone
    source.write_bytes(original)
    report = run_batch(pairs, tmp_path / "out", jobs=1)
    assert statuses(report.results)[names[0]] is PairStatus.skipped


def test_interrupted_batch_resumes_to_the_same_outputs(tmp_path: Path) -> None:
    make_folder(tmp_path / "in", copies=2)
    pairs = discover_pairs(tmp_path / "in")
    reference = run_batch(pairs, tmp_path / "ref", jobs=1)
    assert not reference.failed

    def stop_after_two(done: int, total: int, result: PairResult) -> None:
        if done == 2:
            raise KeyboardInterrupt

    outdir = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_batch(pairs, outdir, jobs=1, progress=stop_after_two)
    partial = outputs(outdir)
    assert len(partial) == 2
    assert all(data == outputs(tmp_path / "ref")[name] for name, data in partial.items())
    resumed = run_batch(pairs, outdir, jobs=2)
    assert resumed.count(PairStatus.skipped) == 2
    assert resumed.count(PairStatus.ok) == len(pairs) - 2
    assert outputs(outdir) == outputs(tmp_path / "ref")
    assert list((outdir / STATE_DIR / "tmp").iterdir()) == []


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.mark.parametrize("jobs", [1, 2])
def test_warnings_of_workers_reach_this_process(tmp_path: Path, jobs: int) -> None:
    names = make_folder(tmp_path / "in")
    source = tmp_path / "in" / f"{names[0]}.ko.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(" ", "\x07 ", 1), encoding="utf-8")
    records = _Records()
    logger = logging.getLogger("kobridge.io")
    logger.addHandler(records)
    try:
        settings = BatchSettings(on_invalid_char=InvalidCharPolicy.REPLACE)
        report = run_batch(discover_pairs(tmp_path / "in"), tmp_path / "out", jobs=jobs, settings=settings)
    finally:
        logger.removeHandler(records)
    assert not report.failed
    assert records.messages == [f"{source}: replaced 1 character(s) that XML cannot hold with U+FFFD"]


def test_stale_staged_files_are_swept(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    staging = tmp_path / "out" / STATE_DIR / "tmp"
    staging.mkdir(parents=True)
    (staging / ".left.tei.xml.abc.tmp").write_bytes(b"half")
    records = tmp_path / "out" / STATE_DIR / "records"
    records.mkdir()
    (records / ".left.tei.xml.json.abc.tmp").write_bytes(b"{")
    run_batch(discover_pairs(tmp_path / "in"), tmp_path / "out", jobs=1)
    assert list(staging.iterdir()) == []
    assert sorted(p.name for p in records.iterdir()) == [
        f"{name}-0.tei.xml.json" for name in sorted(SAMPLE_NAMES)
    ]


def test_refusals(tmp_path: Path) -> None:
    pair = PairJob("a", tmp_path / "a.ko.txt", tmp_path / "a.en.txt")
    with pytest.raises(InputError, match="two pairs are named 'a'"):
        run_batch([pair, pair], tmp_path / "out", jobs=1)
    with pytest.raises(InputError, match="jobs must be at least 1"):
        run_batch([pair], tmp_path / "out", jobs=0)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="expected the output folder"):
        run_batch([pair], tmp_path / "file", jobs=1)


def test_output_path_per_format(tmp_path: Path) -> None:
    assert output_path(tmp_path, "a", OutputFormat.tei) == tmp_path / "a.tei.xml"
    assert output_path(tmp_path, "a", OutputFormat.tmx) == tmp_path / "a.tmx"
    assert output_path(tmp_path, "a", OutputFormat.json) == tmp_path / "a.json"


# --- report and progress ---------------------------------------------------------------


def _result(name: str, status: PairStatus, error: str = "") -> PairResult:
    return PairResult(name, status, f"out/{name}.tei.xml", 0.5, 10, 11, 9, 0.8, None, error)


def test_summary_table_limits_rows_but_keeps_every_failure(tmp_path: Path) -> None:
    from kobridge.batch import BatchReport, Engine

    results = (
        *(_result(f"p{i:02}", PairStatus.ok) for i in range(30)),
        _result("bad", PairStatus.failed, "bad.ko.txt: no such file"),
    )
    report = BatchReport(results, "sig", Engine.local, 2, 12.0)
    lines = summary_table(report, limit=5).splitlines()
    assert lines[0].split() == [
        "pair",
        "status",
        "sentences",
        "beads",
        "confidence",
        "terms",
        "seconds",
        "error",
    ]
    assert lines[1].split()[:2] == ["bad", "failed"] and lines[1].endswith("bad.ko.txt: no such file")
    assert len(lines) == 1 + 5 + 2
    assert lines[-2] == "... and 26 more pair(s) ok or skipped (see the JSON report)"
    assert lines[-1] == (
        "31 pair(s): 30 ok, 0 skipped, 1 failed; 300/330 sentences, 270 beads, mean confidence 0.800; 12.0 s"
    )


def test_plain_progress_lines() -> None:
    stream = io.StringIO()
    show = plain_progress(stream)
    show(1, 2, _result("a", PairStatus.ok))
    show(2, 2, _result("b", PairStatus.failed, "b.ko.txt: no such file"))
    first, second = stream.getvalue().splitlines()
    assert first.startswith("[1/2] a ok 0.50 s")
    assert second.startswith("[2/2] b failed 0.50 s: b.ko.txt: no such file (")
    assert "pairs/s" in second


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_make_progress_picks_plain_lines_or_a_bar() -> None:
    plain = io.StringIO()
    with make_progress(plain) as show:
        show(1, 1, _result("a", PairStatus.ok))
    assert plain.getvalue().startswith("[1/1] a ok")
    terminal = _Terminal()
    with make_progress(terminal) as show:
        show(1, 2, _result("a", PairStatus.ok))
        show(2, 2, _result("b", PairStatus.failed, "b.ko.txt: no such file"))
    text = terminal.getvalue()
    assert "2/2" in text
    assert "b: failed: b.ko.txt: no such file" in text
    assert "[1/2]" not in text

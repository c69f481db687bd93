"""kobridge batch on the command line: outputs, a broken pair, resuming, the report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from kobridge.cli import app

from .conftest import SAMPLE_NAMES, SAMPLES

runner = CliRunner()


def _archive(tmp_path: Path) -> Path:
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in SAMPLE_NAMES:
        for lang in ("ko", "en"):
            shutil.copy(SAMPLES / f"{name}.{lang}.txt", archive / f"{name}.{lang}.txt")
    (archive / "broken.ko.txt").write_text("", encoding="utf-8")
    (archive / "broken.en.txt").write_text("An English text.\n", encoding="utf-8")
    return archive


def test_batch_aligns_good_pairs_reports_the_broken_one_and_exits_1(tmp_path: Path) -> None:
    archive, out = _archive(tmp_path), tmp_path / "out"
    report = tmp_path / "report.json"
    result = runner.invoke(
        app, ["batch", str(archive), "-o", str(out), "--jobs", "1", "--report", str(report)]
    )
    assert result.exit_code == 1, result.output
    for name in SAMPLE_NAMES:
        produced = (out / f"{name}.tei.xml").read_bytes()
        single = runner.invoke(
            app, ["align", *(str(SAMPLES / f"{name}.{lang}.txt") for lang in ("ko", "en"))]
        )
        assert produced.replace(b"archive/", b"") == single.stdout_bytes.replace(b"samples/", b"")
    data = json.loads(report.read_text(encoding="utf-8"))
    statuses = {pair["name"]: pair["status"] for pair in data["pairs"]}
    assert statuses["broken"] == "failed"
    assert all(statuses[name] == "ok" for name in SAMPLE_NAMES)
    assert "broken" in result.stdout


def test_batch_run_again_skips_what_is_up_to_date(tmp_path: Path) -> None:
    archive, out = _archive(tmp_path), tmp_path / "out"
    (archive / "broken.ko.txt").unlink()
    (archive / "broken.en.txt").unlink()
    first = runner.invoke(app, ["batch", str(archive), "-o", str(out), "--jobs", "1"])
    assert first.exit_code == 0, first.output
    report = tmp_path / "again.json"
    again = runner.invoke(
        app, ["batch", str(archive), "-o", str(out), "--jobs", "1", "--report", str(report)]
    )
    assert again.exit_code == 0
    pairs = json.loads(report.read_text(encoding="utf-8"))["pairs"]
    assert {pair["status"] for pair in pairs} == {"skipped"}


def test_dask_engine_needs_a_scheduler(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "o"), "--engine", "dask"])
    assert result.exit_code == 2

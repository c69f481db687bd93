"""Batch self-training: two passes, the trained model's outputs, resuming, and the signature."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path

import pytest

from kobridge.align.features.lexical import LexicalModel
from kobridge.batch import (
    STATE_DIR,
    BatchSettings,
    PairResult,
    PairStatus,
    discover_pairs,
    report_json,
    run_batch,
    summary_table,
)
from kobridge.batch.selftrain import beads_path
from kobridge.errors import InputError
from kobridge.io import read_text
from kobridge.pipeline import OutputFormat, align_texts, render

from .conftest import SAMPLE_NAMES, SAMPLES
from .test_batch import make_folder, outputs

SELF_TRAIN = BatchSettings(fmt=OutputFormat.beads, with_scores=True, self_train=True)


def model_file(outdir: Path) -> Path:
    return outdir / STATE_DIR / "self-train" / "model.npz"


def test_self_train_outputs_equal_aligning_each_pair_with_the_trained_model(tmp_path: Path) -> None:
    names = make_folder(tmp_path / "in")
    outdir = tmp_path / "out"
    seen: list[tuple[int, int, PairResult]] = []
    report = run_batch(
        discover_pairs(tmp_path / "in"),
        outdir,
        settings=SELF_TRAIN,
        jobs=1,
        progress=lambda done, total, result: seen.append((done, total, result)),
    )
    # Two passes: every pair twice, counted against a total of both passes.
    assert [(done, total) for done, total, _ in seen] == [
        (i, 2 * len(names)) for i in range(1, 2 * len(names) + 1)
    ]
    assert [r.status for r in report.results] == [PairStatus.ok] * len(names)
    training = report.self_training
    assert training is not None and not training.reused and training.pairs > 0
    model = LexicalModel.load(model_file(outdir))
    assert model.info["pairs"] == training.pairs
    for name in names:
        src = read_text(tmp_path / "in" / f"{name}.ko.txt")
        tgt = read_text(tmp_path / "in" / f"{name}.en.txt")
        direct = render(align_texts(src, tgt, lexicon=model), OutputFormat.beads, with_scores=True)
        assert outputs(outdir)[f"{name}.beads"] == direct


def test_training_pairs_are_the_confident_one_to_one_beads(tmp_path: Path) -> None:
    names = make_folder(tmp_path / "in")
    outdir = tmp_path / "out"
    settings = BatchSettings(fmt=OutputFormat.beads, self_train=True, self_train_min_confidence=0.8)
    report = run_batch(discover_pairs(tmp_path / "in"), outdir, settings=settings, jobs=1)
    training = []
    for name in names:
        alignment = align_texts(
            read_text(tmp_path / "in" / f"{name}.ko.txt"), read_text(tmp_path / "in" / f"{name}.en.txt")
        )
        expected = [
            [alignment.src.sentences[b.src[0]].text, alignment.tgt.sentences[b.tgt[0]].text]
            for b in alignment.beads
            if len(b.src) == 1 and len(b.tgt) == 1 and b.score >= 0.8
        ]
        lines = beads_path(outdir, name).read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines[1:]] == expected
        training.extend(lines[1:])
    assert 0 < len(training) < sum(r.beads for r in report.results)
    assert report.self_training is not None and report.self_training.pairs == len(training)
    gathered = (outdir / STATE_DIR / "self-train" / "training.jsonl").read_text(encoding="utf-8")
    assert gathered.splitlines() == training


def test_resume_after_self_train_skips_and_reuses_the_model(tmp_path: Path) -> None:
    names = make_folder(tmp_path / "in")
    outdir = tmp_path / "out"
    first = run_batch(discover_pairs(tmp_path / "in"), outdir, settings=SELF_TRAIN, jobs=1)
    written = outputs(outdir)
    model_bytes = model_file(outdir).read_bytes()
    # What a batch killed while writing leaves staged is swept by the next run.
    (outdir / STATE_DIR / "self-train" / "beads" / f".{names[0]}.jsonl.x1.tmp").write_text(
        "[", encoding="utf-8"
    )
    (outdir / STATE_DIR / "self-train" / ".training.jsonl.x2.tmp").write_text("[", encoding="utf-8")
    seen: list[PairStatus] = []
    again = run_batch(
        discover_pairs(tmp_path / "in"),
        outdir,
        settings=SELF_TRAIN,
        jobs=1,
        progress=lambda done, total, result: seen.append(result.status),
    )
    assert seen == [PairStatus.skipped] * (2 * len(names))
    assert again.self_training is not None and again.self_training.reused
    assert again.settings == first.settings
    assert outputs(outdir) == written
    assert model_file(outdir).read_bytes() == model_bytes
    assert not list((outdir / STATE_DIR / "self-train").rglob("*.tmp"))
    data = json.loads(report_json(again))
    assert data["self_training"]["reused"] is True
    assert data["self_training"]["pairs"] == first.self_training.pairs  # type: ignore[union-attr]
    assert "self-training:" in summary_table(again) and "(reused)" in summary_table(again)


def test_the_model_hash_is_in_the_signature_and_a_new_model_redoes_every_pair(tmp_path: Path) -> None:
    names = make_folder(tmp_path / "in", copies=2)
    outdir = tmp_path / "out"
    first = run_batch(discover_pairs(tmp_path / "in"), outdir, settings=SELF_TRAIN, jobs=1)
    digest = hashlib.sha256(model_file(outdir).read_bytes()).hexdigest()
    assert first.self_training is not None and first.self_training.model_digest == digest
    assert first.settings.endswith(f"|lexicon:{digest}")
    plain_signature = BatchSettings(fmt=OutputFormat.beads, with_scores=True).signature()
    assert first.settings == f"{plain_signature}|lexicon:{digest}"
    # Another text for one pair changes the training pairs, so the model, so every output.
    for lang in ("ko", "en"):
        shutil.copy(tmp_path / "in" / f"{names[-1]}.{lang}.txt", tmp_path / "in" / f"{names[0]}.{lang}.txt")
    seen: list[tuple[str, PairStatus]] = []
    again = run_batch(
        discover_pairs(tmp_path / "in"),
        outdir,
        settings=SELF_TRAIN,
        jobs=1,
        progress=lambda done, total, result: seen.append((result.name, result.status)),
    )
    pass_one = dict(seen[: len(names)])
    assert pass_one == {name: PairStatus.ok if name == names[0] else PairStatus.skipped for name in names}
    assert again.self_training is not None and not again.self_training.reused
    assert again.self_training.model_digest != digest
    assert {r.status for r in again.results} == {PairStatus.ok}
    # Without self-training the shipped model's outputs are not those of the trained one.
    plain = run_batch(
        discover_pairs(tmp_path / "in"),
        outdir,
        settings=BatchSettings(fmt=OutputFormat.beads, with_scores=True),
    )
    assert plain.settings == plain_signature
    assert {r.status for r in plain.results} == {PairStatus.ok}


def test_a_pair_failed_in_pass_one_is_reported_once_and_not_realigned(tmp_path: Path) -> None:
    names = make_folder(tmp_path / "in")
    shutil.copy(SAMPLES / f"{SAMPLE_NAMES[0]}.ko.txt", tmp_path / "in" / "unpaired.ko.txt")
    seen: list[tuple[int, int, str]] = []
    report = run_batch(
        discover_pairs(tmp_path / "in"),
        tmp_path / "out",
        settings=SELF_TRAIN,
        jobs=1,
        progress=lambda done, total, result: seen.append((done, total, result.name)),
    )
    assert [name for *_, name in seen].count("unpaired") == 1
    assert seen[-1][:2] == (2 * len(names) + 1, 2 * len(names) + 1)
    assert report.count(PairStatus.failed) == 1 and report.count(PairStatus.ok) == len(names)
    assert [r.name for r in report.results] == [p.name for p in discover_pairs(tmp_path / "in")]
    assert set(outputs(tmp_path / "out")) == {f"{name}.beads" for name in names}


def test_nothing_confident_enough_aligns_as_without_self_training(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_folder(tmp_path / "in")
    settings = BatchSettings(fmt=OutputFormat.beads, self_train=True, self_train_min_confidence=1.0)
    with caplog.at_level(logging.WARNING, logger="kobridge"):
        report = run_batch(discover_pairs(tmp_path / "in"), tmp_path / "out", settings=settings, jobs=1)
    plain = run_batch(
        discover_pairs(tmp_path / "in"), tmp_path / "plain", settings=BatchSettings(fmt=OutputFormat.beads)
    )
    assert report.self_training is None
    assert "no 1-1 bead reached confidence" in caplog.text
    assert report.settings == plain.settings
    assert outputs(tmp_path / "out") == outputs(tmp_path / "plain")


def test_self_train_with_worker_processes_equals_one_process(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    one = run_batch(discover_pairs(tmp_path / "in"), tmp_path / "one", settings=SELF_TRAIN, jobs=1)
    two = run_batch(discover_pairs(tmp_path / "in"), tmp_path / "two", settings=SELF_TRAIN, jobs=2)
    assert one.self_training is not None and two.self_training is not None
    assert one.self_training.model_digest == two.self_training.model_digest
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")


def test_a_given_lexicon_is_pass_one_model_and_the_training_base(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    base = tmp_path / "base.npz"
    LexicalModel.train(
        [("전지 포럼이 열렸다.", "The battery forum opened.")], base=LexicalModel.load_default()
    ).save(base)
    settings = BatchSettings(fmt=OutputFormat.beads, lexicon=base)
    plain = run_batch(discover_pairs(tmp_path / "in"), tmp_path / "given", settings=settings, jobs=1)
    assert plain.settings.endswith(f"|lexicon:{hashlib.sha256(base.read_bytes()).hexdigest()}")
    trained = run_batch(
        discover_pairs(tmp_path / "in"),
        tmp_path / "out",
        settings=BatchSettings(fmt=OutputFormat.beads, lexicon=base, self_train=True),
        jobs=1,
    )
    assert trained.self_training is not None
    assert LexicalModel.load(model_file(tmp_path / "out")).info["self_trained_from"] == "1 pairs"


def test_self_train_refusals(tmp_path: Path) -> None:
    pairs = discover_pairs(SAMPLES)
    with pytest.raises(InputError, match="does not use for de-fr"):
        run_batch(
            pairs, tmp_path / "a", settings=BatchSettings(src_lang="de", tgt_lang="fr", self_train=True)
        )
    with pytest.raises(InputError, match=r"lie in \[0, 1\]"):
        run_batch(
            pairs, tmp_path / "b", settings=BatchSettings(self_train=True, self_train_min_confidence=1.5)
        )
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    with pytest.raises(InputError, match="not a kobridge lexical model"):
        run_batch(pairs, tmp_path / "c", settings=BatchSettings(lexicon=tmp_path / "bad.npz"))
    assert not (tmp_path / "c").exists()

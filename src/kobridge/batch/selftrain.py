"""Self-training on a whole batch: the confident beads of pass 1 train the lexical model of pass 2.

Everything lives in ``OUTDIR/.kobridge/self-train/``:

- ``beads/NAME.jsonl``, written by pass 1 for each pair: a header line (the pass-1 settings,
  the input digests and the pair's figures) and one ``[source, target]`` line for each 1-1
  bead whose confidence is at least ``BatchSettings.self_train_min_confidence``. A file whose
  header still matches is not redone, so pass 1 resumes like the outputs do.
- ``training.jsonl``: those lines for the whole batch, in the order of the pairs, streamed from
  the per-pair files (the parent never holds the batch's text).
- ``model.npz`` and ``model.json``: the trained model and what it was trained from (the SHA-256
  of ``training.jsonl``, of the base model and the training settings). When they still match,
  the model is reused rather than trained again, so a resumed batch finds the same model, the
  same signature, and skips its outputs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kobridge import __version__
from kobridge.align.features.lexical import LexicalModel
from kobridge.batch import state
from kobridge.batch.discover import PairJob
from kobridge.batch.pair import (
    BatchContext,
    BatchSettings,
    PairResult,
    PairStatus,
    align_pair,
    alignment_stats,
    make_result,
    read_pair,
)
from kobridge.errors import KobridgeError
from kobridge.io import atomic_writer

__all__ = [
    "MAX_TRAINING_PAIRS",
    "TRAIN_ITERATIONS",
    "SelfTraining",
    "beads_path",
    "collect_pair",
    "train_batch_model",
]

logger = logging.getLogger(__name__)

TRAIN_ITERATIONS = 5
"""EM iterations of ``LexicalModel.train`` on the batch's pairs."""
MAX_TRAINING_PAIRS = 200_000
"""At most this many training pairs, evenly spread over the batch, bound the training's time
and memory (``LexicalModel.train`` holds its pairs; about a second per thousand)."""


@dataclass(frozen=True, slots=True)
class SelfTraining:
    """What the self-training step did: its pairs, the model it wrote, and whether it was reused."""

    pairs: int
    model: str
    model_digest: str
    reused: bool
    seconds: float


def _folder(outdir: Path) -> Path:
    return outdir / state.STATE_DIR / "self-train"


def beads_path(outdir: Path, name: str) -> Path:
    """Where pass 1 keeps the training pairs of the pair ``name``."""
    return _folder(outdir) / "beads" / f"{name}.jsonl"


def _read_header(path: Path) -> dict[str, Any] | None:
    try:
        with path.open(encoding="utf-8") as stream:
            header = json.loads(stream.readline())
    except (OSError, ValueError):
        return None
    return header if isinstance(header, dict) else None


def collect_pair(job: PairJob, context: BatchContext) -> PairResult:
    """Pass 1 of a pair: align it and keep its confident 1-1 beads as training pairs.

    Nothing is written to OUTDIR itself. A pair whose beads file is up to date (same pass-1
    settings, same inputs) is ``skipped``. Errors become ``failed`` results, as in
    :func:`kobridge.batch.process_pair`.
    """
    start = time.perf_counter()
    target = beads_path(context.outdir, job.name)
    try:
        src, tgt, inputs = read_pair(job, context.settings)
        header = _read_header(target)
        if (
            header is not None
            and header.get("settings") == context.signature
            and header.get("inputs") == list(inputs)
        ):
            return make_result(job.name, PairStatus.skipped, target, start, dict(header.get("stats", {})))
        alignment, glossary = align_pair(src, tgt, context)
        stats = alignment_stats(alignment, glossary)
        threshold = context.settings.self_train_min_confidence
        with atomic_writer(target) as staged, staged.open("w", encoding="utf-8") as stream:
            head = {"settings": context.signature, "inputs": list(inputs), "stats": stats}
            stream.write(json.dumps(head, ensure_ascii=False) + "\n")
            for bead in alignment.beads:
                if len(bead.src) == 1 and len(bead.tgt) == 1 and bead.score >= threshold:
                    pair = [
                        alignment.src.sentences[bead.src[0]].text,
                        alignment.tgt.sentences[bead.tgt[0]].text,
                    ]
                    stream.write(json.dumps(pair, ensure_ascii=False) + "\n")
    except KobridgeError as error:
        return PairResult(
            job.name, PairStatus.failed, str(target), round(time.perf_counter() - start, 4), error=str(error)
        )
    return make_result(job.name, PairStatus.ok, target, start, stats)


def prepare_folders(outdir: Path) -> None:
    """Create the self-training folders of ``outdir`` and remove what a killed batch left staged."""
    beads = _folder(outdir) / "beads"
    beads.mkdir(parents=True, exist_ok=True)
    for folder in (beads, _folder(outdir)):
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink()


def _gather(outdir: Path, names: Sequence[str]) -> tuple[Path, str, int]:
    """Stream the pairs' beads files into ``training.jsonl``; its path, SHA-256 and line count."""
    training = _folder(outdir) / "training.jsonl"
    sha = hashlib.sha256()
    count = 0
    with atomic_writer(training) as staged, staged.open("wb") as out:
        for name in names:
            with beads_path(outdir, name).open("rb") as stream:
                stream.readline()
                for line in stream:
                    out.write(line)
                    sha.update(line)
                    count += 1
    return training, sha.hexdigest(), count


def _training_pairs(training: Path, count: int, flip: bool) -> Iterator[tuple[str, str]]:
    step = -(-count // MAX_TRAINING_PAIRS)
    with training.open(encoding="utf-8") as stream:
        for index, line in enumerate(stream):
            if index % step == 0:
                src, tgt = json.loads(line)
                yield (tgt, src) if flip else (src, tgt)


def _base_model(settings: BatchSettings) -> LexicalModel | None:
    """The model that pass 1 aligned with and training starts from, when it covers the pair."""
    if settings.lexicon is not None:
        model = LexicalModel.load(settings.lexicon)
    elif {settings.src_lang, settings.tgt_lang} == {"ko", "en"}:
        model = LexicalModel.load_default()
    else:
        return None
    return model if {model.src_lang, model.tgt_lang} == {settings.src_lang, settings.tgt_lang} else None


def train_batch_model(
    outdir: Path, names: Sequence[str], settings: BatchSettings, base_digest: str
) -> SelfTraining | None:
    """Train the lexical model on pass 1's training pairs of ``names`` and save it under OUTDIR.

    The base is the model pass 1 aligned with (``settings.lexicon`` or, for Korean-English, the
    shipped one); without one (another language pair) tokenizers and tables are trained on the
    batch alone. A model trained earlier from the same pairs, base and settings is reused.

    Returns:
        What was done, or ``None`` when pass 1 found no confident bead to train on.
    """
    start = time.perf_counter()
    training, training_digest, count = _gather(outdir, names)
    if count == 0:
        logger.warning(
            "self-training: no 1-1 bead reached confidence %s; aligning once",
            settings.self_train_min_confidence,
        )
        return None
    folder = _folder(outdir)
    model_path, record_path = folder / "model.npz", folder / "model.json"
    key = "|".join(
        [
            f"training:{training_digest}",
            f"base:{base_digest}",
            f"langs:{settings.src_lang}-{settings.tgt_lang}",
            f"iterations:{TRAIN_ITERATIONS}",
            f"max-pairs:{MAX_TRAINING_PAIRS}",
            f"v:{__version__}",
        ]
    )
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if record.get("key") == key and state.digest(model_path.read_bytes()) == record.get("model"):
            return SelfTraining(
                count, str(model_path), str(record["model"]), True, round(time.perf_counter() - start, 3)
            )
    except (OSError, ValueError, AttributeError):
        pass
    base = _base_model(settings)
    flip = base is not None and base.src_lang != settings.src_lang
    pairs = _training_pairs(training, count, flip)
    if base is not None:
        model = LexicalModel.train(
            pairs, base=base, iterations=TRAIN_ITERATIONS, corpus=f"batch, {count} pairs"
        )
    else:
        model = LexicalModel.train(
            pairs,
            src_lang=settings.src_lang,
            tgt_lang=settings.tgt_lang,
            iterations=TRAIN_ITERATIONS,
            corpus=f"batch, {count} pairs",
        )
    staged = outdir / state.STATE_DIR / "tmp" / model_path.name
    model.save(staged)
    os.replace(staged, model_path)
    model_digest = state.digest(model_path.read_bytes())
    with atomic_writer(record_path) as staged_record:
        staged_record.write_text(
            json.dumps({"key": key, "model": model_digest, "pairs": count}), encoding="utf-8"
        )
    return SelfTraining(count, str(model_path), model_digest, False, round(time.perf_counter() - start, 3))

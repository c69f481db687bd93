"""Running a batch: the settings, the report, and ``run_batch``."""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kobridge.align.features.lexical import LexicalModel
from kobridge.align.profiles import default_params
from kobridge.batch import state
from kobridge.batch.discover import PairJob
from kobridge.batch.engines import PairTask, run_dask, run_local
from kobridge.batch.pair import BatchContext, BatchSettings, PairResult, PairStatus, process_pair
from kobridge.batch.selftrain import SelfTraining, collect_pair, prepare_folders, train_batch_model
from kobridge.errors import InputError
from kobridge.glossary import load_glossary

__all__ = ["BatchReport", "Engine", "ProgressCallback", "run_batch"]


class Engine(StrEnum):
    """Where the pairs are aligned."""

    local = "local"
    dask = "dask"


ProgressCallback = Callable[[int, int, PairResult], None]
"""Called after each pair with (pairs done, pairs in the batch, the pair's result)."""


@dataclass(frozen=True, slots=True)
class BatchReport:
    """The results of a batch, one per pair in the order the pairs were given."""

    results: tuple[PairResult, ...]
    settings: str
    engine: Engine
    workers: int
    seconds: float
    # With ``settings.self_train``: the training pairs and the model of pass 2 (None when
    # pass 1 found nothing to train on, or without self-training).
    self_training: SelfTraining | None = None

    def count(self, status: PairStatus) -> int:
        """How many pairs ended with ``status``."""
        return sum(1 for result in self.results if result.status is status)

    @property
    def failed(self) -> bool:
        """Whether some pair failed (the CLI exits 1)."""
        return any(result.status is PairStatus.failed for result in self.results)


def run_batch(
    pairs: Sequence[PairJob],
    outdir: Path,
    *,
    settings: BatchSettings | None = None,
    jobs: int | None = None,
    engine: Engine = Engine.local,
    scheduler: str | None = None,
    progress: ProgressCallback | None = None,
) -> BatchReport:
    """Align every pair into ``outdir``, skipping pairs whose output is up to date.

    Outputs are written atomically, so ``outdir`` only ever holds complete files; a killed
    batch run again redoes only what is missing or stale. A pair that fails (any
    :class:`KobridgeError`) is reported and the batch goes on.

    With ``settings.self_train``, the batch runs twice. Pass 1 aligns every pair (with
    ``settings.lexicon`` or the shipped model) and keeps, under ``OUTDIR/.kobridge/self-train/``,
    its 1-1 beads of confidence at least ``settings.self_train_min_confidence``; it writes no
    output. Those beads of the whole batch train a lexical model (``LexicalModel.train``, based
    on pass 1's model when it covers the language pair), saved in the same folder. Pass 2
    aligns every pair that pass 1 did not fail with that model and writes the outputs, recorded
    with the model's SHA-256 in their settings signature. Both passes resume: run again, pass 1
    skips pairs whose beads are up to date, the same beads give back the saved model, and pass
    2 skips outputs that are up to date.

    Args:
        pairs: the pairs, e.g. from :func:`kobridge.batch.discover_pairs`; names must be unique.
        outdir: the output folder (created if missing).
        settings: the alignment settings (default: ``kobridge align``'s defaults, TEI).
        jobs: worker processes for the local engine (default: the number of CPUs); 1 aligns
            in this process.
        engine: ``local`` (processes on this machine) or ``dask`` (a Dask distributed cluster;
            inputs, glossary and ``outdir`` must be on a file system the workers share).
        scheduler: the Dask scheduler's address, for ``engine="dask"``.
        progress: called after each pair (see :data:`ProgressCallback`); with self-training,
            after each pair of both passes, the total counting both.

    Returns:
        One result per pair, in the order of ``pairs`` (with self-training: pass 2's, or pass
        1's for a pair that failed there).

    Raises:
        InputError: two pairs share a name, ``outdir`` is a file or another batch is writing
            into it, the lexical model cannot be read, self-training is asked for a language
            pair whose aligner has no lexical feature, or the Dask scheduler cannot be reached.
        GlossaryError: the glossary cannot be loaded.
        OutputError: ``outdir`` cannot be created or written (a read-only file system).
        KobridgeError: the Dask engine is asked for but dask is not installed.
    """
    settings = settings or BatchSettings()
    workers = jobs if jobs is not None else os.cpu_count() or 1
    if workers < 1:
        raise InputError(f"jobs must be at least 1, not {workers}")
    names = [job.name for job in pairs]
    duplicates = [name for name, count in Counter(names).items() if count > 1]
    if duplicates:
        duplicate = duplicates[0]
        raise InputError(f"two pairs are named {duplicate!r}; give each pair its own name")
    if outdir.exists() and not outdir.is_dir():
        raise InputError("is a file, expected the output folder", path=os.fspath(outdir))
    if settings.self_train:
        _check_self_train(settings)
    glossary_digest = "-"
    if settings.glossary is not None:
        load_glossary(settings.glossary)  # refuse a bad glossary before any pair is done
        glossary_digest = state.digest(settings.glossary.read_bytes())
    lexicon_digest = "-"
    if settings.lexicon is not None:
        LexicalModel.load(settings.lexicon)  # refuse a bad model before any pair is done
        lexicon_digest = state.digest(settings.lexicon.read_bytes())
    with state.locked(outdir):  # creates outdir; one batch at a time in it
        state.sweep_staging(outdir)
        lexicon = str(settings.lexicon) if settings.lexicon is not None else None
        context = BatchContext(
            settings,
            settings.signature(glossary_digest, lexicon_digest),
            outdir,
            glossary_digest,
            lexicon,
            lexicon_digest,
        )
        start = time.perf_counter()
        workers = workers if engine is Engine.local else 0
        passes = _Passes(pairs, workers, engine, scheduler, progress)
        training: SelfTraining | None = None
        failed_first: list[PairResult] = []
        todo = pairs
        if settings.self_train:
            prepare_folders(outdir)
            first = BatchContext(
                settings,
                f"{context.signature}|self-train-pass-1|min-confidence:{settings.self_train_min_confidence}",
                outdir,
                glossary_digest,
                lexicon,
                lexicon_digest,
            )
            collected = passes.run(first, pairs, collect_pair, 2 * len(pairs))
            failed_first = [result for result in collected if result.status is PairStatus.failed]
            failed_names = {result.name for result in failed_first}
            todo = [job for job in pairs if job.name not in failed_names]
            training = train_batch_model(outdir, [job.name for job in todo], settings, lexicon_digest)
            if training is not None:
                context = BatchContext(
                    settings,
                    settings.signature(glossary_digest, training.model_digest),
                    outdir,
                    glossary_digest,
                    training.model,
                    training.model_digest,
                )
        results = failed_first + passes.run(context, todo, process_pair, passes.done + len(todo))
        order = {name: index for index, name in enumerate(names)}
        results.sort(key=lambda result: order[result.name])
        return BatchReport(
            tuple(results),
            context.signature,
            engine,
            workers,
            round(time.perf_counter() - start, 3),
            training,
        )


def _check_self_train(settings: BatchSettings) -> None:
    if not 0.0 <= settings.self_train_min_confidence <= 1.0:
        raise InputError(
            f"self_train_min_confidence must lie in [0, 1], not {settings.self_train_min_confidence}"
        )
    params = settings.params or default_params(settings.src_lang, settings.tgt_lang)
    if "lexical" not in params.features:
        raise InputError(
            "self-training trains the lexical model, which the aligner does not use for "
            f"{settings.src_lang}-{settings.tgt_lang}; align without self-training"
        )


class _Passes:
    """Runs the passes of one batch on its engine, counting progress across them."""

    def __init__(
        self,
        pairs: Sequence[PairJob],
        workers: int,
        engine: Engine,
        scheduler: str | None,
        progress: ProgressCallback | None,
    ) -> None:
        self.workers = min(workers, max(len(pairs), 1))
        self.engine = engine
        self.scheduler = scheduler
        self.progress = progress
        self.done = 0

    def run(
        self, context: BatchContext, jobs: Sequence[PairJob], task: PairTask, total: int
    ) -> list[PairResult]:
        """Run ``task`` over ``jobs``; ``total`` is the progress total shown (every pass's pairs)."""
        stream: Generator[PairResult, None, None]
        if self.engine is Engine.dask:
            stream = run_dask(jobs, context, self.scheduler, task)
        else:
            stream = run_local(jobs, context, self.workers, task)
        results: list[PairResult] = []
        with contextlib.closing(stream):
            for result in stream:
                results.append(result)
                self.done += 1
                if self.progress is not None:
                    self.progress(self.done, total, result)
        return results

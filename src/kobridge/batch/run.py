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

from kobridge.batch import state
from kobridge.batch.discover import PairJob
from kobridge.batch.engines import run_dask, run_local
from kobridge.batch.pair import BatchContext, BatchSettings, PairResult, PairStatus
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

    Args:
        pairs: the pairs, e.g. from :func:`kobridge.batch.discover_pairs`; names must be unique.
        outdir: the output folder (created if missing).
        settings: the alignment settings (default: ``kobridge align``'s defaults, TEI).
        jobs: worker processes for the local engine (default: the number of CPUs); 1 aligns
            in this process.
        engine: ``local`` (processes on this machine) or ``dask`` (a Dask distributed cluster;
            inputs, glossary and ``outdir`` must be on a file system the workers share).
        scheduler: the Dask scheduler's address, for ``engine="dask"``.
        progress: called after each pair (see :data:`ProgressCallback`).

    Returns:
        One result per pair, in the order of ``pairs``.

    Raises:
        InputError: two pairs share a name, ``outdir`` is a file, or the Dask scheduler
            cannot be reached.
        GlossaryError: the glossary cannot be loaded.
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
    glossary_digest = "-"
    if settings.glossary is not None:
        load_glossary(settings.glossary)  # refuse a bad glossary before any pair is done
        glossary_digest = state.digest(settings.glossary.read_bytes())
    outdir.mkdir(parents=True, exist_ok=True)
    state.sweep_staging(outdir)
    context = BatchContext(settings, settings.signature(glossary_digest), outdir, glossary_digest)
    start = time.perf_counter()
    stream: Generator[PairResult, None, None]
    if engine is Engine.dask:
        stream = run_dask(pairs, context, scheduler)
    else:
        stream = run_local(pairs, context, min(workers, max(len(pairs), 1)))
    order = {name: index for index, name in enumerate(names)}
    results: list[PairResult] = []
    with contextlib.closing(stream):
        for result in stream:
            results.append(result)
            if progress is not None:
                progress(len(results), len(pairs), result)
    results.sort(key=lambda result: order[result.name])
    return BatchReport(
        tuple(results),
        context.signature,
        engine,
        workers if engine is Engine.local else 0,
        round(time.perf_counter() - start, 3),
    )

"""The engines that run a per-pair task (``process_pair``, or self-training's ``collect_pair``)
over a batch: in this process, in a pool of processes, or on a Dask distributed cluster.

Each feeds a bounded window of pairs at a time and yields results as they come, so the work
in flight stays small however long the batch is.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import multiprocessing.queues
import signal
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from kobridge.batch.discover import PairJob
from kobridge.batch.pair import BatchContext, PairResult, cached_glossary, cached_lexicon, process_pair
from kobridge.errors import InputError, KobridgeError

__all__ = ["PairTask", "run_dask", "run_local"]

PairTask = Callable[[PairJob, BatchContext], PairResult]
"""What an engine runs for each pair: a module-level function, so that it pickles by name."""

# Pairs handed to the engine ahead of the results, per worker: enough to keep every worker
# busy, few enough that the pending work stays small however long the batch is.
_WINDOW_PER_WORKER = 4


# Set in each worker process by the pool's initializer, so that tasks carry only their pair.
_WORKER_CONTEXT: BatchContext | None = None
_WORKER_TASK: PairTask = process_pair


class _Redispatch(logging.Handler):
    """Hands a worker's log record to the same-named logger of this process, so that the
    caller's logging settings (level, handlers) apply to workers too."""

    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger(record.name).handle(record)


def _init_worker(
    context: BatchContext, task: PairTask, logs: multiprocessing.queues.Queue[logging.LogRecord], level: int
) -> None:
    global _WORKER_CONTEXT, _WORKER_TASK
    # Ctrl-C reaches the whole process group: the parent stops the batch, letting the pairs
    # in progress finish, rather than each worker dying half-way.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    package = logging.getLogger("kobridge")
    package.addHandler(logging.handlers.QueueHandler(logs))
    package.setLevel(level)
    package.propagate = False
    _WORKER_CONTEXT = context
    _WORKER_TASK = task
    if context.settings.glossary is not None:
        cached_glossary(str(context.settings.glossary), context.glossary_digest)
    if context.lexicon is not None:
        cached_lexicon(context.lexicon, context.lexicon_digest)


def _process_in_worker(job: PairJob) -> PairResult:
    if _WORKER_CONTEXT is None:
        raise RuntimeError("the worker process was not initialised")
    return _WORKER_TASK(job, _WORKER_CONTEXT)


def _windowed(
    submit: Callable[[PairJob], Future[PairResult]], jobs: Iterable[PairJob], window: int
) -> Iterator[PairResult]:
    pending: set[Future[PairResult]] = set()
    for job in jobs:
        pending.add(submit(job))
        while len(pending) >= window:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        yield from (future.result() for future in done)


def run_local(
    jobs: Sequence[PairJob], context: BatchContext, workers: int, task: PairTask = process_pair
) -> Generator[PairResult, None, None]:
    """Run ``task`` over ``jobs`` in a pool of ``workers`` processes (1: in this process).

    Each worker is initialised once with the context (and loads the glossary and the lexical
    model then); its log records are passed to this process's loggers. Results come in the
    order they finish.
    """
    if workers == 1:
        yield from (task(job, context) for job in jobs)
        return
    methods = multiprocessing.get_all_start_methods()
    # forkserver (or spawn) rather than fork: the caller may run threads, e.g. a progress bar.
    # The fork server imports the aligner once, so that each worker starts with it loaded.
    mp_context: multiprocessing.context.BaseContext
    if "forkserver" in methods:
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload([__name__])
        mp_context = forkserver
    else:
        mp_context = multiprocessing.get_context("spawn")
    logs: multiprocessing.queues.Queue[logging.LogRecord] = mp_context.Queue()
    level = logging.getLogger("kobridge").getEffectiveLevel()
    listener = logging.handlers.QueueListener(logs, _Redispatch())
    listener.start()
    pool = ProcessPoolExecutor(
        workers, mp_context=mp_context, initializer=_init_worker, initargs=(context, task, logs, level)
    )
    try:
        yield from _windowed(
            lambda job: pool.submit(_process_in_worker, job), jobs, workers * _WINDOW_PER_WORKER
        )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        listener.stop()


def run_dask(
    jobs: Sequence[PairJob], context: BatchContext, scheduler: str | None, task: PairTask = process_pair
) -> Generator[PairResult, None, None]:
    """Run ``task`` over ``jobs`` on the Dask cluster whose scheduler is at ``scheduler``.

    The context names the glossary and lexical model by path (on the shared file system);
    each Dask worker process loads them once, on its first pair.

    Raises:
        KobridgeError: dask is not installed (the message names the extra).
        InputError: no address, or the scheduler cannot be reached.
    """
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise KobridgeError('the Dask engine needs the dask extra: pip install "kobridge[dask]"') from None
    if not scheduler:
        raise InputError("the Dask engine needs the address of a scheduler (e.g. tcp://host:8786)")
    try:
        client = Client(scheduler, set_as_default=False)
    except OSError as error:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        window = max(1, sum(client.nthreads().values())) * _WINDOW_PER_WORKER
        remaining = iter(jobs)
        futures = as_completed(loop=client.loop)
        for job in remaining:
            futures.add(client.submit(task, job, context, pure=False))
            if futures.count() >= window:
                break
        for future in futures:
            yield future.result()
            following = next(remaining, None)
            if following is not None:
                futures.add(client.submit(task, following, context, pure=False))
    finally:
        client.close()

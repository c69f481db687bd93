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
import os
import re
import select
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from kobridge.batch.discover import PairJob
from kobridge.batch.pair import (
    BatchContext,
    PairResult,
    PairStatus,
    cached_glossary,
    cached_lexicon,
    output_path,
    process_pair,
)
from kobridge.errors import InputError, KobridgeError

__all__ = ["DASK_CONNECT_TIMEOUT", "PairTask", "check_scheduler", "run_dask", "run_local"]

PairTask = Callable[[PairJob, BatchContext], PairResult]
"""What an engine runs for each pair: a module-level function, so that it pickles by name."""

# Pairs handed to the engine ahead of the results, per worker: enough to keep every worker
# busy, few enough that the pending work stays small however long the batch is.
_WINDOW_PER_WORKER = 4
# How long to wait for a Dask scheduler to accept and greet a connection, in seconds.
DASK_CONNECT_TIMEOUT = 10.0
_DASK_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")
_ADDRESS = re.compile(
    r"(?:(?P<scheme>[a-z]+)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]@]+):(?P<port>\d{1,5})"
)
# A Dask greeting is a message of some dozens of bytes, its length in its first 8 bytes; a
# length past this is another protocol's bytes read as a length.
_MAX_GREETING_BYTES = 1 << 20


# Set in each worker process by the pool's initializer, so that tasks carry only their pair.
_WORKER_CONTEXT: BatchContext | None = None
_WORKER_TASK: PairTask = process_pair


class _Redispatch(logging.Handler):
    """Hands a worker's log record to the same-named logger of this process, so that the
    caller's logging settings (level, handlers) apply to workers too."""

    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger(record.name).handle(record)


def _init_worker(
    context: BatchContext,
    task: PairTask,
    logs: multiprocessing.queues.Queue[logging.LogRecord],
    level: int,
    batch_pid: int,
) -> None:
    global _WORKER_CONTEXT, _WORKER_TASK
    # Ctrl-C reaches the whole process group: the parent stops the batch, letting the pairs
    # in progress finish, rather than each worker dying half-way.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_batch(batch_pid)
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


def _die_with_batch(batch_pid: int) -> None:
    """End this worker as soon as the batch process ``batch_pid`` ends, however it ends.

    A worker's parent is the fork server, and the pool's pipes stay open in every worker, so a
    batch killed with ``kill -9`` would leave its workers (and through them the fork server)
    running. A daemon thread waits on the batch process instead: on Linux on a pidfd, which
    becomes readable when the process exits; elsewhere by checking once a second.
    """

    def watch() -> None:
        try:
            fd = os.pidfd_open(batch_pid)
        except (AttributeError, OSError):
            while True:
                time.sleep(1.0)
                try:
                    os.kill(batch_pid, 0)
                except ProcessLookupError:
                    break
                except OSError:
                    pass
        else:
            select.select([fd], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="kobridge-batch-watch", daemon=True).start()


def _worker_died(job: PairJob, context: BatchContext) -> PairResult:
    output = output_path(context.outdir, job.name, context.settings.fmt)
    return PairResult(
        job.name,
        PairStatus.failed,
        str(output),
        0.0,
        error="the worker process aligning this pair died (killed, e.g. by the out-of-memory killer)",
    )


class _Pool:
    """A process pool that survives the death of a worker.

    Pairs are handed out a bounded window at a time. When a worker dies (``BrokenProcessPool``),
    every pair in flight is lost with the pool: those pairs are run again one at a time, each
    in a fresh pool, so that the one that kills its worker again is reported as failed and the
    others give their results; the rest of the batch then goes on in a new pool.
    """

    def __init__(
        self, context: BatchContext, workers: int, make: Callable[[int], ProcessPoolExecutor]
    ) -> None:
        self.context = context
        self.workers = workers
        self.make = make

    def run(self, jobs: Sequence[PairJob]) -> Iterator[PairResult]:
        position = 0
        window = self.workers * _WINDOW_PER_WORKER
        while position < len(jobs):
            in_flight: dict[Future[PairResult], PairJob] = {}
            lost: list[PairJob] = []
            pool = self.make(self.workers)
            try:
                while position < len(jobs) or in_flight:
                    while position < len(jobs) and len(in_flight) < window:
                        in_flight[pool.submit(_process_in_worker, jobs[position])] = jobs[position]
                        position += 1
                    done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in done:
                        result = future.result()  # raises BrokenProcessPool when a worker died
                        del in_flight[future]
                        yield result
            except BrokenProcessPool:
                lost = list(in_flight.values())
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
            for job in lost:
                yield self._alone(job)

    def _alone(self, job: PairJob) -> PairResult:
        pool = self.make(1)
        try:
            return pool.submit(_process_in_worker, job).result()
        except BrokenProcessPool:
            return _worker_died(job, self.context)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


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

    def make(size: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            size,
            mp_context=mp_context,
            initializer=_init_worker,
            initargs=(context, task, logs, level, os.getpid()),
        )

    try:
        yield from _Pool(context, workers, make).run(jobs)
    finally:
        listener.stop()


def check_scheduler(address: str, timeout: float | None = None) -> None:
    """Check a Dask scheduler address, and for ``tcp://`` that a Dask scheduler answers there.

    Dask's client waits without end on a server that accepts a connection and then says
    nothing, and misreads one that says something else; so before it connects, a plain socket
    does: a Dask server greets each connection at once with a message whose first 8 bytes
    are its length (little-endian), a few dozen bytes. Every wait is bounded by ``timeout`` (default
    ``DASK_CONNECT_TIMEOUT``).

    Raises:
        InputError: the address is not ``[SCHEME://]HOST:PORT`` with a Dask scheme, nothing
            listens there, or what listens is not a Dask scheduler.
    """
    wait_for = DASK_CONNECT_TIMEOUT if timeout is None else timeout
    match = _ADDRESS.fullmatch(address)
    if match is None or int(match["port"]) > 65535:
        raise InputError(f"{address!r} is not a Dask scheduler address; expected tcp://HOST:PORT")
    scheme = match["scheme"] or "tcp"
    if scheme not in _DASK_SCHEMES:
        raise InputError(
            f"{address!r}: {scheme}:// is not a Dask protocol; expected one of "
            + ", ".join(f"{known}://" for known in _DASK_SCHEMES)
        )
    if scheme != "tcp":
        return  # TLS and the others handshake first: the client's own timeout applies
    host, port = match["host"].strip("[]"), int(match["port"])
    try:
        with socket.create_connection((host, port), timeout=wait_for) as sock:
            head = b""
            while len(head) < 8:
                chunk = sock.recv(8 - len(head))
                if not chunk:
                    break
                head += chunk
    except TimeoutError:
        raise InputError(
            f"no Dask scheduler answered at {address} within {wait_for:g} s "
            "(something accepted the connection but said nothing)"
        ) from None
    except OSError as error:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {error.strerror or error}") from None
    if len(head) < 8 or struct.unpack("<Q", head)[0] > _MAX_GREETING_BYTES:
        raise InputError(f"what listens at {address} is not a Dask scheduler (it answered otherwise)")


def run_dask(
    jobs: Sequence[PairJob], context: BatchContext, scheduler: str | None, task: PairTask = process_pair
) -> Generator[PairResult, None, None]:
    """Run ``task`` over ``jobs`` on the Dask cluster whose scheduler is at ``scheduler``.

    The context names the glossary and lexical model by path (on the shared file system);
    each Dask worker process loads them once, on its first pair.

    Raises:
        KobridgeError: dask is not installed (the message names the extra).
        InputError: no address, a malformed one, or no Dask scheduler answers there (see
            :func:`check_scheduler`).
    """
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise KobridgeError('the Dask engine needs the dask extra: pip install "kobridge[dask]"') from None
    if not scheduler:
        raise InputError("the Dask engine needs the address of a scheduler (e.g. tcp://host:8786)")
    check_scheduler(scheduler)
    try:
        client = Client(scheduler, set_as_default=False, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, ValueError) as error:
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

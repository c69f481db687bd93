"""Showing a batch's progress: a rich progress bar on a terminal, log lines otherwise."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from kobridge.batch.pair import PairResult, PairStatus
from kobridge.batch.run import ProgressCallback
from kobridge.xmlchars import display_name

if TYPE_CHECKING:
    from rich.progress import Task, TaskID
    from rich.text import Text

__all__ = ["make_progress", "plain_progress"]


def plain_progress(stream: TextIO) -> ProgressCallback:
    """A progress callback that writes one line a pair: ``[12/1000] NAME ok 0.21 s``.

    A failed pair's line carries its error; every 1% of the batch (or every pair for short
    batches) the line also gives the rate and the estimated time left.
    """
    start = time.perf_counter()

    def show(done: int, total: int, result: PairResult) -> None:
        line = f"[{done}/{total}] {display_name(result.name)} {result.status} {result.seconds:.2f} s"
        if result.status is PairStatus.failed:
            line += f": {result.error}"
        elapsed = time.perf_counter() - start
        if elapsed > 0 and (done % max(total // 100, 1) == 0 or done == total):
            rate = done / elapsed
            line += f" ({rate:.1f} pairs/s, {(total - done) / rate:.0f} s left)"
        stream.write(line + "\n")
        stream.flush()

    return show


@contextlib.contextmanager
def make_progress(stream: TextIO) -> Iterator[ProgressCallback]:
    """A progress display for :func:`kobridge.batch.run_batch`, as a context manager.

    On a terminal (``stream.isatty()``), a rich progress bar with pairs done, rate and time
    left, and a line for each failed pair; otherwise :func:`plain_progress` lines.

    Example::

        with make_progress(sys.stderr) as progress:
            report = run_batch(pairs, outdir, progress=progress)
    """
    if not stream.isatty():
        yield plain_progress(stream)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Pairs per second."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:.1f} pairs/s")

    console = Console(file=stream)
    bar = Progress(
        TextColumn("[bold]align"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )
    task: list[TaskID] = []

    def show(done: int, total: int, result: PairResult) -> None:
        if not task:
            task.append(bar.add_task("align", total=total))
        if result.status is PairStatus.failed:
            bar.console.print(
                f"{display_name(result.name)}: failed: {result.error}", markup=False, highlight=False
            )
        bar.update(task[0], completed=done, total=total)

    with bar:
        yield show

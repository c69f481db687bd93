"""Time and peak memory of kobridge's aligner against Gale-Church on long synthetic pairs.

A pair of N sentences a side is built by concatenating the ko_en dev documents (the hard
sets included, so it has insertions, omissions and merges) until each side holds N
sentences. kobridge runs with its default features; the Gale-Church baseline
(``bench/gale_church.py``, plain Python, quadratic) runs only up to ``--gc-max`` sentences.

Usage: .venv/bin/python bench/speed.py [--sizes 1000,5000,20000] [--repeat 3]
Each time is the median of ``--repeat`` runs; "peak MiB" is tracemalloc's peak (Python
objects and numpy arrays) during one run, "RSS MiB" the process's peak resident memory so far
(sizes run in ascending order, so the last row's RSS bounds the largest run).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import KO_EN_SETS, load_set
from gale_church import gale_church

from kobridge.align import align
from kobridge.model import Bead

Aligner = Callable[[Sequence[str], Sequence[str]], tuple[Bead, ...]]


def synthetic_pair(size: int) -> tuple[list[str], list[str]]:
    """At least ``size`` sentences a side, cut to exactly ``size`` on both."""
    src: list[str] = []
    tgt: list[str] = []
    docs = [d for name in KO_EN_SETS for d in load_set(name)]
    while len(src) < size or len(tgt) < size:
        for d in docs:
            src.extend(d.src)
            tgt.extend(d.tgt)
            if len(src) >= size and len(tgt) >= size:
                break
    return src[:size], tgt[:size]


def measure(aligner: Aligner, src: list[str], tgt: list[str], repeat: int) -> tuple[float, float]:
    """Median seconds over ``repeat`` runs, and the peak traced memory (MiB) of one run."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        aligner(src, tgt)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    aligner(src, tgt)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gc-max", type=int, default=1000)
    args = parser.parse_args()
    print("| sentences a side | kobridge s | s per 1k | peak MiB | RSS MiB | Gale-Church s | GC peak MiB |")
    print("|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        src, tgt = synthetic_pair(size)
        seconds, peak = measure(align, src, tgt, args.repeat)
        gc = "—", "—"
        if size <= args.gc_max:
            gc_seconds, gc_peak = measure(gale_church, src, tgt, 1)
            gc = f"{gc_seconds:.2f}", f"{gc_peak:.0f}"
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"| {size} | {seconds:.2f} | {seconds / size * 1000:.2f} | {peak:.0f} | {rss:.0f} "
            f"| {gc[0]} | {gc[1]} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

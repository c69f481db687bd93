"""Time ``kobridge.batch.run_batch`` with one and two worker processes, and watch its memory
as the number of pairs grows.

The pairs are the Korean-English development documents (``shared/bench/ko_en``: ntrex-dev
and park-dev, one sentence a line, aligned with ``presegmented=True``), repeated and numbered
until there are ``--pairs`` of them, in a temporary folder with one manifest CSV per batch
size. Every run is a fresh process on a fresh output folder (nothing is skipped), and
``jobs=1`` and ``jobs=2`` runs alternate so that both see the same background load.

Each run also reports the CPU seconds of the batch's process and its workers, how many cores
it kept busy, and how long its processes were ready to run but waited for a CPU (the kernel's
run delay, ``/proc/PID/schedstat``): on a machine shared with other work, that wait, not
kobridge, decides the wall-clock speed-up.

Memory: the peak resident size (``VmHWM``) of the batch's own process and of its largest
worker, read from ``/proc`` while the workers are alive (Linux only), for each size in
``--sizes``.

Self-training (``--self-train-gain``): does ``run_batch``'s self-training align a batch better?
Each Korean-English dev set is one batch (its documents written as pairs in a temporary folder,
one sentence a line, ``presegmented=True``, beads format). Both runs use the held-out lexical
model as ``BatchSettings.lexicon`` (``bench/models``, as in ``bench/accuracy.py``: a model that
has not seen the set's sentences): once as a plain batch, which is what pass 1 aligns, and once
with ``self_train=True``, which trains on pass 1's confident 1-1 beads with the held-out model
as the base and realigns. Each output is scored against the gold beads (strict and lax F1,
counts summed over the set's documents).

Usage: .venv/bin/python bench/bench_batch.py [--pairs 1000] [--repeats 3] [--sizes 100,300,1000]
       .venv/bin/python bench/bench_batch.py --self-train-gain [--min-confidence 0.5] [--jobs 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kobridge.align import Scores, read_beads, score_beads
from kobridge.batch import BatchReport, BatchSettings, PairResult, PairStatus, discover_pairs, run_batch
from kobridge.pipeline import OutputFormat

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ko_en"
SETS = ("ntrex-dev", "park-dev")


def _run_delay(pid: int | str) -> float:
    """Seconds the process's main thread has spent ready to run but waiting for a CPU."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def _proc_status(pid: int) -> tuple[int, float, float]:
    """A process's peak resident size (KiB), CPU seconds and seconds waiting for a CPU so far."""
    peak = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1])
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return peak, 0.0, 0.0
    return peak, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), _run_delay(pid)


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found.extend(children)
        frontier.extend(children)
    return found


def child(manifest: Path, outdir: Path, jobs: int) -> None:
    """One measured batch (run in its own process); prints a JSON line."""
    worker_peak = 0
    worker_cpu: dict[int, float] = {}
    worker_wait: dict[int, float] = {}

    def watch(done: int, total: int, result: PairResult) -> None:
        nonlocal worker_peak
        if done % 50 == 0 or done >= total - jobs:
            for pid in _descendants(os.getpid()):
                peak, cpu, wait = _proc_status(pid)
                worker_peak = max(worker_peak, peak)
                worker_cpu[pid] = max(worker_cpu.get(pid, 0.0), cpu)
                worker_wait[pid] = max(worker_wait.get(pid, 0.0), wait)

    pairs = discover_pairs(manifest)
    start = time.perf_counter()
    own_start = time.process_time()
    own_wait = _run_delay("self")
    report = run_batch(pairs, outdir, jobs=jobs, settings=BatchSettings(presegmented=True), progress=watch)
    seconds = time.perf_counter() - start
    own_cpu = time.process_time() - own_start
    own_wait = _run_delay("self") - own_wait
    if report.failed:
        failed = [r for r in report.results if r.status is PairStatus.failed]
        raise SystemExit(f"{len(failed)} pair(s) failed, the first: {failed[0].error}")
    print(
        json.dumps(
            {
                "pairs": len(pairs),
                "jobs": jobs,
                "seconds": seconds,
                "cpu": own_cpu + sum(worker_cpu.values()),
                # Workers are new processes: their whole run delay belongs to this batch.
                "cpu_wait": own_wait + sum(worker_wait.values()),
                "self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "worker_kib": worker_peak,
            }
        )
    )


def _documents(data: Path) -> list[tuple[str, str, str]]:
    docs = []
    for name in SETS:
        for ko in sorted((data / name).glob("*.ko")):
            docs.append(
                (ko.stem, ko.read_text(encoding="utf-8"), ko.with_suffix(".en").read_text(encoding="utf-8"))
            )
    if not docs:
        raise SystemExit(f"no development documents under {data}")
    return docs


def _prepare(folder: Path, pairs: int, sizes: list[int], data: Path) -> dict[int, Path]:
    docs = _documents(data)
    (folder / "in").mkdir()
    names = []
    for index in range(max(pairs, *sizes)):
        stem, ko, en = docs[index % len(docs)]
        name = f"{index:05}-{stem}"
        (folder / "in" / f"{name}.ko.txt").write_text(ko, encoding="utf-8")
        (folder / "in" / f"{name}.en.txt").write_text(en, encoding="utf-8")
        names.append(name)
    manifests = {}
    for size in {pairs, *sizes}:
        manifest = folder / "in" / f"first-{size}.csv"
        with manifest.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["ko", "en", "name"])
            writer.writerows([f"{name}.ko.txt", f"{name}.en.txt", name] for name in names[:size])
        manifests[size] = manifest
    return manifests


def _measure(manifest: Path, outdir: Path, jobs: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", str(manifest), str(outdir), str(jobs)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _scored(report: BatchReport, docs: Sequence[Any], outdir: Path) -> Scores:
    """The batch's beads outputs scored against the documents' gold beads."""
    if report.failed:
        failed = [r for r in report.results if r.status is PairStatus.failed]
        raise SystemExit(f"{len(failed)} pair(s) failed, the first: {failed[0].error}")
    total = Scores()
    for doc, result in zip(docs, report.results, strict=True):
        if (result.src_sentences, result.tgt_sentences) != (len(doc.src), len(doc.tgt)):
            raise SystemExit(f"{doc.name}: segmented differently from the gold's sentences")
        total = total + score_beads(doc.gold, read_beads(outdir / f"{doc.name}.beads"))
    return total


def self_train_gain(min_confidence: float, jobs: int) -> None:
    """Print, for each dev set, F1 of a plain batch and of a self-training batch (same held-out model)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from datasets import KO_EN_SETS, load_set

    models = Path(__file__).resolve().parent / "models"
    held_out = {"ntrex": "lexicon-park.npz", "park": "lexicon-ntrex.npz"}
    print(f"self-training: 1-1 beads with confidence >= {min_confidence}; jobs={jobs}")
    print(
        "| set | documents | pass 1 (plain batch) strict / lax F1 | training pairs | training s "
        "| pass 2 (self-train) strict / lax F1 | gain strict / lax | plain s | self-train s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name in KO_EN_SETS:
        path = models / held_out[name.split("-")[0]]
        if not path.exists():
            raise SystemExit(
                f"{path} is missing: run scripts/train_lexicon.py heldout --out-dir bench/models"
            )
        docs = load_set(name)
        with tempfile.TemporaryDirectory(prefix="kobridge-self-train-") as tmp:
            folder = Path(tmp)
            (folder / "in").mkdir()
            for doc in docs:
                (folder / "in" / f"{doc.name}.ko.txt").write_text("\n".join(doc.src) + "\n", encoding="utf-8")
                (folder / "in" / f"{doc.name}.en.txt").write_text("\n".join(doc.tgt) + "\n", encoding="utf-8")
            pairs = discover_pairs(folder / "in")
            if [pair.name for pair in pairs] != [doc.name for doc in docs]:
                raise SystemExit(f"{name}: the pairs do not match the documents")
            plain = BatchSettings(fmt=OutputFormat.beads, presegmented=True, lexicon=path)
            trained = BatchSettings(
                fmt=OutputFormat.beads,
                presegmented=True,
                lexicon=path,
                self_train=True,
                self_train_min_confidence=min_confidence,
            )
            before_report = run_batch(pairs, folder / "plain", settings=plain, jobs=jobs)
            after_report = run_batch(pairs, folder / "self-train", settings=trained, jobs=jobs)
            before = _scored(before_report, docs, folder / "plain")
            after = _scored(after_report, docs, folder / "self-train")
        training = after_report.self_training
        strict, lax = round(after.f1 - before.f1, 3) + 0.0, round(after.lax_f1 - before.lax_f1, 3) + 0.0
        pairs_used = training.pairs if training else 0
        seconds = training.seconds if training else 0.0
        print(
            f"| {name} | {len(docs)} | {before.f1:.3f} / {before.lax_f1:.3f} | {pairs_used} | {seconds:.1f} "
            f"| {after.f1:.3f} / {after.lax_f1:.3f} "
            f"| {strict:+.3f} / {lax:+.3f} "
            f"| {before_report.seconds:.1f} | {after_report.seconds:.1f} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="100,300,1000", help="batch sizes for the memory runs (jobs=2)")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--self-train-gain", action="store_true", help="measure batch self-training instead")
    parser.add_argument("--min-confidence", type=float, default=0.5)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for --self-train-gain")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.self_train_gain:
        self_train_gain(args.min_confidence, args.jobs)
        return
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))
        return
    sizes = [int(size) for size in args.sizes.split(",") if size]
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory(prefix="kobridge-bench-batch-") as tmp:
        folder = Path(tmp)
        manifests = _prepare(folder, args.pairs, sizes, args.data)
        times: dict[int, list[float]] = {1: [], 2: []}
        for repeat in range(args.repeats):
            for jobs in (1, 2):
                run = _measure(manifests[args.pairs], folder / f"out-{repeat}-{jobs}", jobs)
                times[jobs].append(run["seconds"])
                print(
                    f"repeat {repeat + 1}: jobs={jobs} {run['seconds']:.1f} s "
                    f"({args.pairs / run['seconds']:.1f} pairs/s), {run['cpu']:.1f} CPU s "
                    f"({run['cpu'] / run['seconds']:.2f} cores busy), "
                    f"{run['cpu_wait']:.1f} s waiting for a CPU, load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
        one, two = statistics.median(times[1]), statistics.median(times[2])
        print(f"\n{args.pairs} pairs, median of {args.repeats}: jobs=1 {one:.1f} s, jobs=2 {two:.1f} s")
        print(f"speed-up jobs=2 / jobs=1: {one / two:.2f}x")
        print("\npairs  seconds (jobs=2)  batch process peak RSS  largest worker peak RSS")
        for size in sizes:
            run = _measure(manifests[size], folder / f"mem-{size}", 2)
            print(
                f"{size:5}  {run['seconds']:15.1f}  {run['self_kib'] / 1024:19.1f} MiB"
                f"  {run['worker_kib'] / 1024:20.1f} MiB",
                flush=True,
            )
    print(f"load average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()

"""Batch throughput of ``kobridge batch`` on the dev-set pairs, beside another checkout in the same run.

    .venv/bin/python bench/throughput.py [--pairs 1000] [--repeat 3] [--jobs 2] [--baseline OLD/src]

The pairs are the ko_en dev documents of ntrex-dev and park-dev (one sentence a line, so
``--presegmented``), repeated and numbered until there are ``--pairs`` of them. Each run is
``kobridge batch IN -o OUT --presegmented --format beads --jobs N`` in a fresh process on a
fresh output folder, as a user runs it; with ``--baseline`` the same command runs with another
checkout's ``src`` first on PYTHONPATH (``git worktree add /tmp/old COMMIT``), the two
alternating so that both see the same background load. Per version: the median wall time
over ``--repeat`` runs, pairs per second, the ratio to the baseline, and strict F1 of the
beads written against the gold (the same for both when the alignment is unchanged).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import load_set

from kobridge.align import read_beads
from kobridge.align.evaluate import Scores, score_beads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--baseline", help="another checkout's src folder, run the same way")
    args = parser.parse_args()
    docs = load_set("ntrex-dev") + load_set("park-dev")
    kobridge = str(Path(sys.executable).with_name("kobridge"))
    versions = {"kobridge": None} | ({"baseline": args.baseline} if args.baseline else {})
    with tempfile.TemporaryDirectory(prefix="kobridge-throughput-") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        gold = {}
        for index in range(args.pairs):
            doc = docs[index % len(docs)]
            name = f"{index:05}-{doc.name}"
            (folder / "in" / f"{name}.ko.txt").write_text("\n".join(doc.src) + "\n", encoding="utf-8")
            (folder / "in" / f"{name}.en.txt").write_text("\n".join(doc.tgt) + "\n", encoding="utf-8")
            gold[name] = doc.gold
        wall: dict[str, list[float]] = {v: [] for v in versions}
        scores: dict[str, Scores] = {}
        for run in range(args.repeat):
            for version, path in versions.items():
                out = folder / f"out-{version}-{run}"
                env = {**os.environ, "PYTHONPATH": path} if path else None
                command = [kobridge, "batch", str(folder / "in"), "-o", str(out), "--presegmented"]
                command += ["--format", "beads", "--jobs", str(args.jobs)]
                start = time.perf_counter()
                subprocess.run(
                    command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                wall[version].append(time.perf_counter() - start)
                total = Scores()
                for name, beads in gold.items():
                    total = total + score_beads(beads, read_beads(out / f"{name}.beads"))
                scores[version] = total
        base = statistics.median(wall["baseline"]) if args.baseline else None
        print(f"{args.pairs} pairs, --jobs {args.jobs}, medians of {args.repeat}")
        print("| version | wall s | pairs/s | x baseline | strict F1 |")
        print("|---|---|---|---|---|")
        for version in versions:
            seconds = statistics.median(wall[version])
            ratio = f"{base / seconds:.2f}" if base else "—"
            print(
                f"| {version} | {seconds:.1f} | {args.pairs / seconds:.1f} | {ratio} "
                f"| {scores[version].f1:.3f} |"
            )


if __name__ == "__main__":
    main()

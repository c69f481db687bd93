"""Time and memory of ``kobridge align`` on long document pairs, beside hunalign and an old checkout.

    .venv/bin/python bench/speed.py [--sizes 1000,5000,20000] [--repeat 3]
        [--hunalign PATH/TO/hunalign] [--baseline OLD/src]

A pair of about N sentences a side is the ko_en dev documents (the hard sets included, so it
has insertions, omissions, merges and swaps) concatenated, whole documents, until each side
holds N sentences; their gold beads, shifted, are the long document's gold. Each aligner runs
as a fresh process on the same files, as a user runs it, the aligners interleaved round by
round so that a busy machine slows them alike:

    kobridge    kobridge align --presegmented --format beads KO EN -o OUT
    baseline    the same with another checkout's ``src`` first on PYTHONPATH (``--baseline``)
    hunalign    hunalign -onebyteencoding EMPTY.dic KO EN, its ladder (rungs ``i<TAB>j<TAB>score``)
                read back as beads (``--hunalign``: a binary built from source; no dictionary)

Per aligner and size: the median wall time and CPU time (user + system, the steadier figure on
a shared machine) of ``--repeat`` runs, each with its ratio to kobridge's, the peak resident
memory of its process (``wait4``'s ``ru_maxrss``), and strict F1 of its beads against the
gold. The times include start-up (about 0.3 s for kobridge here).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import KO_EN_SETS, load_set

from kobridge.align import read_beads
from kobridge.align.evaluate import score_beads
from kobridge.model import Bead

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class LongPair:
    """A long pair written to files, and its gold."""

    src: Path
    tgt: Path
    n: int
    m: int
    gold: tuple[Bead, ...]


def long_pair(size: int, folder: Path) -> LongPair:
    """Whole dev documents, concatenated until both sides hold at least ``size`` sentences."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    docs = [d for name in KO_EN_SETS for d in load_set(name)]
    while len(src) < size or len(tgt) < size:
        for d in docs:
            gold.extend(
                Bead(tuple(i + len(src) for i in b.src), tuple(j + len(tgt) for j in b.tgt)) for b in d.gold
            )
            src.extend(d.src)
            tgt.extend(d.tgt)
            if len(src) >= size and len(tgt) >= size:
                break
    paths = folder / f"{size}.ko", folder / f"{size}.en"
    for path, lines in zip(paths, (src, tgt), strict=True):
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return LongPair(paths[0], paths[1], len(src), len(tgt), tuple(gold))


def _run(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident MiB of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"{command[0]} failed ({process.returncode}): {errors.decode(errors='replace')}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _ladder_beads(path: Path) -> tuple[Bead, ...]:
    """hunalign's ladder (``i<TAB>j<TAB>score`` rungs) as beads."""
    rungs = [tuple(int(x) for x in line.split("\t")[:2]) for line in path.read_text().splitlines()]
    beads = []
    for (i0, j0), (i1, j1) in itertools.pairwise(rungs):
        beads.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1))))
    return tuple(b for b in beads if b.src or b.tgt)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hunalign", type=Path, help="a hunalign binary to time beside kobridge")
    parser.add_argument("--baseline", help="another checkout's src folder, run the same way")
    args = parser.parse_args()
    kobridge = str(Path(sys.executable).with_name("kobridge"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty_dic = folder / "empty.dic"
        empty_dic.write_text("")
        print(
            "| sentences (ko x en) | aligner | wall s | x kobridge | CPU s | x kobridge "
            "| peak RSS MiB | strict F1 |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for size in (int(s) for s in args.sizes.split(",")):
            pair = long_pair(size, folder)
            runs: dict[str, tuple[list[str], dict[str, str] | None, Path]] = {}
            out = folder / "kobridge.beads"
            command = [kobridge, "align", "--presegmented", "--format", "beads", str(pair.src), str(pair.tgt)]
            runs["kobridge"] = ([*command, "-o", str(out)], None, out)
            if args.baseline:
                env = {**os.environ, "PYTHONPATH": args.baseline}
                base_out = folder / "baseline.beads"
                runs["baseline"] = ([*runs["kobridge"][0][:-1], str(base_out)], env, base_out)
            if args.hunalign:
                ladder = folder / "hunalign.ladder"
                script = (
                    f'"{args.hunalign}" -onebyteencoding "{empty_dic}" "{pair.src}" "{pair.tgt}" > "{ladder}"'
                )
                runs["hunalign"] = (["sh", "-c", script], None, ladder)
            times: dict[str, list[float]] = {name: [] for name in runs}
            cpu: dict[str, list[float]] = {name: [] for name in runs}
            peaks: dict[str, float] = dict.fromkeys(runs, 0.0)
            for _ in range(args.repeat):
                for name, (command, env, _) in runs.items():
                    seconds, used, peak = _run(command, env)
                    times[name].append(seconds)
                    cpu[name].append(used)
                    peaks[name] = max(peaks[name], peak)
            ours = statistics.median(times["kobridge"])
            ours_cpu = statistics.median(cpu["kobridge"])
            for name, (_, _, result) in runs.items():
                beads = _ladder_beads(result) if name == "hunalign" else read_beads(result)
                f1 = score_beads(pair.gold, beads).f1
                median = statistics.median(times[name])
                used = statistics.median(cpu[name])
                print(
                    f"| {pair.n} x {pair.m} | {name} | {median:.2f} | {median / ours:.2f} | {used:.2f} "
                    f"| {used / ours_cpu:.2f} | {peaks[name]:.0f} | {f1:.3f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()

"""Start-up time of the command line, and the time to align the battery-forum sample to TEI.

    .venv/bin/python bench/startup.py [--repeat 5] [--profile] [--baseline OLD/src[:MORE]]

Runs each command in a fresh process, the commands interleaved round by round so that a busy
machine slows them alike, and prints the median wall time and CPU time (user + system) of each;
on a shared machine the CPU time is the steadier figure:

    python -c 'import typer'      the floor: the command-line framework alone
    kobridge --version            issue 14: at most 0.1 s above the floor
    kobridge --help
    kobridge align samples/battery-forum.ko.txt samples/battery-forum.en.txt -o OUT.tei.xml

``--baseline OLD/src`` also times the kobridge commands with another checkout's ``src`` first on
``PYTHONPATH`` (e.g. ``git worktree add /tmp/old COMMIT``; more folders may follow, separated by
``:``, such as another typer installed with ``pip install --target``), in the same rounds. ``--profile``
then shows where the sample alignment's time goes: import time summed by package
(``python -X importtime``) and the functions with the most cumulative time (``cProfile``).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = [str(ROOT / "samples" / f"battery-forum.{lang}.txt") for lang in ("ko", "en")]


def _kobridge() -> list[str]:
    """The installed console script beside this Python, as a user runs it."""
    script = Path(sys.executable).with_name("kobridge")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kobridge"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], env: dict[str, str] | None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of ``command``."""
    started, cpu = time.perf_counter(), _cpu()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env
    )
    return time.perf_counter() - started, _cpu() - cpu


def measure(repeat: int, out: Path, baseline: str | None) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each command over ``repeat`` interleaved rounds."""
    kobridge = {
        "kobridge --version": [*_kobridge(), "--version"],
        "kobridge --help": [*_kobridge(), "--help"],
        "kobridge align battery-forum -o TEI": [*_kobridge(), "align", *SAMPLE, "-o", str(out)],
    }
    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "python -c 'import typer'": ([sys.executable, "-c", "import typer"], None),
        **{name: (command, None) for name, command in kobridge.items()},
    }
    if baseline is not None:
        folders = [str(Path(folder).resolve()) for folder in baseline.split(os.pathsep)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(folders)}
        commands.update({f"{name} (baseline)": (command, env) for name, command in kobridge.items()})
    for command, env in commands.values():  # warm the file cache and the bytecode caches
        _run(command, env)
    times: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for _ in range(repeat):
        for name, (command, env) in commands.items():
            times[name].append(_run(command, env))
    return {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in times.items()
    }


def import_profile(out: Path) -> tuple[float, list[tuple[str, float]]]:
    """Total import seconds of the sample alignment, and the seconds per package (self times summed)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kobridge", "align", *SAMPLE, "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    per_package: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        parts = name.strip().split(".")
        package = ".".join(parts[:2]) if parts[0] == "kobridge" else parts[0]
        per_package[package] += int(own) / 1e6
    ranked = sorted(per_package.items(), key=lambda item: -item[1])
    return sum(per_package.values()), ranked


def call_profile(out: Path, top: int) -> str:
    """cProfile of the sample alignment run in this process (imports included), by cumulative time."""
    sys.argv = ["kobridge", "align", *SAMPLE, "-o", str(out)]
    profile = cProfile.Profile()
    profile.enable()
    from kobridge.cli import app

    with contextlib.suppress(SystemExit):
        app(prog_name="kobridge")
    profile.disable()
    text = io.StringIO()
    stats = pstats.Stats(profile, stream=text)
    stats.sort_stats("cumulative").print_stats(r"kobridge|typer/(core|main|_coercion|_adapters)", top)
    return text.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="also show where the alignment's time goes")
    parser.add_argument("--baseline", help="another checkout's src (PYTHONPATH), timed in the same rounds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "battery-forum.tei.xml"
        medians = measure(args.repeat, out, args.baseline)
        print(f"medians of {args.repeat} runs, interleaved, in seconds ({sys.executable})")
        print(f"  {'command':<48} {'wall':>6} {'cpu':>6}")
        for name, (wall, cpu) in medians.items():
            print(f"  {name:<48} {wall:6.3f} {cpu:6.3f}")
        (version_wall, version_cpu), (typer_wall, typer_cpu) = (
            medians["kobridge --version"],
            medians["python -c 'import typer'"],
        )
        name = "kobridge --version minus import typer"
        print(f"  {name:<48} {version_wall - typer_wall:6.3f} {version_cpu - typer_cpu:6.3f}")
        if args.profile:
            total, ranked = import_profile(out)
            print(f"\nimports of one sample alignment: {total:.3f} s (python -X importtime, self times)")
            for package, seconds in ranked[:15]:
                print(f"  {package:<40} {seconds:6.3f}")
            print("\ncProfile of one sample alignment, in process (kobridge and typer functions):")
            print(call_profile(out, 25))


if __name__ == "__main__":
    main()

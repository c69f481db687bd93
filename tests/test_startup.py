"""Start-up (issue 14): the command line imports only what the command it runs needs.

Checked by the modules a fresh interpreter holds after running the command line in process,
not by time (bench/startup.py measures the time).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT, SAMPLES

HEAVY = ("numpy", "lxml", "sentencepiece")

_RUN = """
import contextlib, json, sys
from kobridge.cli import app
sys.argv = ["kobridge", *json.loads(sys.argv[1])]
with contextlib.suppress(SystemExit):
    app(prog_name="kobridge")
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(args)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


HELP = [
    ["--version"],
    ["--help"],
    *(
        [*command, "--help"]
        for command in (
            ["align"],
            ["batch"],
            ["segment"],
            ["validate"],
            ["convert"],
            ["report"],
            ["glossary"],
            ["glossary", "export"],
            ["lexicon", "train"],
            ["review"],
            ["realign"],
            ["tm"],
            ["tm", "add"],
            ["tm", "lookup"],
        )
    ),
]


@pytest.mark.parametrize("args", HELP, ids=" ".join)
def test_version_and_help_load_neither_numpy_nor_lxml_nor_sentencepiece(args: list[str]) -> None:
    assert _loaded(*args).isdisjoint(HEAVY)


def test_version_loads_no_help_renderer() -> None:
    assert "rich" not in _loaded("--version")


def test_segmenting_does_not_load_the_aligner() -> None:
    loaded = _loaded("segment", "--lang", "en", str(SAMPLES / "battery-forum.en.txt"))
    assert loaded.isdisjoint({"numpy", "sentencepiece"})


def test_aligning_loads_the_aligner_but_not_the_batch_machinery() -> None:
    ko, en = (str(SAMPLES / f"battery-forum.{lang}.txt") for lang in ("ko", "en"))
    loaded = _loaded("align", ko, en, "--format", "beads")
    assert {"numpy", "sentencepiece"} <= loaded
    assert loaded.isdisjoint({"concurrent", "multiprocessing", "dask", "distributed"})

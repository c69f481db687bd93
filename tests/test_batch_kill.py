"""A batch killed half-way (``kill -9`` of its process group) leaves only complete outputs,
and running it again gives the outputs of one uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kobridge.batch import STATE_DIR, PairStatus, discover_pairs, run_batch

from .test_batch import make_folder, outputs

SCRIPT = """
import sys
from pathlib import Path
from kobridge.batch import discover_pairs, run_batch
run_batch(discover_pairs(Path(sys.argv[1])), Path(sys.argv[2]), jobs=2)
"""


@pytest.mark.slow
def test_killed_batch_leaves_no_partial_file_and_resumes(tmp_path: Path) -> None:
    make_folder(tmp_path / "in", copies=10)
    pairs = discover_pairs(tmp_path / "in")
    reference = run_batch(pairs, tmp_path / "ref", jobs=1)
    expected = outputs(tmp_path / "ref")
    assert not reference.failed and len(expected) == len(pairs)

    outdir = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "in"), str(outdir)], start_new_session=True
    )
    seen: dict[str, bytes] = {}
    deadline = time.monotonic() + 120
    try:
        # Watch OUTDIR while the batch runs: every file that appears there is already whole.
        while len(seen) < 3 and process.poll() is None and time.monotonic() < deadline:
            if outdir.is_dir():
                for path in outdir.iterdir():
                    if path.is_file():
                        seen[path.name] = path.read_bytes()
                        assert seen[path.name] == expected[path.name], f"{path.name} is partial"
            time.sleep(0.005)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert 3 <= len(seen) < len(pairs), "the batch was not stopped half-way"
    after_kill = outputs(outdir)
    assert len(after_kill) < len(pairs)
    assert all(after_kill[name] == expected[name] for name in after_kill)

    resumed = run_batch(pairs, outdir, jobs=1)
    assert resumed.count(PairStatus.skipped) >= len(seen)
    assert not resumed.failed
    assert outputs(outdir) == expected
    assert list((outdir / STATE_DIR / "tmp").iterdir()) == []

"""Batch alignment of whole archives: parallel, resumable, with progress, locally or on Dask.

Public API::

    discover_pairs(input, src_lang="ko", tgt_lang="en") -> list[PairJob]   # folder or manifest CSV
    run_batch(pairs, outdir, settings=BatchSettings(...), jobs=None, engine=Engine.local,
              scheduler=None, progress=None) -> BatchReport
    report_json(report) -> str;  summary_table(report) -> str
    make_progress(stream) -> context manager yielding a progress callback

See docs/batch.md for the input layouts, resuming, the report and the Dask engine.
"""

from __future__ import annotations

from kobridge.batch.discover import PairJob, discover_pairs, read_manifest
from kobridge.batch.pair import EXTENSIONS, BatchSettings, PairResult, PairStatus, output_path, process_pair
from kobridge.batch.progress import make_progress, plain_progress
from kobridge.batch.report import report_json, summary_table
from kobridge.batch.run import BatchReport, Engine, ProgressCallback, run_batch
from kobridge.batch.state import STATE_DIR

__all__ = [
    "EXTENSIONS",
    "STATE_DIR",
    "BatchReport",
    "BatchSettings",
    "Engine",
    "PairJob",
    "PairResult",
    "PairStatus",
    "ProgressCallback",
    "discover_pairs",
    "make_progress",
    "output_path",
    "plain_progress",
    "process_pair",
    "read_manifest",
    "report_json",
    "run_batch",
    "summary_table",
]

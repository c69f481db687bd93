"""The batch report: JSON for machines, a summary table for people."""

from __future__ import annotations

import json
from typing import Any

from kobridge.batch.pair import PairResult, PairStatus
from kobridge.batch.run import BatchReport
from kobridge.xmlchars import display_name

__all__ = ["REPORT_VERSION", "report_json", "summary_table"]

REPORT_VERSION = 1


def _pair_json(result: PairResult) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": display_name(result.name),
        "status": str(result.status),
        "output": display_name(result.output),
    }
    if result.status is PairStatus.failed:
        row["error"] = result.error
    else:
        row.update(result.stats())
    row["seconds"] = result.seconds
    return row


def report_json(report: BatchReport) -> str:
    """The report as JSON: totals, the settings signature, and one object per pair.

    A pair has ``name``, ``status`` (``ok``, ``skipped`` or ``failed``), ``output`` and
    ``seconds``; a failed pair has ``error`` (the one-line message), the others
    ``src_sentences``, ``tgt_sentences``, ``beads``, ``mean_confidence`` and ``term_issues``
    (``null`` without a glossary). A skipped pair's figures are those recorded when its
    output was written. ``self_training`` is ``null`` without self-training (or when pass 1
    found nothing to train on), else ``pairs`` (training pairs), ``model`` (its path),
    ``model_sha256``, ``reused`` (an earlier model trained on the same pairs) and ``seconds``.
    """
    training = report.self_training
    document = {
        "version": REPORT_VERSION,
        "settings": report.settings,
        "engine": str(report.engine),
        "workers": report.workers,
        "seconds": report.seconds,
        "totals": {status.value: report.count(status) for status in PairStatus}
        | {"pairs": len(report.results)},
        "self_training": None
        if training is None
        else {
            "pairs": training.pairs,
            "model": training.model,
            "model_sha256": training.model_digest,
            "reused": training.reused,
            "seconds": training.seconds,
        },
        "pairs": [_pair_json(result) for result in report.results],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _row(result: PairResult) -> list[str]:
    if result.status is PairStatus.failed:
        return [
            display_name(result.name),
            str(result.status),
            "",
            "",
            "",
            "",
            f"{result.seconds:.2f}",
            result.error,
        ]
    terms = "" if result.term_issues is None else str(result.term_issues)
    return [
        display_name(result.name),
        str(result.status),
        f"{result.src_sentences}/{result.tgt_sentences}",
        str(result.beads),
        f"{result.mean_confidence:.3f}",
        terms,
        f"{result.seconds:.2f}",
        "",
    ]


def summary_table(report: BatchReport, *, limit: int = 20) -> str:
    """A plain-text table of the batch, ending with a totals line.

    Every failed pair is listed, first; then other pairs up to ``limit`` rows in all (the
    JSON report has every pair). Columns: name, status, sentences (source/target), beads,
    mean confidence, terminology issues, seconds, error.
    """
    failed = [r for r in report.results if r.status is PairStatus.failed]
    others = [r for r in report.results if r.status is not PairStatus.failed]
    shown = failed + others[: max(limit - len(failed), 0)]
    header = ["pair", "status", "sentences", "beads", "confidence", "terms", "seconds", "error"]
    rows = [header, *(_row(result) for result in shown)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    right = {2, 3, 4, 5, 6}
    lines = []
    for row in rows:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    hidden = len(report.results) - len(shown)
    if hidden:
        lines.append(f"... and {hidden} more pair(s) ok or skipped (see the JSON report)")
    training = report.self_training
    if training is not None:
        how = "reused" if training.reused else f"trained in {training.seconds:.1f} s"
        lines.append(f"self-training: {training.pairs:,} training pairs, model {training.model} ({how})")
    lines.append(_totals(report))
    return "\n".join(lines) + "\n"


def _totals(report: BatchReport) -> str:
    done = [r for r in report.results if r.status is not PairStatus.failed]
    beads = sum(r.beads for r in done)
    confidence = sum(r.mean_confidence * r.beads for r in done) / beads if beads else 0.0
    counts = ", ".join(f"{report.count(status)} {status}" for status in PairStatus)
    text = (
        f"{len(report.results)} pair(s): {counts}; "
        f"{sum(r.src_sentences for r in done):,}/{sum(r.tgt_sentences for r in done):,} sentences, "
        f"{beads:,} beads, mean confidence {confidence:.3f}"
    )
    issues = [r.term_issues for r in done if r.term_issues is not None]
    if issues:
        text += f", {sum(issues):,} terminology issue(s)"
    return f"{text}; {report.seconds:.1f} s"

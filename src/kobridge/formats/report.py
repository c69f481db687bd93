"""The terminology report of ``kobridge align --report``: JSON, one record per issue."""

from __future__ import annotations

import json
from collections.abc import Sequence

from kobridge import __version__
from kobridge.annotate import BeadTermIssue
from kobridge.model import Alignment

__all__ = ["term_report_json"]


def term_report_json(alignment: Alignment, issues: Sequence[BeadTermIssue]) -> str:
    """The terminology issues of an alignment as JSON.

    Schema::

        {"kobridge": "0.1.0", "src": "a.ko.txt", "tgt": "a.en.txt",
         "terms": {"ko": 12, "en": 11}, "issue_count": 1,
         "issues": [{"bead": 3, "src": [3], "tgt": [3], "kind": "missing" | "forbidden",
                     "entry": "ira", "lang": "en", "surface": "IRA", "expected": "IRA",
                     "message": "..."}]}
    """
    records = []
    for item in issues:
        bead = alignment.beads[item.bead]
        issue = item.issue
        records.append(
            {
                "bead": item.bead,
                "src": list(bead.src),
                "tgt": list(bead.tgt),
                "kind": issue.kind,
                "entry": issue.entry_id,
                "lang": issue.lang,
                "surface": issue.surface,
                "expected": issue.expected,
                "message": issue.message,
            }
        )
    data = {
        "kobridge": __version__,
        "src": alignment.src.name,
        "tgt": alignment.tgt.name,
        "terms": {doc.lang: sum(len(hits) for hits in doc.terms) for doc in (alignment.src, alignment.tgt)},
        "issue_count": len(records),
        "issues": records,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

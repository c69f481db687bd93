"""Precision and recall of kobridge's per-bead terminology QA on a labelled set of cases.

Each case of ``tests/data/qa-cases.tsv`` is one bead (a Korean and an English text), a glossary
entry, and whether a reviewer counts a report of that entry in that bead as a true terminology
issue (``issue``: the term is missing or wrongly rendered) or a false alarm (``ok``: the term is
rendered, in a way the matcher does not see). The QA "flags" a case when it reports the entry in
the bead (missing or forbidden). Precision: flagged true issues / flagged; recall: flagged true
issues / true issues. The cases come from the two samples (every report of today's QA on them,
labelled) and from pairs written for this set.

Run it on another checkout's code to compare, e.g. main before issue 17:

    git worktree add /tmp/wt17-base main
    PYTHONPATH=/tmp/wt17-base/src .venv/bin/python bench/qa_cases.py
    .venv/bin/python bench/qa_cases.py

Only names that exist in both versions are used (load_glossary, annotate_terms, term_issues).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import kobridge
from kobridge.annotate import annotate_terms, term_issues
from kobridge.glossary import Glossary, load_glossary
from kobridge.model import Alignment, Bead, Document, Sentence

ROOT = Path(__file__).resolve().parent.parent


def _document(text: str, lang: str, glossary: Glossary) -> Document:
    doc = Document(text, lang, (Sentence(text, 0, len(text), lang),), f"case.{lang}")
    return annotate_terms(doc, glossary)


def flagged(ko: str, en: str, entry: str, glossary: Glossary) -> bool:
    """Whether the QA reports ``entry`` in the one-bead alignment of ``ko`` and ``en``."""
    alignment = Alignment(_document(ko, "ko", glossary), _document(en, "en", glossary), (Bead((0,), (0,)),))
    return any(found.issue.entry_id == entry for found in term_issues(alignment, glossary))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=ROOT / "tests" / "data" / "qa-cases.tsv")
    parser.add_argument("--glossary", type=Path, default=ROOT / "glossary" / "energy-policy.csv")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the cases the QA gets wrong")
    args = parser.parse_args()
    glossary = load_glossary(args.glossary)
    with args.cases.open(encoding="utf-8", newline="") as f:
        cases = list(csv.DictReader(f, dialect="excel-tab"))
    tp = fp = fn = 0
    for case in cases:
        hit = flagged(case["ko"], case["en"], case["entry"], glossary)
        true = case["expected"] == "issue"
        tp += hit and true
        fp += hit and not true
        fn += true and not hit
        if args.verbose and hit != true:
            print(f"  {'false alarm' if hit else 'missed'}: {case['id']} ({case['note']})")
    issues = sum(c["expected"] == "issue" for c in cases)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / issues if issues else 1.0
    print(
        f"kobridge {kobridge.__version__} from {Path(kobridge.__file__).parent}\n"
        f"{len(cases)} cases ({issues} true issues, {len(cases) - issues} false-alarm traps): "
        f"flagged {tp + fp}, precision {precision:.3f}, recall {recall:.3f} "
        f"({tp} true issues found, {fp} false alarms, {fn} issues missed)"
    )


if __name__ == "__main__":
    main()

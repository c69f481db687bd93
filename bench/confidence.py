"""How well the bead confidence finds the wrong beads, on the ko_en dev sets.

Each ko_en dev set is aligned as in ``bench/accuracy.py`` (held-out lexicons and held-out
bead models: nothing that scored a set was trained on its source). A predicted bead is
*right* when the gold alignment holds exactly that bead (strict). Per set and pooled it prints:

- AUC: the ROC AUC of the confidence for "this bead is right" (ties count half);
- low 5/10/20%: the share of the wrong beads among the 5, 10 and 20% least-confident beads;
- read for 90%: the share of all beads one reads, least confident first, to find 90% of the wrong ones;
- flag P / R: of the beads under the review page's flag threshold, the share that are wrong,
  and of the wrong beads, the share that are flagged;
- ECE: expected calibration error over 10 equal-width confidence bins.

Then, pooled, the flag's precision and recall at other thresholds. Any set in the dev sets' format
can be scored: ``KOBRIDGE_BENCH=/tmp/synthetic ... --sets ntrex-synthetic,park-synthetic`` scores
the unseen synthetic documents of ``bench/synthetic.py``.

Usage: .venv/bin/python bench/confidence.py [--sets ...] [--model heldout|default]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import _lexicon, _model
from datasets import KO_EN_SETS, load_set

from kobridge.align import align
from kobridge.formats import FLAG_THRESHOLD as FLAG_BELOW

FloatArray = npt.NDArray[np.float64]
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _run(name: str, mode: str) -> tuple[list[float], list[bool]]:
    """Every predicted bead's confidence in set ``name``, and whether it is right."""
    lexicon = _lexicon(name, "heldout")
    model = _model(name, mode)
    scores: list[float] = []
    right: list[bool] = []
    for doc in load_set(name):
        gold = {(b.src, b.tgt) for b in doc.gold}
        beads = align(doc.src, doc.tgt, lexicon=lexicon, model=model)
        scores += [b.score for b in beads]
        right += [(b.src, b.tgt) in gold for b in beads]
    return scores, right


def auc(scores: FloatArray, right: npt.NDArray[np.bool_]) -> float:
    """ROC AUC of ``scores`` for ``right`` (Mann-Whitney, ties count half); NaN without both classes."""
    pos, neg = scores[right], scores[~right]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    values = np.concatenate([pos, neg])[order]
    ranks[order] = np.arange(1, len(order) + 1)
    for v in np.unique(values):  # average the ranks of ties
        tie = np.concatenate([pos, neg]) == v
        ranks[tie] = ranks[tie].mean()
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def share_in_lowest(scores: FloatArray, wrong: npt.NDArray[np.bool_], fraction: float) -> float:
    """The share of the wrong beads among the ``fraction`` least-confident beads (ties broken by order)."""
    if not wrong.any():
        return float("nan")
    order = np.argsort(scores, kind="stable")
    count = round(fraction * len(scores))
    return float(wrong[order[:count]].sum() / wrong.sum())


def read_for(scores: FloatArray, wrong: npt.NDArray[np.bool_], target: float = 0.9) -> float:
    """The share of beads to read, least confident first, until ``target`` of the wrong ones are found."""
    if not wrong.any():
        return float("nan")
    found = np.cumsum(wrong[np.argsort(scores, kind="stable")])
    return float((np.searchsorted(found, target * wrong.sum()) + 1) / len(scores))


def ece(scores: FloatArray, right: npt.NDArray[np.bool_], bins: int = 10) -> float:
    """Expected calibration error over ``bins`` equal-width bins."""
    which = np.minimum((scores * bins).astype(int), bins - 1)
    total = 0.0
    for k in range(bins):
        inside = which == k
        if inside.any():
            total += inside.sum() * abs(scores[inside].mean() - right[inside].mean())
    return total / len(scores)


def flag(scores: FloatArray, wrong: npt.NDArray[np.bool_], below: float) -> tuple[int, float, float]:
    """How many beads a flag under ``below`` marks, the share of them that are wrong, and the share
    of the wrong beads it marks."""
    flagged = scores < below
    precision = float(wrong[flagged].mean()) if flagged.any() else float("nan")
    recall = float(flagged[wrong].mean()) if wrong.any() else float("nan")
    return int(flagged.sum()), precision, recall


def _row(name: str, scores: FloatArray, right: npt.NDArray[np.bool_]) -> str:
    wrong = ~right
    count, precision, recall = flag(scores, wrong, FLAG_BELOW)
    lows = " / ".join(f"{share_in_lowest(scores, wrong, f):.2f}" for f in (0.05, 0.1, 0.2))
    return (
        f"| {name} | {len(scores)} | {int(wrong.sum())} | {auc(scores, right):.3f} | {lows} "
        f"| {read_for(scores, wrong):.2f} | {count} | {precision:.2f} / {recall:.2f} "
        f"| {ece(scores, right):.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(KO_EN_SETS))
    parser.add_argument("--model", choices=("heldout", "default"), default="heldout")
    args = parser.parse_args()
    print(
        "| set | beads | wrong | AUC | wrong in lowest 5 / 10 / 20% | read for 90% | flagged "
        f"| flag P / R (< {FLAG_BELOW}) | ECE |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    pooled_scores: list[float] = []
    pooled_right: list[bool] = []
    for name in args.sets.split(","):
        scores, right = _run(name, args.model)
        pooled_scores += scores
        pooled_right += right
        print(_row(name, np.array(scores), np.array(right)), flush=True)
    scores, right = np.array(pooled_scores), np.array(pooled_right)
    print(_row("pooled", scores, right))
    print("\n| pooled, flag under | " + " | ".join(f"{t:.2f}" for t in THRESHOLDS) + " |")
    print("|---|" + "---|" * len(THRESHOLDS))
    sweep = [flag(scores, ~right, t) for t in THRESHOLDS]
    print("| flagged | " + " | ".join(str(c) for c, _, _ in sweep) + " |")
    print("| P / R | " + " | ".join(f"{p:.2f} / {r:.2f}" for _, p, r in sweep) + " |")


if __name__ == "__main__":
    main()

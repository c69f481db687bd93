"""How well the aligner's bead confidence separates right beads from wrong ones, on the ko_en dev sets.

Each ko_en dev set is aligned as in ``bench/accuracy.py`` (held-out lexical models, default
settings). A predicted bead is *right* when the gold alignment holds exactly that bead
(strict). Per set and pooled it prints:

- AUC: the ROC AUC of the confidence for "this bead is right" (ties count half);
- flag P / R: of the beads under 0.5 (the review page's flag), the share that are wrong, and
  of the wrong beads, the share that are flagged;
- ECE: expected calibration error over 10 equal-width confidence bins.

``--fit`` also fits the confidence's coefficients (``AlignParams.confidence_*``) by logistic
regression (numpy, Newton's method) on the pooled beads, from two features: the bead's cost
per sentence and the logit of its forward-backward posterior at ``--temperature``, and
prints them with the figures they would give, in-sample and with each set scored by
coefficients fitted on the other sets.

Usage: .venv/bin/python bench/confidence.py [--sets ...] [--fit] [--temperature T]
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import _lexicon
from datasets import KO_EN_SETS, load_set

from kobridge.align import align, default_params
from kobridge.model import AlignParams, Bead

FloatArray = npt.NDArray[np.float64]

FLAG = 0.5
"""Beads under this confidence are flagged for review (``kobridge.formats.html``)."""


def _run(name: str, params: AlignParams) -> tuple[list[float], list[bool]]:
    """Every predicted bead's confidence in set ``name``, and whether it is right."""
    lexicon = _lexicon(name, "heldout")
    scores: list[float] = []
    right: list[bool] = []
    for doc in load_set(name):
        gold = {(b.src, b.tgt) for b in doc.gold}
        beads: tuple[Bead, ...] = align(doc.src, doc.tgt, params=params, lexicon=lexicon)
        scores += [b.score for b in beads]
        right += [(b.src, b.tgt) in gold for b in beads]
    return scores, right


def auc(scores: FloatArray, right: npt.NDArray[np.bool_]) -> float:
    """ROC AUC of ``scores`` for ``right`` (Mann-Whitney, ties count half); NaN without both classes."""
    pos, neg = int(right.sum()), int((~right).sum())
    if not pos or not neg:
        return math.nan
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(scores.size)
    sorted_scores = scores[order]
    start = 0
    while start < scores.size:
        end = start
        while end + 1 < scores.size and sorted_scores[end + 1] == sorted_scores[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return float((ranks[right].sum() - pos * (pos + 1) / 2) / (pos * neg))


def ece(scores: FloatArray, right: npt.NDArray[np.bool_], bins: int = 10) -> float:
    """Expected calibration error over ``bins`` equal-width bins of confidence."""
    index = np.minimum((scores * bins).astype(np.int64), bins - 1)
    total = 0.0
    for k in range(bins):
        inside = index == k
        if inside.any():
            total += inside.sum() * abs(scores[inside].mean() - right[inside].mean())
    return total / scores.size


def row(name: str, scores: FloatArray, right: npt.NDArray[np.bool_]) -> str:
    """One table row of figures."""
    flagged = scores < FLAG
    wrong = ~right
    precision = (flagged & wrong).sum() / max(flagged.sum(), 1)
    recall = (flagged & wrong).sum() / max(wrong.sum(), 1)
    return (
        f"| {name} | {scores.size} | {wrong.sum()} | {auc(scores, right):.3f} | {flagged.sum()} "
        f"| {precision:.3f} / {recall:.3f} | {ece(scores, right):.3f} |"
    )


def fit_logistic(features: FloatArray, target: npt.NDArray[np.bool_], steps: int = 50) -> FloatArray:
    """Logistic-regression weights (intercept first) by Newton's method, with a tiny ridge."""
    x = np.hstack([np.ones((features.shape[0], 1)), features])
    w = np.zeros(x.shape[1])
    y = target.astype(np.float64)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + 1e-6 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-6 * np.eye(x.shape[1])
        w = w - np.linalg.solve(hessian, gradient)
    return w


def _logit(values: FloatArray, floor: float) -> FloatArray:
    clipped = np.clip(values, floor, 1.0 - floor)
    return np.asarray(np.log(clipped / (1.0 - clipped)))


def _probes(params: AlignParams) -> tuple[AlignParams, AlignParams]:
    """Settings whose confidence is sigmoid(-cost per sentence), and the posterior itself."""
    only = dataclasses.replace(
        params, confidence_bias=0.0, confidence_cost_weight=0.0, confidence_posterior_weight=0.0
    )
    return (
        dataclasses.replace(only, confidence_cost_weight=-1.0),
        dataclasses.replace(only, confidence_posterior_weight=1.0),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(KO_EN_SETS))
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--temperature", type=float, default=None)
    args = parser.parse_args()
    params = default_params("ko", "en")
    if args.temperature is not None:
        params = dataclasses.replace(params, confidence_temperature=args.temperature)
    print("| set | beads | wrong | AUC | flagged | flag P / R | ECE |")
    print("|---|---|---|---|---|---|---|")
    pooled: dict[str, list[float]] = {"score": [], "cost": [], "posterior": []}
    pooled_right: list[bool] = []
    set_of: list[int] = []
    for name in args.sets.split(","):
        scores, right = _run(name, params)
        print(row(name, np.array(scores), np.array(right)), flush=True)
        pooled["score"] += scores
        pooled_right += right
        set_of += [len(set(set_of))] * len(right)
        if args.fit:
            cost_only, posterior_only = _probes(params)
            pooled["cost"] += list(-_logit(np.array(_run(name, cost_only)[0]), 1e-4))
            pooled["posterior"] += _run(name, posterior_only)[0]
    target = np.array(pooled_right)
    print(row("pooled", np.array(pooled["score"]), target))
    if args.fit:
        floor = params.confidence_posterior_floor
        features = np.column_stack([np.array(pooled["cost"]), _logit(np.array(pooled["posterior"]), floor)])
        w = fit_logistic(features, target)
        print(
            f"fit (temperature {params.confidence_temperature}): confidence_bias={w[0]:.3f} "
            f"confidence_cost_weight={w[1]:.3f} confidence_posterior_weight={w[2]:.3f}"
        )
        fitted = 1.0 / (1.0 + np.exp(-(w[0] + features @ w[1:])))
        print(row("pooled, fitted (in-sample)", fitted, target))
        held_out = np.empty(target.size)
        sets = np.array(set_of)
        for k in range(sets.max() + 1):
            inside = sets == k
            w_k = fit_logistic(features[~inside], target[~inside])
            held_out[inside] = 1.0 / (1.0 + np.exp(-(w_k[0] + features[inside] @ w_k[1:])))
        print(row("pooled, fitted on the other sets", held_out, target))
        posterior = np.array(pooled["posterior"])
        print(row("pooled, posterior alone", posterior, target))


if __name__ == "__main__":
    main()

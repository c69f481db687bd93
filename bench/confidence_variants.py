"""Which posterior of the bead model finds the wrong beads best: the candidates of issue 12, held out.

Every candidate is a posterior of the same lattice (the final search's costs and band, as
``align`` leaves them), calibrated the way the shipped confidence is: a logistic regression of
"this bead is in the gold" on the candidate's logit(s), per shape group, fitted on the training
script's calibration documents (seed 1007, 100 per source) of the source the bead model was
trained on, decoded with that model. The dev sets are then scored as in ``bench/confidence.py``
(held-out lexicons and bead models), so nothing is fitted on what is scored.

- ``bead T``: the posterior of exactly that bead with the lattice at temperature ``T``
  (``T = 1`` is the shipped confidence; ``T > 1`` flattens the lattice);
- ``boundaries``: the lesser of the posteriors that the path passes through the bead's start and
  its end;
- ``span``: the posterior that the path passes through both (the bead's sentences aligned among
  themselves, in one bead or several);
- ``sentences``: the least, over the bead's sentences, of the posterior that the sentence's
  partners are the bead's other side (for a 1-0 or 0-1 bead: that the sentence is unpaired,
  wherever on the other side);
- ``bead + boundaries``: one regression on the bead's and both boundaries' logits;
- ``all of them``: one regression on every logit above.

Last, the shipped confidence (``bead T=1``) on the calibration documents it is fitted on: the
share of the beads under each flag threshold that are wrong, i.e. which thresholds that
calibration supports (the review page's default is chosen there, never on the dev sets).

``--in-sample`` adds, for each candidate, the figures of a calibration fitted on the scored beads
themselves (pooled): not a result, an upper bound of what recalibrating that candidate could do.

Usage: .venv/bin/python bench/confidence_variants.py [--sets ...] [--in-sample]
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import train_bead_model as trainer
from accuracy import _lexicon, _model
from confidence import THRESHOLDS, auc, flag, read_for, share_in_lowest
from datasets import KO_EN_SETS, load_set

from kobridge.align.beadfeatures import shape_group
from kobridge.align.beadmodel import BeadModel, WeightSet
from kobridge.align.dp import INVALID, Band, Costs, _forward_backward, _Lattice, full_band, search
from kobridge.align.features.wordlist import WordLexicon

engine = importlib.import_module("kobridge.align.engine")

FloatArray = npt.NDArray[np.float64]
BeadPath = list[tuple[int, int]]
TEMPERATURES = (0.5, 1.0, 2.0)
FLAG = 0.5


@dataclass(frozen=True)
class Lattice:
    """One decoded document: its beads' shapes, whether each is in the gold, and their log-posteriors."""

    shapes: list[tuple[int, int]]
    right: list[bool]
    evidence: FloatArray
    """Per bead: log-posterior of the bead at each of ``TEMPERATURES``, then (at T = 1) of its
    start cell, its end cell, its span and its sentences."""


def _evidence(costs: Costs, band: Band, n: int, m: int, path: BeadPath) -> FloatArray:
    """The log-posteriors ``Lattice.evidence`` describes, one row per bead of ``path``."""
    lo, width = band.lo, band.width
    lattices = {t: _forward_backward(costs, band, n, m, t) for t in TEMPERATURES}
    one = lattices[1.0]

    def cell(lat: _Lattice, i: int, j: int) -> float:
        k = j - lo[i]
        if not 0 <= k < width:
            return -np.inf
        return float(lat.forward[i, k] + lat.backward[i, k] - lat.total)

    def weight(shape: tuple[int, int], i2: int, j2: int, t: float = 1.0) -> float:
        k = j2 - lo[i2]
        if shape not in costs.shapes or not 0 <= k < width:
            return -np.inf
        return max(float(costs[shape][i2, k]) / -t, -1e6)

    def bead(shape: tuple[int, int], i2: int, j2: int, t: float = 1.0) -> float:
        i, j = i2 - shape[0], j2 - shape[1]
        if i < 0 or j < 0 or i2 > n or j2 > m or not 0 <= j - lo[i] < width or not 0 <= j2 - lo[i2] < width:
            return -np.inf
        lat = lattices[t]
        start, end = lat.forward[i, j - lo[i]], lat.backward[i2, j2 - lo[i2]]
        return float(start + weight(shape, i2, j2, t) + end - lat.total)

    def span(i: int, j: int, i2: int, j2: int) -> float:
        inside = {(i, j): 0.0}
        for x in range(i, i2 + 1):
            for y in range(j, j2 + 1):
                if (x, y) != (i, j):
                    terms = [
                        inside[(x - a, y - b)] + weight((a, b), x, y)
                        for a, b in costs.shapes
                        if (x - a, y - b) in inside
                    ]
                    inside[(x, y)] = float(np.logaddexp.reduce(terms)) if terms else -np.inf
        k, k2 = j - lo[i], j2 - lo[i2]
        return float(one.forward[i, k] + inside[(i2, j2)] + one.backward[i2, k2] - one.total)

    def partners(i: int, j: int, a: int, b: int) -> float:
        i2, j2 = i + a, j + b
        least = 0.0
        for s in range(i, i2):
            if b == 0:
                terms = [bead((1, 0), s + 1, int(c)) for c in lo[s + 1] + np.arange(width) if c <= m]
            else:
                terms = [
                    bead((x, b), s0 + x, j2)
                    for x, y in costs.shapes
                    if y == b and x > 0
                    for s0 in range(s - x + 1, s + 1)
                ]
            least = min(least, float(np.logaddexp.reduce(terms)))
        for t in range(j, j2):
            if a == 0:
                terms = [bead((0, 1), r, t + 1) for r in range(n + 1)]
            else:
                terms = [
                    bead((a, y), i2, t0 + y)
                    for x, y in costs.shapes
                    if x == a and y > 0
                    for t0 in range(t - y + 1, t + 1)
                ]
            least = min(least, float(np.logaddexp.reduce(terms)))
        return least

    rows = []
    i = j = 0
    for a, b in path:
        i2, j2 = i + a, j + b
        row = [bead((a, b), i2, j2, t) for t in TEMPERATURES]
        row += [cell(one, i, j), cell(one, i2, j2), span(i, j, i2, j2), partners(i, j, a, b)]
        rows.append(np.minimum(row, 0.0))
        i, j = i2, j2
    return np.array(rows)


def _dev(name: str) -> list[Lattice]:
    """Set ``name`` aligned as ``bench/confidence.py`` aligns it, with each bead's evidence."""
    lexicon, model = _lexicon(name, "heldout"), _model(name, "heldout")
    final: list[tuple[Costs, Band, int, int, BeadPath]] = []
    posteriors = engine.posteriors

    def spy(costs: Costs, band: Band, n: int, m: int, path: BeadPath) -> list[float]:
        final[:] = [(costs, band, n, m, list(path))]  # the last call is the final search's
        return posteriors(costs, band, n, m, path)

    engine.posteriors = spy
    try:
        out = []
        for doc in load_set(name):
            gold = {(b.src, b.tgt) for b in doc.gold}
            beads = engine.align(doc.src, doc.tgt, lexicon=lexicon, model=model)
            costs, band, n, m, path = final[0]
            right = [(b.src, b.tgt) in gold for b in beads]
            out.append(Lattice(path, right, _evidence(Costs.stack(costs), band, n, m, path)))
        return out
    finally:
        engine.posteriors = posteriors


def _calibration_documents(source: str, weights: WeightSet) -> list[Lattice]:
    """The training script's calibration documents of ``source``, decoded with ``weights``."""
    docs = trainer._documents(source, 100, 1007)
    out = []
    for ex in trainer._examples(docs, weights.name, trainer._lexicon(source), WordLexicon.load_default()):
        known = {s: weights.weights(*s) for s in ex.features}
        costs = Costs.stack(
            {s: np.where(ex.valid[s], ex.features[s] @ w, INVALID) for s, w in known.items() if w is not None}
        )
        band = full_band(ex.n, ex.m)
        path = search(costs, band, ex.n, ex.m)
        if path is None:
            continue
        gold = {(b.src, b.tgt) for b in ex.gold_beads}
        right, i, j = [], 0, 0
        for a, b in path:
            right.append((tuple(range(i, i + a)), tuple(range(j, j + b))) in gold)
            i, j = i + a, j + b
        out.append(Lattice(path, right, _evidence(costs, band, ex.n, ex.m, path)))
    return out


def _logit(log_p: FloatArray) -> FloatArray:
    """``logit(p)`` with ``p`` kept in [1e-4, 1 - 1e-4], as ``WeightSet.confidence`` keeps it."""
    p = np.clip(np.exp(log_p), 1e-4, 1 - 1e-4)
    return np.asarray(np.log(p / (1 - p)))


CANDIDATES: dict[str, Callable[[FloatArray], FloatArray]] = {
    **{f"bead T={t:g}": (lambda e, k=k: e[:, [k]]) for k, t in enumerate(TEMPERATURES)},
    "boundaries": lambda e: np.minimum(e[:, [3]], e[:, [4]]),
    "span": lambda e: e[:, [5]],
    "sentences": lambda e: e[:, [6]],
    "bead + boundaries": lambda e: e[:, [1, 3, 4]],
    "all of them": lambda e: e,
}


def _logistic(x: FloatArray, y: FloatArray) -> FloatArray:
    design = np.hstack([np.ones((len(x), 1)), x])

    def loss(c: FloatArray) -> tuple[float, FloatArray]:
        z = design @ c
        return float(np.sum(np.logaddexp(0, z) - y * z)), design.T @ (1 / (1 + np.exp(-z)) - y)

    start = np.zeros(design.shape[1])
    start[1] = 1.0
    return np.asarray(minimize(loss, start, jac=True, method="L-BFGS-B").x)


def _pooled(lattices: Sequence[Lattice]) -> tuple[list[str], npt.NDArray[np.bool_], FloatArray]:
    groups = [shape_group(*s) for lat in lattices for s in lat.shapes]
    right = np.array([r for lat in lattices for r in lat.right])
    return groups, right, np.vstack([lat.evidence for lat in lattices])


def _confidence(
    fit_on: Sequence[Lattice], score: Sequence[Lattice], pick: Callable[[FloatArray], FloatArray]
) -> FloatArray:
    """``pick``'s logits calibrated per shape group on ``fit_on`` (as training does), on ``score``."""
    groups, right, evidence = _pooled(fit_on)
    x, y = _logit(pick(evidence)), right.astype(float)
    fits = {"*": _logistic(x, y)}
    for g in set(groups):
        inside = np.array([h == g for h in groups])
        if inside.sum() >= trainer.MIN_CALIBRATION and 0 < y[inside].sum() < inside.sum():
            fits[g] = _logistic(x[inside], y[inside])
    groups, _, evidence = _pooled(score)
    x = _logit(pick(evidence))
    z = np.array(
        [
            fits.get(g, fits["*"])[0] + fits.get(g, fits["*"])[1:] @ row
            for g, row in zip(groups, x, strict=True)
        ]
    )
    return np.round(np.clip(1 / (1 + np.exp(-np.clip(z, -700, 700))), 1e-4, 1 - 1e-4), 4)


def _row(name: str, scores: FloatArray, right: npt.NDArray[np.bool_]) -> str:
    wrong = ~right
    flagged = scores < FLAG
    precision = float(wrong[flagged].mean()) if flagged.any() else float("nan")
    return (
        f"| {name} | {auc(scores, right):.3f} | {share_in_lowest(scores, wrong, 0.1):.2f} "
        f"| {read_for(scores, wrong):.2f} | {precision:.2f} / {float(flagged[wrong].mean()):.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(KO_EN_SETS))
    parser.add_argument(
        "--in-sample", action="store_true", help="add the bound of a calibration fitted on the scored beads"
    )
    args = parser.parse_args()
    names = args.sets.split(",")
    scored: dict[str, list[Lattice]] = {name: _dev(name) for name in names}
    calibration: dict[str, list[Lattice]] = {}
    for name in names:
        trained_on = "park" if name.startswith("ntrex") else "ntrex"
        if trained_on not in calibration:
            model: BeadModel = _model(name, "heldout")
            calibration[trained_on] = _calibration_documents(trained_on, model.sets["ko-en"])
    every = [lat for name in names for lat in scored[name]]
    right = _pooled(every)[1]
    print(f"pooled over {', '.join(names)}: {len(right)} beads, {int((~right).sum())} wrong")
    print(f"| candidate | AUC | wrong in lowest 10% | read for 90% | flag P / R (< {FLAG}) |")
    print("|---|---|---|---|---|")
    for label, pick in CANDIDATES.items():
        scores = np.concatenate(
            [
                _confidence(calibration["park" if name.startswith("ntrex") else "ntrex"], scored[name], pick)
                for name in names
            ]
        )
        print(_row(label, scores, right), flush=True)
        if args.in_sample:
            print(_row(f"{label}, in-sample bound", _confidence(every, every, pick), right), flush=True)
    print("\n| calibration documents, flag under | " + " | ".join(f"{t:.2f}" for t in THRESHOLDS) + " |")
    print("|---|" + "---|" * len(THRESHOLDS))
    for source, lattices in calibration.items():
        scores = _confidence(lattices, lattices, CANDIDATES["bead T=1"])
        wrong = ~_pooled(lattices)[1]
        sweep = [flag(scores, wrong, t) for t in THRESHOLDS]
        print(f"| {source}: P / R | " + " | ".join(f"{p:.2f} / {r:.2f}" for _, p, r in sweep) + " |")


if __name__ == "__main__":
    main()

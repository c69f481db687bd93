"""Training data and objective of the bead model (``beadmodel``).

Synthetic documents: runs of consecutive sentence pairs of a parallel corpus, perturbed the
ways real translations depart from 1-1 (``Rates``): two or three sentences merged on one
side, a sentence dropped on one side (an omission), a sentence taken from elsewhere in the
corpus inserted on one side (an addition), two adjacent sentences swapped on one side (a 2-2
bead), and a run of sentences moved a few places on one side (omissions where it was,
additions where it went). Each document's gold beads record what was done. Every draw comes
from one ``random.Random``, so a seed gives the same documents on every machine.

Objective: the bead model is a linear-chain CRF over the bead lattice: a path's probability
is ``exp(-cost(path)) / Z`` with ``cost(path)`` the sum of its beads' ``w . features``. The
negative log-likelihood of a gold path is ``cost(gold) + log Z``; its gradient is the gold
path's feature sum minus the expected feature sum, whose bead marginals come from the
forward-backward pass (``dp.bead_marginals``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kobridge.align.beadfeatures import bead_features, feature_names, shape_group
from kobridge.align.dp import INVALID, full_band, posteriors, search
from kobridge.align.length import LengthModel
from kobridge.align.problem import Problem
from kobridge.model import Bead

__all__ = ["Example", "Rates", "example", "negative_log_likelihood", "synthetic_document"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Rates:
    """Per-pair probabilities of each perturbation."""

    merge2: float = 0.0
    merge3: float = 0.0
    omit: float = 0.0
    insert: float = 0.0
    swap: float = 0.0
    move: float = 0.0

    @classmethod
    def draw(cls, rng: random.Random) -> Rates:
        """Rates for one document: ``LOOSE`` scaled by a level drawn uniformly from 0 (a clean 1-1
        translation) to 1.6 (looser than the hard dev sets), each rate jittered by up to half."""
        level = rng.uniform(0.0, 1.6)
        return cls(**{f: v * level * rng.uniform(0.5, 1.5) for f, v in LOOSE.items()})


LOOSE = {"merge2": 0.14, "merge3": 0.04, "omit": 0.06, "insert": 0.05, "swap": 0.04, "move": 0.02}
"""The perturbation rates of a loose news translation: the rates the hard dev sets were made with
(``shared/bench/ko_en/*-hard/README``), and paragraph moves, which they lack."""


@dataclass(frozen=True)
class SyntheticDocument:
    """A perturbed document pair with its gold beads and paragraph indices."""

    src: tuple[str, ...]
    tgt: tuple[str, ...]
    gold: tuple[Bead, ...]
    src_par: tuple[int, ...]
    tgt_par: tuple[int, ...]


def synthetic_document(
    pairs: Sequence[tuple[str, str]],
    elsewhere: Sequence[tuple[str, str]],
    rates: Rates,
    rng: random.Random,
    *,
    paragraphs: bool = False,
) -> SyntheticDocument:
    """Perturb consecutive sentence pairs into a document pair with gold beads.

    Args:
        pairs: the document's sentence pairs ``(src, tgt)``, in order.
        elsewhere: pairs to take inserted sentences from (other documents).
        rates: the perturbations' probabilities per pair.
        rng: the source of every random choice.
        paragraphs: give the document paragraphs of 1-4 beads (otherwise one paragraph).
    """
    beads: list[tuple[list[str], list[str]]] = [([s], [t]) for s, t in pairs]
    out: list[tuple[list[str], list[str]]] = []
    k = 0
    while k < len(beads):
        src, tgt = beads[k]
        roll = rng.random()
        side = rng.randrange(2)
        if roll < rates.merge3 and k + 2 < len(beads):
            group = beads[k : k + 3]
            k += 3
            out.append(_merged(group, side))
            continue
        roll -= rates.merge3
        if roll < rates.merge2 and k + 1 < len(beads):
            group = beads[k : k + 2]
            k += 2
            out.append(_merged(group, side))
            continue
        roll -= rates.merge2
        if roll < rates.swap and k + 1 < len(beads):
            (s1, t1), (s2, t2) = beads[k], beads[k + 1]
            out.append((s1 + s2, t2 + t1) if side else (s2 + s1, t1 + t2))
            k += 2
            continue
        roll -= rates.swap
        if roll < rates.omit:
            out.append((src, []) if side else ([], tgt))
            k += 1
            continue
        roll -= rates.omit
        out.append((src, tgt))
        k += 1
        if elsewhere and rng.random() < rates.insert:
            out.append(_insertion(src, tgt, elsewhere, side, rng))
    if rates.move and len(out) > 6 and rng.random() < rates.move * len(out):
        out = _moved(out, rng)
    return _document(out, rng, paragraphs)


def _insertion(
    src: list[str], tgt: list[str], elsewhere: Sequence[tuple[str, str]], side: int, rng: random.Random
) -> tuple[list[str], list[str]]:
    """A sentence from elsewhere for one side, of a length like its neighbour's (so length cannot tell)."""
    near = (tgt if side else src) or [""]
    draws = [elsewhere[rng.randrange(len(elsewhere))][side] for _ in range(5)]
    chosen = min(draws, key=lambda text: abs(len(text) - len(near[0])))
    return ([], [chosen]) if side else ([chosen], [])


def sample_documents(
    pairs: Sequence[tuple[str, str]], count: int, rng: random.Random
) -> list[SyntheticDocument]:
    """``count`` documents of 5-45 consecutive pairs, each perturbed at rates drawn for it
    (``Rates.draw``), insertions taken from the rest of ``pairs``, half with paragraphs."""
    docs = []
    for _ in range(count):
        size = rng.randint(5, 45)
        start = rng.randrange(0, len(pairs) - size)
        inside = pairs[start : start + size]
        elsewhere = [*pairs[:start], *pairs[start + size :]]
        docs.append(
            synthetic_document(inside, elsewhere, Rates.draw(rng), rng, paragraphs=rng.random() < 0.5)
        )
    return docs


def _merged(group: Sequence[tuple[list[str], list[str]]], side: int) -> tuple[list[str], list[str]]:
    """Join one side of consecutive 1-1 beads into a single sentence (``side`` 1: the target)."""
    src = [s for g in group for s in g[0]]
    tgt = [t for g in group for t in g[1]]
    if side:
        return src, [" ".join(tgt)]
    return [" ".join(src)], tgt


def _moved(beads: list[tuple[list[str], list[str]]], rng: random.Random) -> list[tuple[list[str], list[str]]]:
    """Move the target sentences of a run of 1-3 one-to-one beads 3-6 beads later."""
    run = rng.randint(1, 3)
    start = rng.randrange(0, len(beads) - run - 3)
    if any(len(s) != 1 or len(t) != 1 for s, t in beads[start : start + run]):
        return beads
    moved = [t for _, t in beads[start : start + run]]
    out = beads[:start] + [(s, []) for s, _ in beads[start : start + run]] + beads[start + run :]
    at = min(len(out), start + run + rng.randint(3, 6))
    return out[:at] + [([], t) for t in moved] + out[at:]


def _document(
    beads: Sequence[tuple[list[str], list[str]]], rng: random.Random, paragraphs: bool
) -> SyntheticDocument:
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    src_par: list[int] = []
    tgt_par: list[int] = []
    par = 0
    left = rng.randint(1, 4)
    for s_side, t_side in beads:
        gold.append(
            Bead(
                tuple(range(len(src), len(src) + len(s_side))), tuple(range(len(tgt), len(tgt) + len(t_side)))
            )
        )
        src.extend(s_side)
        tgt.extend(t_side)
        src_par.extend([par] * len(s_side))
        tgt_par.extend([par] * len(t_side))
        left -= 1
        if paragraphs and left <= 0:
            par += 1
            left = rng.randint(1, 4)
    return SyntheticDocument(tuple(src), tuple(tgt), tuple(gold), tuple(src_par), tuple(tgt_par))


@dataclass(frozen=True)
class Example:
    """One training document as the objective reads it.

    ``features[shape]`` is an ``(n + 1, m + 1, F)`` array on the full grid, ``valid[shape]``
    says where the bead fits, ``gold[shape]`` is the gold path's feature sum for that shape.
    """

    n: int
    m: int
    features: dict[tuple[int, int], FloatArray]
    valid: dict[tuple[int, int], npt.NDArray[np.bool_]]
    gold: dict[tuple[int, int], FloatArray]
    gold_beads: tuple[Bead, ...]


def example(problem: Problem, gold: Sequence[Bead], max_bead: int, length: LengthModel) -> Example | None:
    """The training example of one document, or None when its gold holds a shape not searched."""
    band = full_band(problem.n, problem.m)
    features: dict[tuple[int, int], FloatArray] = {}
    valid: dict[tuple[int, int], npt.NDArray[np.bool_]] = {}
    for shape, ok, values in bead_features(problem, band, max_bead, length):
        features[shape] = np.stack([np.where(ok, values[f], 0.0) for f in feature_names(*shape)], axis=-1)
        valid[shape] = ok
    sums = {s: np.zeros(f.shape[-1]) for s, f in features.items()}
    i = j = 0
    for bead in gold:
        shape = (len(bead.src), len(bead.tgt))
        if shape not in features:
            return None
        i, j = i + shape[0], j + shape[1]
        sums[shape] += features[shape][i, j]
    return Example(problem.n, problem.m, features, valid, sums, tuple(gold))


def layout(examples: Sequence[Example]) -> dict[str, tuple[str, ...]]:
    """The weight groups the examples need, each with its feature names."""
    groups: dict[str, tuple[str, ...]] = {}
    for ex in examples:
        for shape in ex.features:
            groups.setdefault(shape_group(*shape), feature_names(*shape))
    return dict(sorted(groups.items()))


def _slices(groups: dict[str, tuple[str, ...]]) -> dict[str, slice]:
    out = {}
    at = 0
    for name, feats in groups.items():
        out[name] = slice(at, at + len(feats))
        at += len(feats)
    return out


class Batch:
    """Examples of similar size padded into one block, so that forward-backward runs on all at once."""

    def __init__(self, examples: Sequence[Example]) -> None:
        self.count = len(examples)
        self.n = np.array([ex.n for ex in examples])
        self.m = np.array([ex.m for ex in examples])
        rows, cols = int(self.n.max()) + 1, int(self.m.max()) + 1
        shapes = list(examples[0].features)
        self.features: dict[tuple[int, int], FloatArray] = {}
        self.valid: dict[tuple[int, int], npt.NDArray[np.bool_]] = {}
        self.gold: dict[tuple[int, int], FloatArray] = {}
        for shape in shapes:
            width = examples[0].features[shape].shape[-1]
            block = np.zeros((self.count, rows, cols, width))
            valid = np.zeros((self.count, rows, cols), dtype=bool)
            for d, ex in enumerate(examples):
                block[d, : ex.n + 1, : ex.m + 1] = ex.features[shape]
                valid[d, : ex.n + 1, : ex.m + 1] = ex.valid[shape]
            self.features[shape] = block
            self.valid[shape] = valid
            self.gold[shape] = np.sum([ex.gold[shape] for ex in examples], axis=0)
        self.end = np.full((self.count, rows, cols), -np.inf)
        self.end[np.arange(self.count), self.n, self.m] = 0.0

    def weights(self, theta: FloatArray, slices: dict[str, slice]) -> dict[tuple[int, int], FloatArray]:
        """Each bead's log-weight ``-cost`` (a large negative number where it does not fit)."""
        return {
            shape: np.where(self.valid[shape], -(x @ theta[slices[shape_group(*shape)]]), -1e6)
            for shape, x in self.features.items()
        }

    def marginals(
        self, weight: dict[tuple[int, int], FloatArray]
    ) -> tuple[FloatArray, dict[tuple[int, int], FloatArray]]:
        """Each example's log-weight of all paths, and every bead's posterior (full-grid forward-backward)."""
        count, rows, cols = self.end.shape
        moves = [s for s in weight if s[0] > 0]
        forward = np.full((count, rows, cols), -np.inf)
        for i in range(rows):
            acc = np.full((count, cols), -np.inf)
            if i == 0:
                acc[:, 0] = 0.0
            for a, b in moves:
                if i >= a:
                    previous = np.full((count, cols), -np.inf)
                    previous[:, b:] = forward[:, i - a, : cols - b]
                    acc = np.logaddexp(acc, previous + weight[(a, b)][:, i])
            step = weight[(0, 1)][:, i].copy()
            step[:, 0] = 0.0
            running = np.cumsum(step, axis=1)
            forward[:, i] = running + np.logaddexp.accumulate(acc - running, axis=1)
        backward = np.full((count, rows, cols), -np.inf)
        for i in range(rows - 1, -1, -1):
            acc = self.end[:, i].copy()
            for a, b in moves:
                if i + a < rows:
                    following = backward[:, i + a] + weight[(a, b)][:, i + a]
                    acc[:, : cols - b] = np.logaddexp(acc[:, : cols - b], following[:, b:])
            step = weight[(0, 1)][:, i].copy()
            step[:, 0] = 0.0
            running = np.cumsum(step, axis=1)
            backward[:, i] = np.logaddexp.accumulate((acc + running)[:, ::-1], axis=1)[:, ::-1] - running
        total = forward[np.arange(count), self.n, self.m]
        marginals = {}
        for (a, b), w in weight.items():
            previous = np.full((count, rows, cols), -np.inf)
            previous[:, a:, b:] = forward[:, : rows - a, : cols - b]
            log_p = previous + w + backward - total[:, None, None]
            marginals[(a, b)] = np.exp(np.minimum(log_p, 0.0))
        return total, marginals


def batches(examples: Sequence[Example], size: int = 64) -> list[Batch]:
    """The examples in batches of similar size (sorted by their larger side)."""
    ordered = sorted(examples, key=lambda ex: (max(ex.n, ex.m), ex.n, ex.m))
    return [Batch(ordered[k : k + size]) for k in range(0, len(ordered), size)]


def negative_log_likelihood(
    theta: FloatArray, blocks: Sequence[Batch], groups: dict[str, tuple[str, ...]], l2: float
) -> tuple[float, FloatArray]:
    """The CRF's mean negative log-likelihood of the gold paths plus an L2 penalty, and its gradient."""
    slices = _slices(groups)
    total = 0.0
    grad = np.zeros_like(theta)
    count = 0
    for block in blocks:
        weight = block.weights(theta, slices)
        log_z, marginals = block.marginals(weight)
        count += block.count
        for shape, x in block.features.items():
            part = slices[shape_group(*shape)]
            total += float(block.gold[shape] @ theta[part])
            expected = np.einsum("dij,dijf->f", np.where(block.valid[shape], marginals[shape], 0.0), x)
            grad[part] += block.gold[shape] - expected
        total += float(log_z.sum())
    count = max(count, 1)
    value = total / count + 0.5 * l2 * float(theta @ theta)
    return value, grad / count + l2 * theta


def _costs(ex: Example, theta: FloatArray, slices: dict[str, slice]) -> dict[tuple[int, int], FloatArray]:
    return {
        shape: np.where(ex.valid[shape], x @ theta[slices[shape_group(*shape)]], INVALID)
        for shape, x in ex.features.items()
    }


def decode(
    ex: Example, theta: FloatArray, groups: dict[str, tuple[str, ...]]
) -> tuple[list[tuple[int, int]], list[float]]:
    """The best path of an example under ``theta`` and each of its beads' posterior."""
    slices = _slices(groups)
    costs = _costs(ex, theta, slices)
    band = full_band(ex.n, ex.m)
    path = search(costs, band, ex.n, ex.m)
    if path is None:
        raise ValueError("no path")
    return path, posteriors(costs, band, ex.n, ex.m, path)

"""Train kobridge's bead model (``kobridge.align.beadmodel``) on synthetic documents.

The documents are runs of consecutive pairs of ``shared/corpora/ko-en/SOURCE.tsv``, perturbed
by ``kobridge.align.training.synthetic_document`` at rates drawn per document. Their lexical
features come from a translation model that has *not* seen them (the held-out lexicon of
``scripts/train_lexicon.py heldout``: trained on the other source), so the learned weights
expect the lexical scores of unseen text, as in real use. The model is trained by maximum
likelihood (a CRF over the bead lattice, L-BFGS), then calibrated on documents of another
seed. Everything is seeded: the same command writes the same bytes.

    .venv/bin/python scripts/train_bead_model.py                      # the shipped model (both sources)
    .venv/bin/python scripts/train_bead_model.py --sources ntrex -o bench/models/bead-ntrex.json
    .venv/bin/python scripts/train_bead_model.py --sources park -o bench/models/bead-park.json

The two single-source models are the honest ones for the dev sets: ``bench/accuracy.py``
scores the park sets with the ntrex model and the ntrex sets with the park model.
Attribution: the training text is NTREX-128 (CC BY-SA 4.0) and the Park, Hong & Cha (2016)
corpus (CC BY-SA 3.0); see ``src/kobridge/data/LEXICON-NOTICE.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from kobridge.align.beadfeatures import shape_group
from kobridge.align.beadmodel import WeightSet, to_json
from kobridge.align.engine import make_problem
from kobridge.align.features.lexical import LexicalModel
from kobridge.align.features.wordlist import WordLexicon
from kobridge.align.length import LengthModel
from kobridge.align.training import (
    Example,
    batches,
    decode,
    example,
    layout,
    negative_log_likelihood,
    sample_documents,
)
from kobridge.model import AlignParams

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora" / "ko-en"
MODELS = ROOT / "bench" / "models"
HELDOUT_LEXICON = {"ntrex": "lexicon-park.npz", "park": "lexicon-ntrex.npz"}
LENGTH = {"ko-en": (6.0, 4.0), "generic": (1.0, 6.0)}
"""Initial length variance and Student-t tail of each profile (re-estimated per document)."""
MIN_CALIBRATION = 30
"""A shape group needs this many decoded beads for a calibration of its own."""
MAX_BEAD = 4
"""Every shape a user may ask for (``--max-bead`` up to 4) gets weights, rare ones learned as rare."""


def _pairs(source: str) -> list[tuple[str, str]]:
    rows = (CORPORA / f"{source}-dev.tsv").read_text(encoding="utf-8").splitlines()
    return [(ko, en) for ko, en in (r.split("\t") for r in rows)]


def _lexicon(source: str) -> LexicalModel:
    path = MODELS / HELDOUT_LEXICON[source]
    if not path.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "train_lexicon.py"), "heldout", "--out-dir", str(MODELS)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return LexicalModel.load(path)


def _documents(source: str, count: int, seed: int) -> list:
    pairs = _pairs(source)
    return sample_documents(pairs, count, random.Random(f"{seed}:{source}"))


def _examples(docs: list, set_name: str, lexicon: LexicalModel, words: WordLexicon) -> list[Example]:
    profile = "ko-en" if set_name.startswith("ko-en") else "generic"
    lexical = not set_name.endswith("-nolex")
    params = AlignParams.for_profile(profile)
    if lexical and "lexical" not in params.features:
        params = dataclasses.replace(params, features=(*params.features, "lexical"))
    variance, tail = LENGTH[profile]
    out = []
    for doc in docs:
        problem = make_problem(
            doc.src,
            doc.tgt,
            "ko",
            "en",
            params,
            src_par=np.asarray(doc.src_par, dtype=np.int64),
            tgt_par=np.asarray(doc.tgt_par, dtype=np.int64),
            lexicon=lexicon if lexical else None,
            word_lexicon=words if profile == "ko-en" else None,
        )
        src_len, tgt_len = np.diff(problem.src_cum), np.diff(problem.tgt_cum)
        length = LengthModel.estimate(src_len, tgt_len, variance=variance, tail=tail)
        if lexical:  # the second pass: the length model re-estimated on (here: the gold) 1-1 beads
            ones = [b for b in doc.gold if len(b.src) == 1 and len(b.tgt) == 1]
            length = length.refine(src_len[[b.src[0] for b in ones]], tgt_len[[b.tgt[0] for b in ones]])
        ex = example(problem, doc.gold, MAX_BEAD, length)
        if ex is not None:
            out.append(ex)
    return out


def _fit(examples: list[Example], l2: float) -> tuple[dict[str, tuple[str, ...]], np.ndarray]:
    groups = layout(examples)
    size = sum(len(f) for f in groups.values())
    result = minimize(
        negative_log_likelihood,
        np.zeros(size),
        args=(batches(examples), groups, l2),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 400},
    )
    print(f"  L-BFGS: {result.nit} iterations, {result.message}", file=sys.stderr)
    return groups, np.asarray(result.x)


def _calibration(
    examples: list[Example], groups: dict[str, tuple[str, ...]], theta: np.ndarray
) -> dict[str, tuple[float, float]]:
    """Per shape group, a logistic regression of "this decoded bead is in the gold" on its posterior's logit.

    Groups with fewer than ``MIN_CALIBRATION`` beads, or without both right and wrong ones,
    use the fit over all beads (``*``).
    """
    rows: dict[str, tuple[list[float], list[float]]] = {}
    for ex in examples:
        path, post = decode(ex, theta, groups)
        gold = {(b.src, b.tgt) for b in ex.gold_beads}
        i = j = 0
        for (a, b), p in zip(path, post, strict=True):
            p = min(max(p, 1e-4), 1 - 1e-4)
            right = float((tuple(range(i, i + a)), tuple(range(j, j + b))) in gold)
            for key in (shape_group(a, b), "*"):
                xs, ys = rows.setdefault(key, ([], []))
                xs.append(math.log(p / (1 - p)))
                ys.append(right)
            i, j = i + a, j + b
    fits = {}
    for key, (xs, ys) in sorted(rows.items()):
        if key == "*" or (len(ys) >= MIN_CALIBRATION and 0 < sum(ys) < len(ys)):
            fits[key] = _logistic(np.array(xs), np.array(ys))
    return fits


def _logistic(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    def loss(c: np.ndarray) -> tuple[float, np.ndarray]:
        z = c[0] + c[1] * x
        p = 1 / (1 + np.exp(-z))
        value = float(np.sum(np.logaddexp(0, z) - y * z))
        return value, np.array([np.sum(p - y), np.sum((p - y) * x)])

    c = minimize(loss, np.array([0.0, 1.0]), jac=True, method="L-BFGS-B").x
    return float(c[0]), float(c[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", default="ntrex,park", help="corpora to make documents from")
    parser.add_argument("--docs", type=int, default=400, help="training documents per source")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument(
        "-o", "--out", type=Path, default=ROOT / "src" / "kobridge" / "data" / "bead-model.json"
    )
    parser.add_argument("--sets", default="ko-en,ko-en-nolex,generic,generic-nolex")
    parser.add_argument(
        "--textberg-half",
        type=int,
        choices=(0, 1),
        help="train the generic sets on this half of Text+Berg dev only",
    )
    args = parser.parse_args()
    sources = args.sources.split(",")
    words = WordLexicon.load_default()
    lexicons = {s: _lexicon(s) for s in sources}
    train_docs = {s: _documents(s, args.docs, args.seed) for s in sources}
    calib_docs = {s: _documents(s, max(args.docs // 4, 20), args.seed + 1000) for s in sources}
    sets = []
    for name in args.sets.split(","):
        start = time.perf_counter()
        train = [ex for s in sources for ex in _examples(train_docs[s], name, lexicons[s], words)]
        groups, theta = _fit(train, args.l2)
        calib = [ex for s in sources for ex in _examples(calib_docs[s], name, lexicons[s], words)]
        calibration = _calibration(calib, groups, theta)
        weights: dict[str, dict[str, float]] = {}
        at = 0
        for group, feats in groups.items():
            weights[group] = {f: float(theta[at + k]) for k, f in enumerate(feats)}
            at += len(feats)
        variance, tail = LENGTH["ko-en" if name.startswith("ko-en") else "generic"]
        sets.append(WeightSet(name, weights, calibration, variance, tail))
        print(f"{name}: {len(train)} documents, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    provenance = {
        "script": "scripts/train_bead_model.py",
        "sources": sources,
        "docs_per_source": args.docs,
        "seed": args.seed,
        "l2": args.l2,
        "corpora": "NTREX-128 (CC BY-SA 4.0); Park, Hong & Cha 2016 (CC BY-SA 3.0)",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(to_json(sets, provenance))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

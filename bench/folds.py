"""Accuracy as the shipped aligner would have it on unseen articles of the same two sources.

``bench/accuracy.py`` is honest by training on one source and scoring the other, which adds a
change of source that real use (and kobridge's evaluation data) does not have. This script
holds out documents instead: the dev documents of each source are split in two folds (even
and odd positions); for each fold, the corpus pairs of the *other* fold's documents train
everything, as ``scripts/train_lexicon.py train`` and ``scripts/train_bead_model.py`` train the
shipped models from all of them: a lexicon on both sources, and a bead model on synthetic
documents whose lexical features come from the other source's lexicon. The fold's own dev
documents (all four sets) are then aligned with those models. No sentence of a scored
document is in any training data.

Usage: .venv/bin/python bench/folds.py [--docs 200]  (about 15 minutes on two cores)
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import train_bead_model as trainer
from datasets import KO_EN_SETS, load_set

from kobridge.align import Scores, align, score_beads
from kobridge.align.beadmodel import BeadModel, WeightSet, to_json
from kobridge.align.features.lexical import LexicalModel
from kobridge.align.features.wordlist import WordLexicon
from kobridge.align.training import sample_documents

SOURCES = ("ntrex", "park")


def _fold_of_pairs(source: str) -> dict[int, int]:
    """Corpus pair index -> fold (0 or 1) of the dev document it belongs to."""
    pairs = trainer._pairs(source)
    where = {ko: k for k, (ko, _) in enumerate(pairs)}
    fold: dict[int, int] = {}
    for position, doc in enumerate(load_set(f"{source}-dev")):
        for bead in doc.gold:
            if len(bead.src) == 1 and len(bead.tgt) == 1 and doc.src[bead.src[0]] in where:
                fold[where[doc.src[bead.src[0]]]] = position % 2
    return fold


def _documents(pairs: list[tuple[str, str]], count: int, seed: str) -> list:
    return sample_documents(pairs, count, random.Random(seed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--docs", type=int, default=200, help="synthetic training documents per source and fold"
    )
    args = parser.parse_args()
    words = WordLexicon.load_default()
    folds = {s: _fold_of_pairs(s) for s in SOURCES}
    corpus = {s: trainer._pairs(s) for s in SOURCES}
    totals = {name: Scores() for name in KO_EN_SETS}
    for test_fold in (0, 1):
        train = {s: [p for k, p in enumerate(corpus[s]) if folds[s].get(k) == 1 - test_fold] for s in SOURCES}
        lexicon = LexicalModel.train(train["ntrex"] + train["park"], iterations=5, vocab_size=2000)
        single = {s: LexicalModel.train(train[s], iterations=5, vocab_size=2000) for s in SOURCES}
        examples = []
        for s in SOURCES:
            other = "park" if s == "ntrex" else "ntrex"
            docs = _documents(train[s], args.docs, f"folds:{test_fold}:{s}")
            examples += trainer._examples(docs, "ko-en", single[other], words)
        groups, theta = trainer._fit(examples, 1e-3)
        weights, at = {}, 0
        for group, feats in groups.items():
            weights[group] = {f: float(theta[at + k]) for k, f in enumerate(feats)}
            at += len(feats)
        model = BeadModel.from_json(to_json([WeightSet("ko-en", weights)], {"fold": test_fold}))
        for name in KO_EN_SETS:
            for position, doc in enumerate(load_set(name)):
                if position % 2 == test_fold:
                    beads = align(doc.src, doc.tgt, lexicon=lexicon, model=model)
                    totals[name] = totals[name] + score_beads(doc.gold, beads)
        print(f"fold {test_fold} done", file=sys.stderr, flush=True)
    print("| set (held-out documents, both folds) | kobridge strict / lax F1 |")
    print("|---|---|")
    for name, scores in totals.items():
        print(f"| {name} | {scores.f1:.3f} / {scores.lax_f1:.3f} |")
    macro = sum(s.f1 for s in totals.values()) / len(totals)
    print(f"| macro | {macro:.3f} / {sum(s.lax_f1 for s in totals.values()) / len(totals):.3f} |")


if __name__ == "__main__":
    main()

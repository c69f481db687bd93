"""Train kobridge's shipped and held-out lexical models, and measure the aligner's cross-language evidence.

To train a model on your own translation memory, use ``kobridge lexicon train PAIRS... -o MODEL``;
this script rebuilds the models of the project's own corpus and bench. Commands (run from the
repository root):

    .venv/bin/python scripts/train_lexicon.py train
        The shipped default: both files of ../shared/corpora/ko-en -> src/kobridge/data/lexicon-ko-en.npz.
    .venv/bin/python scripts/train_lexicon.py heldout [--out-dir bench/models]
        Held-out models for honest dev scores (not committed): lexicon-park.npz, trained on
        park-dev.tsv only, for the ntrex sets; lexicon-ntrex.npz, trained on ntrex-dev.tsv only, for
        the park sets.
    .venv/bin/python scripts/train_lexicon.py measure [--models-dir bench/models]
        How well cognate keys and the lexical score separate the gold 1-1 beads of ntrex-dev and
        park-dev from false pairs, with the held-out models (trained first if missing), the default
        model, and held-out models self-trained on each document's (partly wrong) pairs.
"""

from __future__ import annotations

import argparse
import ast
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from kobridge.align.features.lexical import LexicalModel
from kobridge.align.features.romanize import sentence_keys
from kobridge.formats.pairs import read_pairs

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora" / "ko-en"
BENCH = ROOT.parent / "shared" / "bench" / "ko_en"
DEFAULT_OUT = ROOT / "src" / "kobridge" / "data" / "lexicon-ko-en.npz"
HELDOUT = {"lexicon-park.npz": ("park-dev.tsv",), "lexicon-ntrex.npz": ("ntrex-dev.tsv",)}
SCORED_WITH = {"ntrex-dev": "lexicon-park.npz", "park-dev": "lexicon-ntrex.npz"}
CORPUS_NOTE = {
    "ntrex-dev.tsv": "NTREX-128 ko-en (Federmann, Kocmi & Xin 2022), CC BY-SA 4.0",
    "park-dev.tsv": "Park, Hong & Cha (2016) Korean-English news, dev split, CC BY-SA 3.0",
}


def train(corpus_dir: Path, names: tuple[str, ...], out: Path, vocab_size: int, iterations: int) -> None:
    """Train one model on the named corpus files (``ko<TAB>en`` lines) and save it."""
    started = time.perf_counter()
    pairs = [pair for name in names for pair in read_pairs(corpus_dir / name)]
    corpus = "; ".join(f"{name}: {CORPUS_NOTE.get(name, 'unknown source')}" for name in names)
    corpus += "; the model is CC BY-SA 4.0, see kobridge/data/LEXICON-NOTICE.md"
    model = LexicalModel.train(pairs, iterations=iterations, vocab_size=vocab_size, corpus=corpus)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    seconds = time.perf_counter() - started
    print(f"{out}: {len(pairs)} pairs, {out.stat().st_size / 1024:.0f} KiB, {seconds:.1f} s")


def gold_pairs(set_dir: Path) -> Iterator[tuple[list[str], list[str], list[tuple[int, int]]]]:
    """Each document's Korean lines, English lines and gold 1-1 beads."""
    for gold in sorted(set_dir.glob("*.gold")):
        ko = gold.with_suffix(".ko").read_text(encoding="utf-8").splitlines()
        en = gold.with_suffix(".en").read_text(encoding="utf-8").splitlines()
        ones = []
        for line in gold.read_text(encoding="utf-8").splitlines():
            src, _, tgt = line.partition(":")
            s, t = ast.literal_eval(src), ast.literal_eval(tgt)
            if len(s) == 1 and len(t) == 1:
                ones.append((s[0], t[0]))
        yield ko, en, ones


def measure_cognates(set_name: str, strict: bool) -> None:
    """Share of true, neighbouring and random pairs of 1-1 beads that share a cognate key."""
    docs = list(gold_pairs(BENCH / set_name))
    true = neighbour = n_neighbour = 0
    all_pairs: list[tuple[str, str]] = []
    for ko, en, ones in docs:
        ko_keys = [sentence_keys(ko[s], "ko") for s, _ in ones]
        en_keys = [sentence_keys(en[t], "en", strict=strict) for _, t in ones]
        all_pairs.extend((ko[s], en[t]) for s, t in ones)
        for i in range(len(ones)):
            true += bool(ko_keys[i] & en_keys[i])
            for j in (i - 1, i + 1):
                if 0 <= j < len(ones):
                    n_neighbour += 1
                    neighbour += bool(ko_keys[i] & en_keys[j])
    rng = random.Random(0)
    draws = 5000
    chance = 0
    for _ in range(draws):
        a, b = rng.sample(range(len(all_pairs)), 2)
        chance += bool(
            sentence_keys(all_pairs[a][0], "ko") & sentence_keys(all_pairs[b][1], "en", strict=strict)
        )
    print(
        f"cognates {set_name} strict={strict}: {len(all_pairs)} beads; share of pairs with a common key: "
        f"true {true / len(all_pairs):.3f}, neighbours {neighbour / n_neighbour:.3f}, "
        f"random {chance / draws:.3f}"
    )


def measure_lexical(set_name: str, model: LexicalModel, label: str) -> None:
    """How often the true English sentence of a 1-1 bead outscores its neighbours (±1 and ±2)."""
    wins_3 = wins_5 = trials = 0
    margins = []
    for ko, en, ones in gold_pairs(BENCH / set_name):
        src = [model.encode(line, "ko") for line in ko]
        tgt = [model.encode(line, "en") for line in en]
        scorer = model.bead_scorer(src, tgt)
        one = np.ones(1, dtype=np.int64)
        for s, t in ones:
            candidates = [c for c in (t - 2, t - 1, t, t + 1, t + 2) if 0 <= c < len(en)]
            scores = {c: float(scorer.score_spans(one * s, one, one * c, one)[0]) for c in candidates}
            trials += 1
            near = [c for c in candidates if abs(c - t) <= 1]
            wins_3 += all(scores[t] > scores[c] for c in near if c != t)
            wins_5 += all(scores[t] > scores[c] for c in candidates if c != t)
            margins.append(scores[t] - max((scores[c] for c in near if c != t), default=0.0))
    print(
        f"lexical {set_name} with {label}: {trials} beads; true English sentence beats its ±1 neighbours "
        f"{wins_3 / trials:.3f}, its ±2 neighbours {wins_5 / trials:.3f}; "
        f"median margin {np.median(margins):.3f}"
    )


def _beats_neighbours(model: LexicalModel, ko: list[str], en: list[str], ones: list[tuple[int, int]]) -> int:
    """How many 1-1 beads' true English sentence outscores both its ±1 neighbours."""
    scorer = model.bead_scorer([model.encode(x, "ko") for x in ko], [model.encode(x, "en") for x in en])
    one = np.ones(1, dtype=np.int64)
    wins = 0
    for s, t in ones:
        near = [c for c in (t - 1, t + 1) if 0 <= c < len(en)]
        true = scorer.score_spans(one * s, one, one * t, one)[0]
        wins += all(true > scorer.score_spans(one * s, one, one * c, one)[0] for c in near)
    return wins


def measure_self_training(set_name: str, base: LexicalModel, wrong_share: float, base_weight: float) -> None:
    """Self-train on each document's gold 1-1 pairs with a share made wrong (the next English sentence),
    as a first pass might err, and count how often the true sentence then beats its ±1 neighbours."""
    rng = random.Random(0)
    wins = trials = 0
    for ko, en, ones in gold_pairs(BENCH / set_name):
        pairs = [
            (ko[s], en[min(t + 1, len(en) - 1)] if rng.random() < wrong_share else en[t]) for s, t in ones
        ]
        model = LexicalModel.train(pairs, base=base, iterations=3, base_weight=base_weight)
        wins += _beats_neighbours(model, ko, en, ones)
        trials += len(ones)
    print(
        f"self-training {set_name}: {wrong_share:.0%} wrong pairs, base_weight {base_weight}: "
        f"true English sentence beats its ±1 neighbours {wins / trials:.3f}"
    )


def measure(models_dir: Path) -> None:
    """Print every figure quoted in the docstrings of romanize.py and lexical.py."""
    for set_name in SCORED_WITH:
        for strict in (False, True):
            measure_cognates(set_name, strict)
    for name, files in HELDOUT.items():
        if not (models_dir / name).exists():
            train(CORPORA, files, models_dir / name, vocab_size=2000, iterations=5)
    for set_name, model_name in SCORED_WITH.items():
        measure_lexical(set_name, LexicalModel.load(models_dir / model_name), f"{model_name} (held out)")
        measure_lexical(set_name, LexicalModel.load(DEFAULT_OUT), "the default model (has seen the set)")
    for set_name, model_name in SCORED_WITH.items():
        base = LexicalModel.load(models_dir / model_name)
        for wrong_share in (0.08, 0.2):
            for base_weight in (0.8, 0.0):
                measure_self_training(set_name, base, wrong_share, base_weight)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus-dir", type=Path, default=CORPORA)
    parser.add_argument("--vocab-size", type=int, default=2000)
    parser.add_argument("--iterations", type=int, default=5)
    commands = parser.add_subparsers(dest="command", required=True)
    default = commands.add_parser("train", help="train the shipped default model")
    default.add_argument("--out", type=Path, default=DEFAULT_OUT)
    heldout = commands.add_parser("heldout", help="train the held-out models for honest dev scores")
    heldout.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "models")
    measuring = commands.add_parser("measure", help="measure cognate keys and the lexical score on dev")
    measuring.add_argument("--models-dir", type=Path, default=ROOT / "bench" / "models")
    args = parser.parse_args(argv)
    if args.command == "train":
        train(args.corpus_dir, tuple(sorted(CORPUS_NOTE)), args.out, args.vocab_size, args.iterations)
    elif args.command == "heldout":
        for name, files in HELDOUT.items():
            train(args.corpus_dir, files, args.out_dir / name, args.vocab_size, args.iterations)
    else:
        measure(args.models_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Accuracy of kobridge's aligner on every dev set of /work/shared/bench, beside Gale-Church.

For each set it prints strict and lax precision, recall and F1 (the field's metric, counts
summed over the set's documents, ``kobridge.align.evaluate``) for kobridge and for the
Gale-Church baseline computed in the same run, then the macro average of the four ko_en
sets.

Honesty: the shipped lexical model is trained on the ko_en dev sentences themselves. By
default (``--lexicon heldout``) each ko_en set is therefore scored with a model trained on
the *other* source only: ``bench/models/lexicon-park.npz`` (park-dev.tsv) for the ntrex
sets and ``bench/models/lexicon-ntrex.npz`` (ntrex-dev.tsv) for the park sets. They are
trained on first use by ``scripts/train_lexicon.py heldout`` (about 10 s) and not committed.
``--lexicon default`` uses the shipped model (optimistic), ``--lexicon none`` switches the
lexical feature off. ``--words none`` switches off the word-list channel (the project-written
news lexicon, ``kobridge/data/news-lexicon-ko-en.tsv``, which holds no dev data and is always
honest).
Text+Berg (German-French) never uses a Korean-English model; its row here uses the shipped bead
model, whose ``generic`` sets were trained on Text+Berg dev itself, so it is in-sample: the honest
figure is ``bench/textberg.py`` (each half scored by a model trained on the other half).
The ko_en sets are scored with held-out bead models (``--model heldout``, the default):
``bench/models/bead-park.json`` (synthetic documents of park-dev.tsv) for the ntrex sets and
``bead-ntrex.json`` for the park sets, trained by ``scripts/train_bead_model.py`` on first use.

Usage: .venv/bin/python bench/accuracy.py [--sets ...] [--lexicon heldout|default|none] [--words default|none]
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import KO_EN_SETS, load_set
from gale_church import gale_church

from kobridge.align import Scores, align, default_params, score_beads
from kobridge.align.beadmodel import BeadModel, load_model
from kobridge.align.features.lexical import LexicalModel

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "bench" / "models"
HELDOUT = {"ntrex": "lexicon-park.npz", "park": "lexicon-ntrex.npz"}
HELDOUT_MODEL = {"ntrex": "bead-park.json", "park": "bead-ntrex.json"}


def _model(set_name: str, mode: str) -> BeadModel:
    """The bead model to score a set with: by default one trained on the other source's documents only."""
    if set_name == "textberg" or mode == "default":
        return load_model()
    source = set_name.split("-")[0]
    path = MODELS / HELDOUT_MODEL[source]
    if not path.exists():
        other = "park" if source == "ntrex" else "ntrex"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "train_bead_model.py"),
                "--sources",
                other,
                "-o",
                str(path),
            ],
            check=True,
        )
    return BeadModel.load(path)


def _lexicon(set_name: str, mode: str) -> LexicalModel | None:
    if set_name == "textberg" or mode == "none":
        return None
    if mode == "default":
        return LexicalModel.load_default()
    path = MODELS / HELDOUT[set_name.split("-")[0]]
    if not path.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "train_lexicon.py"), "heldout", "--out-dir", str(MODELS)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return LexicalModel.load(path)


def _row(name: str, ours: Scores, baseline: Scores, seconds: float) -> str:
    return (
        f"| {name} | {ours.f1:.3f} / {ours.lax_f1:.3f} | {ours.precision:.3f} / {ours.recall:.3f} "
        f"| {baseline.f1:.3f} / {baseline.lax_f1:.3f} | {seconds:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join((*KO_EN_SETS, "textberg")))
    parser.add_argument("--lexicon", choices=("heldout", "default", "none"), default="heldout")
    parser.add_argument("--words", choices=("default", "none"), default="default")
    parser.add_argument("--model", choices=("heldout", "default"), default="heldout")
    args = parser.parse_args()
    print(f"lexicon: {args.lexicon}, words: {args.words} (ko_en sets); Gale-Church: bench/gale_church.py")
    print("| set | kobridge strict / lax F1 | strict P / R | Gale-Church strict / lax F1 | kobridge s |")
    print("|---|---|---|---|---|")
    ko_en: list[tuple[Scores, Scores]] = []
    for name in args.sets.split(","):
        langs = ("de", "fr") if name == "textberg" else ("ko", "en")
        lexicon = _lexicon(name, args.lexicon)
        model = _model(name, args.model)
        params = default_params(*langs)
        if args.lexicon == "none":
            params = dataclasses.replace(params, features=tuple(f for f in params.features if f != "lexical"))
        if args.words == "none":
            params = dataclasses.replace(params, features=tuple(f for f in params.features if f != "words"))
        ours = baseline = Scores()
        seconds = 0.0
        for doc in load_set(name):
            start = time.perf_counter()
            beads = align(
                doc.src,
                doc.tgt,
                src_lang=langs[0],
                tgt_lang=langs[1],
                params=params,
                lexicon=lexicon,
                model=model,
            )
            seconds += time.perf_counter() - start
            ours = ours + score_beads(doc.gold, beads)
            baseline = baseline + score_beads(doc.gold, gale_church(doc.src, doc.tgt))
        print(_row(name, ours, baseline, seconds), flush=True)
        if name in KO_EN_SETS:
            ko_en.append((ours, baseline))
    if len(ko_en) == len(KO_EN_SETS):
        count = len(ko_en)
        print(
            f"| macro of the four ko_en sets | {sum(o.f1 for o, _ in ko_en) / count:.3f} / "
            f"{sum(o.lax_f1 for o, _ in ko_en) / count:.3f} | | "
            f"{sum(b.f1 for _, b in ko_en) / count:.3f} / {sum(b.lax_f1 for _, b in ko_en) / count:.3f} | |"
        )


if __name__ == "__main__":
    main()

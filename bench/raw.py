"""Accuracy on raw articles: the dev documents as running text, segmented by kobridge itself.

Each dev document becomes two plain texts: its gold beads are grouped into paragraphs of 1-4
beads (seeded per document), each paragraph one line, its sentences joined by a space, on
both sides. kobridge then segments and aligns the texts as ``kobridge align KO EN`` would
(no ``--presegmented``). Its sentences need not be the gold lines (a gold line that holds two
merged sentences may be split; two lines may become one sentence), so each predicted bead
is projected back onto the gold lines its sentences overlap, and predicted beads that share
a line are joined; the result is scored against the gold with the usual metric. Gale-Church
runs on the same segmented sentences and is projected the same way.

Held-out lexicons and bead models, as in ``bench/accuracy.py``.

Usage: .venv/bin/python bench/raw.py [--sets ...] [--model heldout|default]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import HELDOUT_MODEL, MODELS, _lexicon, _model
from datasets import KO_EN_SETS, load_set
from gale_church import gale_church

from kobridge.align import Scores, default_params, score_beads
from kobridge.io import SourceText
from kobridge.model import Bead, Document
from kobridge.pipeline import align_texts


def raw_text(lines: Sequence[str], paragraphs: Sequence[Sequence[int]]) -> tuple[str, list[tuple[int, int]]]:
    """The text of ``lines`` in the given paragraphs (one per line) and each line's character span."""
    spans: list[tuple[int, int]] = [(0, 0)] * len(lines)
    out: list[str] = []
    at = 0
    for k, paragraph in enumerate(paragraphs):
        if k:
            out.append("\n")
            at += 1
        for n, line in enumerate(paragraph):
            if n:
                out.append(" ")
                at += 1
            spans[line] = (at, at + len(lines[line]))
            out.append(lines[line])
            at += len(lines[line])
    return "".join(out), spans


def paragraphs_of(gold: Sequence[Bead], rng: random.Random) -> tuple[list[list[int]], list[list[int]]]:
    """Both sides' paragraphs: runs of 1-4 consecutive gold beads."""
    src: list[list[int]] = []
    tgt: list[list[int]] = []
    k = 0
    while k < len(gold):
        run = gold[k : k + rng.randint(1, 4)]
        k += len(run)
        s = [i for b in run for i in b.src]
        t = [j for b in run for j in b.tgt]
        if s:
            src.append(s)
        if t:
            tgt.append(t)
    return src, tgt


def _lines_of(doc: Document, spans: Sequence[tuple[int, int]]) -> list[set[int]]:
    """For each sentence of ``doc``, the gold lines it overlaps."""
    out = []
    for sentence in doc.sentences:
        out.append({n for n, (a, b) in enumerate(spans) if a < sentence.end and sentence.start < b})
    return out


def project(
    beads: Sequence[Bead], src_lines: Sequence[set[int]], tgt_lines: Sequence[set[int]]
) -> tuple[Bead, ...]:
    """Predicted sentence beads as beads of gold lines: beads that share a line are joined."""
    groups: list[tuple[set[int], set[int]]] = []
    for bead in beads:
        s = set().union(*(src_lines[i] for i in bead.src)) if bead.src else set()
        t = set().union(*(tgt_lines[j] for j in bead.tgt)) if bead.tgt else set()
        if groups and (groups[-1][0] & s or groups[-1][1] & t):
            groups[-1][0].update(s)
            groups[-1][1].update(t)
        else:
            groups.append((s, t))
    return tuple(Bead(tuple(sorted(s)), tuple(sorted(t))) for s, t in groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(KO_EN_SETS))
    parser.add_argument("--model", choices=("heldout", "default"), default="heldout")
    args = parser.parse_args()
    print("| set (raw articles) | kobridge strict / lax F1 | Gale-Church strict / lax F1 |")
    print("|---|---|---|")
    totals: list[Scores] = []
    for name in args.sets.split(","):
        lexicon = _lexicon(name, "heldout")
        _model(name, args.model)  # trains the held-out model on first use
        params = default_params("ko", "en")
        if args.model == "heldout":
            params = dataclasses.replace(params, model=str(MODELS / HELDOUT_MODEL[name.split("-")[0]]))
        ours = baseline = Scores()
        for doc in load_set(name):
            rng = random.Random(f"raw:{name}:{doc.name}")
            src_pars, tgt_pars = paragraphs_of(doc.gold, rng)
            ko, ko_spans = raw_text(doc.src, src_pars)
            en, en_spans = raw_text(doc.tgt, tgt_pars)
            alignment = align_texts(
                SourceText(ko, doc.name + ".ko", "utf-8", False),
                SourceText(en, doc.name + ".en", "utf-8", False),
                params=params,
                lexicon=lexicon,
            )
            src_lines = _lines_of(alignment.src, ko_spans)
            tgt_lines = _lines_of(alignment.tgt, en_spans)
            ours = ours + score_beads(doc.gold, project(alignment.beads, src_lines, tgt_lines))
            gc = gale_church(
                [s.text for s in alignment.src.sentences], [s.text for s in alignment.tgt.sentences]
            )
            baseline = baseline + score_beads(doc.gold, project(gc, src_lines, tgt_lines))
        totals.append(ours)
        print(
            f"| {name} | {ours.f1:.3f} / {ours.lax_f1:.3f} | {baseline.f1:.3f} / {baseline.lax_f1:.3f} |",
            flush=True,
        )
    if len(totals) == len(KO_EN_SETS):
        print(
            f"| macro | {sum(t.f1 for t in totals) / len(totals):.3f} / "
            f"{sum(t.lax_f1 for t in totals) / len(totals):.3f} | |"
        )


if __name__ == "__main__":
    main()

"""What one correction is worth: fix the first wrong bead of each document, realign the rest.

For every document of the ko_en dev sets: align it; take the first gold bead (in document
order) that the alignment missed, as a reviewer would fix the first error they meet; align
again with that bead fixed (``kobridge.align.constraints.align_with_fixed``, what
``kobridge align --fixed`` and ``kobridge realign`` run); count the gold beads found before
and after. The fixed bead itself is one more gold bead found by construction, so the figure
that matters is how many *other* gold beads the realignment recovered (or lost), and how many
wrong beads are left. Lexicons are held out as in bench/accuracy.py.

Usage: .venv/bin/python bench/fixed.py [--sets ntrex-dev,...] [--lexicon heldout|default|none]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import HELDOUT_MODEL, MODELS, _lexicon, _model
from datasets import KO_EN_SETS, load_set

from kobridge.align import align, default_params
from kobridge.align.constraints import align_with_fixed
from kobridge.model import Bead


def _key(bead: Bead) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return bead.src, bead.tgt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(KO_EN_SETS))
    parser.add_argument("--lexicon", choices=("heldout", "default", "none"), default="heldout")
    args = parser.parse_args()
    base = default_params("ko", "en")
    print(
        "| set | documents with an error | wrong beads before → after | other gold beads recovered | lost |"
    )
    print("|---|---|---|---|---|")
    totals = [0, 0, 0, 0, 0]
    for name in args.sets.split(","):
        lexicon = _lexicon(name, args.lexicon)
        _model(name, "heldout")  # trains the held-out bead model on first use
        params = dataclasses.replace(base, model=str(MODELS / HELDOUT_MODEL[name.split("-")[0]]))
        fixed_docs = wrong_before = wrong_after = recovered = lost = 0
        for doc in load_set(name):
            gold = {_key(b) for b in doc.gold}
            before = align(doc.src, doc.tgt, params=params, lexicon=lexicon)
            found_before = {_key(b) for b in before} & gold
            missed = [b for b in doc.gold if _key(b) not in found_before]
            wrong_before += sum(1 for b in before if _key(b) not in gold)
            if not missed:  # then no bead is wrong either
                continue
            fixed_docs += 1
            first = missed[0]
            after = align_with_fixed(doc.src, doc.tgt, [first], params=params, lexicon=lexicon)
            found_after = {_key(b) for b in after} & gold
            wrong_after += sum(1 for b in after if _key(b) not in gold)
            recovered += len(found_after - found_before - {_key(first)})
            lost += len(found_before - found_after)
        print(
            f"| ko_en/{name} | {fixed_docs} | {wrong_before} → {wrong_after} | {recovered} | {lost} |",
            flush=True,
        )
        for index, value in enumerate((fixed_docs, wrong_before, wrong_after, recovered, lost)):
            totals[index] += value
    print(f"| all | {totals[0]} | {totals[1]} → {totals[2]} | {totals[3]} | {totals[4]} |")


if __name__ == "__main__":
    main()

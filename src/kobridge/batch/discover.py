"""Finding the article pairs of a batch: a folder of pairs by name, or a manifest CSV."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from kobridge.errors import InputError

__all__ = ["ARTICLE_EXTENSIONS", "PairJob", "discover_pairs", "read_manifest"]

# The files a folder's pairs are found by (NAME.ko.txt, NAME.ko.html...), in order of preference.
ARTICLE_EXTENSIONS = (".txt", ".html", ".htm", ".md", ".docx")


@dataclass(frozen=True, slots=True)
class PairJob:
    """One article pair of a batch: its output name and its two input files.

    ``name`` is a plain file name without extension; the output is ``OUTDIR/NAME.<ext>``.
    """

    name: str
    src: Path
    tgt: Path


def discover_pairs(input: Path, *, src_lang: str = "ko", tgt_lang: str = "en") -> list[PairJob]:
    """The pairs of a batch, from a folder or a manifest CSV.

    A folder holds pairs by name: ``NAME.ko.txt`` and ``NAME.en.txt`` (more generally
    ``NAME.{src_lang}.EXT`` and ``NAME.{tgt_lang}.EXT``, EXT one of ``ARTICLE_EXTENSIONS``:
    txt, html, htm, md, docx; the two sides may differ, and where a name has two files of one
    language the first extension of that list is taken), not searched recursively. A file
    with no partner is not dropped: its pair is kept with the missing file's expected path
    (in the same format), so that the batch reports it as failed ("no such file"). Other
    files are ignored.

    A file ending in ``.csv`` is a manifest (see :func:`read_manifest`).

    Args:
        input: the folder or the manifest.
        src_lang: ISO 639-1 code of the source files.
        tgt_lang: ISO 639-1 code of the target files.

    Returns:
        The pairs, sorted by name (folder) or in manifest order.

    Raises:
        InputError: ``input`` is missing, is neither a folder nor a ``.csv`` file, holds no
            pair, or is a manifest with a bad row.
    """
    if input.is_dir():
        return _folder_pairs(input, src_lang, tgt_lang)
    if input.suffix.lower() == ".csv" and input.is_file():
        return read_manifest(input, src_lang=src_lang, tgt_lang=tgt_lang)
    if not input.exists():
        raise InputError("no such file or folder", path=os.fspath(input))
    raise InputError(
        "expected a folder of NAME.ko.txt/NAME.en.txt pairs or a manifest .csv", path=os.fspath(input)
    )


def _folder_pairs(folder: Path, src_lang: str, tgt_lang: str) -> list[PairJob]:
    # name -> lang -> (preference, extension) of the article files found for it
    files: dict[str, dict[str, tuple[int, str]]] = {}
    for path in folder.iterdir():
        if path.name.startswith(".") or not path.is_file():
            continue
        for lang in (src_lang, tgt_lang):
            for rank, extension in enumerate(ARTICLE_EXTENSIONS):
                name = path.name.removesuffix(f".{lang}{extension}")
                if name != path.name and name:
                    sides = files.setdefault(name, {})
                    sides[lang] = min(sides.get(lang, (rank, extension)), (rank, extension))
    if not files:
        raise InputError(
            f"no NAME.{src_lang}.txt or NAME.{tgt_lang}.txt file (nor .html, .md, .docx) in the folder",
            path=os.fspath(folder),
        )
    jobs = []
    for name in sorted(files):
        sides = files[name]
        # A file with no partner keeps its pair, the partner expected in the same format.
        fallback = next(iter(sides.values()))
        src, tgt = (f"{name}.{lang}{sides.get(lang, fallback)[1]}" for lang in (src_lang, tgt_lang))
        jobs.append(PairJob(name, folder / src, folder / tgt))
    return jobs


def _check_name(name: str, manifest: str, line: int) -> None:
    if not name or name.startswith(".") or any(c in name for c in "/\\\0") or name != name.strip():
        raise InputError(
            f"output name {name!r} is not a plain file name (no folder, no leading dot or space)",
            path=manifest,
            line=line,
        )


def read_manifest(manifest: Path, *, src_lang: str = "ko", tgt_lang: str = "en") -> list[PairJob]:
    """Read a manifest CSV: one pair a row, under a header naming the columns.

    The columns are the two languages' codes and ``name`` (for example ``ko,en,name``), in
    any order; ``name`` may be left out or empty, and is then the source file's name without
    ``.{src_lang}.txt`` (``.html``, ``.md``...; or else its last suffix). Paths are relative
    to the manifest's folder.
    The file is read as UTF-8, with or without a BOM; blank rows are skipped.

    Raises:
        InputError: ``"MANIFEST:LINE: message"`` for a missing column, an empty path, an
            output name that is not a plain file name, or a name used twice.
    """
    where = os.fspath(manifest)
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=where) from None
    except UnicodeDecodeError as error:
        raise InputError(f"byte offset {error.start} is not valid UTF-8", path=where) from None
    if not rows:
        raise InputError(f"empty manifest; expected a header {src_lang},{tgt_lang},name", path=where)
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in (src_lang, tgt_lang) if column not in header]
    if missing:
        raise InputError(
            f"missing column {missing[0]!r} in the header (expected {src_lang},{tgt_lang}[,name])",
            path=where,
            line=1,
        )
    columns = {column: header.index(column) for column in (src_lang, tgt_lang, "name") if column in header}
    base = manifest.parent
    jobs: list[PairJob] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {column: row[index].strip() if index < len(row) else "" for column, index in columns.items()}
        for column in (src_lang, tgt_lang):
            if not cells[column]:
                raise InputError(f"empty {column!r} path", path=where, line=line)
        src, tgt = base / cells[src_lang], base / cells[tgt_lang]
        name = cells.get("name") or _default_name(src, src_lang)
        _check_name(name, where, line)
        if name in seen:
            raise InputError(
                f"output name {name!r} is already used on line {seen[name]}; give each pair its own name",
                path=where,
                line=line,
            )
        seen[name] = line
        jobs.append(PairJob(name, src, tgt))
    if not jobs:
        raise InputError("the manifest lists no pair", path=where)
    return jobs


def _default_name(src: Path, src_lang: str) -> str:
    for extension in ARTICLE_EXTENSIONS:
        name = src.name.removesuffix(f".{src_lang}{extension}")
        if name != src.name and name:
            return name
    return src.stem

"""The glossary CSV: reading it row by row (with the row-level checks) and writing it normalised.

Format (glossary/README.md): UTF-8 with or without a BOM, CRLF or LF line ends, a header row
naming the columns ``id,ko,en,ko_variants,en_variants,type,note,forbidden`` in any order (only
``id``, ``ko`` and ``en`` are required), standard CSV quoting (RFC 4180: a field containing a
comma, a quote or a line break is wrapped in double quotes, and its quotes are doubled). The
variant and forbidden columns hold several forms separated by ``|``.
"""

from __future__ import annotations

import csv
import io
import os

from kobridge.errors import KobridgeError
from kobridge.glossary.issues import LintIssue
from kobridge.glossary.match import Glossary
from kobridge.io import MAX_INPUT_BYTES, read_bytes, write_atomic
from kobridge.model import GlossaryEntry

__all__ = [
    "COLUMNS",
    "LIST_COLUMNS",
    "REQUIRED_COLUMNS",
    "SEPARATOR",
    "glossary_csv_text",
    "read_glossary_csv",
    "write_glossary_csv",
]

COLUMNS = ("id", "ko", "en", "ko_variants", "en_variants", "type", "note", "forbidden")
REQUIRED_COLUMNS = ("id", "ko", "en")
LIST_COLUMNS = ("ko_variants", "en_variants", "forbidden")
SEPARATOR = "|"

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection). Writing
# puts a ' before such a cell, as spreadsheets do to mark text, and reading takes it off again.
_FORMULA_STARTS = ("=", "+", "-", "@")


def _neutral(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _unneutral(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


_EXPECTED = f"expected {','.join(COLUMNS)}; only id, ko and en are required"
_QUOTING_HINT = "wrap a field that holds a comma or a quote in double quotes, and double the quotes inside it"


def _decode(data: bytes, name: str) -> tuple[str | None, list[LintIssue]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        message = f"not UTF-8 (byte 0x{data[e.start]:02x}); save the file as UTF-8 (with or without a BOM)"
        return None, [LintIssue(name, line, message)]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [LintIssue(name, line, "NUL character: this looks like a binary file, not a CSV")]
    return text, []


def _split(value: str, column: str, name: str, line: int, issues: list[LintIssue]) -> tuple[str, ...]:
    if not value:
        return ()
    items = tuple(item.strip() for item in value.split(SEPARATOR))
    if not all(items):
        issues.append(
            LintIssue(
                name, line, f"empty item in '{column}' ({value!r}): remove the doubled or stray '{SEPARATOR}'"
            )
        )
    return tuple(item for item in items if item)


def _header(row: list[str], name: str, line: int, issues: list[LintIssue]) -> list[str] | None:
    columns = []
    for cell in row:
        column = cell.strip()
        if column != cell:
            issues.append(LintIssue(name, line, f"spaces at the ends of column name {cell!r}; remove them"))
        if column in columns:
            issues.append(LintIssue(name, line, f"duplicate column '{column}'"))
        elif column not in COLUMNS:
            issues.append(LintIssue(name, line, f"unknown column '{column}' ({_EXPECTED})"))
        columns.append(column)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for column in missing:
        issues.append(LintIssue(name, line, f"missing column '{column}' ({_EXPECTED})"))
    return None if missing else columns


def _entry(
    columns: list[str], row: list[str], name: str, line: int, issues: list[LintIssue]
) -> GlossaryEntry | None:
    if len(row) != len(columns):
        issues.append(
            LintIssue(
                name,
                line,
                f"{len(row)} fields where the header has {len(columns)}: {_QUOTING_HINT}",
            )
        )
        return None
    values: dict[str, str] = {}
    for column, cell in zip(columns, row, strict=True):
        value = cell.strip()
        if value != cell:
            issues.append(LintIssue(name, line, f"spaces at the ends of '{column}' ({cell!r}); remove them"))
        values[column] = _unneutral(value)
    return GlossaryEntry(
        id=values["id"],
        ko=values["ko"],
        en=values["en"],
        ko_variants=_split(values.get("ko_variants", ""), "ko_variants", name, line, issues),
        en_variants=_split(values.get("en_variants", ""), "en_variants", name, line, issues),
        type=values.get("type", ""),
        note=values.get("note", ""),
        forbidden=_split(values.get("forbidden", ""), "forbidden", name, line, issues),
        line=line,
    )


def read_glossary_csv(path: str | os.PathLike[str]) -> tuple[list[GlossaryEntry], list[LintIssue]]:
    """Read a glossary CSV into entries, with the problems found in its rows.

    This checks the file and each row (encoding, columns, quoting, field counts, spaces at the
    ends, empty list items); the checks across entries are ``lint.check_entries``'s. A row
    with an error that leaves its fields unknown gives no entry. Reading stops at the first
    quoting error, since the rows after it cannot be trusted.

    Args:
        path: the CSV file.

    Returns:
        The entries, in file order, each with the line its row starts on, and the issues.
    """
    name = str(path)
    try:
        data = read_bytes(path, MAX_INPUT_BYTES, "a glossary CSV")
    except KobridgeError as e:
        return [], [LintIssue(name, 0, f"cannot read the glossary: {e.message}")]
    text, issues = _decode(data, name)
    if text is None:
        return [], issues
    entries: list[GlossaryEntry] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: list[str] | None = None
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            issues.append(
                LintIssue(name, start, f"broken quoting in the row starting here ({e}): {_QUOTING_HINT}")
            )
            return entries, issues
        line, start = start, reader.line_num + 1
        if not row or row == [""]:
            continue
        if reader.line_num > line:
            issues.append(
                LintIssue(
                    name,
                    line,
                    f"row runs on to line {reader.line_num}: a quote opened here is not closed "
                    "(fields may not hold line breaks)",
                )
            )
            continue
        if columns is None:
            columns = _header(row, name, line, issues)
            if columns is None:
                return entries, issues
            continue
        entry = _entry(columns, row, name, line, issues)
        if entry is not None:
            entries.append(entry)
    if columns is None:
        issues.append(LintIssue(name, 1, f"empty file: the glossary needs a header row ({_EXPECTED})"))
    return entries, issues


def glossary_csv_text(glossary: Glossary) -> str:
    """``glossary`` as a normalised CSV.

    Normalised: UTF-8 without a BOM, LF line ends, every column in the documented order, entries
    sorted by id, list columns joined with ``|``, quoting only where CSV needs it, and a ``'``
    before a cell that starts with ``=``, ``+``, ``-`` or ``@``, so that a spreadsheet shows it
    as text rather than running it as a formula (reading removes that ``'`` again). Loading a
    normalised file and writing it again gives the same bytes.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in sorted(glossary.entries, key=lambda e: e.id):
        writer.writerow(
            _neutral(cell)
            for cell in [
                e.id,
                e.ko,
                e.en,
                SEPARATOR.join(e.ko_variants),
                SEPARATOR.join(e.en_variants),
                e.type,
                e.note,
                SEPARATOR.join(e.forbidden),
            ]
        )
    return out.getvalue()


def write_glossary_csv(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write ``glossary`` as a normalised CSV (see :func:`glossary_csv_text`), atomically."""
    write_atomic(path, glossary_csv_text(glossary).encode("utf-8"))

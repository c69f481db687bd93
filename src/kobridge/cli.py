"""The ``kobridge`` command line: a thin adapter over the library.

This is the only module that reads argv, prints or exits. Every command turns a
``KobridgeError`` into a one-line ``Error: FILE:LINE: message`` on stderr and exit code 1;
usage mistakes exit 2 (typer's own handling); success exits 0.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from kobridge import __version__
from kobridge.errors import KobridgeError
from kobridge.io import InvalidCharPolicy, read_text, write_atomic
from kobridge.model import AlignParams
from kobridge.pipeline import OutputFormat, align_texts, make_document, render

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="kobridge",
    help="Align Korean and English articles sentence by sentence and write TEI P5 XML.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


def _command(*args: str, **kwargs: object) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a command whose KobridgeError becomes a one-line error and exit code 1."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*a: P.args, **kw: P.kwargs) -> R:
            try:
                return func(*a, **kw)
            except KobridgeError as error:
                typer.echo(f"Error: {error}", err=True)
                raise typer.Exit(1) from None

        app.command(*args, **kwargs)(wrapper)  # type: ignore[arg-type]
        return wrapper

    return decorate


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes the library's log records to stderr as ``Warning: message``."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.capitalize()}: {record.getMessage()}"


def _configure_logging(verbose: bool) -> None:
    # A handler of our own on the package logger, bound to the stderr of this invocation.
    log = logging.getLogger("kobridge")
    for handler in [h for h in log.handlers if isinstance(h, _StderrHandler)]:
        log.removeHandler(handler)
    log.addHandler(_StderrHandler(sys.stderr))
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    log.propagate = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kobridge {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log what kobridge does to stderr.")
    ] = False,
) -> None:
    """Align Korean and English articles sentence by sentence and write TEI P5 XML.

    Exit codes: 0 success, 1 bad input or a failed check, 2 wrong usage.
    """
    _configure_logging(verbose)


def _emit(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(output, data)


@_command("align")
def align_command(
    src: Annotated[Path, typer.Argument(help="The source article (Korean by default); - for stdin.")],
    tgt: Annotated[Path, typer.Argument(help="Its translation (English by default).")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of to stdout.")
    ] = None,
    src_lang: Annotated[str, typer.Option(help="ISO 639-1 code of the source.")] = "ko",
    tgt_lang: Annotated[str, typer.Option(help="ISO 639-1 code of the target.")] = "en",
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.tei,
    presegmented: Annotated[
        bool,
        typer.Option(help="Each input line is one sentence; blank lines separate paragraphs."),
    ] = False,
    wrapped: Annotated[
        bool, typer.Option(help="The texts are hard-wrapped: only blank lines end paragraphs.")
    ] = False,
    max_bead: Annotated[
        int, typer.Option(min=1, max=3, help="Most sentences on one side of a bead.")
    ] = AlignParams().max_bead,
    scores: Annotated[bool, typer.Option(help="With --format beads, add each bead's confidence.")] = False,
    encoding: Annotated[
        str | None, typer.Option(help="Input encoding (default: detect UTF-8, UTF-16 with BOM, CP949).")
    ] = None,
    on_invalid_char: Annotated[
        InvalidCharPolicy,
        typer.Option(help="Characters XML cannot hold: refuse the file, or replace them with U+FFFD."),
    ] = InvalidCharPolicy.error,
) -> None:
    """Align two articles and write the alignment (TEI P5 by default).

    The bead format prints one bead per line, [0, 1]:[2] (0-based sentence indices; an empty
    side is an omission or an addition), as the field's benchmarks write them.
    """
    src_text = read_text(src, encoding, on_invalid_char)
    tgt_text = read_text(tgt, encoding, on_invalid_char)
    alignment = align_texts(
        src_text,
        tgt_text,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        presegmented=presegmented,
        wrapped=wrapped,
        params=AlignParams(max_bead=max_bead),
    )
    _emit(render(alignment, fmt, with_scores=scores), output)


@_command("segment")
def segment_command(
    file: Annotated[Path, typer.Argument(help="A text file; - reads stdin.")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="ISO 639-1 code of the text (ko, en, ...).")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Input encoding (default: detect).")] = None,
    wrapped: Annotated[
        bool, typer.Option(help="The text is hard-wrapped: only blank lines end paragraphs.")
    ] = False,
) -> None:
    """Split a text into sentences: one per line, a blank line between paragraphs."""
    doc = make_document(read_text(file, encoding), lang, wrapped=wrapped)
    lines: list[str] = []
    for index, sentence in enumerate(doc.sentences):
        if index and sentence.paragraph != doc.sentences[index - 1].paragraph:
            lines.append("")
        lines.append(" ".join(sentence.text.split("\n")))
    _emit(("\n".join(lines) + "\n").encode(), output)


@_command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="TEI files written by kobridge.")],
    schema: Annotated[
        Path | None, typer.Option(help="Validate against this RELAX NG schema (e.g. tei_all.rng) instead.")
    ] = None,
) -> None:
    """Check TEI files against kobridge's TEI profile and its alignment rules.

    Prints FILE:LINE: message for each problem; exits 1 if any file is invalid.
    """
    from kobridge.formats.validate import validate_file

    schema_path = str(schema) if schema is not None else None
    failed = 0
    for file in files:
        issues = validate_file(file, schema_path)
        for issue in issues:
            typer.echo(str(issue), err=True)
        if issues:
            failed += 1
        else:
            typer.echo(f"{file}: valid")
    if failed:
        typer.echo(f"{failed} of {len(files)} file(s) invalid", err=True)
        raise typer.Exit(1)

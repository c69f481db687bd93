"""The typer application, its error handling and logging, and the options commands share."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TextIO, TypeVar

import typer

from kobridge import __version__
from kobridge.cli.helpformat import Command, Group
from kobridge.errors import KobridgeError, OutputError
from kobridge.formats import OutputFormat
from kobridge.inputs.sniff import InputFormat
from kobridge.io import InvalidCharPolicy, write_atomic
from kobridge.xmlchars import display_name

__all__ = ["app", "command", "emit"]

P = ParamSpec("P")
R = TypeVar("R")

# Command modules import what a command needs inside it, so that --help and --version stay instant.
app = typer.Typer(
    cls=Group,
    name="kobridge",
    help="Align Korean and English articles sentence by sentence and write TEI P5 XML.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    # Markdown: docstring paragraphs reflow to the terminal's width instead of keeping source line breaks.
    rich_markup_mode="markdown",
)


def _handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """The one place where a KobridgeError becomes a one-line error and exit code 1."""

    @functools.wraps(func)
    def wrapper(*a: P.args, **kw: P.kwargs) -> R:
        try:
            return func(*a, **kw)
        except KobridgeError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(1) from None
        except OSError as error:  # the environment, not the data: a full disk, a closed pipe...
            name = error.filename
            where = f"{display_name(os.fsdecode(name))}: " if isinstance(name, str | bytes) else ""
            typer.echo(f"Error: {where}{error.strerror or error}", err=True)
            raise typer.Exit(1) from None

    return wrapper


def command(
    name: str, on: typer.Typer = app, context_settings: dict[str, object] | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a command of ``on`` (the main app by default) with kobridge's error handling."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        wrapped = _handles_errors(func)
        on.command(name, cls=Command, context_settings=context_settings)(wrapped)
        return wrapped

    return decorate


class _StderrHandler(logging.StreamHandler[TextIO]):
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
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log what kobridge does to stderr.")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="Read settings from this project file (default: the nearest kobridge.toml).",
        ),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Read no project file: built-in defaults and options only.")
    ] = False,
) -> None:
    """Align Korean and English articles sentence by sentence and write TEI P5 XML.

    Exit codes: 0 success, 1 bad input or a failed check, 2 wrong usage.
    """
    _configure_logging(verbose)
    if config is not None and no_config:
        raise typer.BadParameter("give --config FILE or --no-config, not both", param_hint="'--no-config'")
    from kobridge.cli.config import load_project

    try:
        project = load_project(ctx.command, config, no_config=no_config)
    except KobridgeError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None
    # Each command's options default to the file's settings: the command line still wins.
    ctx.obj = project
    ctx.default_map = project.default_map()


def emit(data: bytes, output: Path | None) -> None:
    """Write a command's result to stdout, or atomically to ``output``."""
    if output is None:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except OSError as error:
            # What was buffered cannot be written either: let the exit not try again.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise OutputError(f"cannot write to standard output ({error.strerror or error})") from None
    else:
        write_atomic(output, data)


# Options that several commands share; each mirrors a library parameter.
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of to stdout.")
]


def _language(code: str) -> str:
    from kobridge.segment import check_language

    try:
        check_language(code)
    except KobridgeError as error:
        raise typer.BadParameter(str(error)) from None
    return code


SrcLang = Annotated[str, typer.Option(callback=_language, help="ISO 639-1 code of the source.")]
TgtLang = Annotated[str, typer.Option(callback=_language, help="ISO 639-1 code of the target.")]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
Presegmented = Annotated[
    bool,
    typer.Option("--presegmented", help="Each input line is one sentence; blank lines separate paragraphs."),
]
Wrapped = Annotated[
    bool, typer.Option("--wrapped", help="The texts are hard-wrapped: only blank lines end paragraphs.")
]
InputFormatOption = Annotated[
    InputFormat,
    typer.Option(
        "--input-format",
        help="The inputs' format: auto (by extension and content), text, html (the article of a news "
        "page), docx, md.",
    ),
]
MaxBead = Annotated[
    int | None,
    typer.Option(
        min=1, max=4, help="Most sentences on one side of a bead (default: tuned per language pair)."
    ),
]
Scores = Annotated[
    bool,
    typer.Option(
        "--scores",
        help="With --format beads, add each bead's confidence (the other formats always carry it).",
    ),
]
Encoding = Annotated[
    str | None, typer.Option(help="Input encoding (default: detect UTF-8, UTF-16 with BOM, CP949).")
]
OnInvalidChar = Annotated[
    InvalidCharPolicy,
    typer.Option(help="Characters XML cannot hold: refuse the file, or replace them with U+FFFD."),
]
GlossaryCsv = Annotated[
    Path | None,
    typer.Option(
        "--glossary", help="A glossary CSV: terms are marked in both texts and used as alignment anchors."
    ),
]
Lexicon = Annotated[
    Path | None,
    typer.Option(help="A lexical model made by kobridge lexicon train, instead of the shipped one."),
]

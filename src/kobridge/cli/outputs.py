"""What the commands that write files share: several outputs written as a set, never onto an input."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import typer

from kobridge.cli.app import emit
from kobridge.formats import MULTI_FILE_FORMATS, OutputFormat
from kobridge.io import write_all
from kobridge.xmlchars import display_name

__all__ = ["check_outputs", "emit_all", "format_outputs"]


def format_outputs(
    fmt: OutputFormat, output: Path | None, src_lang: str, tgt_lang: str
) -> list[tuple[str, Path | None]]:
    """The files ``-o output`` stands for in a format (several for xces and parallel), each with
    the option that names it, for :func:`check_outputs`.

    Raises:
        typer.BadParameter: a format of several files without ``-o`` (it cannot go to stdout).
    """
    if fmt not in MULTI_FILE_FORMATS:
        return [("-o", output)]
    if output is None or str(output) == "-":
        raise typer.BadParameter(
            f"--format {fmt.value} writes several files, which stdout cannot hold; "
            "name them with -o (see docs/formats.md)"
        )
    from kobridge.formats.files import output_paths

    return [("-o", path) for path in output_paths(fmt, output, src_lang, tgt_lang)]


def emit_all(outputs: Sequence[tuple[Path | None, bytes]]) -> None:
    """Write a command's results as a set: the files atomically together, then stdout (``None``)."""
    write_all([(path, data) for path, data in outputs if path is not None])
    for path, data in outputs:
        if path is None:
            emit(data, None)


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_outputs(inputs: Sequence[Path | None], outputs: Sequence[tuple[str, Path | None]]) -> None:
    """Refuse an output that names an input (it would be overwritten) or another output.

    ``outputs`` pairs each output with the option that names it, for the message.
    """
    given = [(option, path) for option, path in outputs if path is not None and str(path) != "-"]
    for index, (option, path) in enumerate(given):
        for source in inputs:
            if source is not None and str(source) != "-" and _same_file(path, source):
                raise typer.BadParameter(
                    f"{option} {display_name(str(path))} is an input file; write elsewhere"
                )
        for other_option, other in given[:index]:
            if _same_file(path, other):
                raise typer.BadParameter(
                    f"{other_option} and {option} name the same file {display_name(str(path))}"
                )

"""``kobridge validate``, ``convert`` and ``report``: reading and checking XML that kobridge wrote."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kobridge.cli.align import review_page
from kobridge.cli.app import Output, command, emit
from kobridge.cli.outputs import check_outputs, emit_all, format_outputs
from kobridge.formats import FLAG_THRESHOLD, OutputFormat
from kobridge.xmlchars import display_name


class ReportFormat(StrEnum):
    """How ``kobridge validate`` reports."""

    text = "text"
    junit = "junit"


def _expand(patterns: Sequence[Path]) -> list[Path]:
    """Expand glob patterns the shell left alone (quoted, or on Windows); keep plain paths."""
    files: list[Path] = []
    for pattern in patterns:
        text = str(pattern)
        if any(c in text for c in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise typer.BadParameter(f"no file matches {text}")
            files.extend(Path(m) for m in matches)
        else:
            files.append(pattern)
    return files


@command("validate")
def validate_command(
    files: Annotated[
        list[Path], typer.Argument(help="TEI, TMX, XLIFF or XCES files, or glob patterns (quoted).")
    ],
    schema: Annotated[
        Path | None, typer.Option(help="Validate against this RELAX NG schema (e.g. tei_all.rng) instead.")
    ] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text: FILE:LINE: message; junit: JUnit XML.")
    ] = ReportFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="With --format junit, write the report here.")
    ] = None,
) -> None:
    """Check TEI files against kobridge's TEI profile and alignment rules, TMX files against
    the TMX 1.4b DTD, XLIFF 2 files against kobridge's XLIFF profile and unique ids, XCES
    alignments against the sentence files they name.

    Prints FILE:LINE: message for each problem (or a JUnit XML report with --format junit).
    Exit codes: 0 all valid, 1 some file invalid, 2 wrong usage.
    """
    from kobridge.formats.junit import junit_xml
    from kobridge.formats.validate import validate_file

    schema_path = str(schema) if schema is not None else None
    results = [(str(file), validate_file(file, schema_path)) for file in _expand(files)]
    failed = sum(1 for _, issues in results if issues)
    if fmt is ReportFormat.junit:
        emit(junit_xml(results), output)
    else:
        for name, issues in results:
            for issue in issues:
                typer.echo(str(issue), err=True)
            if not issues:
                typer.echo(f"{display_name(name)}: valid")
    if failed:
        typer.echo(f"{failed} of {len(results)} file(s) invalid", err=True)
        raise typer.Exit(1)


class ConvertFormat(StrEnum):
    """What ``kobridge convert`` writes."""

    tmx = "tmx"
    tsv = "tsv"
    json = "json"
    beads = "beads"
    html = "html"
    xliff = "xliff"
    xces = "xces"
    parallel = "parallel"


@command("convert")
def convert_command(
    tei: Annotated[Path, typer.Argument(help="A TEI file written by kobridge align.")],
    to: Annotated[ConvertFormat, typer.Option("--to", "-t", help="The format to write.")],
    output: Output = None,
) -> None:
    """Convert kobridge's TEI into another format: the same beads and text.

    xces and parallel write several files named after -o (see docs/formats.md).
    """
    from kobridge.formats.html import html_bytes
    from kobridge.formats.read_tei import read_tei
    from kobridge.pipeline import render, render_files

    if to is ConvertFormat.html:
        check_outputs([tei], [("-o", output)])
        emit(html_bytes(read_tei(tei)), output)
        return
    fmt = OutputFormat(to.value)
    alignment = read_tei(tei)
    check_outputs([tei], format_outputs(fmt, output, alignment.src.lang, alignment.tgt.lang))
    if output is None:
        emit(render(alignment, fmt), None)
    else:
        emit_all(render_files(alignment, fmt, output))


@command("report")
def report_command(
    tei: Annotated[Path, typer.Argument(help="A TEI file written by kobridge align.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    glossary: Annotated[
        Path | None, typer.Option(help="A glossary CSV: list its terminology issues on the page.")
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Flag beads whose confidence is below this.")
    ] = FLAG_THRESHOLD,
) -> None:
    """Write a side-by-side review page (one self-contained HTML file) for an aligned article."""
    from kobridge.annotate import term_issues
    from kobridge.formats.read_tei import read_tei
    from kobridge.glossary import load_glossary

    check_outputs([tei, glossary], [("-o", output)])
    alignment = read_tei(tei)
    issues = term_issues(alignment, load_glossary(glossary)) if glossary is not None else []
    emit(review_page(alignment, issues, threshold), output)

"""The ``kobridge`` command line: a thin adapter over the library.

This is the only module that reads argv, prints or exits. Every command turns a
``KobridgeError`` into a one-line ``Error: FILE:LINE: message`` on stderr and exit code 1;
usage mistakes exit 2 (typer's own handling); success exits 0.
"""

from __future__ import annotations

import functools
import glob
import logging
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, ParamSpec, TextIO, TypeVar

import typer

from kobridge import __version__
from kobridge.align.features.lexical import LexicalModel
from kobridge.annotate import BeadTermIssue, term_issues
from kobridge.batch import (
    BatchSettings,
    Engine,
    discover_pairs,
    make_progress,
    report_json,
    run_batch,
    summary_table,
)
from kobridge.errors import KobridgeError
from kobridge.formats.html import html_bytes
from kobridge.formats.junit import junit_xml
from kobridge.formats.read_tei import read_tei
from kobridge.formats.report import term_report_json
from kobridge.formats.validate import validate_file
from kobridge.glossary import glossary_csv_text, lint_glossary, load_glossary, read_tbx, tbx_bytes
from kobridge.io import InvalidCharPolicy, read_text, write_atomic
from kobridge.model import Alignment
from kobridge.pipeline import OutputFormat, align_params, align_texts, make_document, render

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="kobridge",
    help="Align Korean and English articles sentence by sentence and write TEI P5 XML.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
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

    return wrapper


def _command(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a top-level command with kobridge's error handling."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        wrapped = _handles_errors(func)
        app.command(name)(wrapped)
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
        int | None,
        typer.Option(
            min=1, max=4, help="Most sentences on one side of a bead (default: tuned per language pair)."
        ),
    ] = None,
    scores: Annotated[bool, typer.Option(help="With --format beads, add each bead's confidence.")] = False,
    encoding: Annotated[
        str | None, typer.Option(help="Input encoding (default: detect UTF-8, UTF-16 with BOM, CP949).")
    ] = None,
    on_invalid_char: Annotated[
        InvalidCharPolicy,
        typer.Option(help="Characters XML cannot hold: refuse the file, or replace them with U+FFFD."),
    ] = InvalidCharPolicy.ERROR,
    glossary: Annotated[
        Path | None,
        typer.Option(help="A glossary CSV: terms are marked in both texts and used as alignment anchors."),
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Write the terminology issues found per bead here, as JSON.")
    ] = None,
    strict_terms: Annotated[
        bool, typer.Option(help="Exit 1 when the glossary finds terminology issues (for CI).")
    ] = False,
    html: Annotated[
        Path | None, typer.Option(help="Also write a side-by-side review page (HTML) here.")
    ] = None,
    lexicon: Annotated[
        Path | None,
        typer.Option(help="A lexical model (.npz, scripts/train_lexicon.py) instead of the shipped one."),
    ] = None,
) -> None:
    """Align two articles and write the alignment (TEI P5 by default).

    The bead format prints one bead per line, [0, 1]:[2] (0-based sentence indices; an empty
    side is an omission or an addition), as the field's benchmarks write them. With
    --glossary, terminology issues (a term whose counterpart is missing, a forbidden
    rendering) are summed up on stderr, listed with --report, and fail the run with
    --strict-terms.
    """
    if (report or strict_terms) and glossary is None:
        raise typer.BadParameter("--report and --strict-terms need --glossary")
    loaded = load_glossary(glossary) if glossary is not None else None
    src_text = read_text(src, encoding, on_invalid_char)
    tgt_text = read_text(tgt, encoding, on_invalid_char)
    alignment = align_texts(
        src_text,
        tgt_text,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        presegmented=presegmented,
        wrapped=wrapped,
        params=align_params(src_lang, tgt_lang, max_bead=max_bead),
        glossary=loaded,
        lexicon=LexicalModel.load(lexicon) if lexicon is not None else None,
    )
    issues = term_issues(alignment, loaded) if loaded is not None else []
    outputs = [(output, render(alignment, fmt, with_scores=scores))]
    if report is not None:
        outputs.append((report, term_report_json(alignment, issues).encode()))
    if html is not None:
        outputs.append((html, html_bytes(alignment, issues=[(i.bead, i.issue.message) for i in issues])))
    for path, data in outputs:
        _emit(data, path)
    if loaded is not None:
        typer.echo(_terms_summary(alignment, issues), err=True)
    if strict_terms and issues:
        raise typer.Exit(1)


def _terms_summary(alignment: Alignment, issues: Sequence[BeadTermIssue]) -> str:
    terms = sum(len(hits) for doc in (alignment.src, alignment.tgt) for hits in doc.terms)
    kinds = Counter(i.issue.kind for i in issues)
    if not issues:
        return f"Terms: {terms} found, no terminology issues."
    detail = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    first = issues[0]
    return (
        f"Terms: {terms} found, {len(issues)} terminology issue(s) ({detail}); "
        f"first in bead {first.bead}: {first.issue.message}"
    )


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


@_command("batch")
def batch_command(
    input: Annotated[
        Path,
        typer.Argument(help="A folder of NAME.ko.txt + NAME.en.txt pairs, or a manifest CSV (ko,en,name)."),
    ],
    outdir: Annotated[Path, typer.Option("--output", "-o", help="The folder to write NAME.<format> into.")],
    jobs: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: the number of cores).")
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.tei,
    src_lang: Annotated[str, typer.Option(help="ISO 639-1 code of the sources.")] = "ko",
    tgt_lang: Annotated[str, typer.Option(help="ISO 639-1 code of the targets.")] = "en",
    presegmented: Annotated[bool, typer.Option(help="Each input line is one sentence.")] = False,
    wrapped: Annotated[bool, typer.Option(help="The texts are hard-wrapped.")] = False,
    max_bead: Annotated[
        int | None,
        typer.Option(
            min=1, max=4, help="Most sentences on one side of a bead (default: tuned per language pair)."
        ),
    ] = None,
    scores: Annotated[bool, typer.Option(help="With --format beads, add each bead's confidence.")] = False,
    encoding: Annotated[str | None, typer.Option(help="Input encoding (default: detect).")] = None,
    on_invalid_char: Annotated[
        InvalidCharPolicy, typer.Option(help="Characters XML cannot hold: refuse the file, or replace them.")
    ] = InvalidCharPolicy.ERROR,
    glossary: Annotated[Path | None, typer.Option(help="A glossary CSV, as for align.")] = None,
    engine: Annotated[
        Engine, typer.Option(help="local: processes on this machine; dask: a Dask cluster (--scheduler).")
    ] = Engine.local,
    scheduler: Annotated[
        str | None, typer.Option(help="With --engine dask, the scheduler's address (tcp://host:8786).")
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every pair here.")] = None,
    lexicon: Annotated[
        Path | None,
        typer.Option(help="A lexical model (.npz, scripts/train_lexicon.py) instead of the shipped one."),
    ] = None,
    self_train: Annotated[
        bool,
        typer.Option(
            "--self-train",
            help="Two passes: align, train the lexical model on the batch's confident 1-1 beads, realign.",
        ),
    ] = False,
) -> None:
    """Align every pair of an archive in parallel; resumable, and a bad pair does not stop the rest.

    Outputs are written atomically as OUTDIR/NAME.<format>; an output whose inputs and settings
    are unchanged is skipped, so a stopped batch resumes where it was. Prints a summary table;
    exits 1 if any pair failed. See docs/batch.md.
    """
    if engine is Engine.dask and scheduler is None:
        raise typer.BadParameter("--engine dask needs --scheduler ADDRESS")
    pairs = discover_pairs(input, src_lang=src_lang, tgt_lang=tgt_lang)
    settings = BatchSettings(
        fmt=fmt,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        presegmented=presegmented,
        wrapped=wrapped,
        params=align_params(src_lang, tgt_lang, max_bead=max_bead) if max_bead is not None else None,
        with_scores=scores,
        encoding=encoding,
        on_invalid_char=on_invalid_char,
        glossary=glossary,
        lexicon=lexicon,
        self_train=self_train,
    )
    with make_progress(sys.stderr) as progress:
        result = run_batch(
            pairs, outdir, settings=settings, jobs=jobs, engine=engine, scheduler=scheduler, progress=progress
        )
    if report is not None:
        write_atomic(report, report_json(result).encode())
    typer.echo(summary_table(result), nl=False)
    if result.failed:
        raise typer.Exit(1)


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


@_command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="TEI or TMX files, or glob patterns (quoted).")],
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
    the TMX 1.4b DTD.

    Prints FILE:LINE: message for each problem (or a JUnit XML report with --format junit).
    Exit codes: 0 all valid, 1 some file invalid, 2 wrong usage.
    """
    schema_path = str(schema) if schema is not None else None
    results = [(str(file), validate_file(file, schema_path)) for file in _expand(files)]
    failed = sum(1 for _, issues in results if issues)
    if fmt is ReportFormat.junit:
        _emit(junit_xml(results), output)
    else:
        for name, issues in results:
            for issue in issues:
                typer.echo(str(issue), err=True)
            if not issues:
                typer.echo(f"{name}: valid")
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


@_command("convert")
def convert_command(
    tei: Annotated[Path, typer.Argument(help="A TEI file written by kobridge align.")],
    to: Annotated[ConvertFormat, typer.Option("--to", "-t", help="The format to write.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of to stdout.")
    ] = None,
) -> None:
    """Convert kobridge's TEI into another format: the same beads and text."""
    alignment = read_tei(tei)
    data = html_bytes(alignment) if to is ConvertFormat.html else render(alignment, OutputFormat(to.value))
    _emit(data, output)


@_command("report")
def report_command(
    tei: Annotated[Path, typer.Argument(help="A TEI file written by kobridge align.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    glossary: Annotated[
        Path | None, typer.Option(help="A glossary CSV: list its terminology issues on the page.")
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Flag beads whose confidence is below this.")
    ] = 0.5,
) -> None:
    """Write a side-by-side review page (one self-contained HTML file) for an aligned article."""
    alignment = read_tei(tei)
    issues = term_issues(alignment, load_glossary(glossary)) if glossary is not None else []
    page = html_bytes(alignment, issues=[(i.bead, i.issue.message) for i in issues], threshold=threshold)
    _emit(page, output)


glossary_app = typer.Typer(
    name="glossary",
    help=(
        "Check, export and import the domain glossary.\n\n"
        "The glossary is a CSV with the header id,ko,en,ko_variants,en_variants,type,note,forbidden. "
        "id, ko and en are required; the variants and forbidden (English renderings the desk rules out) "
        "are |-separated lists; type is law, organisation, company, person, concept, ...; note is free "
        "text. UTF-8 with or without a BOM, CRLF or LF. See glossary/README.md."
    ),
    no_args_is_help=True,
)
app.add_typer(glossary_app)


def _glossary_command(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a glossary subcommand with the same one-line error handling as the others."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        wrapped = _handles_errors(func)
        glossary_app.command(name)(wrapped)
        return wrapped

    return decorate


@_glossary_command("check")
def glossary_check_command(
    files: Annotated[list[Path], typer.Argument(help="Glossary CSV files.")],
) -> None:
    """Lint glossary CSVs: FILE:LINE: severity: message for each problem; exit 1 on any error."""
    errors = 0
    for file in files:
        issues = lint_glossary(file)
        for issue in issues:
            typer.echo(str(issue), err=True)
        file_errors = sum(1 for issue in issues if issue.severity == "error")
        errors += file_errors
        if not file_errors:
            typer.echo(f"{file}: ok")
    if errors:
        typer.echo(f"{errors} error(s)", err=True)
        raise typer.Exit(1)


class GlossaryFormat(StrEnum):
    """What ``kobridge glossary export`` writes."""

    tbx = "tbx"
    csv = "csv"


@_glossary_command("export")
def glossary_export_command(
    file: Annotated[Path, typer.Argument(help="A glossary CSV.")],
    fmt: Annotated[
        GlossaryFormat,
        typer.Option("--format", "-f", help="tbx: TBX v3, TBX-Basic dialect; csv: normalised, sorted by id."),
    ] = GlossaryFormat.tbx,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of to stdout.")
    ] = None,
) -> None:
    """Export a glossary as TBX (ISO 30042:2019, TBX-Basic) or as a normalised CSV."""
    loaded = load_glossary(file)
    data = tbx_bytes(loaded) if fmt is GlossaryFormat.tbx else glossary_csv_text(loaded).encode()
    _emit(data, output)


@_glossary_command("import")
def glossary_import_command(
    file: Annotated[Path, typer.Argument(help="A TBX file (TBX v3, DCA style).")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of to stdout.")
    ] = None,
) -> None:
    """Import a TBX glossary as kobridge's normalised CSV."""
    _emit(glossary_csv_text(read_tbx(file)).encode(), output)

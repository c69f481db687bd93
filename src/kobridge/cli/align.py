"""``kobridge align``, ``segment`` and ``batch``: from texts to alignments."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from kobridge.cli.app import (
    Encoding,
    Format,
    GlossaryCsv,
    InputFormatOption,
    Lexicon,
    MaxBead,
    OnInvalidChar,
    Output,
    Presegmented,
    Scores,
    SrcLang,
    TgtLang,
    Wrapped,
    command,
    emit,
)
from kobridge.cli.outputs import check_outputs, emit_all, format_outputs
from kobridge.formats import FLAG_THRESHOLD, OutputFormat
from kobridge.inputs.sniff import InputFormat
from kobridge.io import InvalidCharPolicy

# The commands import the aligner, the writers and the batch machinery when they run, so that
# --help and --version load none of them (nor numpy, lxml or sentencepiece).
if TYPE_CHECKING:
    from kobridge.annotate import BeadTermIssue
    from kobridge.model import Alignment, Bead


def _warn_unused_scores(scores: bool, fmt: OutputFormat) -> None:
    if scores and fmt is not OutputFormat.beads:
        typer.echo(
            f"Warning: --scores only changes --format beads; {fmt.value} output always carries "
            "each bead's confidence",
            err=True,
        )


@command("align")
def align_command(
    src: Annotated[
        Path, typer.Argument(metavar="KO", help="The source article (Korean by default); - for stdin.")
    ],
    tgt: Annotated[
        Path, typer.Argument(metavar="EN", help="Its translation (English by default); - for stdin.")
    ],
    output: Output = None,
    src_lang: SrcLang = "ko",
    tgt_lang: TgtLang = "en",
    fmt: Format = OutputFormat.tei,
    input_format: InputFormatOption = InputFormat.AUTO,
    presegmented: Presegmented = False,
    wrapped: Wrapped = False,
    max_bead: MaxBead = None,
    scores: Scores = False,
    encoding: Encoding = None,
    on_invalid_char: OnInvalidChar = InvalidCharPolicy.ERROR,
    glossary: GlossaryCsv = None,
    report: Annotated[
        Path | None, typer.Option(help="Write the terminology issues found per bead here, as JSON.")
    ] = None,
    strict_terms: Annotated[
        bool,
        typer.Option("--strict-terms", help="Exit 1 when the glossary finds terminology issues (for CI)."),
    ] = False,
    html: Annotated[
        Path | None, typer.Option(help="Also write a side-by-side review page (HTML) here.")
    ] = None,
    lexicon: Lexicon = None,
    fixed: Annotated[
        Path | None,
        typer.Option(
            help="A beads file ([0, 1]:[2] a line, 0-based, in order) of beads to keep as they are; "
            "the rest is aligned around them."
        ),
    ] = None,
) -> None:
    """Align two articles and write the alignment (TEI P5 by default).

    The bead format prints one bead per line, [0, 1]:[2] (0-based sentence indices; an empty
    side is an omission or an addition), as the field's benchmarks write them. With
    --glossary, terminology issues (a term whose counterpart is missing, a forbidden
    rendering) are summed up on stderr, listed with --report, and fail the run with
    --strict-terms.
    """
    from kobridge.align.constraints import FixedBeadError
    from kobridge.align.features.lexical import LexicalModel
    from kobridge.errors import InputError
    from kobridge.inputs import read_input
    from kobridge.pipeline import align_params, align_texts, render, render_files

    # The glossary, the report and the review page are imported only when asked for.
    if (report or strict_terms) and glossary is None:
        raise typer.BadParameter("--report and --strict-terms need --glossary")
    if src == tgt == Path("-"):
        raise typer.BadParameter("only one input can be standard input (-)")
    check_outputs(
        [src, tgt, glossary, lexicon, fixed],
        [*format_outputs(fmt, output, src_lang, tgt_lang), ("--report", report), ("--html", html)],
    )
    _warn_unused_scores(scores, fmt)
    loaded = None
    if glossary is not None:
        from kobridge.glossary import load_glossary

        loaded = load_glossary(glossary)
    kept, kept_lines = _read_fixed(fixed) if fixed is not None else ((), [])
    src_text = read_input(src, input_format, encoding, on_invalid_char)
    tgt_text = read_input(tgt, input_format, encoding, on_invalid_char)
    try:
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
            fixed=kept,
        )
    except FixedBeadError as error:
        raise InputError(str(error), path=str(fixed), line=kept_lines[error.number]) from None
    issues: list[BeadTermIssue] = []
    if loaded is not None:
        from kobridge.annotate import term_issues

        issues = term_issues(alignment, loaded)
    outputs: list[tuple[Path | None, bytes]] = []
    if output is not None:
        outputs += render_files(alignment, fmt, output, with_scores=scores)
    else:
        outputs.append((None, render(alignment, fmt, with_scores=scores)))
    if report is not None:
        from kobridge.formats.report import term_report_json

        outputs.append((report, term_report_json(alignment, issues).encode()))
    if html is not None:
        outputs.append((html, review_page(alignment, issues)))
    emit_all(outputs)
    if loaded is not None:
        typer.echo(_terms_summary(alignment, issues), err=True)
    if strict_terms and issues:
        raise typer.Exit(1)


def _read_fixed(path: Path) -> tuple[tuple[Bead, ...], list[int]]:
    """The beads of a --fixed file, and the line each one is on (for error messages)."""
    from kobridge.align import read_beads

    beads = read_beads(path)
    text = path.read_text(encoding="utf-8")
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    return beads, lines


def review_page(
    alignment: Alignment,
    issues: Sequence[BeadTermIssue],
    threshold: float = FLAG_THRESHOLD,
    *,
    editor: bool = False,
) -> bytes:
    """The review page of an alignment with its terminology issues (forbidden renderings highlighted)."""
    from kobridge.formats.html import html_bytes

    return html_bytes(
        alignment,
        issues=[(i.bead, i.issue.message) for i in issues],
        forbidden=[(i.bead, i.issue.surface) for i in issues if i.issue.kind == "forbidden"],
        threshold=threshold,
        editor=editor,
    )


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


@command("segment")
def segment_command(
    file: Annotated[Path, typer.Argument(help="A text file; - reads stdin.")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="ISO 639-1 code of the text (ko, en, ...).")],
    output: Output = None,
    encoding: Encoding = None,
    wrapped: Wrapped = False,
    input_format: InputFormatOption = InputFormat.AUTO,
) -> None:
    """Split a text into sentences: one per line, a blank line between paragraphs."""
    from kobridge.inputs import read_input
    from kobridge.pipeline import make_document

    check_outputs([file], [("-o", output)])
    doc = make_document(read_input(file, input_format, encoding), lang, wrapped=wrapped)
    lines: list[str] = []
    for index, sentence in enumerate(doc.sentences):
        if index and sentence.paragraph != doc.sentences[index - 1].paragraph:
            lines.append("")
        lines.append(" ".join(sentence.text.split("\n")))
    emit(("\n".join(lines) + "\n").encode(), output)


@command("batch")
def batch_command(
    input: Annotated[
        Path,
        typer.Argument(
            help="A folder of NAME.ko.txt + NAME.en.txt pairs (or .html, .md, .docx), "
            "or a manifest CSV (ko,en,name)."
        ),
    ],
    outdir: Annotated[
        Path, typer.Option("--output", "-o", help="The folder OUTDIR to write each NAME.FORMAT into.")
    ],
    jobs: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: the number of cores).")
    ] = None,
    fmt: Format = OutputFormat.tei,
    input_format: InputFormatOption = InputFormat.AUTO,
    src_lang: SrcLang = "ko",
    tgt_lang: TgtLang = "en",
    presegmented: Presegmented = False,
    wrapped: Wrapped = False,
    max_bead: MaxBead = None,
    scores: Scores = False,
    encoding: Encoding = None,
    on_invalid_char: OnInvalidChar = InvalidCharPolicy.ERROR,
    glossary: GlossaryCsv = None,
    engine: Annotated[
        Literal["local", "dask"],
        typer.Option(help="local: processes on this machine; dask: a Dask cluster (--scheduler)."),
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="With --engine dask, the scheduler's address (tcp://host:8786).")
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every pair here.")] = None,
    lexicon: Lexicon = None,
    self_train: Annotated[
        bool,
        typer.Option(
            "--self-train",
            help="Two passes: align, train the lexical model on the batch's confident 1-1 beads, realign.",
        ),
    ] = False,
) -> None:
    """Align every pair of an archive in parallel; resumable, and a bad pair does not stop the rest.

    Outputs are written atomically as OUTDIR/NAME.FORMAT (NAME.tei.xml, NAME.tmx, ...); an output
    whose inputs and settings are unchanged is skipped, so a stopped batch resumes where it was.
    Prints a summary table; exits 1 if any pair failed. See docs/batch.md.
    """
    from kobridge.batch import (
        BatchSettings,
        Engine,
        discover_pairs,
        make_progress,
        report_json,
        run_batch,
        summary_table,
    )
    from kobridge.io import write_atomic
    from kobridge.pipeline import align_params

    if engine == "dask" and scheduler is None:
        raise typer.BadParameter("--engine dask needs --scheduler ADDRESS")
    _warn_unused_scores(scores, fmt)
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
        input_format=input_format,
        glossary=glossary,
        lexicon=lexicon,
        self_train=self_train,
    )
    with make_progress(sys.stderr) as progress:
        result = run_batch(
            pairs,
            outdir,
            settings=settings,
            jobs=jobs,
            engine=Engine(engine),
            scheduler=scheduler,
            progress=progress,
        )
    typer.echo(summary_table(result), nl=False)  # first, so that a report that cannot be written comes after
    if report is not None:
        write_atomic(report, report_json(result).encode())
    if result.failed:
        raise typer.Exit(1)

"""``kobridge glossary check|export|import|suggest|qa``: the domain glossary."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kobridge.cli.app import Output, app, command, emit
from kobridge.cli.helpformat import Group

if TYPE_CHECKING:
    from kobridge.glossary.suggest import ArchiveBead, Lexicon

glossary_app = typer.Typer(
    cls=Group,
    name="glossary",
    help=(
        "Check, export and import the domain glossary; mine candidates from the aligned archive "
        "(suggest) and check its terminology across the archive (qa).\n\n"
        "The glossary is a CSV with the header id,ko,en,ko_variants,en_variants,type,note,forbidden. "
        "id, ko and en are required; the variants and forbidden (English renderings the desk rules out) "
        "are |-separated lists; type is law, organisation, company, person, concept, ...; note is free "
        "text. UTF-8 with or without a BOM, CRLF or LF. See glossary/README.md."
    ),
    no_args_is_help=True,
)
app.add_typer(glossary_app)


@command("check", on=glossary_app)
def glossary_check_command(
    files: Annotated[list[Path], typer.Argument(help="Glossary CSV files.")],
) -> None:
    """Lint glossary CSVs: FILE:LINE: severity: message for each problem; exit 1 on any error."""
    from kobridge.glossary import lint_glossary

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


@command("export", on=glossary_app)
def glossary_export_command(
    file: Annotated[Path, typer.Argument(help="A glossary CSV.")],
    fmt: Annotated[
        GlossaryFormat,
        typer.Option("--format", "-f", help="tbx: TBX v3, TBX-Basic dialect; csv: normalised, sorted by id."),
    ] = GlossaryFormat.tbx,
    output: Output = None,
) -> None:
    """Export a glossary as TBX (ISO 30042:2019, TBX-Basic) or as a normalised CSV."""
    from kobridge.glossary import glossary_csv_text, load_glossary, tbx_bytes

    loaded = load_glossary(file)
    data = tbx_bytes(loaded) if fmt is GlossaryFormat.tbx else glossary_csv_text(loaded).encode()
    emit(data, output)


@command("import", on=glossary_app)
def glossary_import_command(
    file: Annotated[
        Path,
        typer.Argument(help="A TBX file: TBX v3 (ISO 30042:2019) or TBX v2 / TBX-Basic (ISO 30042:2008)."),
    ],
    output: Output = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail (exit 1, nothing written) if any entry cannot be imported."),
    ] = False,
) -> None:
    """Import a TBX glossary as kobridge's normalised CSV.

    An entry that cannot become a glossary entry (no id, no Korean or English term, a form another
    entry has) is reported on stderr as FILE:LINE: entry ID: problem and skipped; --strict fails instead.
    """
    from kobridge.errors import GlossaryError
    from kobridge.glossary import glossary_csv_text, import_tbx

    result = import_tbx(file)
    for skipped in result.skipped:
        typer.echo(str(skipped), err=True)
    bad, total = len(result.skipped), result.total
    if bad and (strict or not result.glossary.entries):
        why = "--strict" if strict else "no entry is left"
        raise GlossaryError(
            f"{bad} of {total} entries cannot be imported; nothing written ({why})", path=str(file)
        )
    if bad:
        typer.echo(f"Warning: skipped {bad} of {total} entries, imported {total - bad}", err=True)
    emit(glossary_csv_text(result.glossary).encode(), output)


Sources = Annotated[
    list[Path],
    typer.Argument(
        help="kobridge TEI files, folders of them (kobridge batch output), or TMX files (a translation "
        "memory: kobridge tm export --format tmx).",
        exists=True,
    ),
]
GlossaryOption = Annotated[
    Path | None, typer.Option("--glossary", "-g", help="The glossary CSV.", exists=True)
]
NoLexicon = Annotated[
    bool, typer.Option("--no-lexicon", help="Rank by co-occurrence alone, without kobridge's lexical model.")
]


def _archive(paths: list[Path]) -> list[ArchiveBead]:
    """Every bead with text on both sides of the sources (TEI, batch folders, TMX)."""
    from kobridge.glossary.suggest import ArchiveBead
    from kobridge.tm.sources import read_sources

    return [
        ArchiveBead(unit.ko, unit.en, document.key, f"{unit.file} bead {unit.bead}".rstrip())
        for document in read_sources(list(paths))
        for unit in document.units
    ]


def _lexicon() -> Lexicon:
    from kobridge.align.features.lexical import LexicalModel

    model = LexicalModel.load_default()
    return lambda ko, en: model.score(model.encode(ko, "ko"), model.encode(en, "en"))


@command("suggest", on=glossary_app)
def glossary_suggest_command(
    sources: Sources,
    glossary: GlossaryOption = None,
    min_freq: Annotated[int, typer.Option("--min-freq", min=2, help="Fewest beads a pair is seen in.")] = 2,
    top: Annotated[int, typer.Option("--top", min=0, help="Write only the best N candidates (0: all).")] = 0,
    no_lexicon: NoLexicon = False,
    no_word_list: Annotated[
        bool,
        typer.Option(
            "--no-word-list",
            help="Rank the pairs of kobridge's general news word list (general vocabulary) among the terms, "
            "not after them.",
        ),
    ] = False,
    output: Output = None,
) -> None:
    """Mine glossary candidates from an aligned archive: Korean terms and their usual English.

    Writes the glossary CSV columns plus score, frequency (beads holding both), general (yes for
    a pair of the general news word list, ranked after the terms) and an example bead, best
    first; terms the --glossary already holds are left out.
    """
    from kobridge.align.features.wordlist import WordLexicon
    from kobridge.glossary import load_glossary
    from kobridge.glossary.suggest import candidates_csv_text, suggest_terms

    loaded = load_glossary(glossary) if glossary else None
    beads = _archive(sources)
    found = suggest_terms(
        beads,
        loaded,
        lexicon=None if no_lexicon else _lexicon(),
        general=None if no_word_list else WordLexicon.load_default(),
        min_freq=min_freq,
    )
    if top:
        found = found[:top]
    emit(candidates_csv_text(found, loaded).encode(), output)
    typer.echo(f"{len(found)} candidate(s) from {len(beads)} bead(s)", err=True)


class QaFormat(StrEnum):
    """What ``kobridge glossary qa`` writes."""

    text = "text"
    json = "json"
    junit = "junit"
    html = "html"


@command("qa", on=glossary_app)
def glossary_qa_command(
    sources: Sources,
    glossary: GlossaryOption = None,
    fmt: Annotated[
        QaFormat,
        typer.Option("--format", "-f", help="text, json, junit (JUnit XML for CI) or html (a review page)."),
    ] = QaFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when a term has a forbidden or unlisted rendering.")
    ] = False,
    no_lexicon: NoLexicon = False,
    output: Output = None,
) -> None:
    """Check terminology across an archive: terms rendered in more than one English way.

    Reports each glossary term the archive renders several ways (with counts and an example
    of each; an error when a rendering is forbidden or not in the glossary), and Korean terms
    outside the glossary with competing renderings (warnings).
    """
    from kobridge.formats.term_qa import qa_html, qa_json, qa_junit, qa_text
    from kobridge.glossary import load_glossary
    from kobridge.glossary.archive_qa import archive_qa

    loaded = load_glossary(glossary) if glossary else None
    findings = archive_qa(_archive(sources), loaded, lexicon=None if no_lexicon else _lexicon())
    if fmt is QaFormat.json:
        data = qa_json(findings).encode()
    elif fmt is QaFormat.junit:
        data = qa_junit(findings, loaded.entries if loaded else ())
    elif fmt is QaFormat.html:
        data = qa_html(findings)
    else:
        data = qa_text(findings).encode()
    emit(data, output)
    errors = sum(f.severity == "error" for f in findings)
    if strict and errors:
        typer.echo(f"{errors} terminology error(s) across the archive", err=True)
        raise typer.Exit(1)

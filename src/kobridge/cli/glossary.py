"""``kobridge glossary check|export|import``: the domain glossary."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kobridge.cli.app import Output, app, command, emit
from kobridge.cli.helpformat import Group

glossary_app = typer.Typer(
    cls=Group,
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
    file: Annotated[Path, typer.Argument(help="A TBX file (TBX v3, DCA style).")],
    output: Output = None,
) -> None:
    """Import a TBX glossary as kobridge's normalised CSV."""
    from kobridge.glossary import glossary_csv_text, read_tbx

    emit(glossary_csv_text(read_tbx(file)).encode(), output)

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

"""``kobridge tm add|search|lookup|export|stats``: the translation memory and concordance.

The library (``kobridge.tm``) is imported inside each command, so ``kobridge --help`` stays fast.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kobridge.cli.app import Output, app, command, emit
from kobridge.cli.helpformat import Group
from kobridge.cli.outputs import check_outputs

tm_app = typer.Typer(
    cls=Group,
    name="tm",
    help=(
        "The translation memory built from the aligned archive: add aligned articles, search them "
        "as a bilingual concordance, look up the sentences of a new article.\n\n"
        "TM is an SQLite file (created by the first add), or a PostgreSQL database given as "
        "postgresql://USER:PASSWORD@HOST/DB (or with --db, then TM is left out). See docs/tm.md."
    ),
    no_args_is_help=True,
)
app.add_typer(tm_app)

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="A postgresql:// URL to use instead of TM (leave TM out: the arguments shift).",
    ),
]


class SearchFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


class LookupFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    tmx = "tmx"
    tsv = "tsv"


class Lang(StrEnum):
    ko = "ko"
    en = "en"


def _target(tm: str, db: str | None, rest: list[str]) -> tuple[str, list[str]]:
    """The memory and the remaining arguments: with ``--db``, TM was really the first of them."""
    if db is None:
        return tm, rest
    return db, [tm, *rest]


def _memory_file(target: str) -> Path | None:
    """The memory's file, for the check that no output overwrites it (None for a database URL)."""
    from kobridge.tm import is_postgres_url

    return None if is_postgres_url(target) else Path(target)


def _one(rest: list[str], what: str) -> str:
    if len(rest) != 1:
        raise typer.BadParameter(f"expected one {what}")
    return rest[0]


@command("add", on=tm_app)
def tm_add_command(
    tm: Annotated[str, typer.Argument(help="The memory: an SQLite file (created if missing) or a URL.")],
    files: Annotated[
        list[str] | None, typer.Argument(help="kobridge TEI files, batch output folders, TMX 1.4 files.")
    ] = None,
    db: Db = None,
) -> None:
    """Add the aligned units of TEI files, batch folders and TMX files to the memory.

    Each bead with text on both sides becomes a unit, with its source file, the article's
    headline and date where known, the bead's confidence and whether a person confirmed it.
    Adding the same article again replaces its units. All files are added in one transaction:
    a broken file adds nothing.
    """
    from kobridge.tm import open_memory, read_sources

    target, paths = _target(tm, db, list(files or []))
    if not paths:
        raise typer.BadParameter("give at least one FILE to add")
    documents = list(read_sources(list(paths)))
    with open_memory(target, create=True) as store:
        report = store.add(documents)
    typer.echo(
        f"{report.units} unit(s) from {len(documents)} document(s): "
        f"{report.added} new, {report.replaced} replaced",
        err=True,
    )


@command("search", on=tm_app)
def tm_search_command(
    tm: Annotated[str, typer.Argument(help="The memory (SQLite file or URL).")],
    query: Annotated[list[str] | None, typer.Argument(help="A word or phrase, Korean or English.")] = None,
    lang: Annotated[
        Lang | None, typer.Option(help="The side to search (default: ko if the query has Hangul, else en).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many units, newest first.")] = 20,
    fmt: Annotated[SearchFormat, typer.Option("--format", "-f", help="Output format.")] = SearchFormat.text,
    output: Output = None,
    db: Db = None,
) -> None:
    """Bilingual concordance: every unit whose Korean (or English) side holds QUERY, in context.

    Korean matches across particles: 관세 finds 관세가, 관세를 and 보복관세를 (not 관세율, another
    word), and 관세를 finds the same. English ignores case and finds plain inflections (tariff,
    tariffs).
    """
    from kobridge.tm import open_memory, parse_query
    from kobridge.tm.render import search_html, search_json, search_text

    target, words = _target(tm, db, list(query or []))
    text = " ".join(words).strip()
    if not text:
        raise typer.BadParameter("give a QUERY")
    side = lang.value if lang else ("ko" if re.search("[\uac00-\ud7a3]", text) else "en")
    parsed = parse_query(text, side)
    with open_memory(target) as store:
        hits, more = store.search(parsed, limit)
    if fmt is SearchFormat.html:
        emit(search_html(text, side, hits, more), output)
    elif fmt is SearchFormat.json:
        emit(search_json(text, side, hits, more).encode(), output)
    else:
        emit(search_text(hits, more).encode(), output)


@command("lookup", on=tm_app)
def tm_lookup_command(
    tm: Annotated[str, typer.Argument(help="The memory (SQLite file or URL).")],
    file: Annotated[str | None, typer.Argument(help="A new Korean article, plain text.")] = None,
    min_score: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Show matches scoring at least this.")
    ] = 0.7,
    limit: Annotated[int, typer.Option(min=1, help="Matches per sentence, best first.")] = 3,
    fmt: Annotated[LookupFormat, typer.Option("--format", "-f", help="Output format.")] = LookupFormat.text,
    output: Output = None,
    xliff: Annotated[
        Path | None,
        typer.Option(help="Also write the article as XLIFF 2.1, matches as translation candidates."),
    ] = None,
    glossary: Annotated[
        Path | None, typer.Option("--glossary", help="A glossary CSV: its terms go in the XLIFF's glossary.")
    ] = None,
    wrapped: Annotated[
        bool, typer.Option("--wrapped", help="The text is hard-wrapped: only blank lines end paragraphs.")
    ] = False,
    db: Db = None,
) -> None:
    """Fuzzy matches for each sentence of a new Korean article, with what differs.

    The score is in [0, 1]: 2·LCS / total length of the two sentences with particles, spacing and
    punctuation ignored and numbers as placeholders, minus 0.02 per number that differs; so a
    unit that differs only in a number scores 0.98 and says which number changed (docs/tm.md).
    """
    from kobridge.io import read_text
    from kobridge.segment import segment
    from kobridge.tm import lookup as tm_lookup
    from kobridge.tm import open_memory
    from kobridge.tm.render import lookup_json, lookup_text

    target, rest = _target(tm, db, [file] if file else [])
    path = _one(rest, "FILE to look up")
    check_outputs([_memory_file(target), Path(path), glossary], [("-o", output), ("--xliff", xliff)])
    source = read_text(path)
    sentences = [s.text for s in segment(source.text, "ko", wrapped=wrapped)]
    entries = None
    if glossary is not None:
        from kobridge.glossary import load_glossary

        entries = load_glossary(glossary)
    with open_memory(target) as store:
        matches = tm_lookup(store, sentences, min_score=min_score, limit=limit)
    if xliff is not None:
        from kobridge.io import write_atomic
        from kobridge.tm.xliff import lookup_xliff

        write_atomic(xliff, lookup_xliff(path, sentences, matches, entries))
    text = lookup_json(sentences, matches) if fmt is LookupFormat.json else lookup_text(sentences, matches)
    emit(text.encode(), output)


@command("export", on=tm_app)
def tm_export_command(
    tm: Annotated[str | None, typer.Argument(help="The memory (SQLite file or URL).")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.tmx,
    output: Output = None,
    db: Db = None,
) -> None:
    """Write every unit as TMX 1.4b (with its provenance as properties) or TSV."""
    from kobridge.tm import open_memory
    from kobridge.tm.export import tmx_bytes, tsv_text

    target = db or tm
    if target is None:
        raise typer.BadParameter("give TM or --db")
    check_outputs([_memory_file(target)], [("-o", output)])
    with open_memory(target) as store:
        units = list(store.units())
    emit(tmx_bytes(units) if fmt is ExportFormat.tmx else tsv_text(units).encode(), output)


@command("stats", on=tm_app)
def tm_stats_command(
    tm: Annotated[str | None, typer.Argument(help="The memory (SQLite file or URL).")] = None,
    db: Db = None,
) -> None:
    """How many documents, units and confirmed units the memory holds."""
    from kobridge.tm import open_memory
    from kobridge.tm.postgres import redact_url
    from kobridge.tm.render import stats_text

    target = db or tm
    if target is None:
        raise typer.BadParameter("give TM or --db")
    with open_memory(target) as store:
        stats = store.stats()
    typer.echo(stats_text(stats, redact_url(target)), nl=False)

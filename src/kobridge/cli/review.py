"""``kobridge review`` and ``kobridge realign``: correcting an alignment by hand, and around corrections."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kobridge.cli.app import Lexicon, Output, command, emit
from kobridge.errors import InputError
from kobridge.formats import FLAG_THRESHOLD


@command("review")
def review_command(
    tei: Annotated[
        Path, typer.Argument(help="A TEI file written by kobridge align; edits are saved into it.")
    ],
    glossary: Annotated[
        Path | None, typer.Option(help="A glossary CSV: list its terminology issues on the page.")
    ] = None,
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="The port on 127.0.0.1 to listen on (default: a free one).")
    ] = 0,
    no_browser: Annotated[
        bool,
        typer.Option("--no-browser", help="Do not open a browser; print the editor's URL as the first line."),
    ] = False,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Flag beads whose confidence is below this.")
    ] = FLAG_THRESHOLD,
) -> None:
    """Fix an alignment by hand in the browser: every edit is saved into the TEI at once.

    Serves an editor on 127.0.0.1 (only), at a URL with a secret token, until Ctrl-C. Each
    edit is validated, then written atomically; a file changed on disk meanwhile is never
    overwritten. See docs/review.md for the keys.
    """
    import webbrowser

    from kobridge.annotate import term_issues
    from kobridge.cli.align import review_page
    from kobridge.glossary import load_glossary
    from kobridge.model import Alignment
    from kobridge.pipeline import realign
    from kobridge.review import Session
    from kobridge.review.server import ReviewServer

    loaded = load_glossary(glossary) if glossary is not None else None
    session = Session(tei, realign)

    def render(alignment: Alignment) -> bytes:
        issues = term_issues(alignment, loaded) if loaded is not None else []
        return review_page(alignment, issues, threshold, editor=True)

    try:
        server = ReviewServer(session, render, port=port)
    except OSError as error:
        hint = "; choose another --port, or leave it out for a free one" if port else ""
        raise InputError(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}{hint}") from None
    if no_browser:
        typer.echo(server.url)
        sys.stdout.flush()
    else:
        typer.echo(f"Editing {tei} at {server.url} (Ctrl-C to stop)", err=True)
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


@command("realign")
def realign_command(
    tei: Annotated[Path, typer.Argument(help="A TEI file written by kobridge align (or edited in review).")],
    output: Output = None,
    lexicon: Lexicon = None,
) -> None:
    """Align a TEI file's texts again, keeping every bead confirmed or made by hand (@resp) as it is.

    No bead may cross a kept one, so one correction also fixes the beads around it. Writes TEI.
    """
    from kobridge.align.features.lexical import LexicalModel
    from kobridge.formats.read_tei import read_tei
    from kobridge.formats.tei import tei_bytes
    from kobridge.pipeline import realign

    alignment = read_tei(tei)
    realigned = realign(alignment, lexicon=LexicalModel.load(lexicon) if lexicon is not None else None)
    emit(tei_bytes(realigned), output)

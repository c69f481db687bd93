"""``kobridge lexicon train``: the aligner's lexical model, trained on a user's translation memory."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from kobridge.cli.app import SrcLang, TgtLang, app, command
from kobridge.cli.helpformat import Group
from kobridge.cli.outputs import check_outputs

lexicon_app = typer.Typer(
    cls=Group,
    name="lexicon",
    help=(
        "Train the lexical translation model that the aligner uses.\n\n"
        "The shipped Korean-English model is trained on news; a model trained on your own "
        "translation memory knows your domain's words. Use it with kobridge align --lexicon MODEL "
        "(or kobridge batch --lexicon MODEL)."
    ),
    no_args_is_help=True,
)
app.add_typer(lexicon_app)


@command("train", on=lexicon_app)
def lexicon_train_command(
    pairs: Annotated[
        list[Path],
        typer.Argument(
            metavar="PAIRS...",
            help="Sentence pairs: TSV files (source, tab, target on each line) or TMX 1.4 (.tmx, .xml).",
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="MODEL", help="The model file to write (.npz).")
    ],
    src_lang: SrcLang = "ko",
    tgt_lang: TgtLang = "en",
    vocab_size: Annotated[
        int, typer.Option(min=100, help="Subword pieces per language (fewer on a small corpus).")
    ] = 2000,
    iterations: Annotated[int, typer.Option(min=1, help="EM iterations of IBM Model 1.")] = 5,
) -> None:
    """Train a lexical model (IBM Model 1 over sentencepiece pieces) on sentence pairs.

    A TSV file holds one pair a line, the source, a tab, the target; blank lines are skipped, and a
    first line naming the two languages (ko, tab, en) is a header. In a TMX file each translation
    unit with a segment in both languages is one pair (ko-KR counts as ko). A few thousand pairs
    train in seconds. The model is written atomically; a line that cannot be read stops with
    FILE:LINE: problem and writes nothing.
    """
    from kobridge.align.features.lexical import LexicalModel
    from kobridge.formats.pairs import read_pairs
    from kobridge.io import atomic_writer

    check_outputs(pairs, [("-o", output)])
    started = time.perf_counter()
    training: list[tuple[str, str]] = []
    sources: list[str] = []
    for path in pairs:
        found = read_pairs(path, src_lang=src_lang, tgt_lang=tgt_lang)
        training.extend(found)
        sources.append(f"{path.name} ({len(found)} pairs)")
    model = LexicalModel.train(
        training,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        vocab_size=vocab_size,
        iterations=iterations,
        corpus="; ".join(sources),
    )
    with atomic_writer(output) as temporary:
        model.save(temporary)
    typer.echo(
        f"{output}: {len(training)} pairs from {len(pairs)} file(s), "
        f"{output.stat().st_size / 1024:.0f} KiB, {time.perf_counter() - started:.1f} s",
        err=True,
    )

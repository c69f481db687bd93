"""The formats written as several files, and how ``-o`` names them.

- ``parallel``: ``-o STEM`` writes ``STEM.ko`` and ``STEM.en`` (``STEM.<language code>``, the
  way Moses-style corpora are named; ``STEM.src`` and ``STEM.tgt`` if both sides have the same
  code).
- ``xces``: ``-o OUT`` writes the ``cesAlign`` alignment to ``OUT`` and the two sentence files
  beside it, ``STEM.ko.xml`` and ``STEM.en.xml``, where ``STEM`` is ``OUT`` without a final
  ``.xml`` and then without a final ``.xces`` (``-o pair.xces.xml`` gives ``pair.ko.xml`` and
  ``pair.en.xml``). The alignment names them without their folder, so the three files move
  together.

The first path of :func:`output_paths` is the format's main file (the one a batch records).
"""

from __future__ import annotations

from pathlib import Path

from kobridge.formats import MULTI_FILE_FORMATS, OutputFormat
from kobridge.model import Alignment

__all__ = ["output_paths", "render_files", "side_names"]


def side_names(src_lang: str, tgt_lang: str) -> tuple[str, str]:
    """The name part of each side's file: the language codes, or ``src``/``tgt`` if they are equal."""
    return (src_lang, tgt_lang) if src_lang != tgt_lang else ("src", "tgt")


def _xces_stem(output: Path) -> Path:
    name = output.name.removesuffix(".xml")
    return output.with_name(name.removesuffix(".xces") or name)


def output_paths(fmt: OutputFormat, output: Path, src_lang: str, tgt_lang: str) -> tuple[Path, ...]:
    """Every file a format writes for ``-o output`` (see the module notes), the main file first."""
    src, tgt = side_names(src_lang, tgt_lang)
    if fmt is OutputFormat.parallel:
        return output.with_name(f"{output.name}.{src}"), output.with_name(f"{output.name}.{tgt}")
    if fmt is OutputFormat.xces:
        stem = _xces_stem(output)
        return output, stem.with_name(f"{stem.name}.{src}.xml"), stem.with_name(f"{stem.name}.{tgt}.xml")
    return (output,)


def render_files(alignment: Alignment, fmt: OutputFormat, output: Path) -> list[tuple[Path, bytes]]:
    """The files of a multi-file format (:data:`MULTI_FILE_FORMATS`) for ``-o output``.

    Raises:
        ValueError: ``fmt`` is written as one file (use :func:`kobridge.pipeline.render`).
    """
    if fmt not in MULTI_FILE_FORMATS:
        raise ValueError(f"{fmt.value} is written as one file")
    paths = output_paths(fmt, output, alignment.src.lang, alignment.tgt.lang)
    if fmt is OutputFormat.parallel:
        from kobridge.formats.parallel import parallel_texts

        return list(zip(paths, parallel_texts(alignment), strict=True))
    from kobridge.formats.xces import xces_alignment, xces_sentences

    main, src_file, tgt_file = paths
    return [
        (main, xces_alignment(alignment, src_file.name, tgt_file.name)),
        (src_file, xces_sentences(alignment.src)),
        (tgt_file, xces_sentences(alignment.tgt)),
    ]

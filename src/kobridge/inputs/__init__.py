"""Reading an article from the file people have it in: plain text, an HTML page, DOCX, Markdown.

Every format ends as the same :class:`~kobridge.io.SourceText`: the extracted text, in
Unicode NFC with ``\\n`` line ends, is the text kobridge segments, so sentence offsets and
the "no text lost" property hold for it. Its ``info`` names the original format and what the
file says of the article (headline, author, date), for the TEI header.

- text: :func:`kobridge.io.decode_text`, as it always was.
- html: the article through trafilatura (:mod:`kobridge.inputs.html`).
- docx: paragraphs and headings through python-docx, tracked changes accepted
  (:mod:`kobridge.inputs.docx`).
- md: Markdown without its markup (:mod:`kobridge.inputs.markdown`).
- auto: by extension, checked against the content (:mod:`kobridge.inputs.sniff`).

trafilatura and python-docx are imported only when a file of theirs is read.
"""

from __future__ import annotations

import dataclasses
import os

from kobridge.errors import InputError
from kobridge.inputs.sniff import InputFormat, resolve_format
from kobridge.io import InvalidCharPolicy, SourceText, decode_text, read_bytes, read_stdin
from kobridge.model import SourceInfo

__all__ = ["InputFormat", "decode_input", "read_input"]

_EXPECTED = {
    InputFormat.TEXT: "a text file",
    InputFormat.HTML: "an HTML page",
    InputFormat.DOCX: "a DOCX file",
    InputFormat.MD: "a Markdown file",
    InputFormat.AUTO: "an article file",
}


def _extracted(
    text: str, info: SourceInfo, name: str, on_invalid_char: InvalidCharPolicy, encoding: str
) -> SourceText:
    """The extracted text through the same checks and normalisation as a text file's."""
    if not text.strip():
        raise InputError(f"no text found in the {info.format.upper()} file", path=name)
    source = decode_text(text.encode("utf-8", errors="surrogatepass"), name, "utf-8", on_invalid_char)
    return dataclasses.replace(source, encoding=encoding, info=info)


def decode_input(
    data: bytes,
    name: str = "-",
    input_format: InputFormat = InputFormat.AUTO,
    encoding: str | None = None,
    on_invalid_char: InvalidCharPolicy = InvalidCharPolicy.ERROR,
) -> SourceText:
    """Turn a file's bytes into the text kobridge segments, whatever format the file is in.

    Args:
        data: the file's bytes.
        name: its name: the extension chooses the format under ``auto``, and errors name it.
        input_format: the format, or ``auto`` (extension, then content; see
            :func:`kobridge.inputs.sniff.resolve_format`).
        encoding: the encoding of a text, Markdown or HTML file (by default detected; an
            HTML page's own ``<meta charset>`` is read).
        on_invalid_char: what to do with characters XML cannot hold, as in
            :func:`kobridge.io.decode_text`.

    Returns:
        The text, with ``info`` naming the format and the article's metadata (None for text).

    Raises:
        InputError: binary or undecodable data, a damaged DOCX file, a page or file without
            article text; the message names the file.
    """
    fmt = resolve_format(name, data, input_format)
    if fmt is InputFormat.TEXT:
        return decode_text(data, name, encoding, on_invalid_char)
    if fmt is InputFormat.MD:
        from kobridge.inputs.markdown import markdown_text

        source = decode_text(data, name, encoding, on_invalid_char)
        text, info = markdown_text(source.text)
        return _extracted(text, info, name, on_invalid_char, source.encoding)
    if fmt is InputFormat.HTML:
        from kobridge.inputs.html import extract_html

        text, info = extract_html(data, name, encoding)
        return _extracted(text, info, name, on_invalid_char, encoding or "detected")
    from kobridge.inputs.docx import extract_docx

    text, info = extract_docx(data, name)
    return _extracted(text, info, name, on_invalid_char, "docx")


def read_input(
    path: str | os.PathLike[str],
    input_format: InputFormat = InputFormat.AUTO,
    encoding: str | None = None,
    on_invalid_char: InvalidCharPolicy = InvalidCharPolicy.ERROR,
) -> SourceText:
    """Read an article file (``-`` reads standard input) in any format kobridge reads.

    See :func:`decode_input`; a file is read as :func:`kobridge.io.read_bytes` reads it
    (regular files of at most ``MAX_INPUT_BYTES``).

    Raises:
        InputError: as :func:`decode_input`, and for a missing, unreadable or too large file.
    """
    name = os.fspath(path)
    if name == "-":
        return decode_input(read_stdin(), "<stdin>", input_format, encoding, on_invalid_char)
    return decode_input(
        read_bytes(name, expected=_EXPECTED[input_format]), name, input_format, encoding, on_invalid_char
    )

"""Which format an input is in: by its extension, checked against its first bytes.

The content decides where it and a text extension disagree, with a warning: a ``.txt`` that
holds an HTML page is read as HTML (reading it as text would put ``<html><head>...`` into the
first sentence), and a Word file named ``.txt`` is read as DOCX. Markdown is taken from the
extension alone, or, for standard input and unknown extensions, from unmistakable markup;
a ``.txt`` is never read as Markdown, since plain text is the safe reading of text.
"""

from __future__ import annotations

import logging
import re
from enum import StrEnum
from pathlib import PurePath

__all__ = ["InputFormat", "resolve_format", "sniff_content"]

logger = logging.getLogger(__name__)


class InputFormat(StrEnum):
    """The formats kobridge reads an article from (``--input-format``)."""

    AUTO = "auto"
    TEXT = "text"
    HTML = "html"
    DOCX = "docx"
    MD = "md"


_EXTENSIONS = {
    ".txt": InputFormat.TEXT,
    ".text": InputFormat.TEXT,
    ".html": InputFormat.HTML,
    ".htm": InputFormat.HTML,
    ".xhtml": InputFormat.HTML,
    ".docx": InputFormat.DOCX,
    ".md": InputFormat.MD,
    ".markdown": InputFormat.MD,
}
# How much of the start of a file is looked at.
_HEAD_BYTES = 4096
_ZIP_MAGIC = b"PK\x03\x04"
# An HTML document: a doctype or one of the elements every page has, near the start.
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
# Fragments without <html>: text that opens with a tag and holds several block-level tags.
_HTML_TAG = re.compile(rb"</?(?:p|div|article|section|h[1-6]|span|br|ul|li|a|meta|script)[\s>/]", re.I)
_MIN_FRAGMENT_TAGS = 3
# Markdown that plain text does not look like: an ATX heading, and a link or strong emphasis.
_MD_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)
_MD_MARKUP = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|^[-*+] \S", re.MULTILINE)


def _utf16_ascii(head: bytes) -> bytes:
    """The ASCII of a UTF-16 start (BOM first), so that tags can be looked for in it."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            body = head[2 : 2 + (len(head) - 2) // 2 * 2]
            return body.decode(codec, errors="replace").encode("ascii", errors="replace")
    return head


def _is_docx(data: bytes) -> bool:
    if not data.startswith(_ZIP_MAGIC):
        return False
    import zipfile  # here, so that kobridge --help does not load it
    from io import BytesIO

    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        # A broken archive that starts like one: DOCX is the likeliest meaning, and the DOCX
        # reader then says what is wrong with it.
        return True


def sniff_content(data: bytes) -> InputFormat:
    """The format the bytes themselves show: DOCX, HTML, Markdown, or (by default) text."""
    if _is_docx(data):
        return InputFormat.DOCX
    head = _utf16_ascii(data[:_HEAD_BYTES]).lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML.search(head) or (head.startswith(b"<") and len(_HTML_TAG.findall(head)) >= _MIN_FRAGMENT_TAGS):
        return InputFormat.HTML
    text = head.decode("utf-8", errors="replace")
    if _MD_HEADING.search(text) and _MD_MARKUP.search(text):
        return InputFormat.MD
    return InputFormat.TEXT


def resolve_format(name: str, data: bytes, requested: InputFormat) -> InputFormat:
    """The format to read ``data`` (the file ``name``) in.

    Args:
        name: the file name (``<stdin>`` for standard input); its extension is the first clue.
        data: the file's bytes.
        requested: the user's ``--input-format``; anything but ``auto`` is obeyed, with a
            warning when plain text is asked of what looks like an HTML page or a DOCX file.

    Returns:
        A format other than ``auto``.
    """
    found = sniff_content(data)
    if requested is InputFormat.TEXT and found in (InputFormat.HTML, InputFormat.DOCX):
        logger.warning(
            "%s: looks like %s but is read as plain text (--input-format text)", name, found.value.upper()
        )
    if requested is not InputFormat.AUTO:
        return requested
    by_name = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if by_name is None:
        return found
    # A Markdown file may hold HTML blocks, so only a text file's HTML overrides its name.
    overrides = found is InputFormat.DOCX or (found is InputFormat.HTML and by_name is InputFormat.TEXT)
    if overrides and found is not by_name:
        logger.warning(
            "%s: holds %s, not %s; read as %s (--input-format %s reads it as %s)",
            name,
            found.value.upper(),
            by_name.value,
            found.value.upper(),
            by_name.value,
            by_name.value,
        )
        return found
    return by_name

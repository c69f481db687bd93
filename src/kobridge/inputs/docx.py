"""The text of a Word (.docx) file through python-docx: paragraphs and headings, as accepted.

python-docx opens the package and gives the body's XML; the text is read from it directly
because a paragraph's ``text`` in python-docx leaves out runs inside tracked insertions. The
text is the document as it would read with every tracked change accepted:

- runs inside ``w:ins`` (insertions) and ``w:moveTo`` are kept;
- ``w:delText`` (the text of deletions) and runs inside ``w:moveFrom`` are not;
- a paragraph whose mark was deleted (``w:pPr/w:rPr/w:del``) runs on into the next one.

Every paragraph of the body, headings and table cells included, in document order, is one
paragraph of the text (one blank line between them); empty paragraphs are skipped. Field
codes (``w:instrText``), comments, footnotes and text boxes are not article text and are
left out. Tabs and line breaks inside a paragraph become spaces.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree

from kobridge.errors import InputError
from kobridge.model import SourceInfo

__all__ = ["extract_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The largest uncompressed size of the package's parts read: a DOCX of 64 MiB of Korean is
# already more than kobridge reads as text, and a zip bomb is refused before it is inflated.
_MAX_UNPACKED = 256 * 1024 * 1024
# Elements whose text is not the accepted document's (deletions, moved-away text) or not
# article text at all (text boxes inside a run; the fallback copy of alternate content).
_SKIPPED = {
    _W + "del",
    _W + "moveFrom",
    _W + "txbxContent",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
_SPACES = {_W + "tab", _W + "br", _W + "cr"}
# The style ids of Word's built-in Title and Heading 1 styles: where a headline is.
_HEADLINE_STYLES = {"Title", "Heading1"}


def _check_package(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
            if "word/document.xml" not in archive.namelist():
                raise InputError("a zip archive without word/document.xml; not a DOCX file", path=name)
    except zipfile.BadZipFile:
        raise InputError("not a DOCX file (not a zip archive, or a damaged one)", path=name) from None
    if size > _MAX_UNPACKED:
        raise InputError(
            f"unpacks to {size:,} bytes, more than the {_MAX_UNPACKED // 2**20} MiB kobridge reads", path=name
        )


def _paragraph_text(paragraph: etree._Element) -> str:
    """The accepted text of a ``w:p`` element, tracked changes applied."""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in _SPACES:
                parts.append(" ")
            elif tag == _W + "p":  # a paragraph nested in another (a text box): not this one's text
                continue
            else:
                walk(child)

    walk(paragraph)
    return " ".join("".join(parts).split())


def _mark_deleted(paragraph: etree._Element) -> bool:
    """Whether the paragraph's mark is a tracked deletion (it then joins the next paragraph)."""
    return paragraph.find(f"{_W}pPr/{_W}rPr/{_W}del") is not None


def _body_paragraphs(body: etree._Element) -> tuple[list[str], str]:
    """The body's paragraphs in order, and the first one styled Title or Heading 1 (or ``""``)."""
    paragraphs: list[str] = []
    heading = ""
    pending = ""
    for element in body.iter(_W + "p"):
        if any(a.tag in _SKIPPED or a.tag == _W + "p" for a in element.iterancestors()):
            continue
        text = " ".join(part for part in (pending, _paragraph_text(element)) if part)
        if _mark_deleted(element):
            pending = text
            continue
        pending = ""
        if text:
            paragraphs.append(text)
            style = element.find(f"{_W}pPr/{_W}pStyle")
            if not heading and style is not None and style.get(_W + "val") in _HEADLINE_STYLES:
                heading = text
    if pending:
        paragraphs.append(pending)
    return paragraphs, heading


def extract_docx(data: bytes, name: str) -> tuple[str, SourceInfo]:
    """The text of a DOCX file, tracked changes accepted, and its title and author.

    Args:
        data: the file's bytes.
        name: the file name, for error messages.

    Returns:
        The text (one paragraph per body paragraph, blank lines between) and a
        :class:`SourceInfo` with the title (the file's title property, else its first
        Title or Heading 1 paragraph) and the author property.

    Raises:
        InputError: not a zip archive, not a Word document, a damaged one, or one without text.
    """
    _check_package(data, name)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        raise InputError(
            "a damaged DOCX file (python-docx cannot open it); open it in Word and save it again",
            path=name,
        ) from None
    paragraphs, heading = _body_paragraphs(document.element.body)
    if not paragraphs:
        raise InputError("the DOCX file holds no text", path=name)
    properties = document.core_properties
    title = " ".join((properties.title or "").split()) or heading
    info = SourceInfo(
        format="docx",
        title=title,
        author=" ".join((properties.author or "").split()),
        extractor=f"python-docx {_version()}",
    )
    return "\n\n".join(paragraphs), info


def _version() -> str:
    from importlib.metadata import version

    return version("python-docx")

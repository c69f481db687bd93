"""The text of a Markdown article: the markup taken away, every word of text kept.

Blocks (CommonMark's, read line by line) become paragraphs of the text, one blank line
between them: a heading (``#``, or underlined with ``===``/``---``), a paragraph (its lines
joined by spaces, as Markdown renders them, so hard-wrapped Markdown needs no --wrapped), a
list item, a block quote's paragraph, a table row (cells joined by spaces), a fenced code
block (its lines kept as text). Thematic breaks, link reference definitions, HTML comments
and a YAML front matter block are dropped; the front matter's ``title``, ``author`` and
``date`` go into the TEI header.

Inline markup is removed and its text kept: emphasis (``*``, ``_``, ``**``, ``__``, ``~~``),
code spans, links (their text; autolinks their address), inline HTML tags; backslash escapes
and character references (``&amp;``) become the characters they stand for. Images are
dropped: their description is not article text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from kobridge.model import SourceInfo

__all__ = ["markdown_text"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")
_QUOTE = re.compile(r"^ {0,3}> ?")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\S)")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$")
_COMMENT = re.compile(r"^ {0,3}<!--.*-->[ \t]*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_FIELD = re.compile(r"^(title|author|date):[ \t]*(.*?)[ \t]*$", re.MULTILINE)

# Inline markup, in the order it is taken away. Code spans and escapes are set aside first
# (as placeholders of U+0000, which no decoded input holds), so nothing inside them is read
# as markup.
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")
_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+|[^>\s@]+@[^>\s@]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_EMPHASIS = [
    re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),
    re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"),
    re.compile(r"(?<![\w])_(?=\S)(.+?)(?<=\S)_(?![\w])"),
]


def _inline(text: str) -> str:
    """A block's text without its inline markup, whitespace collapsed."""
    kept: list[str] = []

    def keep(value: str) -> str:
        kept.append(value)
        return f"\x00{len(kept) - 1}\x00"

    def keep_group(group: int) -> Callable[[re.Match[str]], str]:
        return lambda match: keep(match.group(group))

    text = _CODE_SPAN.sub(lambda m: keep(m.group(2).strip() or m.group(2)), text)
    text = _ESCAPE.sub(keep_group(1), text)
    text = _IMAGE.sub("", text)
    text = _AUTOLINK.sub(keep_group(1), text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    for pattern in _EMPHASIS:
        text = pattern.sub(lambda m: m.group(m.lastindex or 1), text)
    text = html.unescape(text)
    while _PLACEHOLDER.search(text):  # a kept piece may hold a placeholder of an earlier one
        text = _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], text)
    return " ".join(text.split())


def _front_matter(text: str) -> tuple[str, dict[str, str]]:
    match = _FRONT_MATTER.match(text)
    if match is None or not _FRONT_FIELD.search(match.group(1)):
        return text, {}
    fields = {key: value.strip("\"'") for key, value in _FRONT_FIELD.findall(match.group(1))}
    return text[match.end() :], fields


class _Blocks:
    """Collects the text blocks of a document, one list of lines per block."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, list[str]]] = []  # (kind, lines)
        self.open: list[str] | None = None

    def close(self) -> None:
        self.open = None

    def add(self, kind: str, line: str) -> None:
        self.blocks.append((kind, [line]))
        self.open = None

    def line(self, line: str) -> None:
        if line.endswith("\\") and not line.endswith("\\\\"):  # a hard line break: a space here
            line = line[:-1]
        if self.open is None:
            self.open = []
            self.blocks.append(("p", self.open))
        self.open.append(line)

    def underline(self, level: str) -> None:
        """The open paragraph was a setext heading (``level`` ``=``: h1)."""
        self.blocks[-1] = ("h1" if level == "=" else "h2", self.blocks[-1][1])
        self.open = None


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    blocks = _Blocks()
    fence = ""
    code: list[str] = []
    for raw in text.split("\n"):
        if fence:
            if raw.strip().startswith(fence) and not raw.strip().strip(fence[0]):
                blocks.blocks.append(("code", code))
                fence, code = "", []
            else:
                code.append(raw)
            continue
        line = raw
        while _QUOTE.match(line):
            line = _QUOTE.sub("", line, count=1)
        opened = _FENCE.match(line)
        if opened:
            blocks.close()
            fence = opened.group(1)
            continue
        if not line.strip() or _COMMENT.match(line) or _REFERENCE.match(line):
            blocks.close()
        elif blocks.open is not None and _SETEXT.match(line):
            blocks.underline(line.strip()[0])
        elif _BREAK.match(line) or _TABLE_RULE.match(line):
            blocks.close()
        elif heading := _ATX.match(line):
            blocks.add(f"h{len(heading.group(1))}", heading.group(2) or "")
        elif row := _TABLE_ROW.match(line):
            blocks.add("row", " ".join(cell.strip() for cell in row.group(1).split("|")))
        elif item := _ITEM.match(line):
            blocks.add("p", line[item.end() :])
            blocks.open = blocks.blocks[-1][1]  # the item's next lines continue it
        else:
            blocks.line(line.strip())
    if fence:
        blocks.blocks.append(("code", code))  # an unclosed fence runs to the end, as CommonMark says
    return blocks.blocks


def markdown_text(text: str) -> tuple[str, SourceInfo]:
    """The text of a Markdown document, and what its front matter and first heading say.

    Args:
        text: the decoded Markdown.

    Returns:
        The text (one paragraph per block, blank lines between; empty if the document holds
        only markup) and a :class:`SourceInfo` whose title is the front matter's ``title``
        or else the first level-1 heading.
    """
    body, fields = _front_matter(text)
    paragraphs: list[str] = []
    title = fields.get("title", "")
    for kind, lines in _blocks(body):
        joined = " ".join(lines)
        paragraph = " ".join(joined.split()) if kind == "code" else _inline(joined)
        if not paragraph:
            continue
        if kind == "h1" and not title:
            title = paragraph
        paragraphs.append(paragraph)
    info = SourceInfo(
        format="md",
        title=_inline(title),
        author=_inline(fields.get("author", "")),
        date=fields.get("date", ""),
        extractor="kobridge",
    )
    return "\n\n".join(paragraphs), info

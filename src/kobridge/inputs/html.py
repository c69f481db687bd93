"""The article of an HTML news page, without the page around it, through trafilatura.

trafilatura (Barbaresi, ACL 2021 demo) is among the best open-source main-text extractors
in the published comparisons (its own multilingual evaluation; Bevendorff et al., "An
Empirical Comparison of Web Content Extraction Algorithms", SIGIR 2023); it also reads the
headline, author and date from the page's JSON-LD, Open Graph and meta tags. It runs here
in precision mode, so a page with nothing but navigation and boilerplate yields no text (an
error) rather than its menu.

The extracted text is what kobridge segments: the headline first, then each paragraph of
the article, one blank line between paragraphs, whitespace inside a paragraph collapsed to
single spaces as HTML renders it. The headline is part of the text (a news article's
headline is translated with it, and the samples align it as their first bead) and is also
recorded in the TEI header with the author and date.
"""

from __future__ import annotations

from kobridge.errors import InputError
from kobridge.model import SourceInfo

__all__ = ["extract_html"]

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decoded(data: bytes, name: str, encoding: str | None) -> str | bytes:
    """The page as text when the user named its encoding; else the bytes, for trafilatura to
    decode (it reads the page's own ``<meta charset>``, which plain-text detection cannot)."""
    if encoding is None:
        if b"\x00" in data and not data.startswith(_UTF16_BOMS):
            offset = data.index(b"\x00")
            raise InputError(
                f"binary data (a NUL byte at byte offset {offset}); expected an HTML page", path=name
            )
        return data
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=name) from None
    except UnicodeDecodeError as e:
        raise InputError(f"byte offset {e.start} cannot be decoded as {encoding}", path=name) from None


def _paragraphs(text: str) -> list[str]:
    """trafilatura's lines (one per block) as paragraphs with HTML's whitespace collapsed."""
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def extract_html(data: bytes, name: str, encoding: str | None = None) -> tuple[str, SourceInfo]:
    """The article text of an HTML page, and what the page says of the article.

    Args:
        data: the page's bytes.
        name: the file name, for error messages.
        encoding: the page's encoding; by default trafilatura detects it (``<meta charset>``,
            then the bytes).

    Returns:
        The text (headline, then the paragraphs, separated by blank lines) and a
        :class:`SourceInfo` with the headline, author and date where the page gives them.

    Raises:
        InputError: binary data, an encoding that does not fit, or a page in which no
            article text is found.
    """
    import trafilatura
    from trafilatura.settings import Document

    page = _decoded(data, name, encoding)
    result = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    article = result if isinstance(result, Document) else None  # a dict only when as_dict=True
    paragraphs = _paragraphs(article.text or "") if article is not None else []
    if article is None or not paragraphs:
        raise InputError(
            "no article text found in the HTML page (only navigation or boilerplate); "
            "save the article itself, or its text as a .txt file",
            path=name,
        )
    title = " ".join((article.title or "").split())
    if title and paragraphs[0] != title:
        paragraphs.insert(0, title)
    info = SourceInfo(
        format="html",
        title=title,
        author=" ".join((article.author or "").split()),
        date=article.date or "",
        extractor=f"trafilatura {trafilatura.__version__}",
    )
    return "\n\n".join(paragraphs), info

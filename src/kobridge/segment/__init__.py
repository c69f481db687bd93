"""Sentence segmentation with exact character offsets.

``segment(text, lang)`` splits a text into paragraphs and each paragraph into sentences;
``split_lines(text, lang)`` reads text that is already one sentence per line.

How lines are read
------------------
A line holding only whitespace always separates paragraphs. By default a single line break
ends a paragraph too: news text files have one paragraph per line (that is how newsrooms export
copy), and a headline or byline has no final full stop that could end it otherwise. Text that
is hard-wrapped at a fixed width would be cut at every line end under that reading, so
``segment(..., wrapped=True)`` reads a single line break as a space: only blank lines end
paragraphs, and a sentence may then span lines (its ``text`` keeps the line break).

Guarantees
----------
For every sentence ``text[s.start:s.end] == s.text``; sentences come in order, do not overlap,
are stripped of surrounding whitespace and never empty, and only whitespace lies between one and
the next, so no other character is ever lost. ``paragraph`` is the 0-based index of the paragraph.
Both functions run in time linear in the length of the text.

Languages
---------
Each language is an entry of ``LANGUAGES``: ``ko`` and ``en`` have rules tuned for news
(``rules_ko``, ``rules_en``); the other codes share generic Latin-script rules (``rules_latin``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from kobridge.errors import KobridgeError
from kobridge.model import Sentence
from kobridge.segment import rules_en, rules_ko
from kobridge.segment._scan import has_candidate, lines, paragraph_spans, strip_span, words
from kobridge.segment.rules_latin import LatinRules

__all__ = ["LANGUAGES", "Boundaries", "check_language", "segment", "split_lines", "supported_languages"]

Boundaries = Callable[[str], list[int]]
"""A language's rules: given a paragraph, the offsets where its sentences end (its end excluded)."""

LANGUAGES: Mapping[str, Boundaries] = MappingProxyType(
    {
        "ko": rules_ko.boundaries,
        "en": rules_en.boundaries,
        "de": LatinRules(words("bspw ggf evtl inkl zzgl Str Tel"), ordinal_dates=True),
        "es": LatinRules(words("Av Avda Gral Excmo Ilmo núm pág")),
        "fr": LatinRules(words("av bd boul env MM Pr")),
        "it": LatinRules(words("Dott.ssa Prof.ssa pag sez")),
        "nl": LatinRules(words("bijv dhr Dhr mevr Mevr mw Mw enz")),
        "pt": LatinRules(words("Exmo Exma Sr.ª Dra pág")),
    }
)


def supported_languages() -> list[str]:
    """The language codes ``segment`` accepts, sorted."""
    return sorted(LANGUAGES)


def check_language(lang: str) -> None:
    """Refuse a language code that kobridge does not support.

    Raises:
        KobridgeError: ``lang`` is not one of ``supported_languages()``; the message names it and
            lists the supported codes (and the lower-case form when only the case is wrong).
    """
    if lang not in LANGUAGES:
        hint = f" (codes are lower case: {lang.lower()})" if lang.lower() in LANGUAGES else ""
        raise KobridgeError(
            f"unsupported language {lang!r}{hint}; supported: {', '.join(supported_languages())}"
        )


def _rules(lang: str) -> Boundaries:
    check_language(lang)
    return LANGUAGES[lang]


def segment(text: str, lang: str, *, wrapped: bool = False) -> list[Sentence]:
    """Split ``text`` into sentences.

    Args:
        text: the whole document.
        lang: an ISO 639-1 code from ``supported_languages()``, such as ``"ko"`` or ``"en"``.
        wrapped: read single line breaks as spaces (hard-wrapped text); by default each line is
            a paragraph.

    Returns:
        The sentences in order, with offsets into ``text`` and 0-based paragraph numbers.

    Raises:
        KobridgeError: ``lang`` is not supported; the message lists the supported codes.
    """
    rules = _rules(lang)
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraph_spans(text, wrapped=wrapped)):
        paragraph = text[p_start:p_end]
        start = 0
        ends = rules(paragraph) if has_candidate(paragraph) else []
        for end in [*ends, len(paragraph)]:
            s_start, s_end = strip_span(paragraph, start, end)
            if s_start < s_end:
                sentences.append(
                    Sentence(paragraph[s_start:s_end], p_start + s_start, p_start + s_end, lang, number)
                )
            start = end
    return sentences


def split_lines(text: str, lang: str) -> list[Sentence]:
    """Read presegmented text: each non-blank line is one sentence, blank lines end paragraphs.

    Args:
        text: the whole document, one sentence per line.
        lang: an ISO 639-1 code from ``supported_languages()``.

    Returns:
        One stripped sentence per non-blank line, with offsets into ``text``.

    Raises:
        KobridgeError: ``lang`` is not supported; the message lists the supported codes.
    """
    _rules(lang)
    sentences: list[Sentence] = []
    paragraph = 0
    for start, end, after_blank in lines(text):
        paragraph += after_blank
        sentences.append(Sentence(text[start:end], start, end, lang, paragraph))
    return sentences

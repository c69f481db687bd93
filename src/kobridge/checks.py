"""Sanity checks on an input pair before it is aligned: the right language on each side,
and lengths that could belong to one article and its translation.
"""

from __future__ import annotations

import re

from kobridge.errors import InputError

__all__ = ["hangul_share", "require_language", "size_mismatch"]

# Runs, not single characters: counting the characters of each run is the same count, made from
# far fewer matches on a long text.
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_LETTER = re.compile(r"[^\W\d_]+")

# A Korean news text is mostly Hangul even when it quotes English names and acronyms; an
# English one holds at most a few Hangul words. Texts with fewer letters are not judged.
MIN_LETTERS = 20
MIN_HANGUL_FOR_KO = 0.3
MAX_HANGUL_FOR_OTHERS = 0.3
# Above this ratio of character counts (after the usual Korean/English ratio is allowed for)
# the two files are unlikely to be one article and its translation.
SIZE_RATIO_WARNING = 4.0
MIN_CHARS_FOR_SIZES = 300
# English has about 2 characters for each Korean one (shared/bench/ko_en: 2.0-2.2 without spaces).
KO_EN_CHAR_RATIO = 2.0
_ORDER = "(the source comes first: kobridge align KO_FILE EN_FILE, or set --src-lang/--tgt-lang)"


def hangul_share(text: str) -> float | None:
    """The share of letters that are Hangul, or None when the text has too few letters to judge."""
    letters = sum(map(len, _LETTER.findall(text)))
    if letters < MIN_LETTERS:
        return None
    return sum(map(len, _HANGUL.findall(text))) / letters


def require_language(text: str, lang: str, name: str) -> None:
    """Refuse a text that is evidently not in the language it is given as.

    Args:
        text: the decoded text.
        lang: the language code it is given as.
        name: its file name, for the message.

    Raises:
        InputError: a ``ko`` text with little Hangul, or another language's text that is mostly Hangul.
    """
    share = hangul_share(text)
    if share is None:
        return
    if lang == "ko" and share < MIN_HANGUL_FOR_KO:
        raise InputError(
            f"given as Korean (ko) but only {share:.0%} of its letters are Hangul; "
            f"are the two files swapped? {_ORDER}",
            path=name,
        )
    if lang != "ko" and share > MAX_HANGUL_FOR_OTHERS:
        raise InputError(
            f"given as {lang} but {share:.0%} of its letters are Hangul; are the two files swapped? {_ORDER}",
            path=name,
        )


def size_mismatch(src_text: str, src_lang: str, tgt_text: str, tgt_lang: str) -> str | None:
    """A warning when the two texts' sizes differ far more than a translation's would."""
    src_chars = len("".join(src_text.split()))
    tgt_chars = len("".join(tgt_text.split()))
    if src_chars == 0 or tgt_chars == 0 or max(src_chars, tgt_chars) < MIN_CHARS_FOR_SIZES:
        return None
    expected_ratio = 1.0
    if src_lang == "ko" and tgt_lang != "ko":
        expected_ratio = KO_EN_CHAR_RATIO
    elif tgt_lang == "ko" and src_lang != "ko":
        expected_ratio = 1 / KO_EN_CHAR_RATIO
    ratio = (tgt_chars / src_chars) / expected_ratio
    if ratio > SIZE_RATIO_WARNING or ratio < 1 / SIZE_RATIO_WARNING:
        return (
            f"the target has {tgt_chars:,} characters and the source {src_chars:,} "
            f"(about {expected_ratio:.1f} target characters per source character are usual): "
            "are these one article and its translation?"
        )
    return None

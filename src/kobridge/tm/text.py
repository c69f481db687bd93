"""How the memory reads text: the fuzzy form of a sentence, its index keys, concordance queries.

Korean rules are kobridge's own, shared with the glossary (``kobridge.glossary.match``): the
particles and copula endings that attach to a noun (관세가, 관세를, 관세는) and the rule that a
term ending in a Hangul syllable may be followed by up to three of them and then anything
but Hangul (so 관세 finds 관세를 and 보복관세를, not 관세율, which is another word). Numbers are
read as ``kobridge.align.features.numbers`` reads them (``1조2000억``, ``1.2 trillion``, ``3.5%``).

The fuzzy form (:func:`fuzzy_form`) of a sentence is what lookup scores compare: NFC, case
folded, every number replaced by the placeholder ``0`` (its value kept aside), punctuation
dropped, and for Korean the particles stripped from the end of each word and the spaces
removed (Korean spacing varies: 인플레이션 감축법, 인플레이션감축법). So 관세를 3% 올렸다 and
관세가 5% 올렸다 have the same fuzzy form and differ only in their numbers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from kobridge.align.features.numbers import number_spans
from kobridge.glossary.match import KO_PARTICLES, KO_TERM_END

__all__ = ["PLACEHOLDER", "FuzzyForm", "Query", "fuzzy_form", "index_keys", "parse_query"]

PLACEHOLDER = "0"
_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
# Particles that may end a word, longest first; at most three are stripped (전기차들에서도).
_PARTICLE_END = re.compile(f"(?:{'|'.join(KO_PARTICLES)})$")
# The characters that may follow a Korean term other than Hangul particles: what ends a word.
# Particles attached to something that is not Hangul: IRA는, (IRA)는, 30%가.
_ATTACHED = re.compile(rf"(?<=[^\s\uac00-\ud7a3])(?:{'|'.join(KO_PARTICLES)}){{1,3}}(?![\uac00-\ud7a3])")
_WORD_END_CHARS = " .,!?;:)]}”’\"'…·/~%-"
_PARTICLE_FIRSTS = "".join(sorted({p[0] for p in KO_PARTICLES}))
_EN_ENDINGS = r"(?:'s|s|es|ed|d|ing)?"


@dataclass(frozen=True, slots=True)
class FuzzyForm:
    """A sentence as lookup compares it: ``text`` (see the module docstring), its ``words``
    (the index keys come from these), the values of its ``numbers`` in order and how each
    was written (``surfaces``)."""

    text: str
    words: tuple[str, ...]
    numbers: tuple[str, ...]
    surfaces: tuple[str, ...] = ()


def strip_particles(word: str) -> str:
    """A Korean word without the particles at its end (관세를 → 관세, 전기차들에서도 → 전기차).

    At most three are stripped, and never the word's first character. A word that only looks
    like it ends in a particle loses it too (국가 → 국); lookup strips both sides alike, and
    concordance queries keep a word whose stem would be a single character.
    """
    for _ in range(3):
        m = _PARTICLE_END.search(word, 1)
        if m is None:
            break
        word = word[: m.start()]
    return word


def fuzzy_form(text: str, lang: str) -> FuzzyForm:
    """The fuzzy form of a sentence: what lookup scores compare (see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    pieces: list[str] = []
    numbers: list[str] = []
    surfaces: list[str] = []
    position = 0
    for start, end, key in number_spans(text, lang):
        pieces.append(text[position:start])
        pieces.append(f" {PLACEHOLDER} " if lang != "ko" else PLACEHOLDER)
        numbers.append(key)
        surfaces.append(text[start:end])
        position = end
    pieces.append(text[position:])
    joined = "".join(pieces)
    if lang == "ko":
        words = [strip_particles(w) for w in _WORD.findall(_ATTACHED.sub("", joined).casefold())]
        return FuzzyForm("".join(words), tuple(words), tuple(numbers), tuple(surfaces))
    words = _WORD.findall(joined.casefold())
    return FuzzyForm(" ".join(words), tuple(words), tuple(numbers), tuple(surfaces))


def index_keys(form: FuzzyForm) -> list[int]:
    """The candidate-filter keys of a fuzzy form: one signed 64-bit hash per distinct word.

    Bare number placeholders and one-character words are left out: they say little about which
    unit is meant.
    """
    keys = []
    for word in dict.fromkeys(form.words):
        if len(word) < 2 and not _HANGUL.match(word):
            continue
        if word == PLACEHOLDER:
            continue
        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


@dataclass(frozen=True, slots=True)
class Query:
    """A concordance query, parsed.

    ``pattern`` finds the hits in a unit's text (their spans are highlighted). ``groups`` are
    what an index can look for: every group must occur in the text, as one of its strings
    (each at least three characters, so a trigram index can find it); None when the query has
    a word of one character, which no trigram index can find (the store then scans).
    """

    text: str
    lang: str
    pattern: re.Pattern[str]
    groups: tuple[tuple[str, ...], ...] | None


def _expansions(word: str, following: str, lang: str) -> tuple[str, ...]:
    """Strings of three characters or more, one of which must occur where ``word`` does."""
    if len(word) >= 3:
        return (word,)
    ends_hangul = bool(_HANGUL.match(word[-1]))
    nexts = _WORD_END_CHARS + (_PARTICLE_FIRSTS if ends_hangul and lang == "ko" else "s'")
    nexts += following
    return tuple(dict.fromkeys(word + c for c in nexts))


def parse_query(query: str, lang: str) -> Query:
    """Parse a concordance query in ``lang`` (``"ko"`` or ``"en"``).

    Korean: each word loses its particles (관세를 finds what 관세 finds) and matches as a
    glossary term does: followed by particles and then no Hangul; the words of a phrase may
    be written with or without a space between them. English: case is ignored and the last
    word also matches its plain inflections (tariff → tariffs, tariff's).

    Raises:
        ValueError: the query holds no word.
    """
    text = unicodedata.normalize("NFC", query).strip()
    words = text.split()
    if lang == "ko":
        words = [w if len(stripped := strip_particles(w)) < 2 else stripped for w in words]
    if not words:
        raise ValueError("the query is empty")
    parts = []
    for i, word in enumerate(words):
        piece = re.escape(word)
        if i == 0 and _ASCII_ALNUM.match(word[0]):
            piece = r"(?<![A-Za-z0-9])" + piece
        parts.append(piece)
    if lang == "ko":
        body = r"\s*".join(parts)
        last = words[-1][-1]
        end = KO_TERM_END if _HANGUL.match(last) else r"(?![A-Za-z0-9])"
        pattern = re.compile(body + end, re.IGNORECASE)
    else:
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(parts) + _EN_ENDINGS + r"(?!\w)", re.IGNORECASE)
    groups: list[tuple[str, ...]] = []
    for i, word in enumerate(words):
        if len(word) < 2:
            return Query(text, lang, pattern, None)
        following = words[i + 1][0] if i + 1 < len(words) else ""
        groups.append(_expansions(word.casefold() if lang == "en" else word, following, lang))
    return Query(text, lang, pattern, tuple(groups))

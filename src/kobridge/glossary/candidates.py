"""Term candidates in one bead's text: Korean noun compounds, names and acronyms, English n-grams.

No morphological analyser: Korean words are split at spaces and punctuation, and the particles
of kobridge's own term matcher (:data:`kobridge.glossary.match.KO_PARTICLES`) are stripped from
the end of each word (관세를 → 관세, 전기차들에서도 → 전기차). A word whose last syllable is a
verb or adjective ending (했, 한다 → 한, 있는 → 있, 늘리고 → 고, …) is no noun and ends a
compound. A candidate is one to three consecutive words of one stretch between punctuation in
which only the last may have carried a particle (배터리 공장을 → 배터리 공장, but not 공장을
짓는). English candidates are n-grams of one to four words that neither start nor end with a
function word or a common verb (a capitalised one inside a stretch counts as part of a name:
``SK On``); the key of an n-gram is its lower-case words with the last
word's plural undone, so "tariffs" and "Tariff" count together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kobridge.glossary.match import KO_PARTICLES
from kobridge.glossary.renderings import stem

__all__ = ["KoreanStems", "en_ngrams", "ko_terms", "ngram_key"]

# Punctuation that ends a stretch of words (a full stop only before a space or the end: 1.2, U.S).
_BREAK = re.compile(r"[,;:!?()\[\]{}<>\"'“”‘’「」『』·…/|~=+*—–]|\.(?=\s|$)")
_EN_BREAK = re.compile(r"[,;:!?()\[\]{}<>\"“”‘/|~=+*—–]|\.(?=\s|$)")
_KO_WORD_OK = re.compile(r"^[\uac00-\ud7a3A-Za-z0-9&\-]+$")
_HANGUL_WORD_END = re.compile(r"[\uac00-\ud7a3]$")
# Last syllables that end a verb or adjective form, not a noun (checked after the particles
# are stripped; a few nouns end in them too and are lost: 재고, 광고).
_VERBAL_ENDS = frozenset("다하한할해했되된될돼됐있없않같며록려던든운울렸른겠는놓")
_JONG_SSANG_SIOT = 20  # the final consonant ㅆ: a past or future tense (밝혔, 늘었, 했)
_MAX_KO_WORDS = 3

_EN_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:[-'’.&][A-Za-z0-9]+)*")
_EN_STOP_WORDS = """
a an the and or but nor of for on in into onto to by with from at as than then that this these those
there here it its it's they them their he him his she her we us our you your i me my is are was were
be been being am has have had do does did will would could should can may might must shall not no
yes so if when while where which who whom whose what why how all any each both more most many much
some such other another also only even just very too about after before over under between through
during against amid among per up down out off again said says say told tell asked added noted
according make makes made take takes took get gets got give gives gave one two three new last next
first second year years month months week percent mr ms dr rep sen prof
"""
_EN_STOP = frozenset(_EN_STOP_WORDS.split())
# Function words that may stand inside an n-gram (Department of Energy, research and development).
_EN_JOINERS = frozenset({"of", "and", "the", "for", "on", "in", "to", "&"})
_MAX_EN_WORDS = 4


def _is_verbal(word: str) -> bool:
    last = word[-1]
    if not ("\uac00" <= last <= "\ud7a3"):
        return False
    return last in _VERBAL_ENDS or (ord(last) - 0xAC00) % 28 == _JONG_SSANG_SIOT


def _splits(word: str) -> list[tuple[str, str]]:
    """``word`` split into a stem and up to three particles, the longest stem first (the whole
    word, then one particle off, ...); a stem keeps at least two characters."""
    found = [(word, "")]
    stack = [(word, "", 0)]
    while stack:
        stem_, tail, depth = stack.pop()
        if depth == 3 or not _HANGUL_WORD_END.search(stem_):
            continue
        for particle in KO_PARTICLES:  # longest first
            if not stem_.endswith(particle):
                continue
            if len(stem_) - len(particle) < 2:
                break  # 것으로 is 것 + 으로, never 것으 + 로
            split = (stem_[: -len(particle)], particle + tail)
            found.append(split)
            stack.append((*split, depth + 1))
    return sorted(set(found), key=lambda split: (-len(split[0]), split[1]))


# Particles that never close a noun, so that they may be stripped from a word seen once.
_SURE_PARTICLES = (
    "은 는 이 을 를 의 에 에서 에게 께서 와 과 도 만 로 으로 로서 으로서 "
    "부터 까지 보다 처럼 마다 에는 에도 과의 와의 들"
)


class KoreanStems:
    """Particle stripping informed by a corpus: which words a stem is seen in.

    A word such as 합작법인 ends in what could be a particle (인), and 충전 인프라 in 라; stripped
    blindly they would give 합작법 and 인프. So a word keeps the longest stem that the corpus
    attests, one seen in two or more different words (합작법인 in 합작법인, 합작법인을,
    합작법인의; 관세 in 관세를, 관세가). A word whose stems no other word attests loses only
    case particles (은, 를, 에서, ...), never the endings that also close nouns (인, 라, 이, 다, ...).
    """

    _SURE = frozenset(_SURE_PARTICLES.split())

    def __init__(self, texts: Iterable[str]) -> None:
        words = {w for text in texts for w in text.split() if _HANGUL_WORD_END.search(w)}
        seen: dict[str, set[str]] = {}
        for word in words:
            for stem_, _ in _splits(word):
                seen.setdefault(stem_, set()).add(word)
        self._ways = {stem_: len(ws) for stem_, ws in seen.items()}
        self._cache: dict[str, tuple[str, bool]] = {}

    def strip(self, word: str) -> tuple[str, bool]:
        """The stem of ``word`` and whether a particle was taken off."""
        cached = self._cache.get(word)
        if cached is None:
            splits = _splits(word)
            attested = [s for s in splits if self._ways.get(s[0], 0) >= 2]
            if attested:
                stem_, tail = attested[0]
            else:
                sure = [s for s in splits[1:] if _all_sure(s[1], self._SURE)]
                stem_, tail = sure[0] if sure else (word, "")
            cached = self._cache[word] = (stem_, bool(tail))
        return cached


def _all_sure(tail: str, sure: frozenset[str]) -> bool:
    """Whether ``tail`` is made only of particles from ``sure``."""
    if not tail:
        return True
    return any(tail.startswith(p) and _all_sure(tail[len(p) :], sure) for p in sure)


def ko_terms(text: str, stems: KoreanStems | None = None) -> set[str]:
    """The Korean term candidates of ``text``: stripped words and compounds, joined by one space.

    ``stems`` is the corpus the words are stripped by (by default, ``text`` alone).
    """
    stems = stems or KoreanStems([text])
    found: set[str] = set()
    for chunk in _BREAK.split(text):
        words: list[tuple[str, bool]] = []
        for raw in chunk.split():
            if not _KO_WORD_OK.match(raw) or not re.search(r"[\uac00-\ud7a3A-Za-z]", raw):
                words.append(("", True))  # a number, a Hanja or symbol word: ends compounds
                continue
            word, stripped = stems.strip(raw)
            ok = len(word) >= 2 and not _is_verbal(word)
            words.append((word if ok else "", stripped or not ok))
        for i, (word, ends) in enumerate(words):
            if not word:
                continue
            found.add(word)
            parts = [word]
            j = i
            while not ends and len(parts) < _MAX_KO_WORDS and j + 1 < len(words):
                j += 1
                word, ends = words[j]
                if not word:
                    break
                parts.append(word)
                found.add(" ".join(parts))
    return found


def _content(word: str) -> bool:
    return word.casefold() not in _EN_STOP and any(c.isalpha() for c in word)


def ngram_key(phrase: str) -> str:
    """The key under which :func:`en_ngrams` counts ``phrase`` (lower case, last plural undone)."""
    words = [re.sub(r"['’]s$", "", w) for w in _EN_WORD.findall(phrase)]
    return _en_key(words) if words else ""


def _en_key(words: list[str]) -> str:
    return " ".join([*(w.casefold() for w in words[:-1]), stem(words[-1])])


def en_ngrams(text: str) -> Iterator[tuple[str, str]]:
    """The English n-grams of ``text``: (key, surface as written), possessives dropped."""
    for chunk in _EN_BREAK.split(text):
        words = [re.sub(r"['’]s$", "", w) for w in _EN_WORD.findall(chunk)]
        # A capitalised function word inside a stretch belongs to a name (SK On, Made in America).
        content = [_content(w) or (j > 0 and w[:1].isupper()) for j, w in enumerate(words)]
        for i in range(len(words)):
            if not content[i]:
                continue
            for n in range(1, _MAX_EN_WORDS + 1):
                if i + n > len(words):
                    break
                inner = words[i + n - 2]
                if n > 2 and not content[i + n - 2] and inner.casefold() not in _EN_JOINERS:
                    break
                if content[i + n - 1]:
                    yield _en_key(words[i : i + n]), " ".join(words[i : i + n])

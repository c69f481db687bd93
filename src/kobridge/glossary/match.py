"""Finding glossary terms in text: one trie per language, built once per glossary.

How matching works
------------------
Every surface form of a language (main form, variants, and for English the forbidden renderings)
goes into a trie keyed on case-folded characters. A small compiled pattern (the characters that
can start a form, and the left boundary) finds the candidate start positions in C; from each,
the text is walked down the trie, and of the forms that end on the way the *longest* one whose
right boundary (and, for an acronym, exact case) holds is the hit. Scanning left to right and
going on after each hit gives leftmost-longest, non-overlapping matches.

Building the trie is one loop over the characters of the forms, with no recursion and no large
regular expression to compile, so a form may be long (up to ``MAX_FORM`` characters, which the
linter enforces) and a glossary of 100,000 entries loads in about a second (bench/bench_glossary.py
``--entries 100000``). Each walk is bounded by the longest form.

Rules (see glossary/README.md):

* English: a term starts and ends on a word boundary (``\\w`` on neither side). Whitespace inside a
  form matches any run of whitespace. "IRA's" and "Trump's" match "IRA" and "Trump" (the
  apostrophe is not a word character; the span stops before it).
* A form with an upper-case letter and no lower-case letter (IRA, AMPC, 45X, R&D) is an acronym
  and matches only in exactly that case: "Ira" is not "IRA". Every other form matches in any case.
* Plurals: an English form that starts with a lower-case letter and does not end in "s" also
  matches its regular plural (tariff → tariffs, subsidy → subsidies, tax credit → tax credits).
  Acronyms and capitalised names get no inferred plural ("IRAs" is not "IRA"); list wanted
  plurals such as "EVs" as variants.
* Korean: a term may be followed by particles (IRA는, 배터리500과, 관세를, 전기차로도) or by
  anything that is not a Hangul syllable (인플레이션 감축법(IRA)). A term that ends in a Hangul
  syllable and is followed by other Hangul (관세율, 국회의원) is not a match: it is part of a
  longer word. The hit covers the term only, never the particle. Where a Korean form has a
  space, the text may have a space there or not (인플레이션 감축법 / 인플레이션감축법).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from kobridge.model import GlossaryEntry, TermHit

__all__ = [
    "KO_PARTICLES",
    "KO_TERM_END",
    "LANGUAGES",
    "MAX_FORM",
    "Glossary",
    "find_forbidden",
    "find_terms",
    "is_acronym",
    "surface_key",
]

LANGUAGES = ("en", "ko")

_Kind = Literal["term", "forbidden"]

# Korean particles (조사) and copula endings that attach to a noun without a space, longest
# first so that the alternation prefers 에서는 to 에서. Up to three may follow one another
# (전기차들에서도 = 전기차 + 들 + 에서 + 도).
_PARTICLE_LIST = (
    "이 가 은 는 을 를 의 에 에서 에게 에게서 께 께서 한테 와 과 랑 이랑 "
    "도 만 로 으로 로서 으로서 로써 으로써 부터 까지 보다 처럼 만큼 마다 조차 "
    "마저 밖에 나 이나 든지 이든지 야 이야 며 이며 고 이고 다 이다 입니다 "
    "였다 이었다 인 일 라 이라 라는 이라는 라고 이라고 란 이란 지만 이지만 뿐 "
    "대로 들 요 이요 엔 에는 에도 과의 와의"
)
_PARTICLES = sorted(set(_PARTICLE_LIST.split()), key=lambda p: (-len(p), p))
_HANGUL = "\uac00-\ud7a3"
_KO_AFTER_HANGUL = f"(?=(?:{'|'.join(_PARTICLES)}){{0,3}}(?![{_HANGUL}]))"
# The same rules for other modules (the translation memory): the particles, longest first, and
# the lookahead that must hold after a Korean term that ends in a Hangul syllable.
KO_PARTICLES: tuple[str, ...] = tuple(_PARTICLES)
KO_TERM_END = _KO_AFTER_HANGUL
_ASCII_ALNUM = "A-Za-z0-9"
# The longest surface form, in characters (the linter refuses longer ones): a term, not a text.
MAX_FORM = 1_000

# Boundaries, checked after a form's first character is consumed (left) and after its last (right).
# English: no word character on both sides of either edge of the form.
_EN_LEFT = r"(?<!\w\w)"
_EN_RIGHT = r"(?!(?<=\w)\w)"
# Korean: Latin letters and digits must not run on into the form on either side; a form that
# ends in a Hangul syllable may be followed only by particles and then a non-Hangul character.
_KO_LEFT = rf"(?<![{_ASCII_ALNUM}][{_ASCII_ALNUM}])"
_KO_RIGHT = (
    rf"(?:(?<=[{_HANGUL}]){_KO_AFTER_HANGUL}"
    rf"|(?<![{_HANGUL}])(?!(?<=[{_ASCII_ALNUM}])[{_ASCII_ALNUM}]))"
)


def _fold(text: str) -> str:
    """Lower-case ``text`` character by character, keeping its length (and so its offsets).

    ``str.lower`` does the same, faster, except on İ (two characters in lower case) and on a
    final Σ (ς instead of σ); those texts take the character-by-character path.
    """
    lower = text.lower()
    if len(lower) == len(text) and "ς" not in lower:
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def surface_key(form: str, lang: str) -> str:
    """The key under which a surface form is matched and compared.

    Case-folded; in English whitespace runs become one space, in Korean whitespace is removed
    (spacing inside Korean compounds varies). Two forms with the same key are the same surface
    form as far as matching goes, which is what the linter checks across entries.
    """
    words = _fold(form).split()
    return "".join(words) if lang == "ko" else " ".join(words)


def is_acronym(form: str) -> bool:
    """True when ``form`` has an upper-case letter and no lower-case one (IRA, 45X, R&D).

    Acronyms match case-sensitively; every other form matches in any case.
    """
    return any(c.isupper() for c in form) and not any(c.islower() for c in form)


def _plural(form: str) -> str | None:
    """The regular English plural of a common-noun form, or None when none is inferred."""
    if not form[:1].islower() or not form[-1:].isalpha() or form.endswith("s"):
        return None
    if form.endswith(("x", "z", "ch", "sh")):
        return form + "es"
    if form.endswith("y") and form[-2:-1] not in ("a", "e", "i", "o", "u"):
        return form[:-1] + "ies"
    return form + "s"


def _class_body(c: str) -> str:
    """``c`` in both cases, escaped for use inside ``[...]``."""
    lower, upper = c.lower(), c.upper()
    if len(lower) == 1 and len(upper) == 1 and lower != upper:
        return re.escape(lower) + re.escape(upper)
    return re.escape(c)


# A trie node is a plain dict (a glossary of 100,000 entries has over a million nodes, and a
# dict alone is half the size of an object holding one). Its keys:
#   c        one case-folded character: the child reached by that character;
#   " "      (English) the child reached by a run of whitespace, where a form has a space;
#   " " + c  (Korean) the same child as c, reached over one whitespace character first, where
#            a form has a space before c;
#   ""       where a form ends: (entry id, kind, exact spellings), the spellings (whitespace-
#            normalised) when only acronyms end here, None when a form that ignores case does.
_Node = dict[str, Any]
_END = ""


def _spelling(text: str, lang: str) -> str:
    """``text`` with its whitespace normalised as forms compare: removed in Korean, one space in English."""
    return ("" if lang == "ko" else " ").join(text.split())


@dataclass(frozen=True, slots=True)
class _Matcher:
    """The trie of one language and the pattern that finds where a form may start."""

    lang: str
    root: _Node
    starts: re.Pattern[str]
    right: re.Pattern[str]

    def _hit(self, text: str, folded: str, start: int) -> tuple[tuple[str, _Kind], int] | None:
        """The longest form starting at ``start`` whose case and right boundary hold, and its end."""
        korean = self.lang == "ko"
        node = self.root
        ends: list[tuple[tuple[str, _Kind, set[str] | None], int]] = []  # forms passed, and where
        i, n = start, len(text)
        while i < n:
            c = folded[i]
            if not c.isspace():
                i += 1
            elif korean:
                if i + 1 == n:
                    break
                c = " " + folded[i + 1]
                i += 2
            else:
                c = " "
                while i < n and folded[i].isspace():
                    i += 1
            child: _Node | None = node.get(c)
            if child is None:
                break
            node = child
            end = node.get(_END)
            if end is not None:
                ends.append((end, i))
        for (entry_id, kind, exact), stop in reversed(ends):
            if exact is not None and _spelling(text[start:stop], self.lang) not in exact:
                continue
            if self.right.match(text, stop):
                return (entry_id, kind), stop
        return None

    def scan(self, text: str) -> Iterator[tuple[str, _Kind, int, int]]:
        """Leftmost-longest matches: (entry id, kind, start, end)."""
        folded = _fold(text)
        after = 0  # hits never overlap: candidates before the end of the last hit are skipped
        for candidate in self.starts.finditer(text):
            start = candidate.start()
            if start < after:
                continue
            hit = self._hit(text, folded, start)
            if hit is not None:
                (entry_id, kind), after = hit
                yield entry_id, kind, start, after


class _Builder:
    """Builds the trie of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.root: _Node = {}
        self.keys: dict[str, tuple[str, _Kind]] = {}

    def add(self, form: str, entry_id: str, kind: _Kind) -> None:
        key = surface_key(form, self.lang)
        if not key or self.keys.setdefault(key, (entry_id, kind)) != (entry_id, kind):
            return  # the first entry keeps a key; the linter reports the clash
        node = self.root
        for i, word in enumerate(_fold(form).split()):
            if i and self.lang == "en":
                node = _child(node, " ")
            for j, c in enumerate(word):
                child = _child(node, c)
                if i and not j and self.lang == "ko":
                    node[" " + c] = child
                node = child
        acronym = is_acronym(form)
        end = node.get(_END)
        exact: set[str] | None = None
        if end is None:
            exact = {_spelling(form, self.lang)} if acronym else None
        elif acronym and end[2] is not None:
            exact = end[2] | {_spelling(form, self.lang)}
        node[_END] = (entry_id, kind, exact)

    def build(self) -> _Matcher:
        """The matcher: the trie, and ``[first characters] left-boundary`` to find candidates.

        The leading character set lets ``re`` skip, in C, positions that cannot start a form.
        """
        firsts = sorted(self.root)
        left, right = (_EN_LEFT, _EN_RIGHT) if self.lang == "en" else (_KO_LEFT, _KO_RIGHT)
        starts = "(?!)" if not firsts else "[" + "".join(_class_body(c) for c in firsts) + "]" + left
        return _Matcher(self.lang, self.root, re.compile(starts), re.compile(right))


def _child(node: _Node, key: str) -> _Node:
    child: _Node | None = node.get(key)
    if child is None:
        child = node[key] = {}
    return child


def _build_matchers(entries: Sequence[GlossaryEntry]) -> dict[str, _Matcher]:
    # A large glossary makes a million small dicts, which hold no reference cycles; the cyclic
    # garbage collector, triggered by the allocations, would walk them again and again (a third
    # of the time at 100,000 entries). It is paused while the tries are built.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _build_tries(entries)
    finally:
        if paused:
            gc.enable()


def _build_tries(entries: Sequence[GlossaryEntry]) -> dict[str, _Matcher]:
    builders = {lang: _Builder(lang) for lang in LANGUAGES}
    # Main forms first, so that a clash between one entry's variant and another's main form
    # leaves the main form in place.
    for entry in entries:
        builders["ko"].add(entry.ko, entry.id, "term")
        builders["en"].add(entry.en, entry.id, "term")
    for entry in entries:
        for form in entry.ko_variants:
            builders["ko"].add(form, entry.id, "term")
        for form in entry.en_variants:
            builders["en"].add(form, entry.id, "term")
        for form in entry.forbidden:
            builders["en"].add(form, entry.id, "forbidden")
    # Inferred plurals last: they never displace a form someone wrote down.
    for entry in entries:
        for form in (entry.en, *entry.en_variants):
            plural = _plural(form)
            if plural:
                builders["en"].add(plural, entry.id, "term")
        for form in entry.forbidden:
            plural = _plural(form)
            if plural:
                builders["en"].add(plural, entry.id, "forbidden")
    return {lang: b.build() for lang, b in builders.items()}


@dataclass(frozen=True, slots=True)
class Glossary:
    """A loaded glossary: its entries, in file order, and one compiled matcher per language.

    Build it with ``load_glossary`` (CSV) or ``read_tbx``, which check the entries first; the
    constructor itself accepts any entries and, where two claim one surface form, lets the
    first keep it. Equality compares the entries and the path only.
    """

    entries: tuple[GlossaryEntry, ...]
    path: str = ""
    _index: dict[str, GlossaryEntry] = field(init=False, repr=False, compare=False)
    _matchers: dict[str, _Matcher] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        entries = tuple(self.entries)
        object.__setattr__(self, "entries", entries)
        index: dict[str, GlossaryEntry] = {}
        for entry in entries:
            index.setdefault(entry.id, entry)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_matchers", _build_matchers(entries))

    def get(self, entry_id: str) -> GlossaryEntry | None:
        """The entry with this id, or None."""
        return self._index.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)

    def _matcher(self, lang: str) -> _Matcher:
        """The compiled matcher of ``lang``; ValueError names the supported languages."""
        try:
            return self._matchers[lang]
        except KeyError:
            raise ValueError(f"unsupported language {lang!r}; supported: {', '.join(LANGUAGES)}") from None


def find_terms(text: str, lang: str, glossary: Glossary) -> list[TermHit]:
    """Find the glossary's terms in ``text`` (a sentence, usually).

    Args:
        text: the text to search.
        lang: its language, ``"ko"`` or ``"en"``.
        glossary: the glossary whose terms to look for.

    Returns:
        Hits in text order, never overlapping, each with ``text[start:end] == surface``. Where
        forms overlap, the leftmost wins, and of those starting there, the longest. English
        text inside a forbidden rendering (see ``find_forbidden``) gives no term hit.

    Raises:
        ValueError: ``lang`` is not supported.
    """
    return [
        TermHit(entry_id, start, end, text[start:end], lang)
        for entry_id, kind, start, end in glossary._matcher(lang).scan(text)
        if kind == "term"
    ]


def find_forbidden(text: str, glossary: Glossary) -> list[TermHit]:
    """Find the renderings the glossary forbids (its ``forbidden`` column) in English ``text``.

    Matching follows the English rules of ``find_terms``, with the same compiled pattern; the
    hits' ``entry_id`` is the entry whose rendering was forbidden.
    """
    return [
        TermHit(entry_id, start, end, text[start:end], "en")
        for entry_id, kind, start, end in glossary._matcher("en").scan(text)
        if kind == "forbidden"
    ]

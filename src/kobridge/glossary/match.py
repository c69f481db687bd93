"""Finding glossary terms in text: one compiled pattern per language, built once per glossary.

How a pattern is built
----------------------
Every surface form of a language (main form, variants, and for English the forbidden renderings)
goes into a trie keyed on case-folded characters. The trie is written out as one regular
expression in which each node tries its children before it tries to end, so at any position the
engine returns the *longest* form that ends on a valid boundary; scanning left to right with
``finditer`` then gives leftmost-longest, non-overlapping matches. Children of a node start with
different case-folded characters, so at most one child can match and the backtracking stays
linear in the length of the form.

The top level is a bare alternation whose branches start with a literal character (both cases
of a letter get a branch each). That lets Python's ``re`` compile a first-character set and skip
positions that cannot start a term in C, which is what makes 1,000 entries over 1 MB of text
take under a second (test_matching_1000_entries_over_1mb_is_fast).

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

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from kobridge.model import GlossaryEntry, TermHit

__all__ = [
    "KO_PARTICLES",
    "KO_TERM_END",
    "LANGUAGES",
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
_BUCKET = 24

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
    """Lower-case ``text`` character by character, keeping its length (and so its offsets)."""
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


def _char_class(c: str) -> str:
    """A pattern matching ``c`` in either case (``[aA]``), or ``c`` itself if it has no case."""
    lower, upper = c.lower(), c.upper()
    if len(lower) == 1 and len(upper) == 1 and lower != upper:
        return f"[{re.escape(lower)}{re.escape(upper)}]"
    return re.escape(c)


class _Node:
    __slots__ = ("case_checks", "children", "ends", "space_before")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.space_before = False  # Korean: an optional space may precede this node's character
        self.ends = False  # some form ends here
        self.case_checks: set[str] | None = set()  # None: a form that ignores case ends here


@dataclass(frozen=True, slots=True)
class _Matcher:
    """The compiled pattern of one language and what each matched key stands for."""

    lang: str
    pattern: re.Pattern[str]
    keys: dict[str, tuple[str, _Kind]]

    def scan(self, text: str) -> Iterator[tuple[str, _Kind, int, int]]:
        """Leftmost-longest matches: (entry id, kind, start, end)."""
        seen: dict[str, tuple[str, _Kind] | None] = {}  # surfaces repeat; fold each once
        for m in self.pattern.finditer(text):
            surface = m.group()
            if surface not in seen:
                seen[surface] = self.keys.get(surface_key(surface, self.lang))
            found = seen[surface]
            if found is not None:
                yield found[0], found[1], m.start(), m.end()


def _case_check(form: str, lang: str) -> str:
    """Lookbehinds that hold when the text just matched is ``form`` in its exact case.

    Each lookbehind has a fixed width, as Python requires. In English a space in the form stands
    for one whitespace character here; in Korean, where the space is optional, each spacing
    gets its own lookbehind (up to five words; longer forms must be written unspaced).
    """
    parts = [re.escape(s) for s in form.split()]
    if lang == "en":
        return "(?<=" + r"\s".join(parts) + ")"
    if len(parts) > 5:
        return "(?<=" + "".join(parts) + ")"
    alternatives = []
    for mask in range(2 ** (len(parts) - 1)):
        joined = parts[0]
        for i, part in enumerate(parts[1:]):
            joined += (r"\s" if mask >> i & 1 else "") + part
        alternatives.append(f"(?<={joined})")
    return "(?:" + "|".join(alternatives) + ")"


class _Builder:
    """Builds the trie of one language and writes it out as a pattern."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.root = _Node()
        self.keys: dict[str, tuple[str, _Kind]] = {}

    def add(self, form: str, entry_id: str, kind: _Kind) -> None:
        key = surface_key(form, self.lang)
        if not key or self.keys.setdefault(key, (entry_id, kind)) != (entry_id, kind):
            return  # the first entry keeps a key; the linter reports the clash
        node = self.root
        for i, word in enumerate(_fold(form).split()):
            if i and self.lang == "en":
                node = node.children.setdefault(" ", _Node())
            for j, c in enumerate(word):
                child = node.children.setdefault(c, _Node())
                if i and not j and self.lang == "ko":
                    child.space_before = True
                node = child
        node.ends = True
        if is_acronym(form) and node.case_checks is not None:
            node.case_checks.add(_case_check(form, self.lang))
        else:
            node.case_checks = None

    def _edge(self, c: str, node: _Node) -> str:
        if c == " " and self.lang == "en":
            return r"\s+"
        return (r"\s?" if node.space_before else "") + _char_class(c)

    def _emit(self, node: _Node) -> str:
        """The pattern of the forms below ``node``: children (longer forms) before the end here."""
        alternatives = [
            self._edge(c, child) + self._emit(child) for c, child in sorted(node.children.items())
        ]
        if node.ends:
            alternatives.append(
                "" if node.case_checks is None else "(?:" + "|".join(sorted(node.case_checks)) + ")"
            )
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    def build(self) -> _Matcher:
        """One pattern: ``[first characters] left-boundary (?:trie) right-boundary``.

        The leading character set lets ``re`` skip positions that cannot start a form. Forms are
        then told apart by lookbehinds on the consumed first character, in buckets of
        ``_BUCKET`` characters, so a position costs a few dozen checks rather than one per
        distinct first character. The boundaries are written once, after the trie; when one
        fails, the engine backtracks into the trie and tries the next shorter form.
        """
        firsts = sorted(self.root.children)
        if not firsts:
            return _Matcher(self.lang, re.compile("(?!)"), self.keys)
        buckets = []
        for i in range(0, len(firsts), _BUCKET):
            chunk = firsts[i : i + _BUCKET]
            inner = "|".join(f"(?<={_char_class(c)})" + self._emit(self.root.children[c]) for c in chunk)
            buckets.append(f"(?<=[{''.join(_class_body(c) for c in chunk)}])(?:{inner})")
        body = buckets[0] if len(buckets) == 1 else "(?:" + "|".join(buckets) + ")"
        first = "[" + "".join(_class_body(c) for c in firsts) + "]"
        left, right = (_EN_LEFT, _EN_RIGHT) if self.lang == "en" else (_KO_LEFT, _KO_RIGHT)
        return _Matcher(self.lang, re.compile(first + left + body + right), self.keys)


def _build_matchers(entries: Sequence[GlossaryEntry]) -> dict[str, _Matcher]:
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

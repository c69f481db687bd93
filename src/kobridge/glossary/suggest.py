"""Glossary candidates mined from an aligned archive: Korean terms and the English they go with.

Every bead with text on both sides is one observation. For a Korean candidate *k* (see
:mod:`kobridge.glossary.candidates`) and an English n-gram *e*, let ``f(k)``, ``f(e)`` be the
numbers of beads holding each and ``f(k, e)`` the number holding both. The association of the
pair is the Dice coefficient ``2 f(k, e) / (f(k) + f(e))``: 1 when the two always come
together, near 0 when *e* is common everywhere (``Korea``) or *k* is rendered many ways.

Each Korean candidate is paired with its best English n-gram (ties go to the pair seen more
often, then to the longer n-gram: the lexical model, which scores a short n-gram higher, would
pick "LG" for LG에너지솔루션). Of Korean candidates that hold one another and go with the same
English, the longest stays (원산지 규정, not 규정). The pairs are scored ``dice * (1 + lex) / 2 *
log2(1 + f(k, e))``, where ``lex`` is the lexical model's translation score (left out without a
model), so that a pair seen together in many beads outranks a chance pair seen twice and, of
the words of a sentence repeated in many articles, those that translate each other come first;
and each English n-gram goes to one Korean term only, the best-scored (competitive linking). A
pair seen in fewer than ``min_freq`` beads or ``min_docs`` articles is left out (one article's
pet phrase is no glossary entry), as is a Korean term the glossary already holds.

Two corrections put the domain terms first. A fragment of a longer candidate (held by it on
both sides and seen inside it more often than on its own: 수출 / *export* in 수출 통제 / *export
controls*) scores no more than the longer one and comes after it. And a pair of the general
word list (the shipped news lexicon, :class:`~kobridge.align.features.wordlist.WordLexicon`:
미국 / *U.S.*, 정부 / *government*) is general vocabulary, not a term: it is kept, marked
``general``, and ranked after every term.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kobridge.align.features.wordlist import WordLexicon
from kobridge.glossary.candidates import KoreanStems, en_ngrams, ko_terms
from kobridge.glossary.csvio import COLUMNS
from kobridge.glossary.match import Glossary, find_terms

__all__ = ["SUGGEST_COLUMNS", "ArchiveBead", "Candidate", "Lexicon", "candidates_csv_text", "suggest_terms"]

SUGGEST_COLUMNS = (*COLUMNS, "score", "frequency", "general", "example")


@dataclass(frozen=True, slots=True)
class ArchiveBead:
    """One bead of the archive with text on both sides, and where it comes from."""

    ko: str
    en: str
    document: str  # the article (file) it belongs to
    where: str  # how to find it again: "FILE bead [3]:[4]"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed glossary entry: a Korean term, its English, and the evidence for the pair."""

    ko: str
    en: str
    score: float  # dice * (1 + lex) / 2 * log2(1 + together), at most a longer candidate's for a fragment
    dice: float
    together: int  # beads holding both
    ko_frequency: int  # beads holding the Korean term
    documents: int  # articles holding both
    example: ArchiveBead
    general: bool = False  # a pair of the general word list: general vocabulary, ranked after the terms


@dataclass(slots=True)
class _Counts:
    """Bead counts of the archive: per Korean key, per English key, and per pair."""

    ko: Counter[str]
    en: Counter[str]
    pairs: dict[str, Counter[str]]
    surfaces: dict[str, Counter[str]]  # English key -> surfaces as written
    docs: dict[tuple[str, str], set[str]]
    first: dict[tuple[str, str], int]  # the first bead holding a pair


def _count(beads: Sequence[ArchiveBead]) -> _Counts:
    stems = KoreanStems(bead.ko for bead in beads)
    counts = _Counts(Counter(), Counter(), defaultdict(Counter), defaultdict(Counter), defaultdict(set), {})
    en_sets: list[set[str]] = []
    for bead in beads:
        keys: set[str] = set()
        for key, surface in en_ngrams(bead.en):
            keys.add(key)
            counts.surfaces[key][surface] += 1
        en_sets.append(keys)
        counts.en.update(keys)
    for number, bead in enumerate(beads):
        terms = ko_terms(bead.ko, stems)
        counts.ko.update(terms)
        for term in terms:
            counts.pairs[term].update(en_sets[number])
            for key in en_sets[number]:
                counts.docs[term, key].add(bead.document)
                counts.first.setdefault((term, key), number)
    return counts


def _known(term: str, glossary: Glossary | None) -> bool:
    """Whether the glossary already has a form that is the whole of ``term``."""
    if glossary is None:
        return False
    return any(hit.start == 0 and hit.end == len(term) for hit in find_terms(term, "ko", glossary))


def _surface(counts: _Counts, key: str) -> str:
    """The English as most often written; a lower-case spelling wins ties over a capitalised one."""
    written = counts.surfaces[key]
    best = max(written.values())
    return min((s for s, n in written.items() if n == best), key=lambda s: (not s.islower(), s))


def _overlaps(a: str, b: str) -> bool:
    """Whether one of two terms holds the other (spacing ignored)."""
    a, b = "".join(a.casefold().split()), "".join(b.casefold().split())
    return a in b or b in a


Lexicon = Callable[[str, str], float]


def _fragments(
    kept: dict[str, tuple[float, int, int, str]], frequency: Counter[str], general: WordLexicon | None
) -> dict[str, list[str]]:
    """The candidates that are fragments of longer ones: Korean term -> the longer candidates.

    ``k`` is a fragment of ``b`` when ``b`` holds ``k`` as whole words on both sides (수주 /
    *order* in 수주 잔고 / *order backlog*), what ``b`` adds to the Korean is not all general
    vocabulary (무역적자 축소, *trade deficit* plus a general word, is a phrase, not a longer
    term), and ``k`` is seen inside such longer candidates more often than on its own: the
    C-value test of Frantzi, Ananiadou and Mima, ``f(k) - mean f(b) < mean f(b)``.
    """
    by_word: dict[str, list[str]] = defaultdict(list)
    for term in kept:
        if " " in term:
            for word in set(term.split()):
                by_word[word].append(term)
    found: dict[str, list[str]] = {}
    for term, option in kept.items():
        inner, english = f" {term} ", f" {option[3]} "
        longer = []
        for other in by_word.get(term.split()[0], ()):
            outer = f" {other} "
            if other == term or inner not in outer or english not in f" {kept[other][3]} ":
                continue
            added = outer.replace(inner, " ", 1).split()
            if general is None or not all(general.has_stem(word) for word in added):
                longer.append(other)
        if longer:
            mean = sum(frequency[b] for b in longer) / len(longer)
            if frequency[term] - mean < mean:
                found[term] = sorted(longer)
    return found


def suggest_terms(
    beads: Sequence[ArchiveBead],
    glossary: Glossary | None = None,
    *,
    lexicon: Lexicon | None = None,
    general: WordLexicon | None = None,
    min_freq: int = 2,
    min_docs: int = 2,
    min_dice: float = 0.3,
) -> list[Candidate]:
    """Candidate glossary entries of an aligned archive, best first.

    Args:
        beads: every bead of the archive with text on both sides.
        glossary: Korean terms it already holds are left out.
        lexicon: a translation score of a Korean and an English phrase in [0, 1] (kobridge's
            lexical model); it weighs each pair's association by ``(1 + score) / 2``, so that
            of words that always come together (a sentence repeated in many articles), the
            ones that translate each other win.
        general: a general word list; a pair that is one of its entries (the Korean its stem,
            the English one of its forms) is marked general and ranked after every term.
        min_freq: the fewest beads a pair must be seen together in.
        min_docs: the fewest articles (documents) a pair must be seen together in.
        min_dice: the weakest association kept.

    Returns:
        Candidates ranked by score, the terms before general vocabulary (ties: a fragment after
        its longer candidate, then more beads, then the Korean text). Each Korean term
        goes with its most associated English n-gram (ties: seen together more often, then
        the longer n-gram), and each English n-gram with one Korean term only, the best-scored
        (competitive linking), so that the words of one sentence repeated in many articles do
        not all come back paired with the same n-gram.
    """
    counts = _count(beads)
    best: dict[str, tuple[float, int, int, str]] = {}  # Korean term -> (dice, together, words, key)
    for term, together_counts in counts.pairs.items():
        if counts.ko[term] < min_freq or _known(term, glossary):
            continue
        options = [
            (round(2 * together / (counts.ko[term] + counts.en[key]), 6), together, len(key.split()), key)
            for key, together in together_counts.items()
            if together >= min_freq and len(counts.docs[term, key]) >= min_docs
        ]
        if options and max(options)[0] >= min_dice:
            best[term] = max(options)
    # Of Korean terms that hold one another and go with the same English, the longest stays
    # (원산지 규정, not 규정, for "rules of origin"), unless it is seen much less often.
    kept = {
        term: option
        for term, option in best.items()
        if not any(
            len(other) > len(term)
            and _overlaps(other, term)
            and o[3] == option[3]
            and o[1] >= 0.8 * option[1]
            for other, o in best.items()
        )
    }
    scores: dict[str, float] = {}
    for term, (dice, together, _, key) in kept.items():
        weight = (1 + lexicon(term, _surface(counts, key))) / 2 if lexicon else 1.0
        scores[term] = dice * weight * math.log2(1 + together)
    fragments = _fragments(kept, counts.ko, general)
    for term, longer in sorted(fragments.items(), key=lambda item: -len(item[0])):
        scores[term] = min(scores[term], *(scores[b] for b in longer))
    ranked: list[Candidate] = []
    for term, (dice, together, _, key) in kept.items():
        en = _surface(counts, key)
        docs = len(counts.docs[term, key])
        first = beads[counts.first[term, key]]
        is_general = general is not None and general.is_entry(term, en)
        ranked.append(
            Candidate(term, en, scores[term], dice, together, counts.ko[term], docs, first, is_general)
        )
    ranked.sort(key=lambda c: (-c.score, c.ko in fragments, -c.together, c.ko))
    # One Korean term per English n-gram (competitive linking): the best-ranked keeps it.
    taken: set[str] = set()
    chosen = []
    for found in ranked:
        key = best[found.ko][3]
        if key not in taken:
            taken.add(key)
            chosen.append(found)
    chosen.sort(key=lambda c: c.general)  # stable: the terms first, then general vocabulary
    return chosen


def _entry_id(en: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", en.casefold()).strip("_") or "term"
    if not base[0].isalpha():
        base = "t_" + base
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}_{n}", n + 1
    taken.add(ident)
    return ident


def candidates_csv_text(candidates: Iterable[Candidate], glossary: Glossary | None = None) -> str:
    """The candidates in the glossary CSV format, plus ``score``, ``frequency``, ``general`` (``yes``
    for general vocabulary) and ``example``.

    The first eight columns are the glossary's; a reviewer keeps the rows worth having, fills in
    ``type`` and pastes
    them into the glossary, dropping the last four columns. Ids are made from the English and
    never clash with the glossary's.
    """
    taken = {entry.id for entry in glossary} if glossary is not None else set()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SUGGEST_COLUMNS)
    for c in candidates:
        example = f"{c.example.where}: {c.example.ko} | {c.example.en}"
        row = [
            _entry_id(c.en, taken),
            c.ko,
            c.en,
            "",
            "",
            "",
            "",
            "",
            f"{c.score:.3f}",
            str(c.together),
            "yes" if c.general else "",
            example,
        ]
        writer.writerow("'" + cell if cell.startswith(("=", "+", "-", "@")) else cell for cell in row)
    return out.getvalue()

"""Terminology consistency across an aligned archive: one term, how many English renderings.

Per-bead QA asks whether a bead renders its terms; this asks how the archive renders each
term, the way a reviewer's "inconsistent target" check does:

* For each glossary entry found in the Korean of some bead, the English rendering of every
  such bead: the glossary form the term matcher finds there (main form, a variant, or a
  forbidden rendering), or, in beads where none is found, an *unlisted* rendering mined from
  those beads: the English n-gram most associated with them (Dice coefficient against its
  frequency in the whole archive, seen in two beads at least), stripped of words that only
  stand next to the term (``battery`` in ``battery supply line`` when the archive also says
  ``battery supply chain``). An entry rendered more than one way is reported with the count
  and an example of each rendering; an error when one of them is forbidden or unlisted, a
  warning when all are forms the glossary allows.
* For Korean terms outside the glossary (the candidates of :mod:`kobridge.glossary.suggest`),
  competing renderings: the term's most associated English, and a second rendering that
  covers at least two of the beads the first does not, or two longer phrases the first is the
  head of (``production capacity`` / ``manufacturing capacity`` under ``capacity``).
  Always a warning: nobody has ruled on these terms yet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kobridge.glossary.candidates import KoreanStems, en_ngrams, ko_terms, ngram_key
from kobridge.glossary.match import Glossary, find_forbidden, find_terms
from kobridge.glossary.renderings import en_tokens, stem
from kobridge.glossary.suggest import ArchiveBead, Candidate, Lexicon, suggest_terms
from kobridge.model import GlossaryEntry, TermHit

__all__ = ["ArchiveFinding", "Rendering", "archive_qa"]

Status = Literal["main", "variant", "forbidden", "unlisted"]
Severity = Literal["error", "warning"]
_MIN_BEADS = 2
_MIN_DICE = 0.5


@dataclass(frozen=True, slots=True)
class Rendering:
    """One way the archive renders a term: the English, in how many beads, an example bead."""

    en: str
    count: int
    status: Status
    example: ArchiveBead


@dataclass(frozen=True, slots=True)
class ArchiveFinding:
    """A term the archive renders in more than one way.

    ``kind`` is ``inconsistent`` (a glossary entry, ``entry_id`` set) or ``competing`` (a Korean
    term outside the glossary, ``entry_id`` empty); ``severity`` ``error`` when a rendering is
    forbidden or unlisted, otherwise ``warning``.
    """

    kind: Literal["inconsistent", "competing"]
    severity: Severity
    entry_id: str
    ko: str
    renderings: tuple[Rendering, ...]

    @property
    def message(self) -> str:
        """One line: the term and each rendering with its count and status."""
        name = f"{self.ko} ({self.entry_id})" if self.entry_id else self.ko
        ways = ", ".join(f"{r.en!r} x{r.count} ({r.status})" for r in self.renderings)
        what = "rendered" if self.kind == "inconsistent" else "outside the glossary, rendered"
        return f"{name} {what} {len(self.renderings)} ways: {ways}"


def _key(text: str) -> str:
    words = en_tokens(text)
    return " ".join([*(w.casefold().replace(".", "") for w in words[:-1]), stem(words[-1])]) if words else ""


def _status(entry: GlossaryEntry, key: str) -> Status:
    if key == _key(entry.en):
        return "main"
    if key in {_key(f) for f in entry.forbidden}:
        return "forbidden"
    return "variant"


def _bead_keys(beads: Sequence[ArchiveBead]) -> tuple[list[set[str]], Counter[str], dict[str, Counter[str]]]:
    keys: list[set[str]] = []
    frequency: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for bead in beads:
        found = set()
        for key, surface in en_ngrams(bead.en):
            found.add(key)
            surfaces[key][surface] += 1
        keys.append(found)
        frequency.update(found)
    return keys, frequency, surfaces


def _best_ngram(
    indices: Sequence[int],
    keys: list[set[str]],
    frequency: Counter[str],
    beads: Sequence[ArchiveBead],
    *,
    exclude: frozenset[str] = frozenset(),
) -> tuple[str, list[int]] | None:
    """The n-gram most associated with the beads ``indices`` (Dice against its archive
    frequency), seen in two of them at least, from two articles."""
    inside: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    for i in indices:
        for key in keys[i] - exclude:
            inside[key] += 1
            articles[key].add(beads[i].document)
    best: tuple[float, int, int, str] | None = None
    for key, n in inside.items():
        if n < _MIN_BEADS or len(articles[key]) < 2:
            continue
        option = (round(2 * n / (len(indices) + frequency[key]), 6), n, len(key.split()), key)
        if best is None or option > best:
            best = option
    if best is None or best[0] < _MIN_DICE:
        return None
    return best[3], [i for i in indices if best[3] in keys[i]]


def _trim(key: str, context: set[str]) -> str:
    """``key`` without edge words that, elsewhere, stand right next to the term's renderings."""
    words = key.split()
    while len(words) > 1 and words[0] in context:
        words = words[1:]
    while len(words) > 1 and stem(words[-1]) in context:
        words = words[:-1]
    return " ".join(words)


def _compound(entry: GlossaryEntry, key: str, paired: dict[str, str]) -> bool:
    """Whether ``key`` is the English of a longer Korean term that holds a form of ``entry``
    (반덤핑 관세, "anti-dumping duty", around 관세): then it renders that term, not this one."""
    forms = {"".join(f.split()) for f in (entry.ko, *entry.ko_variants)}
    for ko, en in paired.items():
        bare = "".join(ko.split())
        if en == key and bare not in forms and any(f in bare for f in forms):
            return True
    return False


def _surface(surfaces: dict[str, Counter[str]], key: str) -> str:
    if key not in surfaces:
        return key
    return surfaces[key].most_common(1)[0][0]


def _is_acronym(surface: str) -> bool:
    """``ESS``, ``R&D``, ``U.S.``: letters all capitals."""
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _one_rendering(
    hits: list[TermHit], entry: GlossaryEntry | None, spelled_out: bool
) -> list[tuple[str, TermHit]]:
    """A bead's renderings of one entry, each with the key it counts under, the entry counted
    once. A bead that writes the main form and a variant ("energy storage systems (ESS)")
    renders the entry the main way, and so does an acronym variant in an article that has
    spelled the main form out before (the usual style of news: the full name once, the acronym
    after it); forbidden renderings always count."""
    if entry is None:
        return [(_key(h.surface), h) for h in hits]
    keyed = [(_key(h.surface), h) for h in hits]
    forbidden = [(k, h) for k, h in keyed if _status(entry, k) == "forbidden"]
    allowed = [(k, h) for k, h in keyed if _status(entry, k) != "forbidden"]
    main = [(k, h) for k, h in allowed if _status(entry, k) == "main"]
    if not main and spelled_out and allowed and _is_acronym(allowed[0][1].surface):
        main = [(_key(entry.en), allowed[0][1])]
    return forbidden + (main[:1] or allowed[:1])


def _glossary_findings(
    beads: Sequence[ArchiveBead],
    glossary: Glossary,
    keys: list[set[str]],
    frequency: Counter[str],
    surfaces: dict[str, Counter[str]],
    paired: dict[str, str],
) -> list[ArchiveFinding]:
    rendered: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    written: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    missing: dict[str, list[int]] = defaultdict(list)
    context: dict[str, set[str]] = defaultdict(set)
    spelled_out: set[tuple[str, str]] = set()  # (article, entry) where the main form has appeared
    for number, bead in enumerate(beads):
        ko_ids = dict.fromkeys(hit.entry_id for hit in find_terms(bead.ko, "ko", glossary))
        if not ko_ids:
            continue
        en_hits = [*find_terms(bead.en, "en", glossary), *find_forbidden(bead.en, glossary)]
        for entry_id in ko_ids:
            entry = glossary.get(entry_id)
            hits = [hit for hit in en_hits if hit.entry_id == entry_id]
            mine = _one_rendering(hits, entry, (bead.document, entry_id) in spelled_out)
            if entry is not None and any(_status(entry, _key(h.surface)) == "main" for h in hits):
                spelled_out.add((bead.document, entry_id))
            for key, hit in mine:
                rendered[entry_id][key].append(number)
                if key == _key(hit.surface):  # an acronym counted as the main form shows the latter
                    written[entry_id, key][hit.surface] += 1
                before, after = en_tokens(bead.en[: hit.start]), en_tokens(bead.en[hit.end :])
                context[entry_id].update(stem(w) for w in (before[-1:] + after[:1]))
            if not mine:
                missing[entry_id].append(number)
    findings = []
    for entry in glossary:
        ways: list[Rendering] = []
        for key, where in rendered.get(entry.id, {}).items():
            surface = written[entry.id, key].most_common(1)[0][0]
            ways.append(Rendering(surface, len(set(where)), _status(entry, key), beads[where[0]]))
        rest = missing.get(entry.id, [])
        taken: set[str] = set()
        while len(rest) >= _MIN_BEADS:
            found = _best_ngram(rest, keys, frequency, beads, exclude=frozenset(taken))
            if found is None:
                break
            key, where = found
            taken.add(key)
            rest = [i for i in rest if i not in where]
            if _compound(entry, key, paired):
                continue  # the rendering of a longer term that holds this one (반덤핑 관세)
            surface = _surface(surfaces, _trim(key, context[entry.id]))
            ways.append(Rendering(surface, len(where), "unlisted", beads[where[0]]))
        if len(ways) > 1:
            ways.sort(key=lambda r: (-r.count, r.en))
            wrong = any(r.status in ("forbidden", "unlisted") for r in ways)
            severity: Severity = "error" if wrong else "warning"
            findings.append(ArchiveFinding("inconsistent", severity, entry.id, entry.ko, tuple(ways)))
    return findings


def _competing(
    beads: Sequence[ArchiveBead],
    keys: list[set[str]],
    frequency: Counter[str],
    surfaces: dict[str, Counter[str]],
    suggestions: Sequence[Candidate],
) -> list[ArchiveFinding]:
    stems = KoreanStems(bead.ko for bead in beads)
    where_ko: dict[str, list[int]] = defaultdict(list)
    for number, bead in enumerate(beads):
        for term in ko_terms(bead.ko, stems):
            where_ko[term].append(number)
    findings = []
    for candidate in suggestions:
        indices = where_ko[candidate.ko]
        first = _best_ngram(indices, keys, frequency, beads)
        if first is None:
            continue
        key, covered = first
        heads = Counter(
            k
            for i in covered
            for k in keys[i]
            if k.endswith(" " + key) and len(k.split()) == len(key.split()) + 1
        )
        split = [(k, n) for k, n in heads.most_common() if n >= _MIN_BEADS]
        ways: list[tuple[str, list[int]]] = []
        if len(split) >= 2 and sum(n for _, n in split) >= len(covered) and split[0][1] < 0.8 * len(covered):
            ways = [(k, [i for i in covered if k in keys[i]]) for k, _ in split]
        else:
            rest = [i for i in indices if i not in covered]
            second = (
                _best_ngram(rest, keys, frequency, beads, exclude=frozenset({key}))
                if len(rest) >= _MIN_BEADS
                else None
            )
            if second is not None and not set(second[0].split()) & set(key.split()):
                ways = [(key, covered), second]
        if ways:
            renderings = tuple(
                Rendering(_surface(surfaces, k), len(w), "unlisted", beads[w[0]]) for k, w in ways
            )
            findings.append(ArchiveFinding("competing", "warning", "", candidate.ko, renderings))
    return findings


def archive_qa(
    beads: Sequence[ArchiveBead], glossary: Glossary | None, *, lexicon: Lexicon | None = None
) -> list[ArchiveFinding]:
    """The terms an archive renders in more than one way (see the module docstring).

    Args:
        beads: every bead of the archive with text on both sides.
        glossary: the glossary whose entries are checked (None: only terms outside it).
        lexicon: passed to :func:`~kobridge.glossary.suggest.suggest_terms` for the candidates.

    Returns:
        Glossary entries first, in glossary order, then the other terms, best candidates first.
    """
    keys, frequency, surfaces = _bead_keys(beads)
    suggestions = suggest_terms(beads, glossary, lexicon=lexicon)
    paired = {c.ko: ngram_key(c.en) for c in suggestions}
    findings = []
    if glossary is not None:
        findings = _glossary_findings(beads, glossary, keys, frequency, surfaces, paired)
    return findings + _competing(beads, keys, frequency, surfaces, suggestions)

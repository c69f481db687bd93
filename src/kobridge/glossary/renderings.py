"""Whether a bead's text renders a glossary entry in a looser way than the term matcher accepts.

The per-bead QA (:func:`kobridge.annotate.term_issues`) reports an entry as missing on one
side when the matcher found it on the other side only. Before it does, it asks
:func:`renders`, which accepts what a translator writes and the matcher, built for marking
terms exactly, does not:

* English inflections and spellings: plurals of any word (``Li-ion batteries``), possessives,
  hyphens read as spaces (``critical-mineral rules``), dotted abbreviations (``U.S.``).
* Inserted words and another word order: every content word of the form within a short
  window (``Trump's second administration``, ``transfer it to a third party`` for
  ``third-party transfer``).
* Compounds made from an institution's name: ``Ministry of X`` and ``Department of X`` also
  read as ``X Ministry`` / ``X Minister``, ``X Department`` / ``X Secretary``
  (``Trade, Industry and Energy Minister Ahn Duk-geun``).
* A person's family name alone, on a second mention (``Choo`` for ``Choo Kyung-ho``).
* Korean: spacing ignored, and one short word inserted between the words of a form
  (트럼프 2기 행정부 for 트럼프 행정부).
* Part of a longer name (``Battery`` inside ``Korea Battery Industry Association``) counts,
  unless that longer name is itself a glossary term found on both sides: then it stands for
  its own entry, and the shorter term still needs a counterpart of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kobridge.glossary.match import is_acronym
from kobridge.model import GlossaryEntry, TermHit

__all__ = ["en_tokens", "renders", "stem"]

# Words a form may hold that a rendering need not repeat.
_FUNCTION_WORDS = frozenset({"a", "an", "and", "the", "of", "for", "on", "in", "to", "by", "with"})
# Institution heads: the compound a ministry's or department's name makes with its head.
_HEADS = {"ministry": ("ministry", "minister"), "department": ("department", "secretary")}
# How many extra tokens an English rendering may have beyond the form's, inside its window.
_EN_SLACK = 3
_EN_TOKEN = re.compile(r"[^\W_]+(?:[.&'’][^\W_]+)*\.?")
_HANGUL_GAP = r"\s*(?:\S{1,4}\s+)?"


def stem(word: str) -> str:
    """A light English stem: case-folded, dots and a possessive dropped, a regular plural, -ing or
    -ed undone (``transferring`` -> ``transfer``, ``advanced`` -> ``advanc``; a form and a text
    are stemmed alike, so only equality of stems matters)."""
    word = word.casefold().replace(".", "")
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # transferring -> transfer
            return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def en_tokens(text: str) -> list[str]:
    """English words of ``text`` as written (hyphens and punctuation split words; ``U.S.`` is one)."""
    return _EN_TOKEN.findall(text)


def _en_forms(entry: GlossaryEntry) -> list[tuple[str, ...]]:
    """The content words of each English form of ``entry``, and of the compounds it makes."""
    forms: list[tuple[str, ...]] = []
    for form in (entry.en, *entry.en_variants):
        words = en_tokens(form)
        forms.append(tuple(words))
        lowered = [w.casefold() for w in words]
        if len(words) > 2 and lowered[0] in _HEADS and lowered[1] == "of":
            for head in _HEADS[lowered[0]]:
                forms.append((*words[2:], head))
        elif len(words) > 1 and lowered[-1] in _HEADS:
            forms.extend((*words[:-1], head) for head in _HEADS[lowered[-1]])
    if entry.type == "person":
        words = en_tokens(entry.en)
        if len(words) > 1:
            forms.append((words[0],))
    return forms


def _keys(words: Sequence[str]) -> list[str]:
    """Comparison keys: an acronym keeps its case (``IRA`` is not ``Ira``), other words are stemmed."""
    return [w if is_acronym(w) and len(w) > 1 else stem(w) for w in words]


def _window_holds(text_keys: Sequence[str], form_keys: Sequence[str]) -> bool:
    """Whether every content word of the form occurs in some window of the text, in any order."""
    content = [k for k in form_keys if k not in _FUNCTION_WORDS] or list(form_keys)
    if not content:
        return False
    width = len(form_keys) + _EN_SLACK
    needed = set(content)
    return any(key in needed and needed <= set(text_keys[i : i + width]) for i, key in enumerate(text_keys))


def _renders_en(entry: GlossaryEntry, text: str) -> bool:
    text_keys = _keys(en_tokens(text))
    return any(_window_holds(text_keys, _keys(form)) for form in _en_forms(entry) if form)


def _renders_ko(entry: GlossaryEntry, text: str) -> bool:
    bare = "".join(text.split())
    for form in (entry.ko, *entry.ko_variants):
        if "".join(form.split()) in bare:
            return True
        words = form.split()
        if len(words) > 1 and re.search(_HANGUL_GAP.join(re.escape(w) for w in words), text):
            return True
    return False


def _masked(text: str, hits: Iterable[TermHit]) -> str:
    """``text`` with the spans of ``hits`` blanked out, so nothing inside them is found."""
    chars = list(text)
    for hit in hits:
        chars[hit.start : hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)


def renders(
    entry: GlossaryEntry,
    lang: str,
    text: str,
    *,
    hits: Sequence[TermHit] = (),
    paired: frozenset[str] = frozenset(),
) -> bool:
    """Whether ``text`` (one side of a bead, in ``lang``) renders ``entry`` in some form.

    Args:
        entry: the glossary entry found on the other side.
        lang: ``"ko"`` or ``"en"``, the language of ``text``.
        text: the bead's text on that side.
        hits: the term hits of ``text``, offsets into it (a bead's sentences joined by a space).
        paired: entries found on both sides of the bead; text inside a hit of one of them
            (other than ``entry``) is not read as a rendering of ``entry``.

    Returns:
        True when some form of the entry, or one of the looser renderings the module
        docstring lists, occurs in the text.
    """
    text = _masked(text, (h for h in hits if h.entry_id in paired and h.entry_id != entry.id))
    return _renders_ko(entry, text) if lang == "ko" else _renders_en(entry, text)

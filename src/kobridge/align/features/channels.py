"""Turn two sentence lists into the similarity channels the search scores beads with.

Channels (each switched on by a name in ``AlignParams.features``):

* ``anchors``: numbers (``numbers.number_keys``) and tokens written the same on both
  sides: Latin-script tokens inside Korean (IRA, CATL, R&D) when one side is Korean, any
  identical word otherwise.
* ``cognates``: Hangul words romanized to consonant skeletons and matched against English
  words (``romanize.sentence_keys``); only for Korean-English.
* ``words``: a bilingual word list (``wordlist.WordLexicon``, by default the shipped
  Korean-English news lexicon): each entry found in a sentence is a key.
* ``glossary``: the caller's anchor pairs, each a key of its own.

Only keys present on both sides of the document are kept: a key without any partner
cannot tell two beads apart, and would only dilute the cosine. Each key is weighted by
its rarity in the document (an inverse document frequency), so a name that occurs once
on each side outweighs a number that occurs in every sentence.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from kobridge.align.features.numbers import number_keys
from kobridge.align.problem import ChannelSpec, FloatArray, IntArray, SpanScorer
from kobridge.align.similarity import SparseBags
from kobridge.model import AlignParams

if TYPE_CHECKING:
    from kobridge.align.features.lexical import LexicalModel
    from kobridge.align.features.wordlist import WordLexicon

__all__ = ["build_channels", "number_key_lists", "unmatched_numbers"]

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'.\-]*[A-Za-z0-9]|[A-Za-z]")
_WORD = re.compile(r"\w+")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_LATIN_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

KeyFn = Callable[[str], set[str] | frozenset[str]]


def _latin_tokens(text: str) -> set[str]:
    return {"w:" + t.lower().rstrip(".") for t in _LATIN_TOKEN.findall(text)}


def _words(text: str) -> set[str]:
    return {"w:" + w.lower() for w in _WORD.findall(text) if not w.isdigit()}


_MAX_REMEMBERED = 1 << 18  # words whose cognate keys are kept, per language (then it starts afresh)
_COGNATES: dict[str, dict[str, frozenset[str]]] = {}


def _word_cognates(words: list[str], lang: str) -> list[frozenset[str]]:
    """Each word's ``romanize.cognate_keys``, remembered across documents (news repeats its names
    and words, within an article and across a batch of them)."""
    from kobridge.align.features.romanize import cognate_keys

    known = _COGNATES.setdefault(lang, {})
    missing = [w for w in dict.fromkeys(words) if w not in known]
    if missing:
        if len(known) + len(missing) > _MAX_REMEMBERED:
            known.clear()
            missing = list(dict.fromkeys(words))
        for word in missing:
            known[word] = cognate_keys(word, lang)
    return [known[w] for w in words]


def _cognates(lang: str) -> KeyFn:
    """``romanize.sentence_keys``, with each word's keys remembered."""

    def keys(text: str) -> set[str]:
        if lang == "ko":
            return set().union(*_word_cognates(_HANGUL_WORD.findall(text), "ko"))
        words = _LATIN_WORD.findall(text)
        found: set[str] = set().union(*_word_cognates(words, "en"))
        names = [
            f"{x}-{y}"
            for left, right in itertools.pairwise(words)
            if left[:1].isupper() and right[:1].isupper()
            for x, y in ((left, right), (right, left))
        ]
        if names:
            found.update(*_word_cognates(names, "en"))
        return found

    return keys


def _channel(
    name: str,
    src_keys: Sequence[set[str] | frozenset[str]],
    tgt_keys: Sequence[set[str] | frozenset[str]],
    max_share: float,
) -> ChannelSpec:
    """A channel of the keys each sentence holds (``src_keys``, ``tgt_keys``).

    Only keys found on both sides are kept, and of those not the ones in more than
    ``max_share`` of either side's sentences (the pieces of "the", "-는" say little and would
    fill the band with dot products); each is weighted by its rarity in the pair.
    """
    src_df = Counter(itertools.chain.from_iterable(src_keys))
    tgt_df = Counter(itertools.chain.from_iterable(tgt_keys))
    total = len(src_keys) + len(tgt_keys)
    src_cap = max(3.0, max_share * len(src_keys))
    tgt_cap = max(3.0, max_share * len(tgt_keys))
    weight = {
        k: math.log(1 + total / (src_df[k] + tgt_df[k]))
        for k in src_df.keys() & tgt_df.keys()
        if src_df[k] <= src_cap and tgt_df[k] <= tgt_cap
    }
    src_bags = [{k: weight[k] for k in keys if k in weight} for keys in src_keys]
    tgt_bags = [{k: weight[k] for k in keys if k in weight} for keys in tgt_keys]
    vocabulary: dict[str, int] = {}
    return ChannelSpec(name, SparseBags.build(src_bags, vocabulary), SparseBags.build(tgt_bags, vocabulary))


def _is_korean_pair(src_lang: str, tgt_lang: str) -> bool:
    return "ko" in (src_lang, tgt_lang)


def build_channels(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    params: AlignParams,
    anchors: Sequence[tuple[int, int]] = (),
    words: WordLexicon | None = None,
    numbers: tuple[Sequence[set[str]], Sequence[set[str]]] | None = None,
) -> tuple[ChannelSpec, ...]:
    """The similarity channels for one document pair (see the module notes).

    ``words`` feeds the word-list channel (Korean-English pairs only); ``numbers``, each
    sentence's ``number_keys`` if the caller has them already (``number_key_lists``).
    """
    channels: list[ChannelSpec] = []
    korean = _is_korean_pair(src_lang, tgt_lang)
    if "anchors" in params.features:
        if korean:

            def src_tokens(text: str) -> set[str]:
                return _latin_tokens(text) if src_lang == "ko" else _words(text)

            def tgt_tokens(text: str) -> set[str]:
                return _latin_tokens(text) if tgt_lang == "ko" else _words(text)

        else:
            src_tokens = tgt_tokens = _words
        src_numbers, tgt_numbers = numbers or number_key_lists(src, tgt, src_lang, tgt_lang)
        channels.append(
            _channel(
                "anchors",
                [src_tokens(t) | {"n:" + k for k in keys} for t, keys in zip(src, src_numbers, strict=True)],
                [tgt_tokens(t) | {"n:" + k for k in keys} for t, keys in zip(tgt, tgt_numbers, strict=True)],
                params.key_max_share,
            )
        )
    if "cognates" in params.features and korean and {src_lang, tgt_lang} == {"ko", "en"}:
        channels.append(
            _channel(
                "cognates",
                list(map(_cognates(src_lang), src)),
                list(map(_cognates(tgt_lang), tgt)),
                params.key_max_share,
            )
        )
    if words is not None and "words" in params.features and {src_lang, tgt_lang} == {"ko", "en"}:
        channels.append(
            _channel(
                "words",
                words.keys_of(src, src_lang),
                words.keys_of(tgt, tgt_lang),
                params.key_max_share,
            )
        )
    if anchors:
        src_bags: list[dict[str, float]] = [{} for _ in src]
        tgt_bags: list[dict[str, float]] = [{} for _ in tgt]
        for k, (s, t) in enumerate(anchors):
            src_bags[s][f"g{k}"] = 1.0
            tgt_bags[t][f"g{k}"] = 1.0
        vocabulary: dict[str, int] = {}
        channels.append(
            ChannelSpec(
                "glossary",
                SparseBags.build(src_bags, vocabulary),
                SparseBags.build(tgt_bags, vocabulary),
            )
        )
    return tuple(channels)


def number_key_lists(
    src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str
) -> tuple[list[set[str]], list[set[str]]]:
    """Each sentence's ``number_keys``, both sides."""
    return [number_keys(t, src_lang) for t in src], [number_keys(t, tgt_lang) for t in tgt]


def unmatched_numbers(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    numbers: tuple[Sequence[set[str]], Sequence[set[str]]] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """For both sides, each sentence's number keys when none of them occurs on the other side, else 0.

    A translation keeps its numbers (``numbers.number_keys`` normalises their writing), so a
    sentence whose numbers have no partner in the whole other document is likely an addition
    taken from elsewhere or an omission. A sentence with any partner counts 0: one written
    number gives several keys (1조2000억 gives 1.2e+12 but also 1 and 2000), not all of which
    the translation repeats.
    """
    src_keys, tgt_keys = numbers or number_key_lists(src, tgt, src_lang, tgt_lang)
    src_all: set[str] = set().union(*src_keys)
    tgt_all: set[str] = set().union(*tgt_keys)
    return (
        np.array([0 if keys & tgt_all else len(keys) for keys in src_keys], dtype=np.float64),
        np.array([0 if keys & src_all else len(keys) for keys in tgt_keys], dtype=np.float64),
    )


class _SwappedScorer:
    """A bead scorer built target-first, answering source-first questions."""

    def __init__(self, inner: SpanScorer) -> None:
        self._inner = inner

    def score_spans(
        self, src_start: IntArray, src_len: IntArray, tgt_start: IntArray, tgt_len: IntArray
    ) -> FloatArray:
        return self._inner.score_spans(tgt_start, tgt_len, src_start, src_len)


def span_scorer(
    src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, lexicon: LexicalModel
) -> SpanScorer | None:
    """The lexicon's bead scorer for this pair, oriented source-first; None for other language pairs."""
    if (src_lang, tgt_lang) == (lexicon.src_lang, lexicon.tgt_lang):
        return lexicon.bead_scorer(
            [lexicon.encode_array(t, src_lang) for t in src], [lexicon.encode_array(t, tgt_lang) for t in tgt]
        )
    if (tgt_lang, src_lang) == (lexicon.src_lang, lexicon.tgt_lang):
        inner = lexicon.bead_scorer(
            [lexicon.encode_array(t, tgt_lang) for t in tgt], [lexicon.encode_array(t, src_lang) for t in src]
        )
        return _SwappedScorer(inner)
    return None

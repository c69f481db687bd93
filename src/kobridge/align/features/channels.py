"""Turn two sentence lists into the similarity channels the search scores beads with.

Channels (each switched on by a name in ``AlignParams.features``):

* ``anchors``: numbers (``numbers.number_keys``) and tokens written the same on both
  sides: Latin-script tokens inside Korean (IRA, CATL, R&D) when one side is Korean, any
  identical word otherwise.
* ``cognates``: Hangul words romanized to consonant skeletons and matched against English
  words (``romanize.sentence_keys``); only for Korean-English.
* ``glossary``: the caller's anchor pairs, each a key of its own.

Only keys present on both sides of the document are kept: a key without any partner
cannot tell two beads apart, and would only dilute the cosine. Each key is weighted by
its rarity in the document (an inverse document frequency), so a name that occurs once
on each side outweighs a number that occurs in every sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

from kobridge.align.features.numbers import number_keys
from kobridge.align.problem import ChannelSpec
from kobridge.align.similarity import SparseBags
from kobridge.model import AlignParams

__all__ = ["build_channels"]

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'.\-]*[A-Za-z0-9]|[A-Za-z]")
_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")

KeyFn = Callable[[str], set[str] | frozenset[str]]


def _latin_tokens(text: str) -> set[str]:
    return {"w:" + t.lower().rstrip(".") for t in _LATIN_TOKEN.findall(text)}


def _words(text: str) -> set[str]:
    return {"w:" + w.lower() for w in _WORD.findall(text) if not w.isdigit()}


def _numbers(lang: str) -> KeyFn:
    return lambda text: {"n:" + k for k in number_keys(text, lang)}


def _weighted(
    src_keys: Sequence[set[str] | frozenset[str]], tgt_keys: Sequence[set[str] | frozenset[str]]
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Keep keys found on both sides and weight each by its rarity in the pair."""
    src_df = Counter(k for keys in src_keys for k in keys)
    tgt_df = Counter(k for keys in tgt_keys for k in keys)
    total = len(src_keys) + len(tgt_keys)
    weight = {k: math.log(1 + total / (src_df[k] + tgt_df[k])) for k in src_df.keys() & tgt_df.keys()}
    src = [{k: weight[k] for k in keys if k in weight} for keys in src_keys]
    tgt = [{k: weight[k] for k in keys if k in weight} for keys in tgt_keys]
    return src, tgt


def _channel(
    name: str,
    src: Sequence[str],
    tgt: Sequence[str],
    src_fn: KeyFn,
    tgt_fn: KeyFn,
    weight: float,
    base: float,
) -> ChannelSpec:
    src_bags, tgt_bags = _weighted([set(src_fn(s)) for s in src], [set(tgt_fn(t)) for t in tgt])
    vocabulary: dict[str, int] = {}
    return ChannelSpec(
        name, SparseBags.build(src_bags, vocabulary), SparseBags.build(tgt_bags, vocabulary), weight, base
    )


def _is_korean_pair(src_lang: str, tgt_lang: str) -> bool:
    return "ko" in (src_lang, tgt_lang)


def build_channels(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    params: AlignParams,
    anchors: Sequence[tuple[int, int]] = (),
) -> tuple[ChannelSpec, ...]:
    """The similarity channels for one document pair (see the module notes)."""
    channels = []
    korean = _is_korean_pair(src_lang, tgt_lang)
    if "anchors" in params.features:
        if korean:

            def src_tokens(text: str) -> set[str]:
                return _latin_tokens(text) if src_lang == "ko" else _words(text)

            def tgt_tokens(text: str) -> set[str]:
                return _latin_tokens(text) if tgt_lang == "ko" else _words(text)

        else:
            src_tokens = tgt_tokens = _words
        src_numbers, tgt_numbers = _numbers(src_lang), _numbers(tgt_lang)
        channels.append(
            _channel(
                "anchors",
                src,
                tgt,
                lambda t: src_tokens(t) | src_numbers(t),
                lambda t: tgt_tokens(t) | tgt_numbers(t),
                params.anchor_weight,
                params.anchor_base,
            )
        )
    if "cognates" in params.features and korean and {src_lang, tgt_lang} == {"ko", "en"}:
        from kobridge.align.features.romanize import sentence_keys

        channels.append(
            _channel(
                "cognates",
                src,
                tgt,
                lambda t: sentence_keys(t, src_lang),
                lambda t: sentence_keys(t, tgt_lang),
                params.cognate_weight,
                params.cognate_base,
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
                params.glossary_weight,
                0.0,
            )
        )
    return tuple(channels)

"""Numbers as anchors: the same quantity written the Korean way and the English way.

Korean groups large numbers by 10^4 (만), 10^8 (억) and 10^12 (조) and glues units and
counters to the digits (3일, 30%, 20여 개, 1조2000억원); English groups by 10^3 and spells
scales and small numbers out (the 3rd, 30 percent, some 20, 1.2 trillion won, three).
``number_keys`` reduces both to the values they denote, so ``1조2000억원`` and
``1.2 trillion won`` both give the key ``1.2e+12``, ``3일`` and ``3rd`` give ``3``.
"""

from __future__ import annotations

import re

__all__ = ["number_keys", "number_spans"]

# A digit run with thousands separators and decimals: "1,200", "3.5", "2018".
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Korean: digits followed by scale syllables, e.g. "1조2000억", "3만", "12억", "5천".
_KO_AMOUNT = re.compile(rf"({_NUMBER})\s*(조|억|만|천|백)?")
_KO_SCALES = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3, "백": 1e2}
_KO_CHAIN = re.compile(rf"(?:{_NUMBER}\s*(?:조|억|만|천|백)\s*)+(?:{_NUMBER})?|{_NUMBER}")
# English: digits with an optional scale word, e.g. "1.2 trillion", "30,000", "3rd", "5m".
_EN_AMOUNT = re.compile(
    rf"({_NUMBER})(?:\s*(trillion|billion|million|thousand|hundred|tn|bn|m|k)\b)?", re.IGNORECASE
)
_EN_SCALES = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
    "hundred": 1e2,
}
_EN_WORDS = {
    w: float(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ],
        start=0,
    )
    if i >= 2
}
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")\b", re.IGNORECASE)


def _value(digits: str) -> float:
    return float(digits.replace(",", ""))


def _key(value: float) -> str:
    return f"{value:.6g}"


def _korean_chain(text: str) -> float:
    """The value of "1조2000억" or "3만": sum of each digit group times its scale."""
    total = 0.0
    for digits, scale in _KO_AMOUNT.findall(text):
        total += _value(digits) * _KO_SCALES.get(scale, 1.0)
    return total


def number_keys(text: str, lang: str) -> set[str]:
    """The numeric values written in ``text``, as comparable keys.

    Korean amounts with scale syllables give their total value; every digit run also gives
    its own value, so a partial match (the year of a date, the 2000 of 1조2000억) still
    counts. English scale words multiply; "two" to "twelve" count as numbers.

    Args:
        text: a sentence.
        lang: its ISO 639-1 code; Korean rules apply to ``"ko"``, English ones to
            ``"en"``, digit runs alone to any other language.
    """
    keys: set[str] = set()
    if lang == "ko":
        for chain in _KO_CHAIN.finditer(text):
            keys.add(_key(_korean_chain(chain.group(0))))
        for digits in re.findall(_NUMBER, text):
            keys.add(_key(_value(digits)))
        return keys
    if lang == "en":
        for digits, scale in _EN_AMOUNT.findall(text):
            value = _value(digits)
            keys.add(_key(value))
            if scale:
                keys.add(_key(value * _EN_SCALES[scale.lower()]))
        for word in _EN_WORD.findall(text):
            keys.add(_key(_EN_WORDS[word.lower()]))
        return keys
    return {_key(_value(d)) for d in re.findall(_NUMBER, text)}


def number_spans(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Where ``text`` writes numbers, and the value of each, as ``(start, end, key)``.

    The spans are those ``number_keys`` reads (a Korean chain such as ``1조2000억`` is one span
    with its total value; an English amount takes its scale word), without overlaps, in text
    order. Spelled-out English numbers are not spans: they are words.
    """
    if lang == "ko":
        return [
            (m.start(), m.start() + len(m.group(0).rstrip()), _key(_korean_chain(m.group(0))))
            for m in _KO_CHAIN.finditer(text)
        ]
    if lang == "en":
        spans = []
        for m in _EN_AMOUNT.finditer(text):
            value = _value(m.group(1))
            if m.group(2):
                value *= _EN_SCALES[m.group(2).lower()]
            spans.append((m.start(), m.end(), _key(value)))
        return spans
    return [(m.start(), m.end(), _key(_value(m.group(0)))) for m in re.finditer(_NUMBER, text)]

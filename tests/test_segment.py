"""Segmentation API: paragraphs, presegmented lines, the language registry and the offset invariant."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kobridge.errors import KobridgeError
from kobridge.model import Sentence
from kobridge.segment import LANGUAGES, segment, split_lines, supported_languages


def check_invariant(text: str, sentences: list[Sentence], lang: str) -> None:
    """Offsets round-trip, sentences are stripped and ordered, only whitespace lies between them."""
    position = 0
    paragraph = -1
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.lang == lang
        assert text[position : s.start].strip() == ""
        assert s.paragraph in ((paragraph, paragraph + 1) if paragraph >= 0 else (0,))
        paragraph = s.paragraph
        position = s.end
    assert text[position:].strip() == ""


def texts(sentences: list[Sentence]) -> list[str]:
    return [s.text for s in sentences]


def paragraphs(sentences: list[Sentence]) -> list[int]:
    return [s.paragraph for s in sentences]


# Characters that stress the scanner: terminators, closers, quotes, brackets, bullets, digits,
# Hangul, Latin, line breaks of every kind and control characters.
_ALPHABET = st.sampled_from(
    [
        *"다요까음했그는가A Sa.m.pU.Sx1290.?!…。\"'“”‘’„«»()[]「」▲△■",
        *" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\x00\u200b",
        *["라고", "라며", "고 ", "Mr.", "Inc.", "No. 1", "U.S.", "e.g.", "...", "\r\n", "\n\n", " \n \n"],
    ]
)
_MIXED = st.one_of(
    st.lists(_ALPHABET, max_size=60).map("".join),
    st.text(max_size=40),
    st.sampled_from(["", " ", "\n", " \n\t\n ", "\u3000", "\r\n\r\n"]),
)


@settings(max_examples=2000, deadline=None)
@given(text=_MIXED, lang=st.sampled_from(["ko", "en", "de", "fr"]), wrapped=st.booleans())
def test_invariant_holds_for_any_input(text: str, lang: str, wrapped: bool) -> None:
    sentences = segment(text, lang, wrapped=wrapped)
    check_invariant(text, sentences, lang)
    if not wrapped:
        assert all("\n" not in s.text and "\r" not in s.text for s in sentences)


@settings(max_examples=500, deadline=None)
@given(text=_MIXED)
def test_split_lines_invariant_for_any_input(text: str) -> None:
    sentences = split_lines(text, "ko")
    check_invariant(text, sentences, "ko")
    assert texts(sentences) == [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\r\n\u3000 "])
def test_empty_and_whitespace_text_has_no_sentences(text: str) -> None:
    assert segment(text, "ko") == []
    assert segment(text, "en", wrapped=True) == []
    assert split_lines(text, "en") == []


def test_each_line_is_a_paragraph_by_default() -> None:
    text = "First line. Second one.\nNext paragraph.\n\n  Third one.  \n"
    sentences = segment(text, "en")
    assert texts(sentences) == ["First line.", "Second one.", "Next paragraph.", "Third one."]
    assert paragraphs(sentences) == [0, 0, 1, 2]
    check_invariant(text, sentences, "en")


def test_wrapped_text_reads_single_line_breaks_as_spaces() -> None:
    text = "The committee met on\nTuesday. It voted\r\nagainst the plan.\n \nA new paragraph."
    sentences = segment(text, "en", wrapped=True)
    assert texts(sentences) == [
        "The committee met on\nTuesday.",
        "It voted\r\nagainst the plan.",
        "A new paragraph.",
    ]
    assert paragraphs(sentences) == [0, 0, 1]


def test_split_lines_keeps_lines_and_counts_paragraphs() -> None:
    text = "첫 문장. 아직 같은 줄.\n  둘째 줄  \r\n\r\n셋째 줄\n\n\n넷째 줄"
    sentences = split_lines(text, "ko")
    assert texts(sentences) == ["첫 문장. 아직 같은 줄.", "둘째 줄", "셋째 줄", "넷째 줄"]
    assert paragraphs(sentences) == [0, 0, 1, 2]
    check_invariant(text, sentences, "ko")


def test_offsets_point_into_the_original_text() -> None:
    text = "\n\n  그는 말했다. 그녀도 말했다.\n"
    sentences = segment(text, "ko")
    assert [(s.start, s.end) for s in sentences] == [(4, 11), (12, 20)]


def test_registry_lists_ko_en_and_latin_languages() -> None:
    assert {"ko", "en", "de", "fr", "es"} <= set(supported_languages())
    assert supported_languages() == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", ["xx", "KO", "", "zh"])
def test_unknown_language_lists_supported_ones(lang: str) -> None:
    with pytest.raises(KobridgeError, match=r"supported: de, en, es, fr, it, ko, nl, pt"):
        segment("Text.", lang)
    with pytest.raises(KobridgeError, match=r"unsupported language"):
        split_lines("Text.", lang)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "de",
            "Dr. Müller kam am 3. Oktober. Er blieb z. B. bis Mittag.",
            ["Dr. Müller kam am 3. Oktober.", "Er blieb z. B. bis Mittag."],
        ),
        (
            "de",
            "Das kostet ca. 5 Euro. Wir zahlen bzw. sparen.",
            ["Das kostet ca. 5 Euro.", "Wir zahlen bzw. sparen."],
        ),
        (
            "fr",
            "M. Macron est arrivé. Il a parlé. Mme Dupont aussi!",
            ["M. Macron est arrivé.", "Il a parlé.", "Mme Dupont aussi!"],
        ),
        (
            "es",
            "¿Vienes mañana? ¡Claro que sí! El Sr. Pérez también.",
            ["¿Vienes mañana?", "¡Claro que sí!", "El Sr. Pérez también."],
        ),
        ("it", "Il prezzo è 1.5 euro. Va bene.", ["Il prezzo è 1.5 euro.", "Va bene."]),
        ("de", "Er sagte: „Das ist gut.“ Dann ging er.", ["Er sagte: „Das ist gut.“", "Dann ging er."]),
        (
            "fr",
            "Il a dit : « C'est fini. » Puis il est parti.",
            ["Il a dit : « C'est fini. »", "Puis il est parti."],
        ),
        (
            "nl",
            "Dhr. Jansen kwam om 10 uur. Hij bleef lang.",
            ["Dhr. Jansen kwam om 10 uur.", "Hij bleef lang."],
        ),
    ],
)
def test_latin_languages_get_generic_rules(lang: str, text: str, expected: list[str]) -> None:
    assert texts(segment(text, lang)) == expected


@pytest.mark.parametrize(
    "unit",
    ["a. ", "Mr. A. ", "“", '"a." ', "(", ")", "“다.”라고 ", "(“‘", "다.\n", "www.a.b.", "U.S. 정부. "],
)
def test_adversarial_text_stays_fast(unit: str) -> None:
    text = unit * (100_000 // len(unit))
    for lang in ("ko", "en"):
        started = time.perf_counter()
        sentences = segment(text, lang)
        assert time.perf_counter() - started < 5.0
        check_invariant(text, sentences, lang)

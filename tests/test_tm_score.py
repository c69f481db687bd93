"""The memory's Korean-aware text rules and lookup score, and the XLIFF writer's schema."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from rapidfuzz import fuzz

from kobridge.formats.xliff import XliffCandidate, XliffGlossEntry, XliffUnit, build_xliff, validate_xliff
from kobridge.tm import fuzzy_form, parse_query, score
from kobridge.tm.score import differences, similarity

_TEXT = st.text(alphabet="관세가를 abc12", max_size=40)


@given(_TEXT, _TEXT)
def test_similarity_is_rapidfuzz_indel_ratio(a: str, b: str) -> None:
    assert similarity(a, b) == pytest.approx(fuzz.ratio(a, b) / 100 if a or b else 0.0)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("정부는 관세를 올렸다.", "정부가 관세를 올렸다"),
        ("인플레이션 감축법(IRA)은", "인플레이션감축법(IRA)이"),
        ("전기차들에서도 팔린다", "전기차 팔린다"),
    ],
)
def test_particles_spacing_and_punctuation_do_not_count(one: str, other: str) -> None:
    assert score(fuzzy_form(one, "ko"), fuzzy_form(other, "ko")) == 1.0


def test_a_changed_number_costs_little_and_is_named() -> None:
    memory = fuzzy_form("매출이 1조2000억원으로 3% 늘었다.", "ko")
    sentence = fuzzy_form("매출이 1조5000억원으로 3% 늘었다.", "ko")
    assert score(memory, sentence) == pytest.approx(0.98)
    assert [d.describe() for d in differences(memory, sentence)] == ["number 1조2000억 → 1조5000억"]


def test_a_missing_word_is_named_and_scores_lower() -> None:
    memory = fuzzy_form("정부는 관세를 올렸다.", "ko")
    sentence = fuzzy_form("정부는 오늘 관세를 올렸다.", "ko")
    assert 0.7 < score(memory, sentence) < 0.98
    assert [d.describe() for d in differences(memory, sentence)] == ["missing “오늘”"]


def test_query_needs_a_word() -> None:
    with pytest.raises(ValueError, match="empty"):
        parse_query("   ", "ko")


def test_xliff_validates_and_the_profile_refuses_what_xliff_forbids() -> None:
    unit = XliffUnit(
        "u1",
        "관세를 올렸다.",
        candidates=(XliffCandidate("관세를 올렸다", "It raised tariffs.", 0.98, "a.tei.xml"),),
        glossary=(XliffGlossEntry("관세", ("tariff",)), XliffGlossEntry("없음")),
    )
    root = build_xliff([unit, XliffUnit("u2", "끝.", "End.", "translated")], src_lang="ko", tgt_lang="en")
    assert validate_xliff(root) == []
    assert (
        len(root.findall(".//{urn:oasis:names:tc:xliff:glossary:2.0}glossEntry")) == 1
    )  # no translation: left out
    # The core schema puts module elements before the segments: moving one after is invalid.
    unit_element = root.find(".//{urn:oasis:names:tc:xliff:document:2.0}unit")
    assert unit_element is not None
    unit_element.append(unit_element[0])
    assert validate_xliff(etree.ElementTree(root))
    with pytest.raises(ValueError, match="unknown XLIFF state"):
        build_xliff([XliffUnit("u1", "x", state="done")], src_lang="ko", tgt_lang="en")

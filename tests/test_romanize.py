"""Revised Romanization and Hangul–Latin cognate keys."""

from __future__ import annotations

import pytest

from kobridge.align.features.romanize import (
    MIN_SKELETON,
    cognate_keys,
    romanize,
    sentence_keys,
    skeletons,
    strip_particles,
)

RR_TABLE = [
    ("한국", "hanguk"),
    ("배터리", "baeteori"),
    ("박성민", "bakseongmin"),
    ("서울", "seoul"),
    ("부산", "busan"),
    ("플랫폼", "peullaetpom"),  # ㄹㄹ across syllables is ll
    ("울릉도", "ulleungdo"),
    ("최", "choe"),
    ("꽃", "kkot"),
    ("읽다", "ikda"),
    ("의사", "uisa"),
    ("쌍둥이", "ssangdungi"),
    ("한국어", "hangukeo"),  # letter by letter: no liaison (RR would write hangugeo)
    ("KBS 뉴스 9", "KBS nyuseu 9"),
    ("", ""),
]


@pytest.mark.parametrize(("hangul", "expected"), RR_TABLE)
def test_romanize_follows_revised_romanization(hangul: str, expected: str) -> None:
    assert romanize(hangul) == expected


def test_romanize_passes_other_characters_through() -> None:
    assert romanize("ㄱ ABC, 1.5%!") == "ㄱ ABC, 1.5%!"


COGNATES = [
    ("트럼프", "Trump"),
    ("트럼프는", "Trump"),
    ("배터리를", "battery"),
    ("포럼에서", "forum"),
    ("플랫폼", "platform"),
    ("르네상스", "renaissance"),
    ("테슬라가", "Tesla"),
    ("오브라도르", "Obrador"),
    ("컴퓨터", "computer"),
    ("멕시코", "Mexico"),
    ("브렉시트를", "Brexit"),
    ("워싱턴", "Washington"),
    ("허리케인", "hurricane"),
    ("박성민", "Park-Sung-min"),
    ("박성민", "Sung-min"),
    ("이명박", "Lee-Myung-bak"),
    ("김정은", "Kim-Jong-un"),
    ("문재인", "Moon-Jae-in"),
    ("박", "Park"),
    ("최", "Choi"),
    ("최", "Choe"),
    ("정", "Jung"),
    ("정", "Chung"),
    ("김", "Kim"),
    ("강", "Kang"),
]


@pytest.mark.parametrize(("ko", "en"), COGNATES)
def test_transliterations_share_a_key(ko: str, en: str) -> None:
    assert cognate_keys(ko, "ko") & cognate_keys(en, "en")


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("트럼프", "battery"),
        ("배터리", "forum"),
        ("르네상스", "platform"),
        ("다른", "during"),  # a native word and a common English word with the same 3-class skeleton
        ("것은", "according"),
        ("박", "Bank"),
    ],
)
def test_unrelated_words_share_no_key(ko: str, en: str) -> None:
    assert not cognate_keys(ko, "ko") & cognate_keys(en, "en")


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("트럼프는", "트럼프"),
        ("배터리를", "배터리"),
        ("포럼에서", "포럼"),
        ("기업들은", "기업"),
        ("포럼", "포럼"),
        ("은", "은"),
    ],
)
def test_particles_are_stripped(word: str, stem: str) -> None:
    assert strip_particles(word) == stem


def test_stripped_and_bare_words_have_the_same_keys() -> None:
    assert cognate_keys("플랫폼에서는", "ko") == cognate_keys("플랫폼", "ko")


def test_personal_name_spellings_meet() -> None:
    for spelling in ("Lee", "Yi", "Rhee"):
        assert cognate_keys("이명박", "ko") & cognate_keys(f"{spelling}-Myung-bak", "en")
    for spelling in ("Sung-min", "Seong-min"):
        assert cognate_keys("박성민", "ko") & cognate_keys(spelling, "en")
    assert cognate_keys("정영민", "ko") & cognate_keys("Young-min", "en")
    assert cognate_keys("정영민", "ko") & cognate_keys("Yeong-min", "en")


def test_short_skeletons_give_no_key() -> None:
    # 날 (day) and "nail" both reduce to NL: too short to mean anything.
    assert skeletons("날", "ko") == {"NL"}
    assert cognate_keys("날", "ko") == frozenset()
    assert cognate_keys("nail", "en") == frozenset()
    assert all(len(k) >= MIN_SKELETON for k in cognate_keys("트럼프", "ko"))


def test_common_english_words_need_a_longer_skeleton() -> None:
    assert "TLN" in skeletons("during", "en")
    assert cognate_keys("during", "en") == frozenset()
    assert "TLN" in skeletons("trying", "en")
    assert cognate_keys("trying", "en") == frozenset()
    assert cognate_keys("battery", "en") == {"PTL"}


def test_strict_keys_need_a_longer_skeleton_for_every_lowercase_word() -> None:
    assert cognate_keys("battery", "en", strict=True) == frozenset()
    assert cognate_keys("Brett", "en", strict=True) == {"PLT"}
    assert "PLTPM" in cognate_keys("platform", "en", strict=True)


def test_plural_and_possessive_english_forms_meet_the_korean_word() -> None:
    assert cognate_keys("배터리", "ko") & cognate_keys("batteries", "en")
    assert cognate_keys("트럼프", "ko") & cognate_keys("Trump's", "en")


@pytest.mark.parametrize(
    ("ko", "en"),
    [("러시아", "Russia"), ("이라크", "Iraq"), ("오바마는", "Obama"), ("시리아", "Syria"), ("이란", "Iran")],
)
def test_two_consonant_names_meet_on_their_vowel_pattern(ko: str, en: str) -> None:
    shared = cognate_keys(ko, "ko") & cognate_keys(en, "en")
    assert shared and all(k.startswith("v:") for k in shared)


def test_vowel_patterns_need_two_syllables_and_a_proper_noun() -> None:
    assert cognate_keys("서울", "ko") == frozenset()  # SVL: one vowel
    assert cognate_keys("것", "ko") == frozenset()
    assert cognate_keys("russia", "en") == frozenset()
    assert cognate_keys("July", "en") == frozenset()  # a common word, even capitalised


def test_surname_keys_only_for_capitalised_words_and_safe_surnames() -> None:
    assert "nm:박" in cognate_keys("Park", "en")
    assert "nm:박" not in cognate_keys("park", "en")
    assert "nm:박" in cognate_keys("박은", "ko")
    assert cognate_keys("이", "ko") == frozenset()  # 이 is also "this"
    assert cognate_keys("Lee", "en") == frozenset()


def test_other_scripts_give_no_key() -> None:
    assert cognate_keys("CATL", "ko") == frozenset()
    assert cognate_keys("트럼프", "en") == frozenset()


def test_unsupported_language_is_refused() -> None:
    with pytest.raises(ValueError, match="ko"):
        cognate_keys("Haus", "de")
    with pytest.raises(ValueError, match="ko"):
        sentence_keys("Das Haus", "de")


def test_sentence_keys_join_adjacent_capitalised_words() -> None:
    ko = sentence_keys("박성민 교수는 트럼프 대통령의 배터리 정책을 비판했다.", "ko")
    en = sentence_keys("Professor Park Sung-min criticised President Trump's battery policy.", "en")
    shared = ko & en
    assert {"TLMP", "PTL"} <= shared
    assert any(k.startswith("PK") and len(k) >= 5 for k in shared)  # Park Sung-min as one name
    reversed_order = sentence_keys("Sung-min Park spoke.", "en")
    assert ko & reversed_order


def test_sentence_keys_of_unrelated_sentences_are_disjoint() -> None:
    ko = sentence_keys("트럼프 대통령은 멕시코 국경을 방문했다.", "ko")
    en = sentence_keys("The battery plant will open in Georgia next year.", "en")
    assert not ko & en

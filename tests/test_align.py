"""The aligner on tiny hand-made cases, and its coverage invariant on random input."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kobridge.align import align
from kobridge.align.dp import bead_types
from kobridge.align.features.numbers import number_keys
from kobridge.align.length import LengthModel
from kobridge.model import AlignParams, Bead

KO = [
    "정부는 3일 반도체 산업에 1조2000억원을 투자한다고 발표했다.",
    "이번 투자는 배터리와 반도체 공장 건설에 쓰인다.",
    "업계는 이 결정을 환영했다.",
    "삼성전자와 SK하이닉스는 추가 투자를 검토하고 있다.",
    "트럼프 대통령은 지난 2018년 한국산 철강에 25%의 관세를 부과했다.",
    "정부는 내년까지 일자리 5만 개가 새로 생길 것으로 내다봤다.",
]
EN = [
    "The government announced on the 3rd that it will invest 1.2 trillion won in the chip industry.",
    "The money will go to building battery and semiconductor plants.",
    "The industry welcomed the decision.",
    "Samsung Electronics and SK Hynix are considering additional investment.",
    "In 2018 President Trump imposed a 25 percent tariff on Korean steel.",
    "The government expects 50,000 new jobs to be created by next year.",
]


def _pairs(beads: tuple[Bead, ...]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def _assert_covers(beads: tuple[Bead, ...], n: int, m: int) -> None:
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n))
    assert tgt == list(range(m))
    assert all(b.src or b.tgt for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_one_to_one() -> None:
    beads = align(KO, EN)
    assert _pairs(beads) == [((i,), (i,)) for i in range(6)]
    _assert_covers(beads, 6, 6)


def test_two_to_one() -> None:
    merged = [EN[0], EN[1] + " " + EN[2], *EN[3:]]
    assert _pairs(align(KO, merged)) == [
        ((0,), (0,)),
        ((1, 2), (1,)),
        ((3,), (2,)),
        ((4,), (3,)),
        ((5,), (4,)),
    ]


def test_one_to_two() -> None:
    merged = [KO[0], KO[1] + " " + KO[2], *KO[3:]]
    assert _pairs(align(merged, EN)) == [
        ((0,), (0,)),
        ((1,), (1, 2)),
        ((2,), (3,)),
        ((3,), (4,)),
        ((4,), (5,)),
    ]


EXTRA_KO = (
    "한편 북대서양조약기구(NATO) 회원국 정상들은 다음 달 브뤼셀에서 열리는 회의에서 "
    "방위비 분담 문제와 우크라이나 지원 방안을 놓고 장시간 논의할 예정이다."
)
EXTRA_EN = (
    "Meanwhile, NATO leaders will meet in Brussels next month to discuss defence spending "
    "and support for Ukraine at length."
)


def test_deletion_of_a_source_sentence() -> None:
    beads = align([*KO[:2], EXTRA_KO, *KO[2:]], EN)
    assert _pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), *(((i + 1,), (i,)) for i in range(2, 6))]


def test_insertion_of_a_target_sentence() -> None:
    beads = align(EN, [*KO[:2], EXTRA_KO, *KO[2:]], src_lang="en", tgt_lang="ko")
    assert _pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((), (2,)), *(((i,), (i + 1,)) for i in range(2, 6))]


def test_empty_inputs() -> None:
    assert align([], []) == ()
    assert _pairs(align(KO[:2], [])) == [((0,), ()), ((1,), ())]
    assert _pairs(align([], EN[:2])) == [((), (0,)), ((), (1,))]


def test_glossary_anchor_pulls_sentences_together() -> None:
    ko = ["가나다라마바사 아자차카"] * 3
    en = ["Some plain words here okay go"] * 4
    plain = align(ko, en)
    # Identical sentences: without anchors the pairing is arbitrary, with one it must hold.
    pairs = [(0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (2, 3)]
    assert not all(any(s in b.src and t in b.tgt for b in plain) for s, t in pairs)
    for s, t in pairs:
        assert any(s in b.src and t in b.tgt for b in align(ko, en, anchors=[(s, t)]))


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="src_paragraphs"):
        align(KO, EN, src_paragraphs=[0])
    with pytest.raises(ValueError, match="outside"):
        align(KO, EN, anchors=[(9, 0)])


def test_german_french_uses_language_independent_features() -> None:
    de = ["Die Hütte liegt auf 2500 Metern.", "Wir stiegen um 6 Uhr auf.", "Der Gipfel war frei."]
    fr = ["La cabane se trouve à 2500 mètres.", "Nous sommes montés à 6 heures.", "Le sommet était dégagé."]
    assert _pairs(align(de, fr, src_lang="de", tgt_lang="fr")) == [((i,), (i,)) for i in range(3)]


def test_banded_search_matches_exact_search() -> None:
    ko = KO * 10
    en = EN * 10
    exact = align(ko, en)
    banded = align(ko, en, params=AlignParams(exact_cells=100, coarse_factor=2, band_margin=3))
    assert _pairs(banded) == _pairs(exact)


def test_bead_types() -> None:
    assert set(bead_types(3)) == {(1, 0), (0, 1), (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)}
    assert set(bead_types(1)) == {(1, 0), (0, 1), (1, 1)}
    with pytest.raises(ValueError, match="max_bead"):
        bead_types(0)


def test_max_bead_one_never_merges() -> None:
    merged = [EN[0], EN[1] + " " + EN[2], *EN[3:]]
    beads = align(KO, merged, params=dataclasses.replace(AlignParams(), max_bead=1))
    assert all(len(b.src) <= 1 and len(b.tgt) <= 1 for b in beads)
    _assert_covers(beads, 6, 5)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1조2000억원을 투자", "ko", "1.2e+12"),
        ("1.2 trillion won", "en", "1.2e+12"),
        ("3일 발표", "ko", "3"),
        ("on the 3rd", "en", "3"),
        ("30% 증가", "ko", "30"),
        ("30 percent", "en", "30"),
        ("20여 개", "ko", "20"),
        ("some 20 firms", "en", "20"),
        ("3만명", "ko", "30000"),
        ("30,000 people", "en", "30000"),
        ("three people", "en", "3"),
    ],
)
def test_number_keys(text: str, lang: str, expected: str) -> None:
    assert expected in number_keys(text, lang)


def test_length_model_estimates_ratio() -> None:
    src = np.array([10.0, 20, 30, 40, 50, 60, 70, 80, 90])
    model = LengthModel.estimate(src, 2 * src, variance=3.0, tail=4.0).refine(src, 2 * src + 1)
    assert model.ratio == pytest.approx(2.0, abs=0.1)
    assert (
        model.cost(np.array([10.0]), np.array([20.0]))[0] < model.cost(np.array([10.0]), np.array([60.0]))[0]
    )


_SENTENCE = st.text(alphabet="가나다 abc12.", min_size=0, max_size=30)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_SENTENCE, max_size=12),
    st.lists(_SENTENCE, max_size=12),
    st.sampled_from([1, 2, 3, 4]),
    st.booleans(),
)
def test_beads_cover_every_sentence_once_in_order(
    src: list[str], tgt: list[str], max_bead: int, banded: bool
) -> None:
    params = AlignParams(max_bead=max_bead, exact_cells=20 if banded else 1_500_000, coarse_factor=2)
    _assert_covers(align(src, tgt, params=params), len(src), len(tgt))

"""Aligning around fixed beads: every fixed bead is kept, every sentence covered once, in order."""

from __future__ import annotations

import pytest

from kobridge.align import align
from kobridge.align.constraints import FixedBeadError, align_with_fixed, check_fixed
from kobridge.model import Bead

KO = [
    "정부가 새 배터리 정책을 발표했다.",
    "보조금은 3조 원 규모다.",
    "업계는 환영했다.",
    "다만 일부 전문가는 우려를 나타냈다.",
    "정책은 내년 1월 시행된다.",
]
EN = [
    "The government announced a new battery policy.",
    "The subsidies are worth 3 trillion won.",
    "The industry welcomed it, though some experts voiced concern.",
    "A note added by the translator.",
    "The policy takes effect in January next year.",
]


def covers(beads: tuple[Bead, ...], n: int, m: int) -> bool:
    return [i for b in beads for i in b.src] == list(range(n)) and [j for b in beads for j in b.tgt] == list(
        range(m)
    )


@pytest.mark.parametrize(
    "fixed",
    [
        [],
        [Bead((1,), (1,), 0.5, "confirmed")],
        [Bead((0, 1), (0,), 1.0, "edited")],  # a wrong bead is kept too: the person decides
        [Bead((3,), (), 1.0, "edited"), Bead((), (3,), 1.0, "edited")],
        [Bead((0,), (0,)), Bead((4,), (4,))],
    ],
)
def test_fixed_beads_are_kept_and_every_sentence_covered(fixed: list[Bead]) -> None:
    beads = align_with_fixed(KO, EN, fixed)
    assert covers(beads, len(KO), len(EN))
    assert all(bead in beads for bead in fixed)


def test_without_fixed_beads_it_is_the_aligner() -> None:
    assert align_with_fixed(KO, EN, []) == align(KO, EN)


def test_no_bead_crosses_a_fixed_one() -> None:
    beads = align_with_fixed(KO, EN, [Bead((2,), (1,))])
    at = beads.index(Bead((2,), (1,)))
    assert all(max(b.src, default=-1) < 2 and max(b.tgt, default=-1) < 1 for b in beads[:at])


@pytest.mark.parametrize(
    ("fixed", "number", "message"),
    [
        ([Bead((), ())], 0, "empty"),
        ([Bead((0,), (0,)), Bead((5,), (1,))], 1, "past the 5 source"),
        ([Bead((0, 2), (0,))], 0, "consecutive"),
        ([Bead((1,), (1,)), Bead((1,), ())], 1, "repeats"),
        ([Bead((2,), (2,)), Bead((1,), (3,))], 1, "crosses"),
    ],
)
def test_impossible_fixed_beads_are_refused(fixed: list[Bead], number: int, message: str) -> None:
    with pytest.raises(FixedBeadError, match=message) as raised:
        check_fixed(fixed, 5, 5)
    assert raised.value.number == number

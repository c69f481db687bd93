"""The strict/lax metric against figures computed by hand, and the beads file format."""

from __future__ import annotations

from pathlib import Path

import pytest

from kobridge.align import Scores, parse_bead, read_beads, score_beads
from kobridge.errors import InputError
from kobridge.model import Bead


def _b(src: tuple[int, ...], tgt: tuple[int, ...]) -> Bead:
    return Bead(src, tgt)


GOLD = (_b((0,), (0,)), _b((1, 2), (1,)), _b((3,), ()), _b((4,), (2,)))


def test_perfect_prediction_scores_one() -> None:
    scores = score_beads(GOLD, GOLD)
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    assert scores.lax_f1 == 1.0
    # Precision judges all four beads; recall only the three with both sides.
    assert (scores.predicted, scores.gold) == (4, 3)


def test_split_bead_is_laxly_right_and_strictly_wrong() -> None:
    predicted = (_b((0,), (0,)), _b((1,), (1,)), _b((2,), ()), _b((3,), ()), _b((4,), (2,)))
    scores = score_beads(GOLD, predicted)
    # Precision: 5 beads; strict hits [0]:[0], [3]:[], [4]:[2]; lax adds [1]:[1]. [2]:[] is wrong both ways.
    assert (scores.predicted, scores.predicted_strict, scores.predicted_lax) == (5, 3, 4)
    # Recall: gold [0]:[0], [1,2]:[1], [4]:[2]; strict 2, lax 3 ([1,2]:[1] overlaps [1]:[1]).
    assert (scores.gold, scores.gold_strict, scores.gold_lax) == (3, 2, 3)
    assert scores.precision == pytest.approx(0.6)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))
    assert scores.lax_precision == pytest.approx(0.8)
    assert scores.lax_recall == 1.0


def test_counts_add_over_documents() -> None:
    one = score_beads(GOLD, GOLD)
    other = score_beads((_b((0,), (0,)),), (_b((0,), ()), _b((), (0,))))
    total = one + other
    assert total.predicted == 6 and total.predicted_strict == 4
    assert total.gold == 4 and total.gold_strict == 3
    assert total.precision == pytest.approx(4 / 6)
    assert Scores().f1 == 0.0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[0]:[0]", Bead((0,), (0,))),
        ("[3, 4]:[5]", Bead((3, 4), (5,))),
        ("[7]:[]", Bead((7,), ())),
        ("[]:[8]:0.250", Bead((), (8,), 0.25)),
    ],
)
def test_parse_bead(line: str, expected: Bead) -> None:
    assert parse_bead(line) == expected


def test_parse_bead_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="not a bead"):
        parse_bead("0:0")


def test_read_beads_reports_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.gold"
    path.write_text("[0]:[0]\n\n[1]:[1, 2]\n", encoding="utf-8")
    assert read_beads(path) == (Bead((0,), (0,)), Bead((1,), (1, 2)))
    path.write_text("[0]:[0]\nbroken\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"doc.gold:2: "):
        read_beads(path)

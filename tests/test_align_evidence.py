"""The evidence checks of omissions and additions: unmatched numbers, rival 1-1 pairs, merge members."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kobridge.align.dp import full_band
from kobridge.align.engine import _member_penalty, _rival_penalty, _unmatched_bonus, make_problem
from kobridge.align.features.channels import unmatched_numbers
from kobridge.model import AlignParams


def test_unmatched_numbers_counts_numbers_without_a_partner_on_the_other_side() -> None:
    src = ["정부는 3일 1조2000억원을 투자한다고 발표했다.", "업계는 이 결정을 환영했다."]
    tgt = [
        "The government announced on the 3rd that it will invest 1.2 trillion won.",
        "Around 16,700 people were evacuated.",
        "The industry welcomed the decision.",
    ]
    src_counts, tgt_counts = unmatched_numbers(src, tgt, "ko", "en")
    assert src_counts.tolist() == [0.0, 0.0]
    assert tgt_counts[0] == 0.0 and tgt_counts[2] == 0.0
    assert tgt_counts[1] >= 1.0


def test_unmatched_bonus_makes_skipping_cheaper_up_to_the_cap() -> None:
    zeros = np.zeros(0, dtype=np.int64)
    problem = dataclasses.replace(
        make_problem(np.ones(3), np.ones(2), np.zeros(3, dtype=np.int64), np.zeros(2, dtype=np.int64), ()),
        src_unmatched=np.array([0.0, 1.0, 5.0]),
        tgt_unmatched=np.array([2.0, 0.0]),
    )
    params = AlignParams(unmatched_weight=1.5, unmatched_cap=2.0)
    rows = np.arange(4, dtype=np.int64)[:, None]
    cols = np.arange(3, dtype=np.int64)[None, :]
    src_bonus = np.broadcast_to(_unmatched_bonus(problem, params, 1, rows, cols), (4, 1))
    # Row r ends at source sentence r - 1.
    assert src_bonus[1:, 0].tolist() == [0.0, 1.5, 3.0]
    tgt_bonus = np.broadcast_to(_unmatched_bonus(problem, params, 0, rows, cols), (1, 3))
    assert tgt_bonus[0, 1:].tolist() == [3.0, 0.0]
    assert _unmatched_bonus(problem, dataclasses.replace(params, unmatched_weight=0.0), 1, rows, zeros) == 0.0


def test_rival_penalty_charges_a_pair_that_a_neighbouring_pair_beats() -> None:
    params = AlignParams(rival_weight=10.0, rival_margin=0.05, rival_window=1)
    # Cell (r, c) scores the 1-1 bead of source r - 1 and target c - 1.
    score = np.array(
        [
            [0.0, 0.0, 0.0, 0.0],
            [0.0, 0.4, 0.1, 0.0],
            [0.0, 0.1, 0.1, 0.3],
            [0.0, 0.0, 0.1, 0.2],
        ]
    )
    penalty = _rival_penalty(score, full_band(3, 3), params)
    assert penalty[1, 1] == 0.0  # the best of its row and column
    assert penalty[2, 2] == pytest.approx(10.0 * (0.3 - 0.1 - 0.05))  # beaten by (2, 3)
    assert penalty[3, 3] == pytest.approx(10.0 * (0.3 - 0.2 - 0.05))


def test_member_penalty_charges_merges_whose_members_differ_in_evidence() -> None:
    params = AlignParams(member_weight=10.0, member_margin=0.1)
    # Cell (r, c) scores the 1-1 bead of source r - 1 and target c - 1.
    score = np.array(
        [
            [0.0, 0.0, 0.0, 0.0],
            [0.0, 0.3, 0.25, 0.0],
            [0.0, 0.05, 0.0, 0.0],
        ]
    )
    band = full_band(2, 3)
    one_two = _member_penalty(score, band, 1, params)
    assert one_two[1, 2] == 0.0  # source 0 with targets 0 and 1: 0.3 and 0.25, alike
    assert one_two[1, 3] == pytest.approx(10.0 * (0.25 - 0.0 - 0.1))  # target 2 brings no evidence
    two_one = _member_penalty(score, band, 2, params)
    assert two_one[2, 1] == pytest.approx(10.0 * (0.3 - 0.05 - 0.1))  # sources 0 and 1 with target 0

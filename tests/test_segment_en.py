"""English news segmentation: a golden table of (paragraph, expected sentences)."""

from __future__ import annotations

import pytest

from kobridge.segment import segment

GOLDEN_EN: list[tuple[str, list[str]] | object] = [
    ("The bill passed. It now goes to the Senate.", ["The bill passed.", "It now goes to the Senate."]),
    ("Rep. Kim Young-ho and Prof. Lee spoke.", ["Rep. Kim Young-ho and Prof. Lee spoke."]),
    (
        "The U.S. Army said it would pay $1.2 billion. Officials agreed.",
        ["The U.S. Army said it would pay $1.2 billion.", "Officials agreed."],
    ),
    (
        "The vote is set for 10 a.m. Monday. It was delayed.",
        ["The vote is set for 10 a.m. Monday.", "It was delayed."],
    ),
    (
        "The session ended at 9 p.m. The next one starts on Jan. 5.",
        ["The session ended at 9 p.m.", "The next one starts on Jan. 5."],
    ),
    (
        "Samsung Electronics Co. Ltd. posted a profit. Shares rose.",
        ["Samsung Electronics Co. Ltd. posted a profit.", "Shares rose."],
    ),
    (
        "J. K. Rowling's book is No. 1 again. Fans cheered.",
        ["J. K. Rowling's book is No. 1 again.", "Fans cheered."],
    ),
    ('He said, "It is over." Then he left.', ['He said, "It is over."', "Then he left."]),
    (
        "Some goods, e.g. steel, face tariffs. Others do not.",
        ["Some goods, e.g. steel, face tariffs.", "Others do not."],
    ),
    (
        "Was it worth it? Nobody knows! We will see...",
        ["Was it worth it?", "Nobody knows!", "We will see..."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN_EN)
def test_golden_en(text: str, expected: list[str]) -> None:
    sentences = segment(text, "en")
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)

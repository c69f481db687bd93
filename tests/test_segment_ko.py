"""Korean news segmentation: a golden table of (paragraph, expected sentences)."""

from __future__ import annotations

import pytest

from kobridge.segment import segment

GOLDEN_KO: list[tuple[str, list[str]] | object] = [
    (
        "정부는 내년 예산을 확정했다. 총지출은 600조원이다.",
        ["정부는 내년 예산을 확정했다.", "총지출은 600조원이다."],
    ),
    (
        "김 장관은 “이번 결정은 매우 중요하다. 모두가 따라야 한다.”라고 말했다. 회의는 끝났다.",
        ["김 장관은 “이번 결정은 매우 중요하다. 모두가 따라야 한다.”라고 말했다.", "회의는 끝났다."],
    ),
    ("그는 실적이 개선됐다.그러나 주가는 떨어졌다.", ["그는 실적이 개선됐다.", "그러나 주가는 떨어졌다."]),
    (
        "물가는 2024.12.3 기준 1.5% 올랐다. 금리는 동결됐다.",
        ["물가는 2024.12.3 기준 1.5% 올랐다.", "금리는 동결됐다."],
    ),
    (
        "U.S. 정부는 제재를 발표했다. 한국은 대응을 검토 중이다.",
        ["U.S. 정부는 제재를 발표했다.", "한국은 대응을 검토 중이다."],
    ),
    (
        "자세한 내용은 www.korea.kr 참조. 문의는 press@korea.kr로 하면 된다.",
        ["자세한 내용은 www.korea.kr 참조.", "문의는 press@korea.kr로 하면 된다."],
    ),
    (
        "주요 과제는 ▲물가 안정 ▲일자리 창출 ▲복지 확대 등이다.",
        ["주요 과제는 ▲물가 안정 ▲일자리 창출 ▲복지 확대 등이다."],
    ),
    ("이게 맞을까? 전문가들은 회의적이다!", ["이게 맞을까?", "전문가들은 회의적이다!"]),
    (
        "회사 측은 (자세한 내용은 추후 공개한다. 일정은 미정이다.) 라는 입장을 냈다.",
        ["회사 측은 (자세한 내용은 추후 공개한다. 일정은 미정이다.) 라는 입장을 냈다."],
    ),
    ("“우리는 최선을 다했다.” 그는 이렇게 말했다.", ["“우리는 최선을 다했다.”", "그는 이렇게 말했다."]),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN_KO)
def test_golden_ko(text: str, expected: list[str]) -> None:
    sentences = segment(text, "ko")
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)

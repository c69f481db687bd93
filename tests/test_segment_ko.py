"""Korean news segmentation: a golden table of paragraphs and the sentences they hold.

Each case lists the expected sentences; unless ``text`` is given, the paragraph is those
sentences joined by one space. Known failures stay in the table as strict xfails.
"""

from __future__ import annotations

from typing import Any

import pytest

from kobridge.segment import segment


def case(name: str, *sentences: str, text: str | None = None, xfail: str | None = None) -> Any:
    """One golden case: ``sentences`` expected from ``text`` (default: the sentences joined by a space)."""
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(" ".join(sentences) if text is None else text, list(sentences), id=name, marks=marks)


GOLDEN_KO = [
    # Sentence-final endings.
    case("da", "정부는 내년 예산을 확정했다.", "총지출은 600조원 규모다."),
    case("seumnida", "서울 아파트값이 3주 연속 올랐습니다.", "상승 폭은 다소 줄었습니다."),
    case("kkayo", "이번 조치가 효과를 낼 수 있을까요?", "전문가들의 의견은 엇갈립니다."),
    case("neunga", "누가 책임을 져야 하는가?", "여야는 서로를 탓했다."),
    case("kka-period", "정말 그럴까.", "시장의 반응은 냉담했다."),
    case("jyo", "문제는 재원이죠.", "세수가 부족하니까요."),
    case("ham-memo", "회의 결과를 보고함.", "추가 논의가 필요함."),
    case("im-memo", "다음 주 발표 예정임.", "세부 내용은 추후 공개."),
    case("eum-memo", "경기가 살아나고 있음.", "다만 수출은 부진함."),
    case("exclamation", "드디어 해냈다!", "선수들은 서로를 끌어안았다."),
    case("question-exclamation", "이게 말이 되나?!", "주민들은 분통을 터뜨렸다."),
    case("noun-end", "올해 수출 목표는 7000억 달러.", "지난해보다 10% 많다."),
    case("percent-end", "지지율은 38.5%.", "전주 대비 1.2%p 하락했다."),
    case("imperative", "지금 당장 대피하라.", "당국은 주민들에게 이렇게 경고했다."),
    # A quotation followed by a quotative particle does not end its sentence; a quotation of
    # several sentences is split at the sentence ends inside it (issue 12: the translation often
    # renders each on its own).
    case(
        "quote-rago",
        "김 장관은 “이번 결정은 매우 중요하다.",
        "모두가 따라야 한다.”라고 말했다.",
        "회의는 끝났다.",
    ),
    case(
        "quote-ramyeo", "그는 “시장이 불안하다.", "대책이 시급하다.”라며 정부를 비판했다.", "정부는 반박했다."
    ),
    case("quote-go", "박 의원은 “법안 처리를 서두르겠다”고 밝혔다.", "야당은 반발했다."),
    case("quote-go-after-period", "그는 “사실이 아니다.”고 반박했다."),
    case("quote-myeo", "이 대표는 “국민께 죄송하다”며 고개를 숙였다.", "이어 사퇴 의사를 밝혔다."),
    case("quote-irago", "관계자는 “이번 사태는 인재다.", "명백한 관리 부실”이라고 지적했다."),
    case("quote-neun", "“빨리빨리”는 한국 사회의 특징이다.", "이제는 달라져야 한다."),
    case("quote-ran", "“정의란 무엇인가.”란 질문이 다시 나왔다."),
    case("quote-raneun", "“이제 끝이다.”라는 말이 돌았다.", "하지만 협상은 계속됐다."),
    case("quote-question", "그는 “왜 지금인가?", "누구를 위한 것인가?”라고 반문했다."),
    case("quote-exclamation", "시민들은 “물러나라!”라고 외쳤다.", "경찰이 출동했다."),
    case(
        "quote-myeonseo",
        "그는 “원한다면 그렇게 하겠다.",
        "다만 시간이 필요하다.”면서 “곧 결론을 내겠다.”고 말했다.",
    ),
    case("quote-space-before-particle", "그는 “준비가 끝났다.” 라고 말했다."),
    case("quote-hago", "“정말요?” 하고 되물었다.", "그는 고개를 끄덕였다."),
    case("straight-quotes", '그는 "시장이 안정됐다.', '걱정할 필요 없다."라고 말했다.', "반론도 있다."),
    case("single-quotes", "‘왜 나만 안 되나?’라는 생각이 들었다고 했다."),
    case("nested-quotes", "그는 “‘괜찮다.’는 말만 반복했다.”라고 전했다."),
    case(
        "stray-straight-quote",
        '김 의원은 "괜찮다"라고 했다"며 웃었다.',
        "그는 곧 자리를 떠났다.",
        '기자들은 "다음은 누구냐"고 물었다.',
    ),
    case("mixed-quotes", '그는 "시장이 불안하다.', "대책이 시급하다”고 말했다.", "정부는 반박했다."),
    case("english-in-quote", "그는 “It’s over.”라고 말했다."),
    case("quote-deung", "“아프다”, “힘들다” 등의 호소가 이어졌다."),
    case("quote-alone", "“우리는 최선을 다했다.”", "그는 이렇게 말했다."),
    case("quote-alone-two", "“결과를 받아들인다.", "다시 시작하겠다.”", "감독의 목소리는 떨렸다."),
    case("quote-title", "그는 ‘대한민국 1호’ 기록을 세웠다.", "누구도 깨지 못했다."),
    case("quote-list-of-sentences", "“아프다.” “힘들다.” 등의 호소가 이어졌다.", "병원은 인력을 늘렸다."),
    case("quote-then-quoted-speech", "“국민께 죄송하다.” “책임지겠다”고 그는 말했다.", "회견은 끝났다."),
    # Brackets.
    case("bracket-after", "이 회사는 지난해 흑자로 돌아섰다(영업이익 3.2% 증가).", "올해도 성장이 예상된다."),
    case(
        "bracket-inside", "정부는 새 지침(시행일은 3월 1일. 유예기간 없음)을 발표했다.", "업계는 혼란스럽다."
    ),
    case("bracket-hanja", "그는 ‘국민 통합(國民統合)’을 강조했다.", "박수가 나왔다."),
    case("bracket-particle", "이 법(개정안)은 국회를 통과했다.", "시행은 내년이다."),
    case(
        "dateline",
        "(서울=연합뉴스) 김철수 기자 = 한국은행이 기준금리를 동결했다.",
        "시장은 예상했던 결과라는 반응이다.",
    ),
    case("dateline-square", "[워싱턴=뉴시스] 미국 정부가 새 관세를 발표했다.", "한국산 철강도 포함됐다."),
    case("breaking-headline", "[속보] 한은, 기준금리 0.25%p 인하"),
    case("headline-ellipsis", "정부 “내년 성장률 2%대 초반”…하향 조정"),
    # List items.
    case("bullets-inline", "주요 과제는 ▲물가 안정 ▲일자리 창출 ▲복지 확대 등이다."),
    case("bullets-sentences", "▲ 첫째, 금리를 동결한다.", "▲ 둘째, 유동성을 공급한다."),
    case("triangles", "합의 내용은 △근로시간 단축 △임금 인상 △고용 보장이다.", "노조는 환영했다."),
    case("square-heading", "■ 오늘의 주요 일정"),
    case("numbered-items", "두 가지 이유가 있다.", "1. 비용이 많이 든다.", "2. 시간이 부족하다."),
    case("numbered-heading", "1. 사업 개요"),
    case("numbered-inline", "검토 대상은 세 가지다.", "1. 예산 2. 인력 3. 일정."),
    # Numbers, dates, URLs and e-mail.
    case("decimals", "경제성장률은 2.1%로 전망됐다.", "전년보다 0.3%포인트 낮다."),
    case("date-dots", "물가는 2024.12.3 기준 1.5% 올랐다.", "금리는 동결됐다."),
    case("date-spaced-dots", "계엄은 2024. 12. 3. 선포됐다.", "국회는 즉시 해제를 요구했다."),
    case("date-spaced-mid", "이 규정은 2025. 1. 1. 이후 계약부터 적용된다."),
    case("holiday-dots", "3.1절 기념식이 열렸다.", "대통령이 참석했다."),
    case("thousands", "총 1,250억 원이 투입된다.", "이 가운데 30%는 국비다."),
    case("temperature", "기온은 영하 5.5도까지 떨어졌다.", "내일은 더 춥겠다."),
    case("version", "새 운영체제 iOS 18.2가 배포됐다.", "보안 패치가 포함됐다."),
    case("url-bare", "자세한 내용은 www.korea.kr 참조.", "문의는 press@korea.kr로 하면 된다."),
    case("url-https", "보고서는 https://www.bok.or.kr/portal/main.do 에서 볼 수 있다.", "영문판도 있다."),
    case("email-bracket", "제보는 이메일(news@example.co.kr)로 받는다.", "익명도 가능하다."),
    case("email-byline", "김철수 기자 kim@yna.co.kr"),
    # English inside Korean.
    case("us-abbreviation", "U.S. 정부는 제재를 발표했다.", "한국은 대응을 검토 중이다."),
    case("dc-abbreviation", "워싱턴 D.C. 인근에서 시위가 벌어졌다.", "경찰은 해산을 명령했다."),
    case("dc-particle", "회의는 워싱턴 D.C.에서 열렸다.", "한국 대표단도 참석했다."),
    case("inc-particle", "삼성전자는 Apple Inc.와 특허 분쟁을 벌였다.", "양측은 결국 합의했다."),
    case("title-before-name", "미국 존스홉킨스대의 Dr. Smith 교수는 이를 반박했다.", "논쟁은 이어졌다."),
    case("number-abbreviation", "그는 세계 랭킹 No. 1 선수다.", "올해도 우승했다."),
    case("english-word-end", "이번 행사의 주제는 Future of AI.", "참가자는 500명이다."),
    case("english-sentences", "영문 성명은 “We regret the decision.", "We will appeal.”라고 밝혔다."),
    case(
        "abbreviation-ends-sentence",
        "그가 세운 회사는 Kobridge Inc.",
        "현재 직원은 50명이다.",
        xfail="an English abbreviation before Hangul is read as continuing the sentence",
    ),
    # A missing space after a sentence end.
    case(
        "no-space-da",
        "그는 실적이 개선됐다.",
        "그러나 주가는 떨어졌다.",
        text="그는 실적이 개선됐다.그러나 주가는 떨어졌다.",
    ),
    case("no-space-yo", "정말 좋아요.", "다음에 또 올게요.", text="정말 좋아요.다음에 또 올게요."),
    case("no-space-question", "왜 그랬을까?", "아무도 몰랐다.", text="왜 그랬을까?아무도 몰랐다."),
    case("no-space-ham", "검토를 완료함.", "결과 보고 예정임.", text="검토를 완료함.결과 보고 예정임."),
    case("no-space-quote", "그는 말했다.", "“다시 하겠다.”", text="그는 말했다.“다시 하겠다.”"),
    # Ellipses and questions inside a sentence.
    case("ellipsis-after-ending", "그는 잠시 말을 멈췄다…", "그리고 다시 입을 열었다."),
    case("ellipsis-mid", "글쎄… 잘 모르겠다."),
    case("dots-after-ending", "협상은 결렬됐다...", "양측은 책임을 떠넘겼다."),
    case("question-hago", "과연 효과가 있을까? 하는 의문이 제기됐다."),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN_KO)
def test_golden_ko(text: str, expected: list[str]) -> None:
    sentences = segment(text, "ko")
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_golden_ko_table_is_large_enough() -> None:
    assert len(GOLDEN_KO) >= 60


def test_paragraphs_are_numbered_per_line() -> None:
    text = "[서울=연합뉴스] 첫 문단이다. 둘째 문장이다.\n둘째 문단이다.\n\n셋째 문단이다."
    assert [(s.text, s.paragraph) for s in segment(text, "ko")] == [
        ("[서울=연합뉴스] 첫 문단이다.", 0),
        ("둘째 문장이다.", 0),
        ("둘째 문단이다.", 1),
        ("셋째 문단이다.", 2),
    ]

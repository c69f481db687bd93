"""A batch of Korean–English article pairs with planted terms, for glossary mining and archive QA.

Every sentence here is written for kobridge (energy, battery and trade-policy news); articles are
assembled from these templates with a seeded random generator, so the batch is the same on
every run. Two kinds of terms are planted:

* ``PLANTED``: terms absent from ``glossary/energy-policy.csv``, each used in several articles,
  always rendered the same way. ``kobridge glossary suggest`` should rank them high.
* ``INCONSISTENT``: glossary terms rendered two or three ways in different articles (one of them
  may be a forbidden or an unlisted rendering), and ``UNLISTED_INCONSISTENT``: terms outside the
  glossary rendered two ways. ``kobridge glossary qa`` should report every one of these renderings.

``bench/glossary_mining.py`` writes 32 articles and aligns them; the tests use a few.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

__all__ = ["INCONSISTENT", "PLANTED", "UNLISTED_INCONSISTENT", "article_pair", "write_batch"]

# key: (Korean, English); none of these is a glossary form.
PLANTED: dict[str, tuple[str, str]] = {
    "grid": ("전력망", "power grid"),
    "renewables": ("재생에너지", "renewable energy"),
    "raw": ("원자재", "raw materials"),
    "lioh": ("수산화리튬", "lithium hydroxide"),
    "solid": ("전고체 배터리", "solid-state battery"),
    "recycling": ("폐배터리 재활용", "battery recycling"),
    "sodium": ("나트륨이온 배터리", "sodium-ion battery"),
    "deficit": ("무역적자", "trade deficit"),
    "antidumping": ("반덤핑 관세", "anti-dumping duty"),
    "controls": ("수출 통제", "export controls"),
    "jv": ("합작법인", "joint venture"),
    "charging": ("충전 인프라", "charging infrastructure"),
    "origin": ("원산지 규정", "rules of origin"),
    "datacenter": ("데이터센터", "data center"),
    "rare_earths": ("희토류", "rare earths"),
    "manganese": ("망간", "manganese"),
    "solar": ("태양광", "solar power"),
    "backlog": ("수주 잔고", "order backlog"),
    "gigafactory": ("기가팩토리", "gigafactory"),
    "electrolyte": ("전해질", "electrolyte"),
}

# glossary entry id: (Korean, renderings in the order the articles use them, cycling)
INCONSISTENT: dict[str, tuple[str, tuple[str, ...]]] = {
    "supply_chain": ("공급망", ("supply chain", "supply network", "supply line")),
    "subsidy": ("보조금", ("subsidy", "subsidy", "incentive")),
    "critical_minerals": ("핵심광물", ("critical minerals", "critical minerals", "key minerals")),
    "tax_credit": ("세액공제", ("tax credit", "tax credit", "tax break")),
    "tariff": ("관세", ("tariff", "tariff", "levy")),
}

# not in the glossary: (Korean, renderings cycling)
UNLISTED_INCONSISTENT: dict[str, tuple[str, tuple[str, ...]]] = {
    "power_bills": ("전기요금", ("electricity rates", "electricity rates", "power bills")),
    "capacity": ("생산 능력", ("production capacity", "production capacity", "manufacturing capacity")),
}

_COMPANIES = (
    ("LG에너지솔루션", "LG Energy Solution"),
    ("삼성SDI", "Samsung SDI"),
    ("SK온", "SK On"),
    ("포스코퓨처엠", "POSCO Future M"),
    ("에코프로비엠", "EcoPro BM"),
)

# Sentence templates: {co} the company, {x} the article's term in a slot, {n} a number.
_PLANTED_SENTENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "grid": (
        (
            "{co:은} 미국 {x} 안정화 사업에 ESS를 공급하기로 했다.",
            "{co} will supply ESS units to a project to stabilise the U.S. {x}.",
        ),
        (
            "노후한 {x:이} 전기차 보급의 걸림돌로 꼽힌다.",
            "An ageing {x} is seen as an obstacle to the spread of electric vehicles.",
        ),
    ),
    "renewables": (
        (
            "{x} 발전량이 늘면서 ESS 수요도 함께 커지고 있다.",
            "As {x} output grows, demand for ESS is growing with it.",
        ),
        (
            "{co:은} 공장 전력의 {n}%를 {x:으로} 채우겠다고 밝혔다.",
            "{co} said it would meet {n}% of its factory power needs with {x}.",
        ),
    ),
    "raw": (
        (
            "{x} 가격 변동이 배터리 업체의 수익성을 흔들고 있다.",
            "Swings in the prices of {x} are shaking battery makers' profits.",
        ),
        (
            "{co:은} {x} 조달처를 호주와 캐나다로 넓히고 있다.",
            "{co} is widening its sources of {x} to Australia and Canada.",
        ),
    ),
    "lioh": (
        (
            "{co:은} 칠레 업체와 {x} 장기 공급 계약을 맺었다.",
            "{co} signed a long-term supply contract for {x} with a Chilean firm.",
        ),
        ("{x} 가격은 올해 들어 {n}% 하락했다.", "The price of {x} has fallen {n}% this year."),
    ),
    "solid": (
        ("{co:은} {x} 시제품을 내년에 공개할 계획이다.", "{co} plans to unveil a prototype {x} next year."),
        (
            "업계는 {x:이} 2030년 전후 상용화될 것으로 본다.",
            "The industry expects the {x} to be commercialised around 2030.",
        ),
    ),
    "recycling": (
        (
            "{co:은} 미국 조지아주에 {x} 공장을 세운다.",
            "{co} is building a {x} plant in the U.S. state of Georgia.",
        ),
        (
            "{x:은} 핵심 소재의 해외 의존도를 낮출 방안으로 꼽힌다.",
            "{x} is seen as a way to rely less on imported key materials.",
        ),
    ),
    "sodium": (
        (
            "중국 업체들은 값싼 {x:으로} 보급형 시장을 공략하고 있다.",
            "Chinese makers are targeting the entry-level market with the cheap {x}.",
        ),
        ("{co:도} {x} 개발 조직을 새로 꾸렸다.", "{co} has also set up a new team to develop the {x}."),
    ),
    "deficit": (
        (
            "미국의 대한국 {x:이} 커지자 통상 압박이 거세지고 있다.",
            "Trade pressure is mounting as the U.S. {x} with Korea widens.",
        ),
        (
            "트럼프 대통령은 {x} 축소를 최우선 과제로 내걸었다.",
            "President Trump has made cutting the {x} his top priority.",
        ),
    ),
    "antidumping": (
        (
            "미국은 중국산 흑연에 {x:을} 부과하기로 했다.",
            "The U.S. decided to impose an {x} on Chinese graphite.",
        ),
        (
            "{x} 부과가 확정되면 국내 업체가 반사이익을 볼 수 있다.",
            "If the {x} is confirmed, Korean makers could benefit.",
        ),
    ),
    "controls": (
        (
            "중국의 흑연 {x:이} 배터리 업계의 새로운 변수로 떠올랐다.",
            "China's {x} on graphite have become a new variable for the battery industry.",
        ),
        (
            "정부는 {x} 강화에 대비해 비축 물량을 늘리기로 했다.",
            "The government will raise stockpiles to prepare for tighter {x}.",
        ),
    ),
    "jv": (
        (
            "{co:은} 현대자동차와 미국에 배터리 {x:을} 세웠다.",
            "{co} set up a battery {x} with Hyundai Motor in the U.S.",
        ),
        (
            "{x:의} 첫 공장은 내년 상반기 가동에 들어간다.",
            "The {x}'s first plant starts operating in the first half of next year.",
        ),
    ),
    "charging": (
        ("{x} 부족이 전기차 판매 부진의 원인으로 지목된다.", "A lack of {x} is blamed for weak EV sales."),
        (
            "미국 정부는 {x} 구축에 {n}억 달러를 투입한다.",
            "The U.S. government is spending ${n}00 million to build {x}.",
        ),
    ),
    "origin": (
        (
            "{x:이} 까다로워지면 중국산 소재를 쓰기 어려워진다.",
            "Stricter {x} would make Chinese materials harder to use.",
        ),
        (
            "업계는 {x} 충족 여부를 꼼꼼히 따지고 있다.",
            "The industry is checking carefully whether it meets the {x}.",
        ),
    ),
    "datacenter": (
        (
            "인공지능 확산으로 {x} 전력 수요가 급증하고 있다.",
            "Power demand from {x} operators is soaring as artificial intelligence spreads.",
        ),
        ("{co:은} 미국 {x:에} 비상 전원용 ESS를 납품했다.", "{co} delivered backup ESS units to a U.S. {x}."),
    ),
    "rare_earths": (
        (
            "중국이 {x} 수출을 제한하면서 공급 불안이 커졌다.",
            "Supply worries grew as China restricted exports of {x}.",
        ),
        (
            "정부는 {x} 비축량을 두 배로 늘릴 계획이다.",
            "The government plans to double its stockpile of {x}.",
        ),
    ),
    "manganese": (
        (
            "{co:은} {x} 함량을 높인 양극재를 개발했다.",
            "{co} has developed a cathode material with a higher share of {x}.",
        ),
        ("{x:은} 니켈보다 싸고 구하기 쉽다.", "{x} is cheaper than nickel and easier to obtain."),
    ),
    "solar": (
        (
            "미국 남부에서는 {x} 발전소와 ESS를 묶은 사업이 늘고 있다.",
            "In the southern U.S., projects that pair {x} plants with ESS are multiplying.",
        ),
        (
            "{x} 설비 가격이 떨어지며 설치량이 {n}% 늘었다.",
            "Installations rose {n}% as the cost of {x} equipment fell.",
        ),
    ),
    "backlog": (
        (
            "{co:의} {x:은} 지난 분기 말 {n}조원을 넘었다.",
            "{co}'s {x} topped {n} trillion won at the end of last quarter.",
        ),
        (
            "ESS {x:이} 쌓이면서 실적 개선 기대가 커지고 있다.",
            "Hopes for better results are rising as the ESS {x} builds up.",
        ),
    ),
    "gigafactory": (
        ("{co:은} 미시간주 {x} 건설을 마무리했다.", "{co} has finished building its {x} in Michigan."),
        ("테슬라의 네바다 {x:도} 증설에 나섰다.", "Tesla's Nevada {x} is also being expanded."),
    ),
    "electrolyte": (
        (
            "{x} 업체들도 북미 공장 설립을 서두르고 있다.",
            "{x} makers are also hurrying to build North American plants.",
        ),
        (
            "{co:은} 불에 잘 타지 않는 {x:을} 시험하고 있다.",
            "{co} is testing an {x} that does not catch fire easily.",
        ),
    ),
}

_INCONSISTENT_SENTENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "supply_chain": (
        (
            "{co:은} 배터리 {x} 재편에 대응해 북미 투자를 늘린다.",
            "{co} is raising its North American investment as the battery {x} is reshaped.",
        ),
        ("미국은 중국을 배제한 {x} 구축을 요구하고 있다.", "Washington wants a {x} built without China."),
    ),
    "subsidy": (
        (
            "미국 정부의 {x:이} 줄면 ESS 사업의 수익성도 떨어진다.",
            "If the U.S. government's {x} shrinks, ESS projects will earn less.",
        ),
        (
            "{co:은} 주 정부 {x:을} 받아 공장 부지를 마련했다.",
            "{co} used a state {x} to secure its factory site.",
        ),
    ),
    "critical_minerals": (
        ("{x} 확보 경쟁이 한층 치열해지고 있다.", "The race to secure {x} is getting fiercer."),
        (
            "정부는 {x} 공급 협정을 호주와 맺었다.",
            "The government signed a supply agreement on {x} with Australia.",
        ),
    ),
    "tax_credit": (
        (
            "{co:은} 지난 분기 {x:으로} {n}00억원을 인식했다.",
            "{co} booked {n}0 billion won from the {x} last quarter.",
        ),
        (
            "{x} 축소 논의가 배터리 업계의 불확실성을 키운다.",
            "Talk of cutting the {x} adds to the battery industry's uncertainty.",
        ),
    ),
    "tariff": (
        (
            "미국이 중국산 배터리에 대한 {x:을} 올리기로 했다.",
            "The U.S. will raise its {x} on Chinese batteries.",
        ),
        (
            "{x} 인상은 국내 업체에 기회가 될 수 있다.",
            "A higher {x} could be an opportunity for Korean makers.",
        ),
    ),
    "power_bills": (
        ("미국의 {x:이} 오르면서 가정용 ESS 판매가 늘었다.", "Home ESS sales rose as U.S. {x} climbed."),
        ("{x} 부담이 공장 운영비를 끌어올리고 있다.", "Higher {x} are pushing up factory running costs."),
    ),
    "capacity": (
        (
            "{co:은} 북미 {x:을} 연 {n}GWh로 늘릴 계획이다.",
            "{co} plans to raise its North American {x} to {n} GWh a year.",
        ),
        ("{x} 확대 속도는 전기차 수요에 달려 있다.", "How fast {x} grows depends on EV demand."),
    ),
}

_FILLERS = (
    ("{co:은} 올해 설비 투자를 {n}% 줄이기로 했다.", "{co} will cut its capital spending by {n}% this year."),
    (
        "업계 관계자는 하반기부터 수요가 회복될 것으로 내다봤다.",
        "An industry official expects demand to recover from the second half.",
    ),
    ("전기차 수요 둔화가 길어지고 있다.", "The slowdown in electric vehicle demand is dragging on."),
    ("{co:의} 주가는 이날 {n}% 올랐다.", "{co}'s shares rose {n}% on the day."),
    (
        "국내 배터리 3사는 미국 현지 공장을 잇따라 짓고 있다.",
        "Korea's three battery makers are building one U.S. plant after another.",
    ),
    (
        "정부는 다음 달 배터리 산업 지원 방안을 내놓을 예정이다.",
        "The government is due to announce support measures for the battery industry next month.",
    ),
    (
        "증권가는 {co:의} 영업이익이 {n}% 늘 것으로 전망했다.",
        "Analysts forecast that {co}'s operating profit will grow {n}%.",
    ),
    ("중국 업체들의 저가 공세도 부담이다.", "Low-priced offensives by Chinese rivals are another burden."),
)

_HEADLINES = (
    ("{co}, {x} 사업 속도", "{co} speeds up {x} business"),
    ("{x} 앞세운 {co}…북미 공략 강화", "{co} steps up North America push with {x}"),
    ('{co} "{x}에서 답 찾는다"', "{co} looks to {x} for answers"),
)

_JOSA = {
    "은": ("은", "는"),
    "이": ("이", "가"),
    "을": ("을", "를"),
    "과": ("과", "와"),
    "으로": ("으로", "로"),
}
_LATIN_FINAL = set("LMNR")  # letters whose Korean names end in a consonant (엘, 엠, 엔, 알)


def _josa(word: str, josa: str) -> str:
    """``josa`` in the form that follows ``word``: 은/는, 이/가, 을/를, 과/와, 으로/로."""
    if josa not in _JOSA:
        return josa
    last = word[-1]
    if "\uac00" <= last <= "\ud7a3":
        final = (ord(last) - 0xAC00) % 28
        if josa == "으로" and final == 8:  # ㄹ takes 로
            return "로"
        return _JOSA[josa][0 if final else 1]
    return _JOSA[josa][0 if last.upper() in _LATIN_FINAL else 1]


def _fill(template: str, values: dict[str, str]) -> str:
    def put(m: re.Match[str]) -> str:
        word = values[m.group(1)]
        return word + (_josa(word, m.group(2)) if m.group(2) else "")

    return re.sub(r"\{(\w+)(?::(\w+))?\}", put, template)


def _sentence(template: tuple[str, str], co: tuple[str, str], x: tuple[str, str], n: int) -> tuple[str, str]:
    ko = _fill(template[0], {"co": co[0], "x": x[0], "n": str(n)})
    en = _fill(template[1], {"co": co[1], "x": x[1], "n": str(n)})
    return ko, en[0].upper() + en[1:]


def article_pair(number: int, seed: int = 17) -> tuple[str, str]:
    """The Korean and English text of article ``number`` (headline, then one sentence a line)."""
    rng = random.Random(seed * 1000 + number)
    co = _COMPANIES[number % len(_COMPANIES)]
    keys = list(PLANTED)
    mine = [keys[(3 * number + k) % len(keys)] for k in range(3)]
    lines: list[tuple[str, str]] = []
    for k, key in enumerate(mine):
        templates = _PLANTED_SENTENCES[key]
        for template in templates if k == 0 else (rng.choice(templates),):
            lines.append(_sentence(template, co, PLANTED[key], rng.randint(2, 40)))
    entries = list(INCONSISTENT)
    entry = entries[number % len(entries)]
    ko, renderings = INCONSISTENT[entry]
    rendering = renderings[(number // len(entries)) % len(renderings)]
    lines.append(
        _sentence(rng.choice(_INCONSISTENT_SENTENCES[entry]), co, (ko, rendering), rng.randint(2, 40))
    )
    if number % 2 == 0:
        unlisted = list(UNLISTED_INCONSISTENT)[(number // 2) % len(UNLISTED_INCONSISTENT)]
        ko, renderings = UNLISTED_INCONSISTENT[unlisted]
        rendering = renderings[(number // 4) % len(renderings)]
        template = rng.choice(_INCONSISTENT_SENTENCES[unlisted])
        lines.append(_sentence(template, co, (ko, rendering), rng.randint(2, 40)))
    for template in rng.sample(_FILLERS, 3):
        lines.append(_sentence(template, co, ("", ""), rng.randint(2, 40)))
    body = lines[:1] + rng.sample(lines[1:], len(lines) - 1)
    headline = _sentence(rng.choice(_HEADLINES), co, PLANTED[mine[0]], 0)
    ko_text = "\n\n".join([headline[0], *(ko for ko, _ in body)]) + "\n"
    en_text = "\n\n".join([headline[1], *(en for _, en in body)]) + "\n"
    return ko_text, en_text


def write_batch(folder: Path, count: int, seed: int = 17) -> list[Path]:
    """Write ``count`` article pairs as ``folder/articleNN.ko.txt`` and ``.en.txt``.

    Returns:
        The Korean files.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        ko, en = article_pair(number, seed)
        path = folder / f"article{number:02d}.ko.txt"
        path.write_text(ko, encoding="utf-8")
        (folder / f"article{number:02d}.en.txt").write_text(en, encoding="utf-8")
        written.append(path)
    return written

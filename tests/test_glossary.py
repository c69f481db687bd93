"""Glossary matching in both languages, loading, and the shipped glossary."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kobridge.errors import GlossaryError
from kobridge.glossary import (
    Glossary,
    find_forbidden,
    find_terms,
    lint_glossary,
    load_glossary,
    write_glossary_csv,
)
from kobridge.model import GlossaryEntry

DATA = Path(__file__).parent / "data" / "glossary"
SHIPPED = Path(__file__).parent.parent / "glossary" / "energy-policy.csv"


@functools.cache
def _load(path: Path) -> Glossary:
    return load_glossary(path)


@pytest.fixture
def mini() -> Glossary:
    return _load(DATA / "mini.csv")


def _hits(text: str, lang: str, glossary: Glossary) -> list[tuple[str, str]]:
    return [(h.entry_id, h.surface) for h in find_terms(text, lang, glossary)]


EN_CASES = [
    # acronyms: case-sensitive, word boundaries, no inferred plural
    ("The IRA passed in 2022.", [("ira", "IRA")]),
    ("Ira Glass hosted the show.", []),
    ("Savers hold IRAs and 401(k)s.", []),
    ("the IRA's battery rules", [("ira", "IRA"), ("battery", "battery")]),
    ("an ESSAY on ESS demand", [("ess", "ESS")]),
    ("IRA-backed plants", [("ira", "IRA")]),
    ("MIRA and IRAQ", []),
    ("Section 30D and 30D credits, not 30d", [("sec30d", "Section 30D"), ("sec30d", "30D")]),
    ("R&D spending; r&d is not matched", [("rnd", "R&D")]),
    # other forms: any case, plurals, possessives
    ("Tariffs and tariff and TARIFF", [("tariff", "Tariffs"), ("tariff", "tariff"), ("tariff", "TARIFF")]),
    ("subsidies for subsidy seekers", [("subsidy", "subsidies"), ("subsidy", "subsidy")]),
    ("Trump's tariffs", [("trump", "Trump"), ("tariff", "tariffs")]),
    ("Trump’s tariffs", [("trump", "Trump"), ("tariff", "tariffs")]),
    ("the Trumps", []),
    ("nontariff barriers and non-tariff ones", [("tariff", "tariff")]),
    ("inflation reduction act", [("ira", "inflation reduction act")]),
    ("Inflation  Reduction\nAct", [("ira", "Inflation  Reduction\nAct")]),
    ("Posco and POSCO", [("posco", "Posco"), ("posco", "POSCO")]),
    ("EVs and EV", [("ev", "EVs"), ("ev", "EV")]),
    # longest match and overlaps
    ("EV subsidy", [("ev_subsidy", "EV subsidy")]),
    ("electric vehicle subsidies", [("ev_subsidy", "electric vehicle subsidies")]),
    ("electric vehicles", [("ev", "electric vehicles")]),
    ("the Trump administration", [("trump_administration", "Trump administration")]),
    ("supply chain reaction", [("supply_chain", "supply chain")]),
    ("a chain reaction", [("chain_reaction", "chain reaction")]),
    (
        "Battery500 and Battery 500 and battery",
        [("battery500", "Battery500"), ("battery500", "Battery 500"), ("battery", "battery")],
    ),
    ("POSCO Future M and POSCO", [("posco_future_m", "POSCO Future M"), ("posco", "POSCO")]),
    # a forbidden rendering hides the term inside it
    ("rechargeable batteries", []),
    ("secondary batteries", [("secondary_battery", "secondary batteries")]),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES, ids=[c[0][:30] for c in EN_CASES])
def test_find_terms_en(mini: Glossary, text: str, expected: list[tuple[str, str]]) -> None:
    assert _hits(text, "en", mini) == expected


KO_CASES = [
    # particles after the term; the hit stops before them
    ("IRA는 바뀐다", [("ira", "IRA")]),
    ("배터리500과 협력", [("battery500", "배터리500")]),
    ("관세를 매긴다", [("tariff", "관세")]),
    ("전기차로도 간다", [("ev", "전기차")]),
    ("전기차들에서도 본다", [("ev", "전기차")]),
    ("인플레이션감축법(IRA)이", [("ira", "인플레이션감축법"), ("ira", "IRA")]),
    ("국회의 결정", [("national_assembly", "국회")]),
    # spacing inside compounds
    ("인플레이션 감축법을", [("ira", "인플레이션 감축법")]),
    ("인플레이션감축법", [("ira", "인플레이션감축법")]),
    ("전기차보조금과 전기차 보조금", [("ev_subsidy", "전기차보조금"), ("ev_subsidy", "전기차 보조금")]),
    ("SK온은 SK 온과", [("sk_on", "SK온"), ("sk_on", "SK 온")]),
    ("에너지 저장 장치와 에너지저장장치", [("ess", "에너지 저장 장치"), ("ess", "에너지저장장치")]),
    ("배터리 500은", [("battery500", "배터리 500")]),
    # longer words are not the term
    ("관세율 인상", []),
    ("국회의원 선거", []),
    ("리튬이온 배터리", [("battery", "배터리")]),
    # acronyms in Korean text: case and Latin boundaries
    ("ira는", []),
    ("ABCIRA와 IRA2", []),
    ("ESS용 배터리", [("ess", "ESS"), ("battery", "배터리")]),
    ("2차전지 산업", [("secondary_battery", "2차전지")]),
    # longest match and overlaps
    ("보편관세가", [("universal_tariff", "보편관세")]),
    ("무관세 혜택", [("tariff", "관세")]),
    ("트럼프 행정부는 트럼프가", [("trump_administration", "트럼프 행정부"), ("trump", "트럼프")]),
    ("포스코퓨처엠과 포스코", [("posco_future_m", "포스코퓨처엠"), ("posco", "포스코")]),
    ("첨단제조생산세액공제(AMPC)", [("ampc", "첨단제조생산세액공제"), ("ampc", "AMPC")]),
]


@pytest.mark.parametrize(("text", "expected"), KO_CASES, ids=[c[0] for c in KO_CASES])
def test_find_terms_ko(mini: Glossary, text: str, expected: list[tuple[str, str]]) -> None:
    assert _hits(text, "ko", mini) == expected


def test_hits_carry_offsets_and_language(mini: Glossary) -> None:
    text = "미국 IRA는 관세를"
    hits = find_terms(text, "ko", mini)
    assert [(h.start, h.end, h.lang) for h in hits] == [(3, 6, "ko"), (8, 10, "ko")]
    assert all(text[h.start : h.end] == h.surface for h in hits)


def test_find_forbidden(mini: Glossary) -> None:
    text = "The rechargeable battery and an energy saving system, not a secondary battery."
    found = [(h.entry_id, h.surface, h.lang) for h in find_forbidden(text, mini)]
    assert found == [
        ("secondary_battery", "rechargeable battery", "en"),
        ("ess", "energy saving system", "en"),
    ]


def test_unknown_language_names_the_supported_ones(mini: Glossary) -> None:
    with pytest.raises(ValueError, match="supported: en, ko"):
        find_terms("text", "fr", mini)


def test_empty_glossary_finds_nothing() -> None:
    empty = Glossary(())
    assert find_terms("IRA 관세", "ko", empty) == []
    assert find_forbidden("rechargeable battery", empty) == []


def test_first_entry_keeps_a_contested_form() -> None:
    glossary = Glossary(
        (GlossaryEntry("a", "가나", "alpha", en_variants=("shared",)), GlossaryEntry("b", "다라", "shared"))
    )
    assert _hits("shared", "en", glossary) == [("b", "shared")]


_PIECES = [
    "IRA",
    "Ira",
    "ESS",
    "관세",
    "를",
    "는",
    "과",
    "배터리",
    "500",
    "전기차",
    " 보조금",
    "tariff",
    "s",
    "'s",
    " ",
    "  ",
    "-",
    "(",
    ")",
    "x",
    "ESSAY",
    "인플레이션",
    " 감축법",
    "SK",
    "온",
    "supply",
    " chain",
    " reaction",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=30), st.sampled_from(["ko", "en"]))
def test_hits_match_the_text_and_never_overlap(pieces: list[str], lang: str) -> None:
    glossary = _load(DATA / "mini.csv")
    text = "".join(pieces)
    hits = find_terms(text, lang, glossary)
    for hit in hits:
        assert text[hit.start : hit.end] == hit.surface
        assert hit.start < hit.end
    for before, after in itertools.pairwise(hits):
        assert before.end <= after.start


def test_load_accepts_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(
        "\ufeffid,ko,en\r\nira,인플레이션 감축법,Inflation Reduction Act\r\ntariff,관세,tariff\r\n".encode()
    )
    glossary = load_glossary(path)
    assert [(e.id, e.ko, e.en, e.line) for e in glossary.entries] == [
        ("ira", "인플레이션 감축법", "Inflation Reduction Act", 2),
        ("tariff", "관세", "tariff", 3),
    ]
    assert glossary.path == str(path)
    assert glossary.get("tariff") is glossary.entries[1]
    assert len(glossary) == 2


def test_load_reads_optional_columns_and_splits_lists(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        'en,id,ko,en_variants,note\ncustoms duty,tariff,관세,duty | levy,"a note, with a comma"\n'
    )
    (entry,) = load_glossary(path).entries
    assert entry == GlossaryEntry(
        id="tariff",
        ko="관세",
        en="customs duty",
        en_variants=("duty", "levy"),
        note="a note, with a comma",
        line=2,
    )


def test_load_raises_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("id,ko,en\na,관세,tariff\na,보조금,subsidy\n")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert str(info.value) == f"{path}:3: duplicate id 'a' (first used on line 2)"
    assert info.value.line == 3


def test_load_logs_warnings(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "g.csv"
    path.write_text("id,ko,en,en_variants\na,관세,tariff,tariff\n")
    load_glossary(path)
    assert "listed twice" in caplog.text


def test_normalised_csv_is_sorted_and_stable(tmp_path: Path) -> None:
    messy = tmp_path / "messy.csv"
    messy.write_bytes(
        "\ufeffen,id,ko,en_variants\r\n"
        "tariff,tariff,관세,customs duty | duty\r\n"
        "subsidy,subsidy,보조금,\r\n".encode()
    )
    out = tmp_path / "out.csv"
    write_glossary_csv(load_glossary(messy), out)
    assert out.read_text(encoding="utf-8") == (
        "id,ko,en,ko_variants,en_variants,type,note,forbidden\n"
        "subsidy,보조금,subsidy,,,,,\n"
        "tariff,관세,tariff,,customs duty|duty,,,\n"
    )
    again = tmp_path / "again.csv"
    write_glossary_csv(load_glossary(out), again)
    assert again.read_bytes() == out.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.csv", "messy.csv", "out.csv"]


def test_shipped_glossary_lints_clean() -> None:
    assert lint_glossary(SHIPPED) == []


def test_shipped_glossary_is_normalised(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    write_glossary_csv(load_glossary(SHIPPED), out)
    assert out.read_bytes() == SHIPPED.read_bytes()


def test_shipped_glossary_covers_the_domain() -> None:
    glossary = load_glossary(SHIPPED)
    assert len(glossary) >= 44
    for entry_id in ("ira", "ampc", "ess", "battery500", "sec30d", "sec45x", "motie", "kbia", "catl", "lges"):
        assert glossary.get(entry_id) is not None, entry_id
    assert glossary.get("secondary_battery").forbidden == ("rechargeable battery",)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "lang", "entry_id"),
    [
        ("IRA", "en", "ira"),
        ("Inflation Reduction Act", "en", "ira"),
        ("IRA는", "ko", "ira"),
        ("인플레이션감축법", "ko", "ira"),
        ("AMPC", "en", "ampc"),
        ("AMPC를", "ko", "ampc"),
        ("advanced manufacturing production tax credits", "en", "ampc"),
        ("첨단제조 생산세액공제", "ko", "ampc"),
        ("ESS", "en", "ess"),
        ("ESSs", "en", "ess"),
        ("energy storage systems", "en", "ess"),
        ("ESS용", "ko", "ess"),
        ("에너지저장장치", "ko", "ess"),
        ("Battery500", "en", "battery500"),
        ("Battery 500", "en", "battery500"),
        ("배터리500과", "ko", "battery500"),
        ("배터리 500", "ko", "battery500"),
    ],
)
def test_shipped_glossary_finds_the_key_terms(text: str, lang: str, entry_id: str) -> None:
    hits = find_terms(text, lang, _load(SHIPPED))
    assert [h.entry_id for h in hits] == [entry_id]


def test_a_1000_entry_glossary_finds_every_occurrence_in_long_text() -> None:
    # Speed is measured by bench/bench_glossary.py; this checks the same workload's hits.
    entries = []
    for i in range(1000):
        word = "".join(chr(0xAC00 + (i * 37 + k * 101) % 11172) for k in range(3))
        entries.append(
            GlossaryEntry(f"e{i}", word, f"term{i} concept", ko_variants=(f"K{i}",), en_variants=(f"T{i}",))
        )
    glossary = Glossary(tuple(entries))
    sentence_ko = "정부는 " + entries[5].ko + "를 두고 K12와 " + entries[700].ko + " 문제를 논의했다. "
    sentence_en = "The government discussed term5 concept and T12 with term700 concepts today. "
    for lang, sentence in (("ko", sentence_ko), ("en", sentence_en)):
        hits = find_terms(sentence * 200, lang, glossary)
        assert [h.entry_id for h in hits] == ["e5", "e12", "e700"] * 200

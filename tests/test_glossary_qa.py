"""Terminology QA over one bead's hits: missing counterparts and forbidden renderings."""

from __future__ import annotations

from pathlib import Path

import pytest

from kobridge.glossary import Glossary, TermIssue, check_terms, find_forbidden, find_terms, load_glossary

DATA = Path(__file__).parent / "data" / "glossary"


@pytest.fixture(scope="module")
def mini() -> Glossary:
    return load_glossary(DATA / "mini.csv")


def _check(ko: str, en: str, glossary: Glossary) -> list[TermIssue]:
    return check_terms(
        find_terms(ko, "ko", glossary),
        find_terms(en, "en", glossary),
        glossary,
        forbidden_hits=find_forbidden(en, glossary),
    )


def test_consistent_bead_has_no_issues(mini: Glossary) -> None:
    assert _check("IRA는 관세를 바꾼다.", "The Inflation Reduction Act changes tariffs.", mini) == []


def test_term_missing_on_the_english_side(mini: Glossary) -> None:
    (issue,) = _check("IRA는 관세를 바꾼다.", "The law changes tariffs.", mini)
    assert issue == TermIssue(
        kind="missing",
        entry_id="ira",
        lang="en",
        surface="IRA",
        expected="Inflation Reduction Act",
        message="'IRA' (ira) has no counterpart on the English side; expected 'Inflation Reduction Act'",
    )


def test_term_missing_on_the_korean_side(mini: Glossary) -> None:
    issues = _check("법이 바뀐다.", "Tariffs and the IRA change, and tariffs again.", mini)
    assert [(i.kind, i.entry_id, i.lang, i.surface, i.expected) for i in issues] == [
        ("missing", "tariff", "ko", "Tariffs", "관세"),
        ("missing", "ira", "ko", "IRA", "인플레이션 감축법"),
    ]


def test_forbidden_rendering_is_reported_instead_of_missing(mini: Glossary) -> None:
    issues = _check("이차전지 공장", "a rechargeable battery plant", mini)
    assert [(i.kind, i.entry_id, i.lang, i.surface, i.expected) for i in issues] == [
        ("forbidden", "secondary_battery", "en", "rechargeable battery", "secondary battery"),
    ]
    assert issues[0].message == (
        "forbidden rendering 'rechargeable battery' (secondary_battery); use 'secondary battery'"
    )


def test_source_side_missing_comes_before_target_side_and_forbidden(mini: Glossary) -> None:
    issues = _check("관세와 이차전지", "subsidies for rechargeable batteries", mini)
    assert [(i.kind, i.entry_id) for i in issues] == [
        (
            "missing",
            "tariff",
        ),
        ("missing", "subsidy"),
        ("forbidden", "secondary_battery"),
    ]


def test_each_entry_is_reported_once(mini: Glossary) -> None:
    issues = _check("관세, 관세, 관세", "nothing here", mini)
    assert [i.entry_id for i in issues] == ["tariff"]


def test_english_source_korean_target(mini: Glossary) -> None:
    issues = check_terms(find_terms("The IRA", "en", mini), find_terms("법", "ko", mini), mini)
    assert [(i.lang, i.expected) for i in issues] == [("ko", "인플레이션 감축법")]

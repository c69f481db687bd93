"""The glossary linter: each broken CSV gives its message on the right line, and load refuses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kobridge.errors import GlossaryError
from kobridge.glossary import lint_glossary, load_glossary

HEADER = "id,ko,en,ko_variants,en_variants,type,note,forbidden\n"
GOOD = "tariff,관세,tariff,,,concept,,\n"

# (case, file content, line, message)
BROKEN: list[tuple[str, str | bytes, int, str]] = [
    ("missing_column", "id,ko\ntariff,관세\n", 1, "missing column 'en' (expected id,ko,en,"),
    ("unknown_column", "id,ko,en,colour\ntariff,관세,tariff,red\n", 1, "unknown column 'colour'"),
    ("duplicate_column", "id,ko,en,ko\ntariff,관세,tariff,관세\n", 1, "duplicate column 'ko'"),
    ("empty_file", "", 1, "empty file: the glossary needs a header row"),
    (
        "duplicate_id",
        HEADER + GOOD + "tariff,보조금,subsidy,,,,,\n",
        3,
        "duplicate id 'tariff' (first used on line 2)",
    ),
    (
        "form_under_two_ids",
        HEADER + "a,관세,tariff,,customs duty,,,\nb,통관세,import duty,,Customs Duty,,,\n",
        3,
        "variant 'Customs Duty' is already a variant of entry 'a' (line 2); a form belongs to one entry",
    ),
    (
        "korean_form_under_two_ids",
        HEADER + "a,에너지 저장 장치,energy storage system,,,,,\nb,에너지저장장치,ESS,,,,,\n",
        3,
        "main form '에너지저장장치' is already a main form of entry 'a' (line 2)",
    ),
    (
        "acronym_case_clash",
        HEADER + "ira,인플레이션 감축법,Inflation Reduction Act,,IRA,,,\nira_glass,아이라 글래스,Ira,,,,,\n",
        3,
        "main form 'Ira' is already a variant of entry 'ira' (line 2)",
    ),
    (
        "variant_equals_main_form",
        HEADER + GOOD + "duty,관세율,duty rate,,tariff,,,\n",
        3,
        "variant 'tariff' equals the main form of entry 'tariff' (line 2)",
    ),
    (
        "forbidden_is_allowed_elsewhere",
        HEADER + GOOD + "sb,이차전지,secondary battery,,,,,tariff\n",
        3,
        "forbidden rendering 'tariff' is a main form of entry 'tariff' (line 2); it cannot be both",
    ),
    (
        "forbidden_is_own_form",
        HEADER + "sb,이차전지,secondary battery,,,,,Secondary Battery\n",
        2,
        "forbidden rendering 'Secondary Battery' is also a form of this entry",
    ),
    (
        "empty_id",
        HEADER + ",관세,tariff,,,,,\n",
        2,
        "empty required field 'id': every entry needs id, ko and en",
    ),
    ("empty_ko", HEADER + "tariff,,tariff,,,,,\n", 2, "empty required field 'ko'"),
    ("empty_en", HEADER + GOOD + "subsidy,보조금,  ,,,,,\n", 3, "empty required field 'en'"),
    (
        "spaces_at_ends",
        HEADER + "tariff, 관세,tariff,,,,,\n",
        2,
        "spaces at the ends of 'ko' (' 관세'); remove them",
    ),
    ("spaces_in_header", "id,ko ,en\ntariff,관세,tariff\n", 1, "spaces at the ends of column name 'ko '"),
    (
        "quote_inside_field",
        HEADER + GOOD + 'sb,"이차전지"x,secondary battery,,,,,\n',
        3,
        "broken quoting in the row starting here",
    ),
    (
        "unclosed_quote",
        HEADER + 'sb,"이차전지,secondary battery,,,,,\n' + GOOD + GOOD,
        2,
        "broken quoting in the row starting here (unexpected end of data)",
    ),
    (
        "quote_runs_over_lines",
        HEADER + 'sb,"이차전지,secondary battery,,,,,\ntariff",관세,tariff,,,,,\n',
        2,
        "row runs on to line 3: a quote opened here is not closed",
    ),
    (
        "too_few_fields",
        HEADER + GOOD + "sb,이차전지,secondary battery\n",
        3,
        "3 fields where the header has 8: wrap a field that holds a comma",
    ),
    (
        "unquoted_comma",
        HEADER + "motie,산업통상자원부,Ministry of Trade, Industry and Energy,,,,,\n",
        2,
        "9 fields where the header has 8",
    ),
    (
        "xml_forbidden_character",
        HEADER + GOOD + "sb,이차전지,secondary\x07battery,,,,,\n",
        3,
        "character U+0007 in 'en' cannot be stored in XML 1.0; delete it",
    ),
    (
        "xml_forbidden_in_variant",
        HEADER + "sb,이차전지,secondary battery,2차\x0b전지,,,,\n",
        2,
        "character U+000B in 'ko_variants'",
    ),
    (
        "invalid_id_digit_first",
        HEADER + "30d,30D,Section 30D,,,,,\n",
        2,
        "invalid id '30d': an id starts with a letter and holds only ASCII letters, digits, '-' and '_'",
    ),
    ("invalid_id_space", HEADER + "tax credit,세액공제,tax credit,,,,,\n", 2, "invalid id 'tax credit'"),
    ("invalid_id_hangul", HEADER + "관세,관세,tariff,,,,,\n", 2, "invalid id '관세'"),
    (
        "empty_list_item",
        HEADER + "ev,전기차,electric vehicle,,EV||EVs,,,\n",
        2,
        "empty item in 'en_variants' ('EV||EVs'): remove the doubled or stray '|'",
    ),
    ("trailing_separator", HEADER + "ev,전기차,electric vehicle,,EV|,,,\n", 2, "empty item in 'en_variants'"),
    (
        "not_utf8",
        (HEADER + GOOD).encode() + "ira,인플레이션,Inflation Reduction Act,,,,,\n".encode("cp949"),
        3,
        "not UTF-8 (byte 0xc0); save the file as UTF-8",
    ),
    ("binary", b"id,ko,en\n\x00\x01\x02", 2, "NUL character: this looks like a binary file"),
]


@pytest.mark.parametrize(("case", "content", "line", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_lint_reports_the_line_and_message(
    tmp_path: Path, case: str, content: str | bytes, line: int, message: str
) -> None:
    path = tmp_path / f"{case}.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    issues = lint_glossary(path)
    errors = [i for i in issues if i.severity == "error"]
    assert errors, issues
    assert any(i.line == line and message in i.message for i in errors), [str(i) for i in issues]
    assert all(i.path == str(path) for i in issues)
    with pytest.raises(GlossaryError, match=r"^" + str(path).replace("\\", "\\\\") + r":\d+: "):
        load_glossary(path)


def test_lint_issue_string_is_path_line_severity_message(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(HEADER + GOOD + GOOD, encoding="utf-8")
    (issue,) = lint_glossary(path)
    assert str(issue) == f"{path}:3: error: duplicate id 'tariff' (first used on line 2)"


def test_lint_line_numbers_with_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(("\ufeff" + HEADER + GOOD + "\n" + GOOD).replace("\n", "\r\n").encode())
    assert [(i.line, i.message) for i in lint_glossary(path)] == [
        (4, "duplicate id 'tariff' (first used on line 2)")
    ]


def test_lint_reports_every_problem_sorted_by_line(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        HEADER + "bad id,보조금,subsidy,,,,,\n" + GOOD + "x,리튬, lithium,,,,,\n", encoding="utf-8"
    )
    assert [(i.line, i.message.split(" ")[0]) for i in lint_glossary(path)] == [
        (2, "invalid"),
        (4, "spaces"),
    ]


def test_same_form_twice_in_one_entry_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(HEADER + "tariff,관세,tariff,관세,,,,\n", encoding="utf-8")
    (issue,) = lint_glossary(path)
    assert (issue.severity, issue.line) == ("warning", 2)
    assert "'관세' is listed twice in this entry" in issue.message
    assert load_glossary(path).entries[0].ko_variants == ("관세",)


def test_spelling_variants_of_one_form_in_one_entry_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(HEADER + "ess,에너지저장장치,ESS,에너지 저장 장치,Ess,,,\n", encoding="utf-8")
    assert lint_glossary(path) == []


def test_missing_file_is_an_issue_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    (issue,) = lint_glossary(path)
    assert issue.line == 0
    assert issue.message.startswith("cannot read the glossary")
    assert str(issue).startswith(f"{path}: error: ")
    with pytest.raises(GlossaryError, match="cannot read the glossary"):
        load_glossary(path)


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("id,ko,en\ntariff,관세,tariff\n", encoding="utf-8")
    assert lint_glossary(path) == []


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("id,ko,en\n\ntariff,관세,tariff\n\n", encoding="utf-8")
    assert lint_glossary(path) == []
    assert load_glossary(path).entries[0].line == 3

"""The HTML review page, read back with lxml: escaping, one row per bead, flags, terms, summary."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import logging

import lxml.html
import pytest

from kobridge.formats.html import html_bytes
from kobridge.model import Alignment, Bead, GlossaryEntry, TermHit

from .conftest import make_doc

INJECTION = "<script>alert(1)</script>"


def page(alignment: Alignment, **kwargs: object) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html_bytes(alignment, **kwargs))  # type: ignore[arg-type]


def select(node: lxml.html.HtmlElement, tag: str, *classes: str) -> list[lxml.html.HtmlElement]:
    """The descendants of ``node`` named ``tag`` ("*" for any) that have all of ``classes``."""
    tests = "".join(f"[contains(concat(' ', normalize-space(@class), ' '), ' {c} ')]" for c in classes)
    return node.xpath(f".//{tag}{tests}")


def rows(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return root.xpath("//ol[@class='beads']/li")


@pytest.fixture
def hostile() -> Alignment:
    """Input text, names, glossary notes and issues full of markup and quotes."""
    ko = make_doc([[f"보조금이 {INJECTION} 줄 수 있다.", "“따옴표” 'a' & \"b\"."]], "ko", 'x"><script>k.txt')
    en = make_doc([[f"Subsidies {INJECTION} may shrink.", "<img src=x onerror=alert(2)> & 'c'."]], "en")
    entry = GlossaryEntry("e1", "보조금", "subsidy", note=f'note "{INJECTION}"')
    ko = dataclasses.replace(ko, terms=((TermHit("e1", 0, 3, "보조금", "ko"),), ()))
    return Alignment(ko, en, (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)), glossary=(entry,))


def test_input_text_is_escaped_never_markup(hostile: Alignment) -> None:
    data = html_bytes(hostile, issues=[(1, f"bad {INJECTION}")]).decode("utf-8")
    assert INJECTION not in data
    assert "<img" not in data
    assert data.count("<script") == 1  # the page's own script, at the end of the body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in data
    root = lxml.html.document_fromstring(data)
    assert len(root.xpath("//script")) == 1
    assert root.xpath("//script")[0].getparent().tag == "body"
    assert not root.xpath("//img")
    sentences = [s.text_content() for s in select(root, "span", "s")]
    assert sentences == [s.text for s in hostile.src.sentences[:1]] + [
        hostile.tgt.sentences[0].text,
        hostile.src.sentences[1].text,
        hostile.tgt.sentences[1].text,
    ]
    assert select(root, "mark", "term")[0].get("title") == f'보조금 / subsidy — note "{INJECTION}"'
    assert 'x"><script>k.txt' in root.findtext(".//title")
    assert root.xpath("//details[@class='issues']/ul/li")[0].text_content() == f"bead 1: bad {INJECTION}"


def test_one_row_per_bead_in_order(small_alignment: Alignment) -> None:
    found = rows(page(small_alignment))
    assert len(found) == len(small_alignment.beads)
    for number, (row, bead) in enumerate(zip(found, small_alignment.beads, strict=True)):
        assert row.get("id") == f"b{number}"
        assert row.get("data-kind") == bead.kind
        sides = select(row, "div", "side")
        assert [s.get("lang") for s in sides] == ["ko", "en"]
        docs = (small_alignment.src, small_alignment.tgt)
        for side, indices, doc, name in zip(
            sides, (bead.src, bead.tgt), docs, ("Korean", "English"), strict=True
        ):
            assert [int(s.get("data-index")) for s in select(side, "span", "s")] == list(indices)
            expected = " ".join(doc.sentences[i].text for i in indices)
            assert side.text_content() == (expected or f"no {name} sentence")


def test_one_sided_and_low_confidence_beads_are_flagged(small_alignment: Alignment) -> None:
    found = rows(page(small_alignment, threshold=0.5))
    classes = [set(row.get("class").split()) for row in found]
    assert "flagged" not in classes[0] and "flagged" not in classes[1]
    assert {"flagged", "one-sided", "low"} <= classes[2]
    assert {"flagged", "one-sided", "low"} <= classes[3]
    assert [row.get("tabindex") for row in found] == [None, None, "0", "0"]
    badges = [b.text_content() for b in select(found[2], "*", "badge")]
    assert badges == ["only in Korean", "low confidence", "likely missed merge"]
    assert select(found[3], "*", "badge")[0].text_content() == "only in English"
    assert select(found[2], "div", "side", "empty")[0].get("lang") == "en"


def test_threshold_decides_low_confidence(small_alignment: Alignment) -> None:
    found = rows(page(small_alignment, threshold=0.8))
    assert "low" in found[1].get("class").split()  # 0.7 < 0.8
    assert "low" not in found[0].get("class").split()  # 0.9
    with pytest.raises(ValueError, match="threshold"):
        html_bytes(small_alignment, threshold=1.5)


def test_term_issues_flag_their_bead_and_link_from_the_summary(small_alignment: Alignment) -> None:
    root = page(small_alignment, issues=[(0, "'이차전지' has no counterpart"), (0, "second"), (9, "stray")])
    first = rows(root)[0]
    assert {"flagged", "term-issue"} <= set(first.get("class").split())
    assert first.get("tabindex") == "0"
    assert [li.text_content() for li in first.xpath(".//ul[@class='bead-issues']/li")] == [
        "'이차전지' has no counterpart",
        "second",
    ]
    links = root.xpath("//details[@class='issues']/ul/li/a")
    assert [a.get("href") for a in links] == ["#b0", "#b0"]
    assert root.get_element_by_id("b0") is first
    # An issue for a bead that does not exist is listed without a link.
    assert root.xpath("//details[@class='issues']/ul/li")[-1].text_content() == "stray"


def test_glossary_terms_are_highlighted_with_their_entry(
    small_alignment: Alignment, caplog: pytest.LogCaptureFixture
) -> None:
    entries = (
        GlossaryEntry("battery", "이차전지", "secondary battery", note="not 'rechargeable battery'"),
        GlossaryEntry("ira", "IRA", "IRA"),
    )
    ko_terms = (
        (TermHit("battery", 3, 7, "이차전지", "ko"),),
        (TermHit("ira", 4, 7, "IRA", "ko"), TermHit("ira", 5, 7, "RA", "ko")),  # overlapping: dropped
        (),
        (),
    )
    at = small_alignment.tgt.sentences[0].text.index("IRA")
    en_terms = ((TermHit("ira", at, at + 3, "IRA", "en"), TermHit("ghost", 0, 3, "xyz", "en")), (), (), ())
    alignment = dataclasses.replace(
        small_alignment,
        src=dataclasses.replace(small_alignment.src, terms=ko_terms),
        tgt=dataclasses.replace(small_alignment.tgt, terms=en_terms),
        glossary=entries,
    )
    with caplog.at_level(logging.WARNING, logger="kobridge.formats.html"):
        root = page(alignment)
    assert "term 'xyz' does not match en sentence 0" in caplog.text
    marks = select(root, "mark", "term")
    assert [(m.text, m.get("data-entry"), m.get("title")) for m in marks] == [
        ("이차전지", "battery", "이차전지 / secondary battery — not 'rechargeable battery'"),
        ("IRA", "ira", "IRA / IRA"),
        ("IRA", "ira", "IRA / IRA"),
    ]
    # Highlighting never changes the sentence text.
    assert select(rows(root)[0], "div", "side")[0].text_content() == " ".join(
        s.text for s in small_alignment.src.sentences[:2]
    )
    assert "Korean 2 · English 1 (of 2 entries)" in root.text_content()  # the highlighted ones


def test_summary_counts_sentences_beads_and_confidence(small_alignment: Alignment) -> None:
    facts = select(page(small_alignment), "dl", "facts")[0]
    values = {dt.text: dt.getnext().text_content() for dt in facts.xpath("dt")}
    assert values["Sentences"] == "Korean 4 · English 4"
    assert values["Beads"] == "4 (2-1: 1, 1-2: 1, 1-0: 1, 0-1: 1)"
    assert values["Mean confidence"] == "0.48"
    assert values["Flagged"] == (
        "2 beads: 2 one-sided, 2 below 0.50 confidence, 2 in a likely missed merge, 0 with term issues"
    )
    assert values["Terminology issues"] == "none (no glossary applied)"


def test_page_is_self_contained_and_locked_down(small_alignment: Alignment) -> None:
    root = page(small_alignment)
    assert not root.xpath("//@src")
    assert all(href.startswith("#") for href in root.xpath("//@href"))
    assert not root.xpath("//link")
    policy = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        (element,) = root.xpath(f"//{tag}")
        digest = base64.b64encode(hashlib.sha256(element.text.encode("utf-8")).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy
    assert root.xpath("//meta/@charset") == ["utf-8"]


def test_page_is_deterministic(small_alignment: Alignment) -> None:
    assert html_bytes(small_alignment) == html_bytes(small_alignment)


def test_control_characters_are_dropped_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    ko, en = make_doc([["가\x00나\x0b다."]], "ko"), make_doc([["A\x1fB."]], "en")
    with caplog.at_level(logging.WARNING, logger="kobridge.formats.html"):
        root = page(Alignment(ko, en, (Bead((0,), (0,), 1.0),)))
    assert [s.text for s in select(root, "span", "s")] == ["가나다.", "AB."]
    assert "removed 3 characters" in caplog.text


def test_empty_alignment_has_no_rows(small_alignment: Alignment) -> None:
    root = page(dataclasses.replace(small_alignment, beads=()))
    assert rows(root) == []
    assert "Mean confidence" in root.text_content()


def test_file_names_are_shown_without_their_directories(small_alignment: Alignment) -> None:
    src = dataclasses.replace(small_alignment.src, name="/home/editor/articles/a.ko.txt")
    root = page(dataclasses.replace(small_alignment, src=src))
    assert root.findtext(".//h1") == "Alignment review: a.ko.txt ↔ a.en.txt"
    assert "/home/editor" not in root.findtext(".//title")
    assert root.xpath("//div[@title='/home/editor/articles/a.ko.txt']/text()") == ["Korean — a.ko.txt"]


def test_issue18_item10_bead_numbers_count_from_0_as_in_the_report(small_alignment: Alignment) -> None:
    """Issue 18, item 10: the page numbered beads from 1, stderr and --report JSON from 0."""
    root = page(small_alignment, issues=[(1, "'보조금' has no counterpart")])
    numbers = [a.text for a in root.xpath("//li[contains(@class, 'bead')]//a[@class='number']")]
    assert numbers == ["0", "1", "2", "3"]
    assert root.xpath("//details[@class='issues']//a")[0].text == "bead 1"  # the issue's 0-based bead


def test_issue18_item11_forbidden_rendering_is_highlighted(small_alignment: Alignment) -> None:
    """Issue 18, item 11: a forbidden rendering in the English text was not highlighted."""
    root = page(small_alignment, issues=[(1, "forbidden rendering 'Tariffs'")], forbidden=[(1, "Tariffs")])
    marks = root.xpath("//li[@id='b1']//mark[@class='forbidden']")
    assert [m.text for m in marks] == ["Tariffs"]
    assert marks[0].getparent().getparent().get("lang") == "en"
    assert not root.xpath("//li[@id='b0']//mark[@class='forbidden']")


@pytest.mark.parametrize(
    ("kinds", "flagged"),
    [
        (["1-1", "1-0", "1-1", "0-1", "1-1"], [1, 2, 3]),
        (["0-1", "1-0", "1-1"], [0, 1]),
        (["1-0", "1-1", "1-1", "0-1"], []),  # two 1-1 between: no longer one run
        (["1-0", "1-1", "1-0"], []),  # both omissions: nothing to merge
    ],
)
def test_issue18_item11_one_sided_run_is_a_likely_missed_merge(kinds: list[str], flagged: list[int]) -> None:
    """Issue 18, item 11: a 1-0 / 1-1 / 0-1 run was not shown as a likely missed merge."""
    beads, src, tgt = [], 0, 0
    for kind in kinds:
        a, b = (int(x) for x in kind.split("-"))
        beads.append(Bead(tuple(range(src, src + a)), tuple(range(tgt, tgt + b)), 0.9))
        src, tgt = src + a, tgt + b
    ko = make_doc([[f"문장 {i}." for i in range(src)]], "ko")
    en = make_doc([[f"Sentence {j}." for j in range(tgt)]], "en")
    found = rows(page(Alignment(ko, en, tuple(beads))))
    assert [n for n, row in enumerate(found) if "merge" in row.get("class").split()] == flagged

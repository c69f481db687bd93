"""Reading articles in the formats people have them (issue 16): a news page, DOCX, Markdown,
format detection, hard-wrapped text, and the errors of bad files."""

from __future__ import annotations

import logging
import textwrap
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.errors import InputError
from kobridge.formats.read_tei import read_tei
from kobridge.formats.tei import TEI_NS, tei_bytes
from kobridge.formats.validate import validate_tree
from kobridge.inputs import InputFormat, decode_input, read_input
from kobridge.inputs.sniff import resolve_format
from kobridge.pipeline import align_texts, make_document

from .conftest import SAMPLES

runner = CliRunner()
NEWS = Path(__file__).parent / "data" / "news"
NS = {"t": TEI_NS}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# --- The news page -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_news_page_extracts_to_exactly_the_article(lang: str) -> None:
    """Navigation, cookie banner, ads, scripts, share buttons, tags, related and most-read
    lists, comments and footer are gone; the headline is the first paragraph."""
    source = read_input(NEWS / f"article.{lang}.html")
    expected = (NEWS / f"article.{lang}.expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert source.text == expected
    assert source.info is not None
    assert source.text.split("\n\n")[0] == source.info.title
    assert source.info.format == "html"
    assert source.info.date == "2026-03-14"
    assert source.info.author == {"ko": "서민지", "en": "Min-ji Seo"}[lang]
    assert source.info.extractor.startswith("trafilatura ")


def test_news_page_pair_aligns_one_to_one_with_the_headline_first() -> None:
    alignment = align_texts(read_input(NEWS / "article.ko.html"), read_input(NEWS / "article.en.html"))
    assert [b.kind for b in alignment.beads] == ["1-1"] * 11
    assert alignment.src.sentences[0].text == "대전 버스정류장, 내년 여름부터 햇빛으로 불 켠다"
    for doc in (alignment.src, alignment.tgt):
        assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)


@pytest.fixture(scope="module")
def news_tei() -> tuple[bytes, etree._ElementTree]:
    alignment = align_texts(read_input(NEWS / "article.ko.html"), read_input(NEWS / "article.en.html"))
    data = tei_bytes(alignment)
    return data, etree.ElementTree(etree.fromstring(data))


def test_tei_header_names_the_page_its_format_headline_author_and_date(news_tei, tei_all) -> None:
    _, tree = news_tei
    (bibl, _) = tree.xpath("//t:sourceDesc/t:bibl", namespaces=NS)
    assert bibl.get("type") == "html"
    assert bibl.xpath("t:title[not(@type)]/text()", namespaces=NS) == ["article.ko.html"]
    assert bibl.xpath("t:title[@type='article']/text()", namespaces=NS) == [
        "대전 버스정류장, 내년 여름부터 햇빛으로 불 켠다"
    ]
    assert bibl.xpath("t:author/text()", namespaces=NS) == ["서민지"]
    assert bibl.xpath("t:date/@when", namespaces=NS) == ["2026-03-14"]
    assert bibl.xpath("t:note[@type='extractor']/text()", namespaces=NS)[0].startswith("trafilatura ")
    assert len(tree.xpath("//t:normalization/t:p", namespaces=NS)) == 2
    assert validate_tree(tree, "news.xml") == []
    assert tei_all.validate(tree), tei_all.error_log


def test_tei_of_an_extracted_text_reads_back_unchanged(news_tei) -> None:
    data, tree = news_tei
    back = read_tei(tree)
    assert back.src.source is not None and back.src.source.author == "서민지"
    assert tei_bytes(back) == data


def test_a_date_that_is_not_iso_stays_text_without_when(tmp_path: Path, tei_all) -> None:
    page = (tmp_path / "ko.md", "---\ntitle: 제목\ndate: 3월 14일\n---\n\n# 제목\n\n본문이다.\n")
    page[0].write_text(page[1], encoding="utf-8")
    english = tmp_path / "en.txt"
    english.write_text("Title\n\nThe body.\n", encoding="utf-8")
    tree = etree.ElementTree(
        etree.fromstring(tei_bytes(align_texts(read_input(page[0]), read_input(english))))
    )
    assert tree.xpath("//t:bibl[@type='md']/t:date", namespaces=NS)[0].attrib == {}
    assert tree.xpath("//t:bibl[not(@type)]/t:title/text()", namespaces=NS) == ["en.txt"]
    assert validate_tree(tree, "md.xml") == []
    assert tei_all.validate(tree), tei_all.error_log


# --- Format detection --------------------------------------------------------------------

PAGE = b"<!DOCTYPE html>\n<html><head><title>T</title></head><body><p>Text.</p></body></html>"
FRAGMENT = b"<div class='article'>\n<h1>Title</h1>\n<p>One.</p>\n<p>Two.</p></div>"
MARKDOWN = b"# Title\n\nSome **bold** text and [a link](https://example.com).\n"


def _docx_bytes(tmp_path: Path, *paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "made.docx"
    document.save(str(path))
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.txt", b"Plain text.\n", InputFormat.TEXT),
        ("a.txt", PAGE, InputFormat.HTML),
        ("a.txt", b"\xef\xbb\xbf" + PAGE.upper(), InputFormat.HTML),
        ("a.txt", "\ufeff".encode("utf-16-le") + PAGE.decode().encode("utf-16-le"), InputFormat.HTML),
        ("a.txt", FRAGMENT, InputFormat.HTML),
        ("a.txt", MARKDOWN, InputFormat.TEXT),
        ("a.html", b"Plain text.\n", InputFormat.HTML),
        ("a.HTM", PAGE, InputFormat.HTML),
        ("a.md", MARKDOWN, InputFormat.MD),
        ("a.md", b"<div>HTML in Markdown</div>\n\nText.\n", InputFormat.MD),
        ("a.markdown", b"Text.\n", InputFormat.MD),
        ("<stdin>", MARKDOWN, InputFormat.MD),
        ("<stdin>", PAGE, InputFormat.HTML),
        ("<stdin>", b"A line. # Not a heading.\n", InputFormat.TEXT),
        ("article", b"Text with < and > signs.\n", InputFormat.TEXT),
        ("a.docx", b"not a zip", InputFormat.DOCX),
    ],
)
def test_auto_picks_the_format_by_extension_and_content(
    name: str, data: bytes, expected: InputFormat
) -> None:
    assert resolve_format(name, data, InputFormat.AUTO) is expected


def test_docx_content_is_found_whatever_the_name(tmp_path: Path) -> None:
    data = _docx_bytes(tmp_path, "Text.")
    assert resolve_format("<stdin>", data, InputFormat.AUTO) is InputFormat.DOCX
    assert resolve_format("a.txt", data, InputFormat.AUTO) is InputFormat.DOCX


def test_an_explicit_format_is_obeyed(caplog: pytest.LogCaptureFixture) -> None:
    assert resolve_format("a.html", b"x", InputFormat.MD) is InputFormat.MD
    with caplog.at_level(logging.WARNING, logger="kobridge"):
        assert resolve_format("a.html", PAGE, InputFormat.TEXT) is InputFormat.TEXT
    assert caplog.messages == ["a.html: looks like HTML but is read as plain text (--input-format text)"]


def test_txt_holding_html_is_read_as_html_with_a_warning_naming_input_format(tmp_path: Path) -> None:
    for lang in ("ko", "en"):
        (tmp_path / f"{lang}.txt").write_bytes((NEWS / f"article.{lang}.html").read_bytes())
    result = runner.invoke(app, ["align", str(tmp_path / "ko.txt"), str(tmp_path / "en.txt"), "-f", "beads"])
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2
    assert warnings[0] == (
        f"Warning: {tmp_path / 'ko.txt'}: holds HTML, not text; read as HTML "
        "(--input-format text reads it as text)"
    )
    assert len(result.stdout.splitlines()) == 11  # the article's 11 sentences, no markup


def test_html_read_as_text_on_request_is_not_silent(tmp_path: Path) -> None:
    ko, en = tmp_path / "ko.html", tmp_path / "en.txt"
    ko.write_bytes((NEWS / "article.ko.html").read_bytes())
    en.write_text((NEWS / "article.en.expected.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["segment", str(ko), "--lang", "ko", "--input-format", "text"])
    assert result.exit_code == 0, result.output
    assert "looks like HTML but is read as plain text" in result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")


# --- Markdown ----------------------------------------------------------------------------

MARKDOWN_CASES = [
    ("# Head\n\nBody text.", "Head\n\nBody text."),
    ("Head\n====\n\nSub\n---\n\nBody.", "Head\n\nSub\n\nBody."),
    ("## Closed heading ##\n", "Closed heading"),
    (
        "A *soft* and **strong** and _under_ and __double__ and ~~gone~~.",
        "A soft and strong and under and double and gone.",
    ),
    ("snake_case_name stays, 3 * 4 * 5 too.", "snake_case_name stays, 3 * 4 * 5 too."),
    (
        'See [the report](https://example.com/r_1 "title") and [this][ref].\n\n[ref]: https://x.org',
        "See the report and this.",
    ),
    ("Mail <a@example.com> or <https://example.com>.", "Mail a@example.com or https://example.com."),
    ("An image ![chart](c.png) here.", "An image here."),
    ("- one\n- two\n  continued\n1. three\n2) four", "one\n\ntwo continued\n\nthree\n\nfour"),
    ("> Quoted line\n> goes on.\n>\n> Second.", "Quoted line goes on.\n\nSecond."),
    ("Use `a*b*c` and ``x`y``.", "Use a*b*c and x`y."),
    ("```python\nprint(1)\nx = 2\n```\n\nAfter.", "print(1) x = 2\n\nAfter."),
    ("Before.\n\n---\n\n***\n\nAfter.", "Before.\n\nAfter."),
    ("| a | b |\n|---|:-:|\n| 1 | 2 |", "a b\n\n1 2"),
    (
        "Escaped \\*stars\\* and \\[brackets\\] and &amp; and &#xAC00;.",
        "Escaped *stars* and [brackets] and & and 가.",
    ),
    ("Line one\nline two  \nline three\\\nline four", "Line one line two line three line four"),
    ('Some <span class="x">inline</span> HTML<br>here.\n\n<!-- a comment -->', "Some inline HTMLhere."),
    ("---\ntitle: The Title\nauthor: Kim\n---\n\nBody.", "Body."),
    ("**국회** 이차전지 포럼이 _3일_ 열렸다.", "국회 이차전지 포럼이 3일 열렸다."),
]


@pytest.mark.parametrize(("markdown", "expected"), MARKDOWN_CASES)
def test_markdown_markup_is_stripped_and_its_text_kept(markdown: str, expected: str) -> None:
    assert decode_input(markdown.encode(), "a.md").text == expected


def test_markdown_title_author_date_come_from_front_matter_or_first_heading() -> None:
    source = decode_input(b'---\ntitle: "The *Title*"\nauthor: Kim\ndate: 2026-03-14\n---\n\nBody.\n', "a.md")
    assert source.info is not None
    assert (source.info.title, source.info.author, source.info.date) == ("The Title", "Kim", "2026-03-14")
    source = decode_input(b"Intro.\n\n# The **Head**\n\nBody.\n", "a.md")
    assert source.info is not None and source.info.title == "The Head"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["# ", "*", "**", "_", "`", "[", "](u)", "> ", "- ", "\n", "\n\n", "다.", "It is. ", "\\"]
        )
        | st.text(max_size=5),
        max_size=30,
    ).map("".join)
)
def test_markdown_offsets_index_the_extracted_text(markdown: str) -> None:
    try:
        source = decode_input(markdown.encode("utf-8", errors="surrogatepass"), "a.md")
        doc = make_document(source, "en")
    except InputError as error:
        assert str(error).startswith("a.md:") and "\n" not in str(error)
        return
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)
    assert "".join(s.text for s in doc.sentences).replace(" ", "").replace("\n", "") == "".join(
        source.text.split()
    )


# --- DOCX --------------------------------------------------------------------------------


def _tracked(tag: str, text: str, ident: str) -> etree._Element:
    """A w:ins or w:del holding one run of ``text``."""
    change = etree.Element(f"{{{W_NS}}}{tag}", {f"{{{W_NS}}}id": ident, f"{{{W_NS}}}author": "Ed"})
    run = etree.SubElement(change, f"{{{W_NS}}}r")
    piece = etree.SubElement(run, f"{{{W_NS}}}{'delText' if tag == 'del' else 't'}")
    piece.text = text
    piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return change


def test_docx_keeps_headings_tables_and_insertions_and_drops_deletions(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = ""
    document.core_properties.author = "Reporter Kim"
    document.add_heading("The headline", level=1)
    first = document.add_paragraph("The plan was ")
    first._p.append(_tracked("del", "rejected", "1"))
    first._p.append(_tracked("ins", "approved", "2"))
    first.add_run(" on Friday.")
    document.add_paragraph("")
    joined = document.add_paragraph("A paragraph whose mark was deleted")
    mark = etree.SubElement(etree.SubElement(joined._p.get_or_add_pPr(), f"{{{W_NS}}}rPr"), f"{{{W_NS}}}del")
    mark.set(f"{{{W_NS}}}id", "3")
    mark.set(f"{{{W_NS}}}author", "Ed")
    document.add_paragraph("runs on here.\tTabbed.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell one."
    table.cell(0, 1).text = "Cell two."
    path = tmp_path / "a.docx"
    document.save(str(path))
    source = read_input(path)
    assert source.text == (
        "The headline\n\nThe plan was approved on Friday.\n\n"
        "A paragraph whose mark was deleted runs on here. Tabbed.\n\nCell one.\n\nCell two."
    )
    assert "rejected" not in source.text
    assert source.info is not None
    assert (source.info.format, source.info.title, source.info.author) == (
        "docx",
        "The headline",
        "Reporter Kim",
    )
    assert source.info.extractor.startswith("python-docx ")


# --- Bad input ---------------------------------------------------------------------------


def _zip_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<x/>")


def _broken_docx(path: Path, tmp_path: Path) -> None:
    data = _docx_bytes(tmp_path, "Text.")
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("a.docx", lambda p, t: p.write_bytes(b"PK\x03\x04 this is no zip"), "not a DOCX file"),
        ("a.docx", lambda p, t: p.write_text("plain text", encoding="utf-8"), "not a DOCX file"),
        ("a.docx", lambda p, t: _zip_without_document(p), "without word/document.xml"),
        ("a.docx", _broken_docx, "DOCX"),
        ("a.docx", lambda p, t: p.write_bytes(_docx_bytes(t, "", " ")), "holds no text"),
        (
            "a.html",
            lambda p, t: p.write_text(
                "<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
                "<footer><p>Copyright 2026 Example Media.</p></footer></body></html>",
                encoding="utf-8",
            ),
            "no article text found in the HTML page",
        ),
        ("a.html", lambda p, t: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40), "binary data"),
        ("a.bin", lambda p, t: p.write_bytes(bytes(range(256)) * 8), "binary data"),
        (
            "a.md",
            lambda p, t: p.write_text("---\n\n***\n\n![only](an-image.png)\n", encoding="utf-8"),
            "no text",
        ),
    ],
)
def test_bad_input_gives_one_line_exit_1_and_no_output(name: str, make, message: str, tmp_path: Path) -> None:
    bad = tmp_path / name
    make(bad, tmp_path)
    good = tmp_path / "en.txt"
    good.write_text("A sentence.\n", encoding="utf-8")
    out = tmp_path / "out.xml"
    result = runner.invoke(app, ["align", str(bad), str(good), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {bad}: ")
    assert message in lines[0]
    assert not out.exists()


# --- Hard-wrapped text -------------------------------------------------------------------

WRAPPED_EN = [
    "The city council met on Tuesday evening to discuss the new budget for public transport.",
    "Members argued for almost three hours about the cost of electric buses and their chargers.",
    "Several residents spoke during the public comment period, most of them in favour of the plan.",
    "One speaker said that the current diesel buses are loud, slow and often late in the morning.",
    "Another asked how the city would pay for the batteries once the state grant runs out.",
    "The transport director answered that the batteries should last at least ten years.",
    "She added that the savings on fuel would cover most of the cost of replacing them later.",
    "A council member who opposes the plan wanted a second study of the expected savings.",
    "His motion failed by seven votes to two after a short and rather heated exchange.",
    "The council then approved the budget, which includes forty electric buses over five years.",
    "The first ten buses are expected to arrive next spring and will serve the busiest routes.",
    "Drivers will receive training on the new vehicles during the winter months.",
    "The city also plans to install chargers at two depots and at the central bus station.",
    "Construction of the chargers will begin in January if the contracts are signed in time.",
    "The mayor called the vote a turning point for clean transport in the region.",
]


def _wrapped_file(tmp_path: Path) -> Path:
    paragraphs = [" ".join(WRAPPED_EN[i : i + 5]) for i in (0, 5, 10)]
    path = tmp_path / "wrapped.en.txt"
    path.write_text("\n\n".join(textwrap.fill(p, 70) for p in paragraphs) + "\n", encoding="utf-8")
    return path


def test_hard_wrapped_text_warns_once_and_wrapped_gives_the_right_sentences(tmp_path: Path) -> None:
    path = _wrapped_file(tmp_path)
    plain = runner.invoke(app, ["segment", str(path), "--lang", "en"])
    assert plain.exit_code == 0, plain.output
    assert plain.stderr.splitlines() == [
        f"Warning: {path}: the text looks hard-wrapped (most lines break mid-sentence, at about 68 "
        "columns); give --wrapped so that only blank lines end paragraphs"
    ]
    wrapped = runner.invoke(app, ["segment", str(path), "--lang", "en", "--wrapped"])
    assert wrapped.exit_code == 0, wrapped.output
    assert wrapped.stderr == ""
    assert [line for line in wrapped.stdout.splitlines() if line] == WRAPPED_EN


def test_align_warns_about_a_hard_wrapped_input(tmp_path: Path) -> None:
    path = _wrapped_file(tmp_path)
    korean = tmp_path / "ko.txt"
    korean.write_text("시의회가 화요일 저녁 대중교통 예산을 논의했다.\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(korean), str(path), "-f", "beads"])
    assert result.exit_code == 0, result.output
    assert sum("looks hard-wrapped" in line for line in result.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", ["battery-forum", "ess-ampc"])
def test_samples_and_one_paragraph_a_line_text_do_not_warn(name: str, tmp_path: Path) -> None:
    ko, en = SAMPLES / f"{name}.ko.txt", SAMPLES / f"{name}.en.txt"
    result = runner.invoke(app, ["align", str(ko), str(en), "-f", "beads"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    dense = tmp_path / "dense.en.txt"  # no blank lines: every line a paragraph
    dense.write_text(en.read_text(encoding="utf-8").replace("\n\n", "\n"), encoding="utf-8")
    result = runner.invoke(app, ["segment", str(dense), "--lang", "en"])
    assert result.exit_code == 0 and result.stderr == ""

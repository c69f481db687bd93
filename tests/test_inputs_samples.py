"""The samples as people have them (issue 16): an HTML page, a Word file and Markdown, made here
from samples/*.txt, align exactly as the plain text does (battery-forum: to its gold)."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.inputs import read_input
from kobridge.io import read_text
from kobridge.pipeline import align_texts

from .conftest import SAMPLES

runner = CliRunner()
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraphs(name: str, lang: str) -> list[str]:
    text = (SAMPLES / f"{name}.{lang}.txt").read_text(encoding="utf-8")
    return [p for p in text.split("\n\n") if p.strip()]


def write_html(path: Path, paragraphs: list[str], lang: str) -> None:
    """A news page: the headline as <h1>, the paragraphs, and the page around them."""
    headline, *body = (html.escape(p.strip(), quote=False) for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{headline} | Sample News</title>
<meta property="og:title" content="{html.escape(paragraphs[0].strip())}">
<script>var ads = [1, 2, 3];</script></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/economy">Economy</a></li>
<li><a href="/world">World</a></li></ul></nav></header>
<div class="cookie-notice"><p>This site uses cookies. <button>OK</button></p></div>
<main><article><h1>{headline}</h1>
<div class="body">
{"".join(f"<p>{p}</p>{chr(10)}" for p in body)}</div></article>
<aside class="related"><h2>More news</h2><ul><li><a href="/a">Markets open lower</a></li>
<li><a href="/b">Rain expected over the weekend</a></li></ul></aside></main>
<footer><p>Copyright 2026 Sample News. All rights reserved.</p></footer></body></html>
"""
    path.write_text(page, encoding="utf-8")


def write_docx(path: Path, paragraphs: list[str], lang: str) -> None:
    """A Word file: the headline styled Title, then the paragraphs; the second paragraph has a
    tracked deletion (its text must not appear) and a tracked insertion (it must)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph(paragraphs[0], style="Title")
    for number, text in enumerate(paragraphs[1:]):
        if number != 1:
            document.add_paragraph(text)
            continue
        cut = text.index(" ", len(text) // 2)
        paragraph = document.add_paragraph(text[:cut])
        deletion = OxmlElement("w:del")
        deletion.set(qn("w:id"), "1")
        deletion.set(qn("w:author"), "Editor")
        run = OxmlElement("w:r")
        deleted = OxmlElement("w:delText")
        deleted.text = " DELETED WORDS NOT IN THE ARTICLE."
        deleted.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(deleted)
        deletion.append(run)
        paragraph._p.append(deletion)
        insertion = OxmlElement("w:ins")
        insertion.set(qn("w:id"), "2")
        insertion.set(qn("w:author"), "Editor")
        run = OxmlElement("w:r")
        inserted = OxmlElement("w:t")
        inserted.text = text[cut:]
        inserted.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(inserted)
        insertion.append(run)
        paragraph._p.append(insertion)
    document.save(str(path))


def write_markdown(path: Path, paragraphs: list[str], lang: str) -> None:
    """Markdown: the headline as a # heading, paragraphs hard-wrapped at 60 columns (Markdown
    joins them), the first word of each paragraph bold and a link on the last paragraph."""
    parts = [f"# {paragraphs[0].strip()}"]
    for number, text in enumerate(paragraphs[1:], start=1):
        first, second, rest = text.strip().split(" ", 2)
        if number == len(paragraphs) - 1:
            second = f"[{second}](https://example.com/a_b_c)"
        marked = f"**{first}** {second} {rest}"
        parts.append(textwrap.fill(marked, 60, break_long_words=False, break_on_hyphens=False))
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


WRITERS: dict[str, tuple[str, Callable[[Path, list[str], str], None]]] = {
    "html": (".html", write_html),
    "docx": (".docx", write_docx),
    "md": (".md", write_markdown),
}


def _beads(alignment_beads: object) -> list[str]:
    return [f"{list(b.src)}:{list(b.tgt)}" for b in alignment_beads]  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("name", ["battery-forum", "ess-ampc"])
def test_sample_in_another_format_aligns_as_its_text(name: str, fmt: str, tmp_path: Path) -> None:
    suffix, writer = WRITERS[fmt]
    files = {}
    for lang in ("ko", "en"):
        files[lang] = tmp_path / f"{name}.{lang}{suffix}"
        writer(files[lang], _paragraphs(name, lang), lang)
    plain = align_texts(read_text(SAMPLES / f"{name}.ko.txt"), read_text(SAMPLES / f"{name}.en.txt"))
    extracted = align_texts(read_input(files["ko"]), read_input(files["en"]))
    for side, lang in ((extracted.src, "ko"), (extracted.tgt, "en")):
        assert side.text == "\n\n".join(p.strip() for p in _paragraphs(name, lang))
        assert side.source is not None and side.source.format == fmt
        assert side.source.title == _paragraphs(name, lang)[0].strip()
    assert _beads(extracted.beads) == _beads(plain.beads)
    if name == "battery-forum":
        gold = (SAMPLES / f"{name}.gold").read_text(encoding="utf-8").splitlines()
        assert _beads(extracted.beads) == [line for line in gold if line]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_cli_align_reads_each_format_by_its_extension(fmt: str, tmp_path: Path) -> None:
    suffix, writer = WRITERS[fmt]
    for lang in ("ko", "en"):
        writer(tmp_path / f"a.{lang}{suffix}", _paragraphs("battery-forum", lang), lang)
    result = runner.invoke(
        app, ["align", str(tmp_path / f"a.ko{suffix}"), str(tmp_path / f"a.en{suffix}"), "-f", "beads"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    gold = (SAMPLES / "battery-forum.gold").read_text(encoding="utf-8").splitlines()
    assert result.stdout.splitlines() == [line for line in gold if line]


def test_batch_finds_pairs_in_every_format_and_a_missing_partner_in_its_own(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for lang, suffix in (("ko", ".docx"), ("en", ".html")):
        WRITERS[suffix.lstrip(".")][1](
            folder / f"forum.{lang}{suffix}", _paragraphs("battery-forum", lang), lang
        )
    write_markdown(folder / "lonely.ko.md", _paragraphs("ess-ampc", "ko"), "ko")
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), "-f", "beads", "--jobs", "1"])
    assert result.exit_code == 1  # the lonely pair fails; the other is written
    gold = (SAMPLES / "battery-forum.gold").read_text(encoding="utf-8").splitlines()
    assert (out / "forum.beads").read_text(encoding="utf-8").splitlines() == [line for line in gold if line]
    assert "lonely.en.md: no such file" in result.output

"""Reading real-world input: encodings, normalisation, hostile files, atomic writes."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.errors import InputError, OutputError
from kobridge.io import MAX_LINE, InvalidCharPolicy, decode_text, read_text, write_atomic

from .conftest import SAMPLES

runner = CliRunner()
KO_SAMPLE = (SAMPLES / "ess-ampc.ko.txt").read_text(encoding="utf-8")
EN_SAMPLE = SAMPLES / "ess-ampc.en.txt"

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-be": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "cp949": lambda t: t.encode("cp949"),
    "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda t: t.replace("\n", "\r").encode("utf-8"),
}


@pytest.mark.parametrize("form", sorted(ENCODINGS))
def test_every_form_of_the_article_decodes_to_the_same_text(form: str) -> None:
    assert decode_text(ENCODINGS[form](KO_SAMPLE), "ko.txt").text == KO_SAMPLE


def test_the_same_article_in_every_form_gives_identical_tei(tmp_path: Path) -> None:
    outputs = set()
    for form, encode in ENCODINGS.items():
        folder = tmp_path / form
        folder.mkdir()
        ko = folder / "article.ko.txt"
        ko.write_bytes(encode(KO_SAMPLE))
        out = folder / "out.xml"
        result = runner.invoke(app, ["align", str(ko), str(EN_SAMPLE), "-o", str(out)])
        assert result.exit_code == 0, (form, result.output)
        outputs.add(out.read_bytes())
    assert len(outputs) == 1


def test_nfd_input_is_reported_as_normalised() -> None:
    source = decode_text(ENCODINGS["nfd"](KO_SAMPLE), "ko.txt")
    assert source.normalized
    assert not decode_text(KO_SAMPLE.encode(), "ko.txt").normalized


def test_an_explicit_encoding_is_used() -> None:
    assert decode_text("한국".encode("euc-kr"), "x", encoding="euc-kr").text == "한국"


def test_undecodable_bytes_name_the_byte_offset() -> None:
    with pytest.raises(InputError, match=r"^x\.txt: byte offset 3 is neither UTF-8 nor CP949"):
        decode_text(b"abc\xff\xfe\xfd more", "x.txt")


def test_latin1_is_not_mistaken_for_cp949() -> None:
    with pytest.raises(InputError, match="--encoding"):
        decode_text("Grüße aus München, schöne Äpfel".encode("latin-1"), "de.txt")


def test_unknown_encoding_name() -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        decode_text(b"abc", "x", encoding="klingon")


def test_a_control_character_is_refused_with_its_line() -> None:
    with pytest.raises(InputError, match=r"^x\.txt:3: control character U\+0007"):
        decode_text(b"line one\nline two\nline \x07three\n", "x.txt")


def test_control_characters_are_replaced_and_counted_by_policy() -> None:
    source = decode_text(b"a\x07b\x0bc\n", "x", on_invalid_char=InvalidCharPolicy.REPLACE)
    assert source.text == "a\ufffdb\ufffdc\n"
    assert source.replaced == 2


def test_binary_data_is_refused_even_under_the_replace_policy() -> None:
    data = bytes(range(1, 32)) * 20 + b"text"
    with pytest.raises(InputError, match="binary data"):
        decode_text(data, "x", on_invalid_char=InvalidCharPolicy.REPLACE)


def test_a_line_of_megabytes_is_refused() -> None:
    with pytest.raises(InputError, match=r"^x:2: a line of 1,000,001 characters"):
        decode_text(b"ok\n" + b"a" * (MAX_LINE + 1), "x")


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\ufeff"])
def test_empty_or_blank_text_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        decode_text(text.encode("utf-8"), "x")


def test_stdin_is_read_as_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("안녕하세요.".encode())))
    assert read_text("-").text == "안녕하세요."


def test_atomic_write_leaves_nothing_when_interrupted(tmp_path: Path) -> None:
    from kobridge.io import atomic_writer

    target = tmp_path / "out.xml"
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as tmp:
        tmp.write_text("half")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_replaces_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    target.write_text("old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="output folder does not exist"):
        write_atomic(tmp_path / "nope" / "out.xml", b"x")


def test_swapped_inputs_are_refused_with_a_hint(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    ko = SAMPLES / "ess-ampc.ko.txt"
    result = runner.invoke(app, ["align", str(EN_SAMPLE), str(ko), "-o", str(out)])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {EN_SAMPLE}: given as Korean (ko)")
    assert "swapped" in line
    assert not out.exists()


def test_control_characters_on_the_cli_exit_1_without_output(tmp_path: Path) -> None:
    ko = tmp_path / "ko.txt"
    ko.write_bytes(KO_SAMPLE.encode() + b"\x1b[0m\n")
    out = tmp_path / "out.xml"
    result = runner.invoke(app, ["align", str(ko), str(EN_SAMPLE), "-o", str(out)])
    assert result.exit_code == 1
    assert "U+001B" in result.stderr
    assert not out.exists()
    replaced = runner.invoke(
        app, ["align", str(ko), str(EN_SAMPLE), "-o", str(out), "--on-invalid-char", "replace"]
    )
    assert replaced.exit_code == 0, replaced.output
    assert "replaced 1 character" in replaced.stderr
    assert out.exists()


def test_very_different_sizes_warn_but_still_align(tmp_path: Path) -> None:
    en = tmp_path / "en.txt"
    en.write_text("Korean battery makers are turning plants to ESS.\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(SAMPLES / "ess-ampc.ko.txt"), str(en), "-f", "beads"])
    assert result.exit_code == 0, result.output
    assert "are these one article and its translation" in result.stderr

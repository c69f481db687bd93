"""Regression tests for issue 18 ("what a new user found"), one per item, named after it."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from kobridge.cli import app

from .conftest import ROOT, SAMPLES

runner = CliRunner()
KO, EN = str(SAMPLES / "battery-forum.ko.txt"), str(SAMPLES / "battery-forum.en.txt")


def _flat(text: str) -> str:
    """Help or an error panel as one line: box characters removed, wrapped lines joined."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


# 1. The library API keeps its functions after the README's own example.


def test_item01_segment_and_align_stay_functions_after_align_texts() -> None:
    code = (
        "import kobridge as k\n"
        "src, tgt = (k.read_text(f'samples/battery-forum.{lang}.txt') for lang in ('ko', 'en'))\n"
        "k.align_texts(src, tgt)\n"
        "print(len(k.segment('It rained. We left.', 'en')))\n"
        "print(len(k.align(['하나.', '둘.'], ['One.', 'Two.'], src_lang='ko', tgt_lang='en')))\n"
        "import kobridge.segment, kobridge.align.evaluate\n"
        "print(callable(k.segment), callable(k.align))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "2", "True", "True"]


# 2. An unsupported language code is named, with the supported ones.


@pytest.mark.parametrize("code", ["ja", "KO"])
def test_item02_unsupported_language_is_named_with_the_supported_ones(code: str) -> None:
    result = runner.invoke(app, ["align", "--src-lang", code, KO, EN])
    assert result.exit_code == 2
    error = _flat(result.stderr)
    assert repr(code) in error
    assert "de, en, es, fr, it, ko, nl, pt" in error
    assert "swapped" not in error


def test_item02_the_library_names_the_unsupported_code_too() -> None:
    from kobridge import KobridgeError, align_texts, read_text

    with pytest.raises(KobridgeError, match=r"unsupported language 'ja'.*supported: de, en"):
        align_texts(read_text(KO), read_text(EN), src_lang="ja")


# 3. Help texts: placeholders kept, flags without a value type, usage in capitals, nothing cut off.


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "command",
    [
        "align",
        "batch",
        "segment",
        "validate",
        "convert",
        "report",
        "lexicon train",
        "review",
        "realign",
        "tm add",
        "tm search",
        "tm lookup",
        "tm export",
        "tm stats",
    ],
)
def test_item03_help_is_whole_and_readable(command: str) -> None:
    text = _help(*command.split())
    assert "<bool>" not in text
    assert "…" not in text  # rich cuts a word too long for its column with an ellipsis
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage and "}" not in usage
    assert not re.search(r"NAME\.[;\s]", text)


def _commands(command, path=()):
    """Every command of the tree with its path (``("glossary", "export")``)."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_item03_no_help_text_holds_a_tag_that_markdown_drops() -> None:
    import typer

    for path, command in _commands(typer.main.get_command(app)):
        texts = [command.help or "", *(getattr(p, "help", None) or "" for p in command.params)]
        for text in texts:
            assert not re.search(r"<[A-Za-z/][^>]*>", text), (path, text)


def test_item03_usage_names_the_inputs() -> None:
    assert "Usage: kobridge align [OPTIONS] KO EN" in _help("align")
    assert "Usage: kobridge batch [OPTIONS] INPUT" in _help("batch")


def test_item03_batch_help_keeps_the_output_name_pattern() -> None:
    assert "OUTDIR/NAME.FORMAT" in _flat(_help("batch"))


# 4. --max-bead: the help and the README give the same range.


def test_item04_max_bead_range_agrees_with_the_readme() -> None:
    found = re.search(r"1<=x<=(\d)", _help("align"))
    assert found is not None
    row = next(line for line in (ROOT / "README.md").read_text().splitlines() if "`--max-bead` |" in line)
    assert f"1–{found.group(1)}" in row


# 5. --scores outside --format beads is not silently ignored.


@pytest.mark.parametrize("fmt", ["tsv", "tei"])
def test_item05_scores_outside_beads_says_so(fmt: str) -> None:
    result = runner.invoke(app, ["align", KO, EN, "--format", fmt, "--scores"])
    assert result.exit_code == 0, result.output
    assert "--scores" in result.stderr and "beads" in result.stderr
    plain = runner.invoke(app, ["align", KO, EN, "--format", fmt])
    assert "--scores" not in plain.stderr


# 7. kobridge lexicon train: TSV and TMX pairs to a model that --lexicon loads.


def _gold_pairs() -> list[tuple[str, str]]:
    """The 1-1 beads of both samples as sentence pairs."""
    from kobridge import read_beads, segment

    pairs = []
    for name in ("battery-forum", "ess-ampc"):
        ko = segment((SAMPLES / f"{name}.ko.txt").read_text(encoding="utf-8"), "ko")
        en = segment((SAMPLES / f"{name}.en.txt").read_text(encoding="utf-8"), "en")
        for bead in read_beads(SAMPLES / f"{name}.gold"):
            if len(bead.src) == 1 and len(bead.tgt) == 1:
                pairs.append((ko[bead.src[0]].text, en[bead.tgt[0]].text))
    return pairs


def _tmx(pairs: list[tuple[str, str]]) -> str:
    from xml.sax.saxutils import escape

    units = "".join(
        f'<tu><tuv xml:lang="ko-KR"><seg>{escape(k)}</seg></tuv>'
        f'<tuv xml:lang="EN-US"><seg>{escape(e)}</seg></tuv></tu>\n'
        for k, e in pairs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="ko-KR" '
        f'datatype="plaintext"/>\n<body>\n{units}</body></tmx>\n'
    )


def test_item07_lexicon_train_reads_tsv_and_tmx_and_align_loads_the_model(tmp_path: Path) -> None:
    from kobridge.align.features.lexical import LexicalModel

    pairs = _gold_pairs()
    half = len(pairs) // 2
    tsv = tmp_path / "memory.tsv"
    tsv.write_text("".join(f"{k}\t{e}\n" for k, e in pairs[:half]) + "\n", encoding="utf-8")
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(_tmx(pairs[half:]), encoding="utf-8")
    model = tmp_path / "model.npz"
    result = runner.invoke(app, ["lexicon", "train", str(tsv), str(tmx), "-o", str(model)])
    assert result.exit_code == 0, result.output
    assert f"{len(pairs)} pairs" in result.stderr
    loaded = LexicalModel.load(model)
    assert loaded.info["pairs"] == len(pairs)
    assert "memory.tsv" in loaded.info["corpus"] and "memory.tmx" in loaded.info["corpus"]
    aligned = runner.invoke(app, ["align", KO, EN, "--lexicon", str(model), "--format", "beads"])
    assert aligned.exit_code == 0, aligned.output
    assert len(aligned.stdout.splitlines()) > 10


_TUV_DE = "<tuv xml:lang='de'><seg>x</seg></tuv>"


@pytest.mark.parametrize(
    ("name", "content", "line", "problem"),
    [
        ("bad.tsv", "하나\tone\n둘 two\n", 2, "tab"),
        ("bad.tsv", "하나\tone\n\t\n셋\tthree\tdrei\n", 3, "2 columns"),
        ("bad.tsv", "\n\n", 0, "empty"),
        ("bad.tsv", "ko\ten\n", 0, "no sentence pair"),
        ("bad.tmx", "<tmx version='1.4'><body>\n<tu><tuv><seg>x</tuv></tu></body></tmx>", 2, "XML"),
        ("bad.tmx", '<?xml version="1.0"?>\n<tbx/>', 2, "TMX"),
        ("bad.tmx", f"<tmx version='1.4'><body><tu>{_TUV_DE}</tu></body></tmx>", 0, "ko"),
    ],
)
def test_item07_bad_training_input_is_one_error_line(
    tmp_path: Path, name: str, content: str, line: int, problem: str
) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    model = tmp_path / "model.npz"
    result = runner.invoke(app, ["lexicon", "train", str(source), "-o", str(model)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {source}:{line}:" if line else f"Error: {source}:")
    assert problem in lines[0]
    assert list(tmp_path.iterdir()) == [source]


def test_item07_the_readme_documents_the_command() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "kobridge lexicon train" in readme
    assert "scripts/train_lexicon.py --corpus-dir" not in readme


# 8. A wrong file for --lexicon is a kobridge error, not numpy's advice.


def _npz_with_objects(path: Path) -> None:
    np.savez(path, meta=np.array([{"format": 1}], dtype=object))


def _npz_of_other_arrays(path: Path) -> None:
    np.savez(path, weights=np.zeros(3))


def _text_file(path: Path) -> None:
    path.write_text("not a model\n")


def _zip_with_bad_meta(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta.npy", b"garbage")


@pytest.mark.parametrize("make", [_npz_with_objects, _npz_of_other_arrays, _text_file, _zip_with_bad_meta])
def test_item08_a_wrong_lexicon_file_is_a_kobridge_error(tmp_path: Path, make) -> None:
    bad = tmp_path / "bad.npz"
    make(bad)
    result = runner.invoke(app, ["align", KO, EN, "--lexicon", str(bad)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {bad}: not a kobridge lexical model")
    assert "kobridge lexicon train" in lines[0]
    assert "pickle" not in lines[0] and "Traceback" not in result.stderr


# 9. Both inputs cannot be standard input.


def test_item09_only_one_input_can_be_stdin() -> None:
    result = runner.invoke(app, ["align", "-", "-"], input="하나.\n")
    assert result.exit_code == 2
    assert "only one input can be standard input" in result.stderr

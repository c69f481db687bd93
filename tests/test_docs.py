"""The README's promises: its commands are the ones CI runs, and every command it names exists."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from kobridge.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quickstart_commands() -> list[str]:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quickstart_has_exactly_two_commands() -> None:
    assert len(_quickstart_commands()) == 2


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = _quickstart_commands()[1]
    assert "pytest" in test_command
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_quickstart_aligns_a_bundled_sample() -> None:
    run_command = _quickstart_commands()[0]
    paths = re.findall(r"samples/\S+", run_command)
    assert paths and all((ROOT / p).is_file() for p in paths)


def test_every_command_in_the_cli_reference_exists() -> None:
    for command in re.findall(r"^### `kobridge (\w+)", README, flags=re.M):
        assert CliRunner().invoke(app, [command, "--help"]).exit_code == 0, command


def test_the_python_example_runs(monkeypatch, capsys) -> None:
    (example,) = re.findall(r"```python\n(.+?)\n```", README, flags=re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[1].startswith("[1, 2]:[1]:")


def test_issue18_item6_review_doc_describes_the_current_beads() -> None:
    """Issue 18, item 6: docs/review.md described a bead 8 "flagged with confidence 0.01" that the
    current output has at 1.00. Every "bead N (K-K, confidence X)" it names must be what
    ``kobridge align`` gives the battery-forum sample now."""
    from kobridge.glossary import load_glossary
    from kobridge.io import read_text
    from kobridge.pipeline import align_texts

    text = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    claims = re.findall(r"bead (\d+)\s+\((\d+-\d+), confidence (\d\.\d\d)\)", text)
    assert len(claims) >= 2
    alignment = align_texts(
        read_text(ROOT / "samples" / "battery-forum.ko.txt"),
        read_text(ROOT / "samples" / "battery-forum.en.txt"),
        glossary=load_glossary(ROOT / "glossary" / "energy-policy.csv"),
    )
    for number, kind, confidence in claims:
        bead = alignment.beads[int(number)]
        assert (bead.kind, f"{bead.score:.2f}") == (kind, confidence), number

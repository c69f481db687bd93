"""The project file kobridge.toml (issue 16): lookup, --config/--no-config, precedence
(command line > file > built-in default), errors with file:line, and ``kobridge config``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.config import find_config

from .conftest import ROOT

runner = CliRunner()
KO = "정부는 관세를 올렸다. 시장은 놀랐다.\n"
EN = "The government raised tariffs. Markets were surprised.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding a text pair; the working directory, with no kobridge.toml yet."""
    (tmp_path / "a.ko.txt").write_text(KO, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the lookup stops here, whatever lies above tmp_path
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(folder: Path, text: str) -> Path:
    path = folder / "kobridge.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _align(project: Path, *options: str) -> str:
    """Align the project's pair: the first option goes before the command, the rest after it."""
    pair = [str(project / "a.ko.txt"), str(project / "a.en.txt")]
    result = runner.invoke(app, [*options[:1], "align", *pair, *options[1:]])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_file_beats_default_and_command_line_beats_file(project: Path) -> None:
    assert _align(project, "--no-config").startswith("<?xml")  # built-in default: TEI
    _write(project, '[align]\nformat = "beads"\n')
    assert _align(project, "-v").startswith("[0]:[0]")  # the file
    assert _align(project, "-v", "--format", "tsv").startswith("ko\ten\tscore")  # the command line
    assert _align(project, "--no-config").startswith("<?xml")


def test_batch_takes_the_align_section_unless_it_sets_the_key(project: Path) -> None:
    _write(project, '[align]\nformat = "beads"\nmax_bead = 2\n\n[batch]\nformat = "tsv"\n')
    out = runner.invoke(app, ["config", "batch"])
    assert out.exit_code == 0, out.output
    rows = {line.split()[0]: line.split()[1:] for line in out.stdout.splitlines()[2:]}
    assert rows["--format"] == ["tsv", "kobridge.toml:6"]
    assert rows["--max-bead"] == ["2", "kobridge.toml:3", "(from", "[align])"]
    assert rows["--jobs"] == ["(none)", "default"]


def test_lookup_goes_up_to_the_repository_root(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = project / "articles" / "2024"
    deep.mkdir(parents=True)
    config = _write(project, '[align]\nformat = "beads"\n')
    assert find_config(deep) == config
    monkeypatch.chdir(deep)
    assert _align(project, "-v").startswith("[0]:[0]")
    # A .git folder in between ends the search there: the file above is not the project's.
    (project / "articles" / ".git").mkdir()
    assert find_config(deep) is None
    assert _align(project, "-v").startswith("<?xml")


def test_config_option_chooses_the_file_and_relative_paths_follow_it(project: Path) -> None:
    elsewhere = project / "settings"
    elsewhere.mkdir()
    shutil.copy(ROOT / "glossary" / "energy-policy.csv", elsewhere / "terms.csv")
    config = _write(elsewhere, '[align]\nglossary = "terms.csv"\nformat = "json"\n')
    result = runner.invoke(app, ["--config", str(config), "align", "a.ko.txt", "a.en.txt"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Terms: ")  # the glossary was found beside the file
    shown = runner.invoke(app, ["--config", str(config), "config"])
    assert f"Project file: {config} (given with --config)" in shown.stdout
    assert str(elsewhere / "terms.csv") in shown.stdout


def test_config_lists_the_settings_with_file_and_line(project: Path) -> None:
    _write(project, '# desk settings\n[languages]\nsrc = "ko"\n\n[report]\nthreshold = 0.6\n')
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Project file: kobridge.toml (found from the working directory)"
    cells = [line.split(None, 3) for line in lines[2:]]
    assert ["align", "--src-lang", "ko", "kobridge.toml:3 (from [languages] src)"] in cells
    assert ["report", "--threshold", "0.6", "kobridge.toml:6"] in cells


def test_config_of_a_command_names_each_source(project: Path) -> None:
    _write(project, "[align]\nwrapped = true\n")
    result = runner.invoke(app, ["config", "align", "a.ko.txt", "a.en.txt", "--max-bead", "2"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[2:]}
    assert rows["--max-bead"] == ["2", "command", "line"]
    assert rows["--wrapped"] == ["true", "kobridge.toml:2"]
    assert rows["--format"] == ["tei", "default"]


def test_without_a_file_config_says_so(project: Path) -> None:
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Project file: none (no kobridge.toml in the working directory or above)",
        "No settings: every command runs with its built-in defaults.",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[align]\nformat = "beads"\n\n\n\n\nglosary = "g.csv"\n',
            "kobridge.toml:7: unknown key 'glosary' in [align]; known keys: encoding, fixed, format, "
            "glossary, html, input-format, lexicon, max-bead",
        ),
        (
            "[align]\nmax_bead = 9\n",
            "kobridge.toml:2: invalid value for 'max_bead' in [align]: 9 is not",
        ),
        (
            '[align]\nmax-bead = "3"\n',
            "kobridge.toml:2: 'max-bead' in [align] must be an integer",
        ),
        ('[align]\nformat = "xml"\n', "kobridge.toml:2: invalid value for 'format' in [align]: 'xml' is not"),
        ("[batch]\nself-train = 1\n", "kobridge.toml:2: 'self-train' in [batch] must be true or false"),
        ('[languages]\nsrc = "xx"\n', "kobridge.toml:2: invalid value for 'src' in [languages]: "),
        (
            '[languages]\nsource = "ko"\n',
            "kobridge.toml:2: unknown key 'source' in [languages]; known",
        ),
        (
            '\n[algin]\nformat = "tei"\n',
            "kobridge.toml:3: unknown section [algin]; known sections: align",
        ),
        ('format = "tei"\n', "kobridge.toml:1: key 'format' is outside any section"),
        ('[align]\nglossary = ["a", "b"]\n', "kobridge.toml:2: 'glossary' in [align] is a list"),
        ("[align]\nformat = \n", "kobridge.toml:2: not valid TOML: "),
        ('[align]\noutput = "x.xml"\n', "kobridge.toml:2: unknown key 'output' in [align]"),
        ("[align]\nmax_bead = 2\nmax-bead = 3\n", "kobridge.toml:3: 'max-bead' is set twice in [align]"),
    ],
    ids=[
        "unknown_key",
        "out_of_range",
        "wrong_type",
        "bad_choice",
        "not_bool",
        "bad_language",
        "unknown_language_key",
        "unknown_section",
        "outside_section",
        "array",
        "bad_toml",
        "output",
        "twice",
    ],
)
def test_errors_name_file_and_line(project: Path, text: str, message: str) -> None:
    _write(project, text)
    result = runner.invoke(app, ["align", "a.ko.txt", "a.en.txt"])
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {message}"), line


def test_lines_are_found_past_multiline_values(project: Path) -> None:
    text = '[align]\nencoding = """\nutf-8"""\n\n[report]\n"threshold" = "high"\n'
    _write(project, text)
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: kobridge.toml:6: 'threshold' in [report] must be a number")


def test_config_and_no_config_exclude_each_other(project: Path) -> None:
    result = runner.invoke(app, ["--config", "x.toml", "--no-config", "config"])
    assert result.exit_code == 2


def test_a_missing_config_file_is_an_error(project: Path) -> None:
    result = runner.invoke(app, ["--config", "absent.toml", "config"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: absent.toml: cannot read the project file: no such file")


def test_the_readme_example_is_a_valid_project_file(project: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Project file: kobridge.toml", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    _write(project, example)
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    cells = [line.split(None, 3) for line in result.stdout.splitlines()[2:]]
    assert ["batch", "--format", "tmx", "kobridge.toml:15"] in cells
    assert ["batch", "--max-bead", "3", "kobridge.toml:9 (from [align])"] in cells
    assert ["align", "--glossary", str(project / "glossary" / "energy-policy.csv")] == cells[2][:3]


def test_a_nested_section_sets_a_subcommand(project: Path) -> None:
    tbx = ROOT / "tests" / "data" / "glossary" / "basic-2008.tbx"  # one entry has no Korean term
    assert runner.invoke(app, ["glossary", "import", str(tbx)]).exit_code == 0
    _write(project, "[glossary.import]\nstrict = true\n")
    assert runner.invoke(app, ["glossary", "import", str(tbx)]).exit_code == 1

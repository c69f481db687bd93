"""TBX import (issue 16): TBX v2 / TBX-Basic 2008 and TBX v3 files as tools write them, bad entries
reported one line each and skipped, ``--strict``, and the type's round trip through subjectField."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.errors import GlossaryError
from kobridge.glossary import (
    Glossary,
    glossary_csv_text,
    import_tbx,
    load_glossary,
    read_tbx,
    tbx_bytes,
    write_tbx,
)
from kobridge.model import GlossaryEntry

DATA = Path(__file__).parent / "data" / "glossary"
BASIC_2008 = DATA / "basic-2008.tbx"
runner = CliRunner()


def _rows(csv_text: str) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in csv.DictReader(io.StringIO(csv_text))}


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_tbx_basic_2008_imports_the_good_entries_and_reports_the_one_without_korean() -> None:
    result = runner.invoke(app, ["glossary", "import", str(BASIC_2008)])
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert sorted(rows) == ["ess", "ira", "tariff"]
    ira = rows["ira"]
    assert (ira["ko"], ira["en"], ira["en_variants"], ira["forbidden"]) == (
        "인플레이션 감축법",
        "Inflation Reduction Act",  # the preferred term, though IRA comes first
        "IRA",
        "Inflation Relief Act",
    )
    assert (ira["ko_variants"], ira["type"]) == ("IRA", "law")
    assert ira["note"] == "US federal law of 2022 on climate and energy spending."
    tariff = rows["tariff"]
    assert (tariff["en"], tariff["en_variants"], tariff["forbidden"], tariff["note"]) == (
        "tariff",
        "customs duty",
        "toll",
        "Import duties.",
    )
    assert (rows["ess"]["en_variants"], rows["ess"]["type"]) == ("ESS", "concept")
    line = _line_of(BASIC_2008, '<termEntry id="grid">')
    assert result.stderr.splitlines() == [
        f'{BASIC_2008}:{line}: entry grid: no Korean term (a language section with xml:lang="ko" and a term)',
        "Warning: skipped 1 of 4 entries, imported 3",
    ]


def test_strict_fails_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    result = runner.invoke(app, ["glossary", "import", str(BASIC_2008), "--strict", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert not out.exists()
    line = _line_of(BASIC_2008, '<termEntry id="grid">')
    assert result.stderr.splitlines() == [
        f'{BASIC_2008}:{line}: entry grid: no Korean term (a language section with xml:lang="ko" and a term)',
        f"Error: {BASIC_2008}: 1 of 4 entries cannot be imported; nothing written (--strict)",
    ]


def test_strict_passes_a_clean_file() -> None:
    result = runner.invoke(app, ["glossary", "import", str(DATA / "dct-v3.tbx"), "--strict"])
    assert result.exit_code == 0, result.output
    assert list(_rows(result.stdout)) == ["posco"]


def test_namespaced_tbx_2008_with_ntig_and_normative_authorization() -> None:
    imported = import_tbx(DATA / "namespaced-2008.tbx")
    assert (imported.version, imported.total, imported.skipped) == ("TBX v2", 2, ())
    battery, ev = imported.glossary.entries
    assert (battery.ko, battery.en, battery.forbidden, battery.type) == (
        "이차전지",
        "secondary battery",
        ("rechargeable battery",),
        "concept",
    )
    assert (ev.en, ev.en_variants, ev.type) == ("electric vehicle", ("EV",), "")


def test_tbx_v3_dct_style_reads_module_categories() -> None:
    imported = import_tbx(DATA / "dct-v3.tbx")
    assert imported.version == "TBX v3"
    (posco,) = imported.glossary.entries
    assert (posco.ko, posco.en, posco.forbidden) == ("포스코", "POSCO", ("Pohang Iron and Steel",))
    assert (posco.type, posco.note) == ("company", "Korean steelmaker.")


def _v3(body: str, xmlns: str = ' xmlns="urn:iso:std:iso:30042:ed-2"') -> str:
    return (
        f'<?xml version="1.0"?>\n<tbx{xmlns} type="TBX-Basic" style="dca" xml:lang="en"><tbxHeader><fileDesc>'
        f"<sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader><text><body>\n{body}</body></text></tbx>"
    )


def _concept(entry_id: str, ko: str, en: str, extra: str = "") -> str:
    return (
        f'<conceptEntry id="{entry_id}">{extra}<langSec xml:lang="ko"><termSec><term>{ko}</term></termSec>'
        f'</langSec><langSec xml:lang="en"><termSec><term>{en}</term></termSec></langSec></conceptEntry>\n'
    )


def test_un_namespaced_tbx_v3_is_read(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(_v3(_concept("tariff", "관세", "tariff"), xmlns=""), encoding="utf-8")
    assert [e.en for e in read_tbx(path).entries] == ["tariff"]


def test_a_skipped_entry_does_not_block_a_later_one(tmp_path: Path) -> None:
    # b clashes with a and is skipped; c shares "duty" with b only, so c is kept.
    body = _concept("a", "관세", "tariff") + _concept("b", "관세", "duty") + _concept("c", "관세액", "duty")
    path = tmp_path / "g.tbx"
    path.write_text(_v3(body), encoding="utf-8")
    imported = import_tbx(path)
    assert [e.id for e in imported.glossary.entries] == ["a", "c"]
    (skipped,) = imported.skipped
    assert str(skipped).startswith(f"{path}:4: entry b: main form '관세' is already a main form of entry 'a'")
    with pytest.raises(GlossaryError, match=f"{path}:4: entry b: main form"):
        read_tbx(path)


def test_a_file_whose_entries_are_all_bad_fails(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(_v3(_concept("a", "", "tariff") + _concept("9x", "관세", "duty")), encoding="utf-8")
    result = runner.invoke(app, ["glossary", "import", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f'{path}:3: entry a: no Korean term (a language section with xml:lang="ko" and a term)'
    assert lines[1].startswith(f"{path}:4: entry 9x: invalid id '9x'")
    assert lines[2] == f"Error: {path}: 2 of 2 entries cannot be imported; nothing written (no entry is left)"


def test_type_round_trips_through_subject_field(tmp_path: Path) -> None:
    glossary = Glossary(
        (
            GlossaryEntry("ira", "인플레이션 감축법", "IRA", type="law", note="a law", line=2),
            GlossaryEntry("sk_on", "SK온", "SK On", type="company", line=3),
            GlossaryEntry("tariff", "관세", "tariff", line=4),
        )
    )
    assert b'<descrip type="subjectField">company</descrip>' in tbx_bytes(glossary)
    path = tmp_path / "g.tbx"
    write_tbx(glossary, path)
    back = read_tbx(path)
    assert glossary_csv_text(back) == glossary_csv_text(glossary)
    assert [e.type for e in back.entries] == ["law", "company", ""]


def test_cli_export_then_import_gives_the_same_glossary(tmp_path: Path) -> None:
    source = DATA / "mini.csv"
    tbx, back = tmp_path / "g.tbx", tmp_path / "back.csv"
    assert runner.invoke(app, ["glossary", "export", str(source), "-o", str(tbx)]).exit_code == 0
    result = runner.invoke(app, ["glossary", "import", "--strict", str(tbx), "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert back.read_text(encoding="utf-8") == glossary_csv_text(load_glossary(source))


def test_the_type_note_of_earlier_exports_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    old_note = "<note>kobridge:type=law</note>"
    path.write_text(_v3(_concept("ira", "인플레이션 감축법", "IRA", old_note)), encoding="utf-8")
    (entry,) = read_tbx(path).entries
    assert (entry.type, entry.note) == ("law", "")

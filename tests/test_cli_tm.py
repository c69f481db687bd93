"""kobridge tm on the command line: the samples, a batch output folder, XLIFF, and bad input."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.errors import TmError
from kobridge.formats.xliff import validate_xliff
from kobridge.tm import TmDocument, TmUnit, open_memory

from .conftest import ROOT, SAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch output folder: the two sample pairs aligned by kobridge batch."""
    archive = tmp_path_factory.mktemp("archive")
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, archive / path.name)
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["batch", str(archive), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def memory(tmp_path: Path, batch_out: Path) -> Path:
    path = tmp_path / "desk.tm"
    result = runner.invoke(app, ["tm", "add", str(path), str(batch_out)])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 replaced" in result.stderr
    return path


def test_add_a_batch_folder_twice_replaces(memory: Path, batch_out: Path) -> None:
    again = runner.invoke(app, ["tm", "add", str(memory), str(batch_out)])
    stats = runner.invoke(app, ["tm", "stats", str(memory)])
    assert again.exit_code == 0 and "0 new, 2 replaced" in again.stderr
    assert stats.exit_code == 0
    assert "documents: 2\n" in stats.stdout and "confirmed: 0\n" in stats.stdout


def test_search_text_json_and_html(memory: Path, tmp_path: Path) -> None:
    text = runner.invoke(app, ["tm", "search", str(memory), "관세", "--limit", "2"])
    data = runner.invoke(app, ["tm", "search", str(memory), "관세를", "-f", "json"])
    page = tmp_path / "c.html"
    html = runner.invoke(app, ["tm", "search", str(memory), "tariff", "-f", "html", "-o", str(page)])
    assert text.exit_code == data.exit_code == html.exit_code == 0
    assert text.stdout.count("«관세»") == 2 and "more match" in text.stdout
    hits = json.loads(data.stdout)["hits"]
    assert hits and all(h["ko"][s:e] == "관세" and h["en"] for h in hits for s, e in h["spans"])
    marks = etree.parse(str(page), etree.HTMLParser()).xpath("//mark/text()")
    assert marks and {m.lower() for m in marks} == {"tariff"}


def test_lookup_json_and_xliff(memory: Path, tmp_path: Path) -> None:
    ko = (SAMPLES / "battery-forum.ko.txt").read_text(encoding="utf-8")
    article = tmp_path / "new.ko.txt"
    article.write_text(ko.replace("3일", "4일"), encoding="utf-8")
    xlf = tmp_path / "new.xlf"
    result = runner.invoke(
        app,
        [
            "tm",
            "lookup",
            str(memory),
            str(article),
            "-f",
            "json",
            "--xliff",
            str(xlf),
            "--glossary",
            str(ROOT / "glossary" / "energy-policy.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    sentences = json.loads(result.stdout)["sentences"]
    changed = [s for s in sentences if "4일" in s["text"]]
    assert changed and changed[0]["matches"][0]["score"] == 0.98
    assert changed[0]["matches"][0]["differences"][0]["text"] == "number 3 → 4"
    # Every sentence that is a whole unit (a 1-1 bead's) is found exactly.
    units = {u.ko for u in open_memory(str(memory)).units()}
    exact = [s["text"] for s in sentences if s["matches"] and s["matches"][0]["score"] == 1.0]
    assert exact == [s["text"] for s in sentences if s["text"] in units]
    tree = etree.parse(str(xlf))
    assert validate_xliff(tree) == []
    ns = {"m": "urn:oasis:names:tc:xliff:matches:2.0", "g": "urn:oasis:names:tc:xliff:glossary:2.0"}
    assert len(tree.xpath("//m:match", namespaces=ns)) == sum(len(s["matches"]) for s in sentences)
    assert "tariff" in tree.xpath("//g:translation/text()", namespaces=ns)

    from translate.storage import xliff2

    store = xliff2.Xliff2File.parsefile(str(xlf))
    assert [u.source for u in store.units] == [s["text"] for s in sentences]
    assert store.getsourcelanguage() == "ko" and store.gettargetlanguage() == "en"


def test_export_tmx_and_tsv(memory: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "all.tmx"
    exported = runner.invoke(app, ["tm", "export", str(memory), "--format", "tmx", "-o", str(tmx)])
    tsv = runner.invoke(app, ["tm", "export", str(memory), "--format", "tsv"])
    assert exported.exit_code == tsv.exit_code == 0
    from kobridge.formats.tmx import validate_tmx

    assert validate_tmx(etree.parse(str(tmx)), str(tmx)) == []
    rows = tsv.stdout.splitlines()
    assert rows[0].split("\t")[:3] == ["ko", "en", "file"]
    count = open_memory(str(memory)).stats().units
    assert len(tmx.read_bytes().split(b"<tu>")) - 1 == count == len(rows) - 1


def test_not_a_memory_newer_schema_and_missing(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    newer = tmp_path / "newer.tm"
    open_memory(str(newer), create=True).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE tm_meta SET value = '99' WHERE name = 'schema_version'")
    cases = {
        text: "not a kobridge translation memory: not an SQLite database",
        other: "an SQLite database, but not a kobridge translation memory",
        newer: "made by a newer kobridge (schema 99; this one reads 1)",
        tmp_path / "none.tm": "no such translation memory",
    }
    for path, message in cases.items():
        result = runner.invoke(app, ["tm", "stats", str(path)])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {path}: {message}")
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.tm").exists()


def test_a_broken_tmx_adds_nothing(tmp_path: Path, batch_out: Path) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_text(
        '<tmx version="1.4"><header/><body><tu>\n<tuv xml:lang="ko"><seg>x</tuv>', encoding="utf-8"
    )
    path = tmp_path / "desk.tm"
    result = runner.invoke(app, ["tm", "add", str(path), str(batch_out), str(broken)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {broken}:2: not well-formed XML")
    assert not path.exists()


def test_a_locked_memory_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "desk.tm"
    open_memory(str(path), create=True).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        from kobridge.tm.sqlite import SqliteStore

        store = SqliteStore(path, timeout=0.1)  # readers are not blocked (WAL); writers are
        with pytest.raises(TmError, match="the database is locked by another process"):
            store.add([TmDocument("k", "f", "", "", (TmUnit("가나다", "abc"),))])
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_postgresql_server_that_is_down(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tm", "stats", "--db", "postgresql://desk:secret@127.0.0.1:1/tm"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: postgresql://desk:***@127.0.0.1:1/tm: cannot connect to the PostgreSQL server"
    )
    assert "secret" not in result.stderr and len(result.stderr.strip().splitlines()) == 1

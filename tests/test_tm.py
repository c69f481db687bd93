"""The translation memory's contract, run on both backends: SQLite and a real PostgreSQL server.

The PostgreSQL variant needs a server URL in KOBRIDGE_TEST_PG (.ci/run starts a throwaway
server and sets it); without one it is skipped, except under CI, where that is a failure.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.errors import TmError
from kobridge.formats.read_tei import read_tei
from kobridge.formats.tei import tei_bytes
from kobridge.formats.tmx import tmx_bytes
from kobridge.model import Alignment
from kobridge.tm import TmDocument, TmUnit, lookup, open_memory, parse_query, read_sources

from .conftest import SAMPLES

PG_URL = os.environ.get("KOBRIDGE_TEST_PG", "")


@pytest.fixture(scope="module")
def tei_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The two sample pairs aligned to TEI with the command line."""
    folder = tmp_path_factory.mktemp("tei")
    files = []
    for name in ("battery-forum", "ess-ampc"):
        out = folder / f"{name}.tei.xml"
        result = CliRunner().invoke(
            app, ["align", str(SAMPLES / f"{name}.ko.txt"), str(SAMPLES / f"{name}.en.txt"), "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        files.append(out)
    return files


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh memory lives: an SQLite file, or the test PostgreSQL database (emptied)."""
    if request.param == "sqlite":
        yield str(tmp_path / "memory.tm")
        return
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: set KOBRIDGE_TEST_PG (.ci/run does)")
        pytest.skip("no PostgreSQL server: set KOBRIDGE_TEST_PG=postgresql://...")
    from kobridge.tm.postgres import drop_memory

    drop_memory(PG_URL)
    yield PG_URL
    drop_memory(PG_URL)


def _two_sided_beads(tei: Path) -> int:
    from kobridge.formats.read_tei import read_tei

    return sum(1 for b in read_tei(tei).beads if b.src and b.tgt)


def test_adding_an_article_again_replaces_its_units(target: str, tei_files: list[Path]) -> None:
    expected = sum(_two_sided_beads(f) for f in tei_files)
    with open_memory(target, create=True) as store:
        first = store.add(read_sources(tei_files))
        again = store.add(read_sources(tei_files[:1]))
        stats = store.stats()
    assert (first.added, first.replaced, first.units) == (2, 0, expected)
    assert (again.added, again.replaced) == (0, 1)
    assert (stats.documents, stats.units, stats.confirmed) == (2, expected, 0)


def test_units_keep_their_provenance(target: str, tei_files: list[Path]) -> None:
    with open_memory(target, create=True) as store:
        store.add(read_sources(tei_files[:1]))
        units = list(store.units())
    assert units[0].title == "트럼프 2기 앞둔 K배터리…“대미 투자 성과 적극 알려야”"
    assert all(u.file == str(tei_files[0]) and 0 <= (u.confidence or 0) <= 1 for u in units)
    assert all(u.ko and u.en and not u.confirmed for u in units)


def test_korean_search_matches_across_particles_not_longer_words(target: str, tei_files: list[Path]) -> None:
    extra = TmDocument(
        "test:1",
        "x",
        "",
        "",
        (TmUnit("관세율이 올랐다.", "The tariff rate rose."), TmUnit("관세는 낮다.", "Low.")),
    )
    with open_memory(target, create=True) as store:
        store.add([*read_sources(tei_files), extra])
        hits, more = store.search(parse_query("관세", "ko"), 100)
        with_particle, _ = store.search(parse_query("관세를", "ko"), 100)
    assert not more
    following = {h.unit.ko[e : e + 1] for h in hits for _, e in h.spans}
    assert {"가", "를", "는"} <= following
    assert all(h.unit.ko[s:e] == "관세" for h in hits for s, e in h.spans)
    assert "관세율이 올랐다." not in {h.unit.ko for h in hits}
    assert [h.unit.id for h in with_particle] == [h.unit.id for h in hits]


def test_english_search_short_queries_and_limit(target: str, tei_files: list[Path]) -> None:
    extra = TmDocument("test:2", "x", "", "", (TmUnit("관세가 올랐다.", "Tariffs rose."),))
    with open_memory(target, create=True) as store:
        store.add([*read_sources(tei_files), extra])
        tariffs, _ = store.search(parse_query("tariff", "en"), 100)
        first, more = store.search(parse_query("tariff", "en"), 1)
        one_char, _ = store.search(parse_query("美", "ko"), 10)
    assert {h.unit.en[s:e].lower() for h in tariffs for s, e in h.spans} == {"tariff", "tariffs"}
    assert len(first) == 1 and more and first[0].unit.id == max(h.unit.id for h in tariffs)
    assert one_char and all("美" in h.unit.ko for h in one_char)


def test_lookup_of_a_unit_with_another_number_says_which(target: str, tei_files: list[Path]) -> None:
    with open_memory(target, create=True) as store:
        store.add(read_sources(tei_files))
        unit = next(u for u in store.units() if "3일" in u.ko)
        sentence = unit.ko.replace("3일", "4일")
        [[best, *_], nothing] = lookup(store, [sentence, "완전히 다른 이야기를 하는 문장이다."])
    assert best.unit.id == unit.id
    assert best.score == pytest.approx(0.98)
    assert [d.describe() for d in best.differences] == ["number 3 → 4"]
    assert nothing == []


@pytest.mark.parametrize(("suffix", "writer"), [("tei.xml", tei_bytes), ("tmx", tmx_bytes)])
def test_beads_confirmed_in_review_are_confirmed_units(
    target: str, tei_files: list[Path], tmp_path: Path, suffix: str, writer: Callable[[Alignment], bytes]
) -> None:
    alignment = read_tei(tei_files[1])
    first = dataclasses.replace(alignment.beads[0], review="confirmed")
    edited = tmp_path / f"ess-ampc.{suffix}"
    edited.write_bytes(writer(dataclasses.replace(alignment, beads=(first, *alignment.beads[1:]))))
    with open_memory(target, create=True) as store:
        store.add(read_sources([edited]))
        confirmed = [u for u in store.units() if u.confirmed]
        assert store.stats().confirmed == 1
    assert len(confirmed) == 1 and confirmed[0].bead.startswith("[0]")


def test_concurrent_writers_lose_no_unit(target: str) -> None:
    with open_memory(target, create=True):
        pass

    def write(worker: int) -> None:
        with open_memory(target) as store:
            for n in range(5):
                units = tuple(TmUnit(f"문장 {worker} {n} {i}", f"s {worker} {n} {i}") for i in range(10))
                store.add([TmDocument(f"w{worker}:{n}", "f", "", "", units)])

    threads = [threading.Thread(target=write, args=(w,)) for w in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open_memory(target) as store:
        stats = store.stats()
    assert (stats.documents, stats.units) == (15, 150)


def test_a_tmx_file_adds_its_units(target: str, tei_files: list[Path], tmp_path: Path) -> None:
    tmx = tmp_path / "bf.tmx"
    result = CliRunner().invoke(app, ["convert", str(tei_files[0]), "--to", "tmx", "-o", str(tmx)])
    assert result.exit_code == 0, result.output
    with open_memory(target, create=True) as store:
        report = store.add(read_sources([tmx]))
        again = store.add(read_sources([tmx]))
        units = list(store.units())
    assert report.units == _two_sided_beads(tei_files[0]) == len(units)
    assert again.replaced == 1
    assert all(u.confidence is not None and re.fullmatch(r"\[.*\]:\[.*\]", u.bead) for u in units)


def test_missing_memory_is_not_created(target: str) -> None:
    with pytest.raises(TmError, match=r"no (such )?(kobridge )?translation memory"):
        open_memory(target)
    if not target.startswith("postgres"):
        assert not Path(target).exists()

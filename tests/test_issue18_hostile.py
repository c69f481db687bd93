"""Regression tests of issue 18, "found by hostile input" (items 12-22 and 24-26).

Each test is named after its item and failed before the fix. Item 23 (the review page's URL
fragment) is tested with the review page.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from kobridge.batch import BatchSettings, Engine, PairStatus, discover_pairs, engines, run_batch, state
from kobridge.batch.discover import PairJob
from kobridge.batch.pair import BatchContext, process_pair
from kobridge.cli import app
from kobridge.errors import InputError
from kobridge.formats.tei import TEI_NS
from kobridge.formats.validate import validate_file
from kobridge.glossary import Glossary, find_terms, load_glossary
from kobridge.model import GlossaryEntry

from .conftest import SAMPLES

runner = CliRunner()
KO = SAMPLES / "battery-forum.ko.txt"
EN = SAMPLES / "battery-forum.en.txt"
HEADER = "id,ko,en,ko_variants,en_variants,type,note,forbidden\n"
NS = {"t": TEI_NS}


def kobridge(*args: str, timeout: float = 60, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kobridge ARGS`` in a subprocess (what a user's shell does)."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kobridge", *args],
        text=True,
        timeout=timeout,
        check=False,
        **streams,
    )


def one_error_line(stderr: str) -> str:
    """The run's stderr is one ``Error:`` line and no traceback; return it."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, stderr
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    """Temporary files an atomic write left behind."""
    return sorted(p.name for p in folder.rglob(".*.tmp"))


@pytest.fixture(scope="module")
def tei_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The battery-forum sample aligned to TEI."""
    path = tmp_path_factory.mktemp("tei") / "sample.tei.xml"
    result = runner.invoke(app, ["align", str(KO), str(EN), "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


# --- item 12: long terms and deep tries ------------------------------------------------------


def test_item12_long_term_no_recursion(tmp_path: Path) -> None:
    long_en = " ".join(["battery"] * 70)  # 559 characters
    long_ko = "배터리" * 170  # 510 characters
    glossary = tmp_path / "g.csv"
    glossary.write_text(HEADER + f"long,{long_ko},{long_en},,,,,\nira,IRA,IRA,,,,,\n", encoding="utf-8")
    loaded = load_glossary(glossary)
    assert [h.entry_id for h in find_terms(f"The {long_en} and the IRA.", "en", loaded)] == ["long", "ira"]
    assert [h.entry_id for h in find_terms(f"{long_ko}를 IRA는", "ko", loaded)] == ["long", "ira"]
    aligned = runner.invoke(
        app, ["align", str(KO), str(EN), "--glossary", str(glossary), "-o", str(tmp_path / "a")]
    )
    assert aligned.exit_code == 0, aligned.output
    tbx = tmp_path / "g.tbx"
    exported = runner.invoke(app, ["glossary", "export", str(glossary), "-o", str(tbx)])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(app, ["glossary", "import", str(tbx), "-o", str(tmp_path / "back.csv")])
    assert imported.exit_code == 0, imported.output


def test_item12_600_entries_sharing_a_prefix() -> None:
    # Each form is a prefix of the next: the trie is 600 nodes deep with a form ending at each.
    entries = tuple(GlossaryEntry(f"e{i}", f"가{'나' * i}", "k" * i) for i in range(1, 601))
    glossary = Glossary(entries)
    (hit,) = find_terms("a " + "k" * 600 + " b", "en", glossary)
    assert hit.entry_id == "e600"
    (hit,) = find_terms("x " + "k" * 250 + "s y", "en", glossary)  # the inferred plural
    assert hit.entry_id == "e250"
    (hit,) = find_terms("가" + "나" * 300 + "를", "ko", glossary)
    assert hit.entry_id == "e300"


def test_item12_check_flags_what_the_matcher_cannot_take(tmp_path: Path) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text(HEADER + f"huge,배터리,{'x' * 1001},,,,,\n", encoding="utf-8")
    checked = runner.invoke(app, ["glossary", "check", str(glossary)])
    assert checked.exit_code == 1
    assert f"{glossary}:2: error: main form of 1,001 characters; a glossary form has at most 1,000" in (
        checked.output
    )


# --- item 26: a glossary of many entries -----------------------------------------------------


def test_item26_a_large_glossary_compiles_fast() -> None:
    entries = [
        GlossaryEntry(
            f"e{i}",
            "".join(chr(0xAC00 + (i * 37 + k * 101) % 11172) for k in range(3)),
            f"term{i} concept",
            ko_variants=(f"K{i}",),
            en_variants=(f"T{i}",),
        )
        for i in range(30_000)
    ]
    started = time.perf_counter()
    glossary = Glossary(tuple(entries))
    assert [h.entry_id for h in find_terms("term29999 concepts and T7", "en", glossary)] == ["e29999", "e7"]
    # Before: 12 s for 30,000 entries (one regular expression of megabytes compiled per run).
    assert time.perf_counter() - started < 5


# --- item 13: I/O errors ---------------------------------------------------------------------


def test_item13_full_stdout_is_an_error_line() -> None:
    with open("/dev/full", "w") as full:
        result = kobridge("align", str(KO), str(EN), stdout=full)
    assert result.returncode == 1
    assert "No space left on device" in one_error_line(result.stderr)


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))


def test_item13_ulimit_f_is_an_error_line(tmp_path: Path) -> None:
    out = tmp_path / "out.tei.xml"
    result = kobridge("align", str(KO), str(EN), "-o", str(out), preexec_fn=_limit_file_size)
    assert result.returncode == 1
    assert "File too large" in one_error_line(result.stderr)
    assert not out.exists() and leftovers(tmp_path) == []


def test_item13_long_output_name_gets_a_short_temporary_name(tmp_path: Path) -> None:
    out = tmp_path / ("x" * 245 + ".xml")  # 249 bytes: ".NAME.XXXXXXXX.tmp" would not fit
    result = runner.invoke(app, ["align", str(KO), str(EN), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and leftovers(tmp_path) == []


def _full_disk(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_item13_full_disk_is_an_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", _full_disk)  # a disk that fills up as the file is synced
    out = tmp_path / "out.tei.xml"
    result = runner.invoke(app, ["align", str(KO), str(EN), "-o", str(out)])
    assert result.exit_code == 1
    assert not isinstance(result.exception, OSError)
    assert f"Error: {out}: cannot write the output (No space left on device)" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_item13_batch_into_a_full_folder_ends_with_a_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", _full_disk)
    result = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1
    assert not isinstance(result.exception, OSError)
    out = tmp_path / "out"
    assert (
        f"{out / 'battery-forum.tei.xml'}: cannot write the output (No space left on device)" in result.stdout
    )
    assert "2 pair(s): 0 ok, 0 skipped, 2 failed" in result.stdout


# --- item 14: one bad pair never aborts a batch ----------------------------------------------


def _manifest(tmp_path: Path, names: list[str]) -> Path:
    manifest = tmp_path / "pairs.csv"
    rows = "".join(f"{KO},{EN},{name}\n" for name in names)
    manifest.write_text("ko,en,name\n" + rows, encoding="utf-8")
    return manifest


def test_item14_a_long_name_fails_only_its_own_pair(tmp_path: Path) -> None:
    long, too_long = "n" * 240, "m" * 250  # 240 + ".tei.xml" fits in a file name; 250 does not
    pairs = discover_pairs(_manifest(tmp_path, [long, too_long, "short"]))
    report = run_batch(pairs, tmp_path / "out", jobs=1)
    status = {result.name: result for result in report.results}
    assert status[long].status is PairStatus.ok and status["short"].status is PairStatus.ok
    assert status[too_long].status is PairStatus.failed
    assert "File name too long" in status[too_long].error
    assert leftovers(tmp_path / "out") == []


def killing_task(job: PairJob, context: BatchContext):  # type: ignore[no-untyped-def]
    """process_pair, except that the pair named "boom" kills its worker (as the OOM killer does)."""
    if job.name == "boom":
        os.kill(os.getpid(), signal.SIGKILL)
    return process_pair(job, context)


def test_item14_a_killed_worker_fails_only_its_pair(tmp_path: Path) -> None:
    names = ["a", "b", "boom", "c", "d", "e"]
    jobs = [PairJob(name, KO, EN) for name in names]
    outdir = tmp_path / "out"
    state.sweep_staging(outdir)
    context = BatchContext(BatchSettings(), "test", outdir)
    results = {r.name: r for r in engines.run_local(jobs, context, 2, killing_task)}
    assert sorted(results) == sorted(names)
    assert results["boom"].status is PairStatus.failed
    assert "worker process" in results["boom"].error
    # A pair that finished just as the pool broke is run again and finds its output up to date.
    assert all(
        results[name].status in (PairStatus.ok, PairStatus.skipped) for name in names if name != "boom"
    )
    assert sorted(p.name for p in outdir.glob("*.tei.xml")) == sorted(
        f"{n}.tei.xml" for n in names if n != "boom"
    )


BATCH_SCRIPT = """
import sys
from pathlib import Path
from kobridge.batch import discover_pairs, run_batch
report = run_batch(discover_pairs(Path(sys.argv[1])), Path(sys.argv[2]), jobs=2)
print(len(report.results))
"""


def _copies(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"p{i:03}.ko.txt").write_bytes(KO.read_bytes())
        (folder / f"p{i:03}.en.txt").write_bytes(EN.read_bytes())
    return folder


def _session_processes(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_item14_no_worker_outlives_a_killed_batch(tmp_path: Path) -> None:
    inputs = _copies(tmp_path / "in", 40)
    outdir = tmp_path / "out"
    batch = subprocess.Popen(
        [sys.executable, "-c", BATCH_SCRIPT, str(inputs), str(outdir)], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while not list(outdir.glob("*.tei.xml")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(_session_processes(batch.pid)) >= 3, "the workers did not start"
        os.kill(batch.pid, signal.SIGKILL)  # the batch alone, as a user's kill -9 does
        batch.wait()
        deadline = time.monotonic() + 20
        while _session_processes(batch.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _session_processes(batch.pid) == []
    finally:
        with_left = _session_processes(batch.pid)
        if with_left:
            os.killpg(batch.pid, signal.SIGKILL)


@pytest.mark.slow
def test_item14_two_batches_never_share_a_folder(tmp_path: Path) -> None:
    inputs = _copies(tmp_path / "in", 12)
    outdir = tmp_path / "out"
    first = subprocess.Popen(
        [sys.executable, "-c", BATCH_SCRIPT, str(inputs), str(outdir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (outdir / ".kobridge" / "tmp").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        second = kobridge("batch", str(inputs), "-o", str(outdir), "--jobs", "1", timeout=120)
        out, err = first.communicate(timeout=180)
    finally:
        first.kill()
    assert first.returncode == 0, err
    assert out.strip() == "12"
    assert second.returncode == 1
    assert "another kobridge batch is writing into this folder" in one_error_line(second.stderr)
    again = run_batch(discover_pairs(inputs), outdir, jobs=1)
    assert again.count(PairStatus.skipped) == 12


# --- item 15: non-regular inputs and size ----------------------------------------------------


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))


def test_item15_dev_zero_is_refused(tmp_path: Path) -> None:
    result = kobridge("align", "/dev/zero", str(EN), preexec_fn=_limit_memory, timeout=120)
    assert result.returncode == 1
    assert "/dev/zero: is not a regular file" in one_error_line(result.stderr)


def test_item15_a_link_to_a_device_in_a_batch_folder_fails_that_pair(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zero.ko.txt").symlink_to("/dev/zero")
    (folder / "zero.en.txt").write_bytes(EN.read_bytes())
    (folder / "ok.ko.txt").write_bytes(KO.read_bytes())
    (folder / "ok.en.txt").write_bytes(EN.read_bytes())
    result = kobridge(
        "batch", str(folder), "-o", str(tmp_path / "out"), "--jobs", "1", preexec_fn=_limit_memory
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "zero.ko.txt: is not a regular file" in result.stdout
    assert (tmp_path / "out" / "ok.tei.xml").exists()


def test_item15_a_fifo_in_a_manifest_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.ko.txt"
    os.mkfifo(fifo)
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(f"ko,en,name\n{fifo},{EN},fifo\n{KO},{EN},ok\n", encoding="utf-8")
    result = kobridge("batch", str(manifest), "-o", str(tmp_path / "out"), "--jobs", "1", timeout=60)
    assert result.returncode == 1
    assert "fifo.ko.txt: is not a regular file" in result.stdout
    assert (tmp_path / "out" / "ok.tei.xml").exists()


def test_item15_validate_a_glob_with_a_fifo_never_blocks(tmp_path: Path, tei_file: Path) -> None:
    (tmp_path / "a.xml").write_bytes(tei_file.read_bytes())
    os.mkfifo(tmp_path / "b.xml")
    result = kobridge("validate", str(tmp_path / "*.xml"), timeout=60)
    assert result.returncode == 1
    assert f"{tmp_path / 'a.xml'}: valid" in result.stdout
    assert f"{tmp_path / 'b.xml'}:1: is not a regular file" in result.stderr


def test_item15_input_size_is_capped(tmp_path: Path) -> None:
    big = tmp_path / "big.ko.txt"
    with big.open("wb") as stream:
        stream.truncate(64 * 2**20 + 1)  # sparse: nothing is written to disk
    result = runner.invoke(app, ["align", str(big), str(EN)])
    assert result.exit_code == 1
    assert f"Error: {big}: larger than 67,108,864 bytes (64 MiB)" in result.stderr


# --- item 16: outputs atomic as a set; outputs never overwrite inputs -------------------------


def test_item16_a_failed_html_leaves_no_tei(tmp_path: Path) -> None:
    out = tmp_path / "out.tei.xml"
    result = runner.invoke(
        app, ["align", str(KO), str(EN), "-o", str(out), "--html", str(tmp_path / "nodir" / "x.html")]
    )
    assert result.exit_code == 1
    assert "the output folder does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_item16_ctrl_c_while_writing_the_html_leaves_no_tei(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real_fsync = os.fsync

    def interrupted_second_sync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", interrupted_second_sync)
    out = tmp_path / "out.tei.xml"
    result = runner.invoke(
        app, ["align", str(KO), str(EN), "-o", str(out), "--html", str(tmp_path / "p.html")]
    )
    assert result.exit_code == 130  # interrupted, as a shell reports Ctrl-C
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []


def _unboxed(text: str) -> str:
    """A usage error's message without the box drawn around it and its line breaks."""
    return " ".join(text.replace("│", " ").split())


def test_item16_an_output_naming_an_input_is_refused(tmp_path: Path) -> None:
    ko = tmp_path / "a.ko.txt"
    ko.write_bytes(KO.read_bytes())
    result = runner.invoke(app, ["align", str(ko), str(EN), "-o", str(ko)])
    assert result.exit_code == 2
    assert "is an input file" in _unboxed(result.stderr)
    assert ko.read_bytes() == KO.read_bytes()
    same = tmp_path / "p"
    result = runner.invoke(app, ["align", str(KO), str(EN), "-o", str(same), "--html", str(same)])
    assert result.exit_code == 2
    assert "-o and --html name the same file" in _unboxed(result.stderr)
    assert not same.exists()


@pytest.mark.parametrize(
    ("args", "victim"),
    [
        pytest.param(["align", "K", "E", "--fixed", "F", "-o", "F"], "F", id="align-fixed"),
        pytest.param(["tm", "export", "M", "-o", "M"], "M", id="tm-export-memory"),
        pytest.param(["tm", "lookup", "M", "K", "--xliff", "K"], "K", id="tm-lookup-xliff"),
        pytest.param(["lexicon", "train", "P", "-o", "P"], "P", id="lexicon-train"),
    ],
)
def test_item16_the_later_commands_refuse_an_output_naming_an_input(
    tmp_path: Path, args: list[str], victim: str
) -> None:
    files = {"K": KO, "E": EN, "F": None, "M": None, "P": None}
    content = {"F": b"[0]:[0]\n", "M": b"SQLite format 3\x00", "P": b"ko\ten\n"}
    paths = {}
    for key, source in files.items():
        path = tmp_path / key
        path.write_bytes(source.read_bytes() if source is not None else content[key])
        paths[key] = str(path)
    result = runner.invoke(app, [paths.get(arg, arg) for arg in args])
    assert result.exit_code == 2
    assert "is an input file" in _unboxed(result.stderr)
    kept = files[victim].read_bytes() if files[victim] is not None else content[victim]
    assert (tmp_path / victim).read_bytes() == kept


# --- item 17: odd file names -----------------------------------------------------------------

ODD = [
    pytest.param("bell\x07.txt", id="control-character"),
    pytest.param(os.fsdecode(b"caf\xe9.txt"), id="latin-1-bytes"),
]


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("fmt", ["tei", "tmx", "json"])
def test_item17_odd_names_in_the_writers(tmp_path: Path, odd: str, fmt: str) -> None:
    src = tmp_path / ("ko-" + odd)
    src.write_bytes(KO.read_bytes())
    out = tmp_path / f"out.{fmt}"
    result = kobridge("align", os.fsencode(src), str(EN), "-f", fmt, "-o", str(out))  # type: ignore[arg-type]
    assert result.returncode == 0, result.stderr
    shown = "ko-bell\\x07.txt" if "\x07" in odd else "ko-caf\\xe9.txt"
    if fmt == "json":
        assert json.loads(out.read_bytes())["src"]["name"] == shown
    else:
        assert shown.encode() in out.read_bytes()
        etree.fromstring(out.read_bytes())


@pytest.mark.parametrize("odd", ODD)
def test_item17_odd_names_in_validate_and_convert(tmp_path: Path, odd: str, tei_file: Path) -> None:
    path = tmp_path / ("tei-" + odd)
    path.write_bytes(tei_file.read_bytes())
    name = os.fsencode(path)
    checked = kobridge("validate", name)  # type: ignore[arg-type]
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.endswith(": valid\n") and "tei-" in checked.stdout
    converted = kobridge("convert", name, "--to", "json")  # type: ignore[arg-type]
    assert converted.returncode == 0, converted.stderr
    junit = kobridge("validate", name, "-f", "junit")  # type: ignore[arg-type]
    assert junit.returncode == 0, junit.stderr
    etree.fromstring(junit.stdout.encode())


# --- items 18 and 19: validate is linear, capped, and agrees with convert ----------------------


def _mutated(tei_file: Path, tmp_path: Path, change: str) -> Path:
    tree = etree.parse(str(tei_file))
    root = tree.getroot()
    sentence = root.xpath(".//t:text[@xml:id='en']//t:s", namespaces=NS)[0]
    links = root.findall(".//t:linkGrp/t:link", NS)
    if change == "comment-in-s":
        sentence.append(etree.Comment("note"))
    elif change == "pi-in-s":
        sentence.append(etree.ProcessingInstruction("note", "x"))
    elif change == "empty-s":
        for child in list(sentence):
            sentence.remove(child)
        sentence.text = None
    elif change == "links-out-of-order":
        parent = links[0].getparent()
        parent.remove(links[0])
        parent.insert(list(parent).index(links[2]) + 1, links[0])
    elif change == "big-foreign-attribute":
        root.set("{urn:x-other}note", "x" * 5_000_000)
    elif change == "xml-base":
        root.set("{http://www.w3.org/XML/1998/namespace}base", "http://example.org/")
    elif change == "schema-location":
        root.set("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", "urn:x tei.xsd")
    elif change == "term-without-gloss":
        term = etree.SubElement(sentence, f"{{{TEI_NS}}}term", ref="#gl.nothing")
        term.text = "x"
    path = tmp_path / f"{change}.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


@pytest.mark.parametrize(
    "change",
    [
        "comment-in-s",
        "pi-in-s",
        "empty-s",
        "links-out-of-order",
        "big-foreign-attribute",
        "xml-base",
        "schema-location",
        "term-without-gloss",
    ],
)
def test_item19_validate_and_convert_give_one_verdict(tmp_path: Path, tei_file: Path, change: str) -> None:
    path = _mutated(tei_file, tmp_path, change)
    checked = runner.invoke(app, ["validate", str(path)])
    converted = runner.invoke(app, ["convert", str(path), "--to", "beads"])
    assert checked.exit_code == converted.exit_code == 1, (checked.output, converted.output)
    assert converted.stderr.startswith(f"Error: {path}:")


def test_item18_validate_is_linear_and_caps_repeated_messages(tmp_path: Path, tei_file: Path) -> None:
    tree = etree.parse(str(tei_file))
    group = tree.getroot().find(".//t:linkGrp", NS)
    n = 2000
    ptr = etree.SubElement(group, f"{{{TEI_NS}}}ptr", target=" ".join(f"#missing{i}" for i in range(n)))
    ptr.set("{http://www.w3.org/XML/1998/namespace}id", "many")
    for _ in range(n):
        etree.SubElement(group, f"{{{TEI_NS}}}link", target="#many #ko.s1", type="1-1", cert="0.5")
    path = tmp_path / "many.xml"
    tree.write(str(path), encoding="UTF-8")
    started = time.process_time()
    issues = validate_file(path)
    assert time.process_time() - started < 5  # before: over 20 s and 4 million messages
    assert 0 < len(issues) < 200
    assert any("more problem(s) like the above" in issue.message for issue in issues)


# --- item 20: encoding errors are reported as such -------------------------------------------


def test_item20_invalid_utf8_and_wrong_declarations(tmp_path: Path, tei_file: Path) -> None:
    data = tei_file.read_bytes()
    bad_bytes = tmp_path / "bytes.xml"
    bad_bytes.write_bytes(data.replace("배터리".encode(), b"\xff\xfe", 1))
    wrong = tmp_path / "declared.xml"
    wrong.write_bytes(data.replace(b"encoding='UTF-8'", b"encoding='no-such-codec'", 1))
    assert b"no-such-codec" in wrong.read_bytes()
    for path in (bad_bytes, wrong):
        (issue,) = validate_file(path)
        assert "no such file" not in issue.message
        assert issue.message.startswith("not well-formed XML")
    (issue,) = validate_file(bad_bytes)
    assert "invalid bytes in character encoding" in issue.message.lower()
    (issue,) = validate_file(wrong)
    assert "encoding" in issue.message.lower()


# --- item 21: TBX DOCTYPEs -------------------------------------------------------------------


def test_item21_tbx_with_entities_is_refused(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    tbx.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY e "nflation Reduction Act">]>\n'
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en"><text><body>'
        '<conceptEntry id="ira"><langSec xml:lang="ko"><termSec><term>IRA</term></termSec></langSec>'
        '<langSec xml:lang="en"><termSec><term>I&e;RA</term></termSec></langSec></conceptEntry>'
        "</body></text></tbx>\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["glossary", "import", str(tbx), "-o", str(tmp_path / "g.csv")])
    assert result.exit_code == 1
    assert f"Error: {tbx}: declares entities in its DOCTYPE" in result.stderr
    assert not (tmp_path / "g.csv").exists()


# --- item 22: formulas in the glossary CSV ---------------------------------------------------


def test_item22_formula_cells_are_neutralised_and_read_back(tmp_path: Path) -> None:
    source = tmp_path / "g.csv"
    source.write_text(HEADER + 'f1,관세,=HYPERLINK("http://x"),,@SUM(1),,+cmd,-tariff\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["glossary", "export", str(source), "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    row = out.read_text(encoding="utf-8").splitlines()[1]
    assert row == 'f1,관세,"\'=HYPERLINK(""http://x"")",,\'@SUM(1),,\'+cmd,\'-tariff'
    (entry,) = load_glossary(out).entries
    assert (entry.en, entry.en_variants, entry.note, entry.forbidden) == (
        '=HYPERLINK("http://x")',
        ("@SUM(1)",),
        "+cmd",
        ("-tariff",),
    )
    tbx = tmp_path / "g.tbx"
    assert runner.invoke(app, ["glossary", "export", str(source), "-o", str(tbx)]).exit_code == 0
    back = tmp_path / "back.csv"
    assert runner.invoke(app, ["glossary", "import", str(tbx), "-o", str(back)]).exit_code == 0
    assert "'=HYPERLINK" in back.read_text(encoding="utf-8")


# --- item 24: Dask scheduler addresses -------------------------------------------------------


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask installed, and a scheduler that does not answer in 1 s is given up (not 10 s)."""
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    monkeypatch.setattr(engines, "DASK_CONNECT_TIMEOUT", 1.0, raising=False)


def _batch_in_thread(tmp_path: Path, scheduler: str) -> BaseException | None:
    """Run a Dask batch in a thread; the exception it ended with (None: it hung or passed)."""
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            run_batch(discover_pairs(SAMPLES), tmp_path / "out", engine=Engine.dask, scheduler=scheduler)
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(15)
    assert not thread.is_alive(), f"the batch hangs on {scheduler}"
    return outcome[0] if outcome else None


@pytest.mark.parametrize("address", ["foo", "tcp://", "tcp://127.0.0.1:notaport", "http://127.0.0.1:1"])
def test_item24_malformed_addresses_are_clean_errors(
    tmp_path: Path, address: str, short_timeout: None
) -> None:
    error = _batch_in_thread(tmp_path, address)
    assert isinstance(error, InputError), repr(error)
    assert address in str(error) and "\n" not in str(error)


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    """A TCP server that is no Dask scheduler: silent, or greeting with another protocol's banner."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)
            if request.param == "banner":
                conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    for conn in accepted:
        conn.close()


@pytest.mark.parametrize("server", ["silent", "banner"], indirect=True)
def test_item24_a_server_that_is_not_dask_is_a_clean_error(
    tmp_path: Path, server: str, short_timeout: None
) -> None:
    started = time.monotonic()
    error = _batch_in_thread(tmp_path, server)
    assert isinstance(error, InputError), repr(error)
    assert server in str(error)
    assert time.monotonic() - started < 10


# --- item 25: a schema that includes a FIFO --------------------------------------------------


def test_item25_schema_including_a_fifo_never_blocks(tmp_path: Path, tei_file: Path) -> None:
    os.mkfifo(tmp_path / "part.rng")
    schema = tmp_path / "schema.rng"
    schema.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="part.rng"/>'
        "<start><element><anyName/><text/></element></start></grammar>\n",
        encoding="utf-8",
    )
    result = kobridge("validate", "--schema", str(schema), str(tei_file), timeout=60)
    assert result.returncode == 1
    assert f"{tmp_path / 'part.rng'}: is not a regular file" in result.stderr

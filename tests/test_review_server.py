"""The review server over plain HTTP (its refusals), the session's saves, and the review/realign commands."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kobridge.cli import app
from kobridge.errors import ValidationError
from kobridge.formats.read_tei import read_tei
from kobridge.formats.tei import tei_bytes
from kobridge.formats.validate import validate_file
from kobridge.model import Alignment, Bead
from kobridge.pipeline import realign
from kobridge.review import Session
from kobridge.review.server import ReviewServer

from .conftest import ROOT


@pytest.fixture
def tei_file(tmp_path: Path, small_alignment: Alignment) -> Path:
    path = tmp_path / "small.tei.xml"
    path.write_bytes(tei_bytes(small_alignment))
    return path


@pytest.fixture
def server(tei_file: Path) -> Iterator[ReviewServer]:
    running = ReviewServer(Session(tei_file, realign), lambda a: b"<!DOCTYPE html><p>editor</p>")
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    thread.join()
    running.close()


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {})) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def post(server: ReviewServer, path: str, body: object, **headers: str) -> tuple[int, dict[str, object]]:
    sent = {"Content-Type": "application/json", "Origin": server.origins[0], **headers}
    status, data = request(server.url + path, json.dumps(body).encode(), sent)
    return status, json.loads(data)


def test_the_token_is_required(server: ReviewServer) -> None:
    root = f"http://127.0.0.1:{server.port}/"
    assert request(server.url)[0] == 200
    assert request(root)[0] == 403
    assert request(root + "not-the-token/")[0] == 403
    assert request(root + server.token[:-1] + "/")[0] == 403
    assert request(server.url + "api/edit")[0] == 404  # a GET of the API
    assert post(server, "api/edit", {"op": "confirm", "bead": 0}, Host="evil.example")[0] == 403


def test_posts_need_the_editors_origin_and_json(server: ReviewServer, tei_file: Path) -> None:
    before = tei_file.read_bytes()
    assert post(server, "api/edit", {"op": "confirm", "bead": 0}, Origin="http://evil.example")[0] == 403
    status, _ = request(
        server.url + "api/edit", b'{"op": "confirm", "bead": 0}', {"Content-Type": "text/plain"}
    )
    assert status == 403  # no Origin
    sent = {"Content-Type": "text/plain", "Origin": server.origins[0]}
    assert request(server.url + "api/edit", b'{"op": "confirm", "bead": 0}', sent)[0] == 415
    assert post(server, "api/edit", ["confirm"])[0] == 400
    assert tei_file.read_bytes() == before
    status, answer = post(server, "api/edit", {"op": "confirm", "bead": 0})
    assert (status, answer["ok"], answer["can_undo"]) == (200, True, True)
    assert read_tei(tei_file).beads[0].review == "confirmed"
    status, answer = post(server, "api/edit", {"op": "merge_next", "bead": 3})
    assert status == 422 and "last one" in str(answer["error"])
    assert post(server, "api/undo", {})[0] == 200
    assert tei_file.read_bytes() == before


def test_a_change_on_disk_gives_409(server: ReviewServer, tei_file: Path) -> None:
    tei_file.write_bytes(tei_file.read_bytes() + b"\n")
    status, answer = post(server, "api/edit", {"op": "confirm", "bead": 0})
    assert status == 409 and "changed on disk" in str(answer["error"])


def test_a_save_that_would_be_invalid_is_refused(tei_file: Path) -> None:
    def broken(alignment: Alignment) -> Alignment:  # loses a sentence: the file would be invalid
        return dataclasses.replace(alignment, beads=alignment.beads[:-1])

    before = tei_file.read_bytes()
    session = Session(tei_file, broken)
    with pytest.raises(ValidationError, match="invalid"):
        session.edit({"op": "realign"})
    assert tei_file.read_bytes() == before and not session.can_undo


def test_the_session_adds_one_change_and_undo_restores_the_bytes(tei_file: Path) -> None:
    before = tei_file.read_bytes()
    session = Session(tei_file, realign)
    session.edit({"op": "confirm", "bead": 0})
    session.edit({"op": "merge_next", "bead": 2})
    edited = read_tei(tei_file)
    assert [r.text for r in edited.revisions] == [
        "Reviewed in kobridge review: 2 edits (confirm ×1, merge next ×1)."
    ]
    assert [b.review for b in edited.beads] == ["confirmed", "", "edited"]
    session.undo()
    session.undo()
    assert tei_file.read_bytes() == before
    with pytest.raises(Exception, match="nothing to undo"):
        session.undo()


def test_review_refuses_a_file_that_is_not_kobridge_tei(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'/>")
    result = CliRunner().invoke(app, ["review", str(bad), "--no-browser"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:1: ") and result.stdout == ""


def test_review_says_when_the_port_is_in_use(tei_file: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["review", str(tei_file), "--no-browser", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr


def test_review_prints_its_url_first_and_stops_cleanly_on_ctrl_c(tei_file: Path) -> None:
    command = [sys.executable, "-m", "kobridge", "review", str(tei_file), "--no-browser"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:") and url.endswith("/")
            status, body = request(url)
            assert status == 200 and b"data-action" in body
            origin = url.rsplit("/", 2)[0]
            sent = {"Content-Type": "application/json", "Origin": origin}
            assert request(url + "api/edit", b'{"op": "confirm", "bead": 1}', sent)[0] == 200
        finally:
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=20) == 0
    assert read_tei(tei_file).beads[1].review == "confirmed"
    assert sorted(os.listdir(tei_file.parent)) == [tei_file.name]  # no temporary file left


def test_realign_keeps_the_reviewed_beads(tmp_path: Path) -> None:
    tei = tmp_path / "bf.tei.xml"
    samples = ROOT / "samples"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "align",
            str(samples / "battery-forum.ko.txt"),
            str(samples / "battery-forum.en.txt"),
            "-o",
            str(tei),
        ],
    )
    assert result.exit_code == 0, result.stderr
    session = Session(tei, realign)
    session.edit({"op": "split_bead", "bead": 1})  # 2-1 -> 1-1 + 1-0, made by hand
    session.edit({"op": "confirm", "bead": 5})
    out = tmp_path / "realigned.tei.xml"
    result = runner.invoke(app, ["realign", str(tei), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert validate_file(out) == []
    before, after = read_tei(tei), read_tei(out)
    kept = [b for b in before.beads if b.review]
    assert kept and all(b in after.beads for b in kept)
    assert after.revisions == before.revisions


def test_align_fixed_keeps_every_bead_and_covers_every_sentence(tmp_path: Path) -> None:
    samples = ROOT / "samples"
    fixed = tmp_path / "fixed.beads"
    fixed.write_text("[0]:[0]\n\n[1]:[1, 2]\n[5]:[]\n[7]:[6]\n")
    args = [
        "align",
        str(samples / "battery-forum.ko.txt"),
        str(samples / "battery-forum.en.txt"),
        "-f",
        "beads",
    ]
    result = CliRunner().invoke(app, [*args, "--fixed", str(fixed)])
    assert result.exit_code == 0, result.stderr
    beads = result.stdout.splitlines()
    assert {"[0]:[0]", "[1]:[1, 2]", "[5]:[]", "[7]:[6]"} <= set(beads)
    parsed = [
        Bead(*(tuple(int(i) for i in side.strip("[]").split(",") if i) for side in b.split(":")))
        for b in beads
    ]
    assert [i for b in parsed for i in b.src] == list(range(24))
    assert [j for b in parsed for j in b.tgt] == list(range(23))
    fixed.write_text("[0]:[0]\n\n[3]:[2]\n[2]:[5]\n")
    result = CliRunner().invoke(app, [*args, "--fixed", str(fixed)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {fixed}:4: fixed bead [2]:[5] crosses")

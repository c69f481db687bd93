"""The review editor (``kobridge review``) in a real headless Chromium, driven by Playwright.

One server runs for the whole module, in a thread of the test process; each test gives it a
fresh file to edit. Every operation is done by keyboard, then the file on disk is checked:
valid against kobridge's profile and tei_all, the right beads, the text unchanged; undo
writes back the previous file. Skipped without Chromium or Playwright, except in CI.
``KOBRIDGE_UPDATE_SCREENSHOT=1`` rewrites docs/review-editor.png.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from kobridge.cli.align import review_page
from kobridge.formats.read_tei import read_tei
from kobridge.formats.tei import tei_bytes
from kobridge.formats.validate import validate_file
from kobridge.model import Alignment
from kobridge.pipeline import realign
from kobridge.review import Session
from kobridge.review.server import ReviewServer

from .conftest import ROOT
from .test_html_browser import CHROMIUM_ARGS, DESKTOP, PHONE, battery_forum, browser  # noqa: F401

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReviewServer]:
    path = tmp_path_factory.mktemp("review") / "start.tei.xml"
    alignment, _ = battery_forum()
    path.write_bytes(tei_bytes(alignment))
    running = ReviewServer(Session(path, realign), lambda a: review_page(a, [], editor=True))
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    thread.join()
    running.close()


def wait_for(page: Page, expression: str, timeout: float = 10.0) -> None:
    """Poll until a JavaScript expression is true (the page's CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(20)


class Editor:
    """A page of the editor on a fresh file, and the checks made after each edit."""

    def __init__(self, page: Page, path: Path, tei_all: etree.RelaxNG) -> None:
        self.page = page
        self.path = path
        self.tei_all = tei_all
        self.edits = 0
        self.refusals = False  # whether the test provokes refused requests (the console logs them)
        first = read_tei(path)
        self.texts = [[s.text for s in doc.sentences] for doc in (first.src, first.tgt)]

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def go(self, bead: int) -> None:
        self.press(*["ArrowUp"] * 12, *["ArrowDown"] * bead)
        assert self.page.evaluate("document.body.dataset.current") == str(bead)

    def edit(self, *keys: str) -> Alignment:
        """Press the keys of one edit, wait until the page shows it, check the file and return it."""
        self.press(*keys)
        self.edits += 1
        wait_for(self.page, f"document.body.dataset.edits === '{self.edits}'")
        assert self.page.locator("#edit-error").text_content() == ""
        assert validate_file(self.path) == []
        assert self.tei_all.validate(etree.parse(str(self.path))), self.tei_all.error_log
        alignment = read_tei(self.path)
        joined = [" ".join(s.text for s in doc.sentences) for doc in (alignment.src, alignment.tgt)]
        assert [j.replace(" ", "") for j in joined] == ["".join(t).replace(" ", "") for t in self.texts]
        return alignment


@pytest.fixture
def editor(
    browser: Browser,  # noqa: F811
    server: ReviewServer,
    small_alignment: Alignment,
    tmp_path: Path,
    tei_all: etree.RelaxNG,
) -> Iterator[Editor]:
    path = tmp_path / "small.tei.xml"
    path.write_bytes(tei_bytes(small_alignment))
    server.session = Session(path, realign)
    errors: list[str] = []
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url)
    editor = Editor(page, path, tei_all)
    yield editor
    page.close()
    if editor.refusals:
        errors = [
            e
            for e in errors
            if not e.startswith("Failed to load resource: the server responded with a status of 4")
        ]
    assert errors == []


def beads(alignment: Alignment) -> list[str]:
    return [str(bead) for bead in alignment.beads]


ORIGINAL = ["[0, 1]:[0]", "[2]:[1, 2]", "[3]:[]", "[]:[3]"]


def test_every_edit_by_keyboard_is_saved_and_undone(editor: Editor) -> None:
    original = editor.path.read_bytes()
    assert editor.page.locator("#controls").is_visible()

    def undo() -> None:
        editor.edit("u")
        assert editor.path.read_bytes() == original

    merged = editor.edit("m")
    assert beads(merged) == ["[0, 1, 2]:[0, 1, 2]", "[3]:[]", "[]:[3]"]
    assert merged.beads[0].review == "edited"
    after_merge = editor.path.read_bytes()
    undo()
    editor.edit("r")  # redo writes the merged file again
    assert editor.path.read_bytes() == after_merge
    undo()

    assert beads(editor.edit("s")) == ["[0]:[0]", "[1]:[]", "[2]:[1, 2]", "[3]:[]", "[]:[3]"]
    undo()
    editor.go(1)
    assert beads(editor.edit("M")) == ["[0, 1, 2]:[0, 1, 2]", "[3]:[]", "[]:[3]"]
    undo()
    editor.go(1)
    # → selects the bead's first English sentence; Shift+↑ moves it to the bead before.
    assert beads(editor.edit("ArrowRight", "Shift+ArrowUp")) == [
        "[0, 1]:[0, 1]",
        "[2]:[2]",
        "[3]:[]",
        "[]:[3]",
    ]
    undo()
    editor.go(1)
    assert beads(editor.edit("ArrowRight", "Shift+ArrowDown")) == [
        "[0, 1]:[0]",
        "[2]:[1]",
        "[3]:[2]",
        "[]:[3]",
    ]
    undo()
    editor.go(1)
    detached = editor.edit("ArrowRight", "ArrowRight", "x")
    assert beads(detached) == ["[0, 1]:[0]", "[2]:[1]", "[]:[2]", "[3]:[]", "[]:[3]"]
    undo()
    editor.go(0)
    # The English sentence of bead 0, split after its seventh word ("...on the 3rd,").
    split = editor.edit("ArrowLeft", "/", *["ArrowRight"] * 6, "Enter")
    assert beads(split) == ["[0, 1]:[0, 1]", "[2]:[2, 3]", "[3]:[]", "[]:[4]"]
    assert [s.text for s in split.tgt.sentences[:2]] == [
        "The battery forum met on the 3rd,",
        "and the industry worried about the IRA.",
    ]
    joined = editor.edit("+")  # join them again (the first half is still selected): the text as it was
    assert [s.text for s in joined.tgt.sentences] == editor.texts[1]
    undo_twice = editor.edits
    editor.edit("u")
    editor.edit("u")
    assert editor.edits == undo_twice + 2 and editor.path.read_bytes() == original
    editor.go(1)
    assert beads(editor.edit("ArrowRight", "+")) == ["[0, 1]:[0]", "[2]:[1]", "[3]:[]", "[]:[2]"]
    undo()

    editor.go(0)
    confirmed = editor.edit("c")
    assert [b.review for b in confirmed.beads] == ["confirmed", "", "", ""]
    assert editor.page.evaluate("document.body.dataset.current") == "1"  # on to the next bead
    through = editor.edit("C")
    assert [b.review for b in through.beads] == ["confirmed", "confirmed", "", ""]
    tree = etree.parse(str(editor.path))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert tree.xpath("//t:link[@resp='#resp.confirmed']", namespaces=ns)
    changes = tree.xpath("//t:revisionDesc/t:change/text()", namespaces=ns)
    assert changes == ["Reviewed in kobridge review: 2 edits (confirm ×1, confirm through ×1)."]
    realigned = editor.edit("R")
    assert beads(realigned)[:2] == ORIGINAL[:2]  # the confirmed beads are kept
    assert [b.review for b in realigned.beads[:2]] == ["confirmed", "confirmed"]


def test_a_change_on_disk_is_not_overwritten(editor: Editor) -> None:
    changed = editor.path.read_bytes().replace(b"<title>", b"<title>Changed: ", 1)
    editor.path.write_bytes(changed)
    editor.refusals = True
    editor.press("c")
    wait_for(editor.page, "document.body.dataset.failures === '1'")
    assert "changed on disk" in (editor.page.locator("#edit-error").text_content() or "")
    assert editor.path.read_bytes() == changed


def test_refused_edit_keeps_the_file_and_says_why(editor: Editor) -> None:
    original = editor.path.read_bytes()
    editor.go(3)
    editor.refusals = True
    editor.press("m")  # the last bead has no next one
    wait_for(editor.page, "document.body.dataset.failures === '1'")
    assert "last one" in (editor.page.locator("#edit-error").text_content() or "")
    assert editor.path.read_bytes() == original


def test_jump_and_order_by_confidence(editor: Editor) -> None:
    editor.press("n")
    assert editor.page.evaluate("document.body.dataset.current") == "2"  # the first flagged bead
    editor.page.select_option("#jump", "multi")
    editor.page.locator("li.bead").first.click()
    editor.press("n")
    assert editor.page.evaluate("document.body.dataset.current") == "1"  # 1-2
    editor.press("o")
    order = editor.page.eval_on_selector_all("li.bead", "rows => rows.map(r => r.id)")
    assert order == ["b3", "b2", "b1", "b0"]  # confidences 0.1, 0.2, 0.7, 0.9


def test_phone_width_and_screenshot(editor: Editor, server: ReviewServer, tmp_path: Path) -> None:
    editor.page.set_viewport_size(PHONE)
    width = editor.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1] == PHONE["width"]
    alignment, _ = battery_forum()
    path = tmp_path / "battery-forum.tei.xml"
    path.write_bytes(tei_bytes(alignment))
    server.session = Session(path, realign)
    editor.page.set_viewport_size({"width": 1280, "height": 1100})
    editor.page.goto("about:blank")
    editor.page.goto(server.url)
    editor.press("ArrowDown", "ArrowDown", "ArrowRight")  # bead 2, its English sentence selected
    target = tmp_path / "review-editor.png"
    editor.page.screenshot(path=str(target))
    assert target.read_bytes().startswith(b"\x89PNG")
    if os.environ.get("KOBRIDGE_UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs" / "review-editor.png").write_bytes(target.read_bytes())

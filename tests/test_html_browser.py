"""The HTML review page in a real headless Chromium (Debian's, driven by Playwright).

Needs ``apt-get install chromium`` and ``pip install playwright`` (no ``playwright install``:
the system browser is used). Without them the tests are skipped, except in CI (``CI`` set),
where they fail instead. ``KOBRIDGE_UPDATE_SCREENSHOT=1`` rewrites docs/review-page.png from
the battery-forum sample.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kobridge.formats.html import html_bytes
from kobridge.model import Alignment

from .conftest import ROOT, SAMPLES

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 1000}
SCREENSHOT = {"width": 1280, "height": 1900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("playwright (pip install playwright)")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI must run them")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


OpenPage = Callable[..., "Page"]


@pytest.fixture
def open_page(browser: Browser, tmp_path: Path) -> Iterator[OpenPage]:
    """Open an alignment's page from a file:// URL; on teardown, fail on any console error."""
    errors: list[str] = []
    pages: list[Page] = []

    def open_(alignment: Alignment, viewport: dict[str, int] = DESKTOP, **kwargs: Any) -> Page:
        path = tmp_path / f"review{len(pages)}.html"
        path.write_bytes(html_bytes(alignment, **kwargs))
        page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.close()
    assert errors == []


def battery_forum() -> tuple[Alignment, list[tuple[int, str]]]:
    """The battery-forum sample as ``kobridge align`` aligns it, with the project glossary applied."""
    from kobridge.annotate import term_issues
    from kobridge.glossary import load_glossary
    from kobridge.io import read_text
    from kobridge.pipeline import align_texts

    glossary = load_glossary(ROOT / "glossary" / "energy-policy.csv")
    alignment = align_texts(
        read_text(SAMPLES / "battery-forum.ko.txt"),
        read_text(SAMPLES / "battery-forum.en.txt"),
        glossary=glossary,
    )
    return alignment, [(found.bead, found.issue.message) for found in term_issues(alignment, glossary)]


def active_bead(page: Page) -> str | None:
    return page.evaluate("document.activeElement.closest('li.bead')?.id ?? null")


def test_page_loads_cleanly_with_one_row_per_bead(open_page: OpenPage, small_alignment: Alignment) -> None:
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>'
    doc = small_alignment.src
    sentences = (dataclasses.replace(doc.sentences[0], text=hostile), *doc.sentences[1:])
    alignment = dataclasses.replace(small_alignment, src=dataclasses.replace(doc, sentences=sentences))
    page = open_page(alignment)
    assert page.locator("li.bead").count() == len(alignment.beads)
    assert page.evaluate("window.pwned") is None
    assert page.locator("li.bead").first.locator("span.s").first.text_content() == hostile
    # The page's own script ran (the CSP lets it through): it shows the navigation controls.
    assert page.locator("#controls").is_visible()


def test_keys_move_between_flagged_beads(open_page: OpenPage, small_alignment: Alignment) -> None:
    page = open_page(small_alignment, issues=[(0, "term missing")])
    flagged = page.eval_on_selector_all("li.bead.flagged", "rows => rows.map(r => r.id)")
    assert flagged == ["b0", "b2", "b3"]
    page.keyboard.press("n")
    assert active_bead(page) == "b0"
    page.keyboard.press("j")
    assert active_bead(page) == "b2"
    page.keyboard.press("n")
    assert active_bead(page) == "b3"
    page.keyboard.press("n")  # wraps around
    assert active_bead(page) == "b0"
    page.keyboard.press("p")
    assert active_bead(page) == "b3"
    page.keyboard.press("k")
    assert active_bead(page) == "b2"
    assert page.locator("#nav-status").text_content() == "flagged bead 2 of 3"
    page.click("#next-flagged")
    assert active_bead(page) == "b3"


def test_tab_reaches_a_flagged_bead(open_page: OpenPage, small_alignment: Alignment) -> None:
    page = open_page(small_alignment)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('li.bead')"):
            break
    assert page.evaluate("document.activeElement.id") == "b2"  # the first flagged bead


def test_summary_link_focuses_its_bead(open_page: OpenPage, small_alignment: Alignment) -> None:
    page = open_page(small_alignment, issues=[(1, "'보조금' has no counterpart")])
    page.click(".issues a")
    assert active_bead(page) == "b1"
    page.keyboard.press("n")
    assert active_bead(page) == "b2"


def test_only_flagged_hides_the_rest(open_page: OpenPage, small_alignment: Alignment) -> None:
    page = open_page(small_alignment)
    page.check("#only-flagged")
    visible = [row.get_attribute("id") for row in page.locator("li.bead").all() if row.is_visible()]
    assert visible == ["b2", "b3"]


def test_phone_width_stacks_the_columns_without_overflow(open_page: OpenPage) -> None:
    alignment, issues = battery_forum()
    page = open_page(alignment, viewport=PHONE, issues=issues)
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1] == PHONE["width"]
    ko = page.locator("li.bead").first.locator("div.side[lang=ko]").bounding_box()
    en = page.locator("li.bead").first.locator("div.side[lang=en]").bounding_box()
    assert ko is not None and en is not None
    assert en["y"] >= ko["y"] + ko["height"] - 1  # below, not beside
    assert page.locator("li.bead").count() == len(alignment.beads)


def test_battery_forum_screenshot(open_page: OpenPage, tmp_path: Path) -> None:
    alignment, issues = battery_forum()
    page = open_page(alignment, issues=issues)
    assert page.locator("li.bead").count() == len(alignment.beads)
    assert page.locator("mark.term").count() > 10
    ko = page.locator("li.bead").first.locator("div.side[lang=ko]").bounding_box()
    en = page.locator("li.bead").first.locator("div.side[lang=en]").bounding_box()
    assert ko is not None and en is not None
    assert abs(en["y"] - ko["y"]) < 1 and en["x"] > ko["x"] + ko["width"] - 1  # side by side
    target = tmp_path / "review-page.png"
    # The summary and the first beads, down to the first low-confidence ones.
    page.screenshot(
        path=str(target),
        full_page=True,
        clip={"x": 0, "y": 0, "width": SCREENSHOT["width"], "height": SCREENSHOT["height"]},
    )
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(data[16:20], "big") == SCREENSHOT["width"]  # IHDR width and height
    assert int.from_bytes(data[20:24], "big") == SCREENSHOT["height"]
    if os.environ.get("KOBRIDGE_UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs" / "review-page.png").write_bytes(data)


def test_issue18_item23_malformed_fragment_keeps_the_controls(
    open_page: OpenPage, small_alignment: Alignment
) -> None:
    """Issue 18, item 23: ``page.html#%E0%A4%A`` made decodeURIComponent throw and the script stop."""
    page = open_page(small_alignment)
    page.goto(page.url + "#%E0%A4%A")
    page.reload()
    assert page.locator("#controls").is_visible()
    page.keyboard.press("n")
    assert active_bead(page) == "b2"


def test_issue18_item11_sort_by_confidence(open_page: OpenPage, small_alignment: Alignment) -> None:
    """Issue 18, item 11: the page could not put the least confident beads first."""
    page = open_page(small_alignment)
    page.check("#by-confidence")
    assert page.eval_on_selector_all("li.bead", "rows => rows.map(r => r.id)") == ["b3", "b2", "b1", "b0"]
    page.locator("h1").click()  # keys typed in the checkbox are the checkbox's
    page.keyboard.press("n")
    assert active_bead(page) == "b3"  # navigation follows the order shown
    page.uncheck("#by-confidence")
    assert page.eval_on_selector_all("li.bead", "rows => rows.map(r => r.id)") == ["b0", "b1", "b2", "b3"]

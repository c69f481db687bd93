"""A self-contained HTML page for reviewing an alignment side by side.

The page shows one row per bead, the source text on the left and the target on the right,
with the glossary terms highlighted (the entry on hover) and forbidden renderings marked, the
beads worth a look flagged (:mod:`kobridge.formats.flags`), and a summary on top. It is a
single file: the style sheet and
the script (``data/review.css``, ``data/review.js``) are inlined, fonts are the system's, and a
Content-Security-Policy allows nothing but those two inline blocks, so the page works offline
and never loads anything from anywhere. With ``editor=True`` it is the page of ``kobridge
review``: ``data/editor.js`` replaces ``review.js``, a toolbar replaces the navigation, and the
CSP also lets the script post edits to the server that served the page (``connect-src 'self'``).

Every piece of text from the input goes into the page through lxml's element API, which
escapes it; no input is ever put inside the ``<style>`` or ``<script>`` element, and the CSP
(hashes of the two blocks, no ``'unsafe-inline'``) would refuse any other script.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from lxml import etree

from kobridge import __version__
from kobridge.formats import FLAG_THRESHOLD
from kobridge.formats.flags import bead_flags
from kobridge.formats.tei import LANGUAGE_NAMES
from kobridge.model import Alignment, Bead, GlossaryEntry, TermHit
from kobridge.xmlchars import XML_FORBIDDEN

__all__ = ["html_bytes"]

logger = logging.getLogger(__name__)


# Characters that XML (and so lxml) cannot hold: C0 controls except tab, LF and CR; lone
# surrogates; the two noncharacters U+FFFE and U+FFFF.


_FORBIDDEN = "\0forbidden"  # the entry id of a forbidden rendering's mark (no glossary id has a NUL)

_REVIEW_BADGES = {"confirmed": "confirmed", "edited": "edited by hand"}

# The editor's buttons, in groups: (action of editor.js, label, key).
_EDITOR_BUTTONS = (
    (("previous", "Previous", "p"), ("next", "Next", "n")),
    (
        ("merge_next", "Merge with next", "m"),
        ("merge_previous", "Merge with previous", "M"),
        ("split_bead", "Split bead", "s"),
    ),
    (
        ("move_first", "Move sentence up", "Shift+↑"),
        ("move_last", "Move sentence down", "Shift+↓"),
        ("detach", "Detach sentence", "x"),
    ),
    (("split_sentence", "Split sentence", "/"), ("join_sentences", "Join with next sentence", "+")),
    (("confirm", "Confirm", "c"), ("confirm_through", "Confirm up to here", "C")),
    (("undo", "Undo", "u"), ("redo", "Redo", "r"), ("realign", "Realign the rest", "R")),
)
_JUMPS = (
    ("flagged", "flagged beads"),
    ("low", "low confidence"),
    ("multi", "beads that are not 1-1"),
    ("unconfirmed", "unconfirmed beads"),
)

# The summary's list of terminology issues starts folded when it is longer than this.
_OPEN_ISSUES = 8


@cache
def _asset(name: str) -> str:
    return importlib.resources.files("kobridge").joinpath("data", name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _language(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _base(name: str) -> str:
    """The last component of a file name, which is all a reader of the page needs."""
    return re.split(r"[/\\]", name)[-1] or name


def _plural(count: int, noun: str, plural: str = "") -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {plural or noun + 's'}"


class _Page:
    """Builds the page's element tree; counts the characters it had to drop."""

    def __init__(
        self,
        alignment: Alignment,
        issues: Sequence[tuple[int, str]],
        threshold: float,
        forbidden: Sequence[tuple[int, str]] = (),
        editor: bool = False,
    ) -> None:
        self.alignment = alignment
        self.threshold = threshold
        self.editor = editor
        self.forbidden: dict[int, set[str]] = defaultdict(set)
        for bead_index, surface in forbidden:
            if surface:
                self.forbidden[bead_index].add(surface)
        self.entries: Mapping[str, GlossaryEntry] = {entry.id: entry for entry in alignment.glossary}
        self.issues_by_bead: dict[int, list[str]] = defaultdict(list)
        self.stray_issues: list[str] = []
        for bead_index, message in issues:
            if 0 <= bead_index < len(alignment.beads):
                self.issues_by_bead[bead_index].append(message)
            else:
                logger.warning("terminology issue for bead %d, which does not exist: %s", bead_index, message)
                self.stray_issues.append(message)
        issue_counts = {number: len(messages) for number, messages in self.issues_by_bead.items()}
        self.bead_flags = bead_flags(alignment, threshold, issue_counts)
        self.removed = 0
        self.highlighted = [0, 0]  # terms highlighted on each side (source, target)

    # -- element helpers ---------------------------------------------------------------------

    def clean(self, text: str) -> str:
        cleaned, count = XML_FORBIDDEN.subn("", text)
        self.removed += count
        return cleaned

    def el(self, parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        """A child element; ``class_`` names the class attribute, ``data_x`` gives ``data-x``."""
        element = etree.SubElement(parent, tag)
        for key, value in attrs.items():
            element.set(key.rstrip("_").replace("_", "-"), self.clean(value))
        if text is not None:
            element.text = self.clean(text)
        return element

    def append_text(self, parent: etree._Element, text: str) -> None:
        """Add text after the last child of ``parent`` (or as its text when it has none)."""
        text = self.clean(text)
        children = list(parent)
        if children:
            children[-1].tail = (children[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    # -- flags ---------------------------------------------------------------------------------

    def flags(self, number: int, bead: Bead) -> list[tuple[str, str]]:
        """The (class, badge text) pairs of a bead; empty when nothing is wrong with it."""
        return self.bead_flags[number]

    # -- the summary ---------------------------------------------------------------------------

    def summary(self, body: etree._Element) -> None:
        alignment = self.alignment
        src, tgt, beads = alignment.src, alignment.tgt, alignment.beads
        header = etree.Element("header")
        header.set("class", "summary")
        body.insert(0, header)
        self.el(header, "h1", f"Alignment review: {_base(src.name)} ↔ {_base(tgt.name)}")
        facts = self.el(header, "dl", class_="facts")

        def fact(term: str, value: str | None = None) -> etree._Element:
            self.el(facts, "dt", term)
            return self.el(facts, "dd", value)

        fact(
            "Sentences",
            f"{_language(src.lang)} {len(src.sentences)} · {_language(tgt.lang)} {len(tgt.sentences)}",
        )
        kinds = Counter(bead.kind for bead in beads)
        by_kind = ", ".join(f"{kind}: {count}" for kind, count in kinds.most_common())
        fact("Beads", f"{len(beads)} ({by_kind})" if beads else "0")
        mean = sum(bead.score for bead in beads) / len(beads) if beads else None
        fact("Mean confidence", f"{mean:.2f}" if mean is not None else "–")

        flag_counts: Counter[str] = Counter()
        flagged = 0
        for number, bead in enumerate(beads):
            classes = [name for name, _ in self.flags(number, bead)]
            flag_counts.update(classes)
            flagged += bool(classes)
        fact(
            "Flagged",
            f"{_plural(flagged, 'bead')}: {flag_counts['one-sided']} one-sided, "
            f"{flag_counts['low']} below {self.threshold:.2f} confidence, "
            f"{flag_counts['merge']} in a likely missed merge, "
            f"{flag_counts['term-issue']} with term issues",
        )
        if alignment.glossary:
            fact(
                "Glossary terms",
                f"{_language(src.lang)} {self.highlighted[0]} · {_language(tgt.lang)} {self.highlighted[1]} "
                f"(of {_plural(len(alignment.glossary), 'entry', 'entries')})",
            )
        issues = fact("Terminology issues")
        if not self.issues_by_bead and not self.stray_issues:
            issues.text = "none" if alignment.glossary else "none (no glossary applied)"
        else:
            total = sum(map(len, self.issues_by_bead.values())) + len(self.stray_issues)
            details = self.el(issues, "details", class_="issues")
            if total <= _OPEN_ISSUES:
                details.set("open", "open")
            self.el(details, "summary", f"{total} in {_plural(len(self.issues_by_bead), 'bead')}")
            listing = self.el(details, "ul")
            for number in sorted(self.issues_by_bead):
                for message in self.issues_by_bead[number]:
                    item = self.el(listing, "li")
                    self.el(item, "a", f"bead {number}", href=f"#b{number}")
                    self.append_text(item, f": {message}")
            for message in self.stray_issues:
                self.el(listing, "li", message)

        reviewed = Counter(bead.review for bead in beads if bead.review)
        if reviewed:
            fact("Reviewed", f"{reviewed['confirmed']} confirmed, {reviewed['edited']} edited by hand")
        if self.editor:
            self.editor_controls(header)
        else:
            self.controls(header)
        settings = self.el(header, "details", class_="settings")
        self.el(settings, "summary", f"kobridge {__version__} settings")
        self.el(settings, "p", alignment.params.signature(__version__))

    def controls(self, header: etree._Element) -> None:
        """The read-only page's navigation (review.js shows it; hidden without JavaScript)."""
        controls = self.el(header, "div", class_="controls", id="controls", hidden="hidden")
        self.el(controls, "button", "← Previous flagged", id="previous-flagged", type="button")
        self.el(controls, "button", "Next flagged →", id="next-flagged", type="button")
        keys = self.el(controls, "span", "Keys: ")
        for key, after in (("n", " / "), ("j", " next, "), ("p", " / "), ("k", " previous")):
            self.el(keys, "kbd", key)
            self.append_text(keys, after)
        self.checkbox(controls, "only-flagged", " only flagged beads")
        self.checkbox(controls, "by-confidence", " lowest confidence first")
        self.el(controls, "span", id="nav-status", role="status")

    def checkbox(self, parent: etree._Element, ident: str, text: str) -> None:
        label = self.el(parent, "label")
        self.el(label, "input", type="checkbox", id=ident)
        self.append_text(label, text)

    def editor_controls(self, header: etree._Element) -> None:
        """The editor's toolbar: each button names its key (editor.js binds both)."""
        controls = self.el(header, "div", class_="controls editor", id="controls", hidden="hidden")
        for group in _EDITOR_BUTTONS:
            box = self.el(controls, "div", class_="tools", role="group")
            for action, label, key in group:
                button = self.el(box, "button", label + " ", type="button", data_action=action)
                self.el(button, "kbd", key)
        jump = self.el(controls, "label", "Jump to ")
        select = self.el(jump, "select", id="jump")
        for value, text in _JUMPS:
            self.el(select, "option", text, value=value)
        self.checkbox(controls, "only-flagged", " only flagged beads")
        self.checkbox(controls, "by-confidence", " lowest confidence first")
        self.el(controls, "p", id="nav-status", role="status", class_="status")
        self.el(controls, "p", id="edit-error", role="alert", class_="status error")

    # -- the beads -----------------------------------------------------------------------------

    def title(self, hit: TermHit) -> str:
        entry = self.entries.get(hit.entry_id)
        if entry is None:
            return f"glossary entry {hit.entry_id}"
        title = f"{entry.ko} / {entry.en}"
        return f"{title} — {entry.note}" if entry.note else title

    def sentence(self, parent: etree._Element, side: int, index: int, bead_number: int) -> None:
        doc = self.alignment.src if side == 0 else self.alignment.tgt
        text = doc.sentences[index].text
        hits: Iterable[TermHit] = doc.terms[index] if index < len(doc.terms) else ()
        span = self.el(parent, "span", class_="s", data_index=str(index), data_side=str(side))
        position = 0
        marks: list[TermHit] = [*hits]
        for surface in sorted(self.forbidden.get(bead_number, ())) if side == 1 else ():
            for found in re.finditer(re.escape(surface), text):
                marks.append(TermHit(_FORBIDDEN, found.start(), found.end(), surface, doc.lang))
        for hit in sorted(marks, key=lambda h: (h.start, -h.end, h.entry_id != _FORBIDDEN)):
            if hit.start < position:
                continue  # overlaps a term already marked: the longer, earlier one wins
            if hit.entry_id == _FORBIDDEN:
                self.append_text(span, text[position : hit.start])
                self.el(
                    span, "mark", hit.surface, class_="forbidden", title="a rendering the glossary forbids"
                )
                position = hit.end
                continue
            if text[hit.start : hit.end] != hit.surface or hit.start >= hit.end:
                logger.warning(
                    "term %r does not match %s sentence %d at %d-%d; not highlighted",
                    hit.surface,
                    doc.lang,
                    index,
                    hit.start,
                    hit.end,
                )
                continue
            self.append_text(span, text[position : hit.start])
            self.el(span, "mark", hit.surface, class_="term", title=self.title(hit), data_entry=hit.entry_id)
            self.highlighted[side] += 1
            position = hit.end
        self.append_text(span, text[position:])

    def side(self, row: etree._Element, side: int, indices: tuple[int, ...], bead_number: int) -> None:
        doc = self.alignment.src if side == 0 else self.alignment.tgt
        classes = "side" if indices else "side empty"
        cell = self.el(row, "div", class_=classes, lang=doc.lang, data_label=_language(doc.lang))
        if not indices:
            self.el(cell, "span", f"no {_language(doc.lang)} sentence", class_="gap", lang="en")
        for number, index in enumerate(indices):
            if number:
                self.append_text(cell, " ")
            self.sentence(cell, side, index, bead_number)

    def bead(self, listing: etree._Element, number: int, bead: Bead) -> None:
        flags = self.flags(number, bead)
        classes = " ".join(["row", "bead"] + [name for name, _ in flags] + (["flagged"] if flags else []))
        attrs = {
            "class_": classes,
            "id": f"b{number}",
            "data_kind": bead.kind,
            "data_score": f"{bead.score:.3f}",
            "data_src": " ".join(map(str, bead.src)),
            "data_tgt": " ".join(map(str, bead.tgt)),
        }
        if bead.review:
            attrs["data_review"] = bead.review
        if flags:
            attrs["tabindex"] = "0"
        elif self.editor:
            attrs["tabindex"] = "-1"
        row = self.el(listing, "li", **attrs)
        meta = self.el(row, "div", class_="meta")
        self.el(meta, "a", str(number), class_="number", href=f"#b{number}", title=f"bead {bead}")
        self.el(meta, "span", bead.kind, class_="kind")
        self.el(meta, "span", f"{bead.score:.2f}", class_="score", title="confidence")
        marks = [*flags, *([(bead.review, _REVIEW_BADGES[bead.review])] if bead.review else [])]
        if marks:
            badges = self.el(meta, "div", class_="badges")
            for name, text in marks:
                self.el(badges, "span", text, class_=f"badge {name}")
        self.side(row, 0, bead.src, number)
        self.side(row, 1, bead.tgt, number)
        messages = self.issues_by_bead.get(number)
        if messages:
            listing_issues = self.el(row, "ul", class_="bead-issues")
            for message in messages:
                self.el(listing_issues, "li", message)

    def beads(self, body: etree._Element) -> None:
        src, tgt = self.alignment.src, self.alignment.tgt
        columns = self.el(body, "div", class_="row columns", aria_hidden="true")
        self.el(columns, "div", "Bead")
        for doc in (src, tgt):
            self.el(columns, "div", f"{_language(doc.lang)} — {_base(doc.name)}", lang="en", title=doc.name)
        listing = self.el(body, "ol", class_="beads")
        for number, bead in enumerate(self.alignment.beads):
            self.bead(listing, number, bead)

    # -- the document --------------------------------------------------------------------------

    def build(self) -> etree._Element:
        css, js = _asset("review.css"), _asset("editor.js" if self.editor else "review.js")
        root = etree.Element("html", lang="en")
        head = self.el(root, "head")
        self.el(head, "meta", charset="utf-8")
        self.el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
        policy = (
            f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
            "base-uri 'none'; form-action 'none'"
        )
        if self.editor:
            policy += "; connect-src 'self'"  # the editor posts its edits to the server that served it
        self.el(head, "meta", http_equiv="Content-Security-Policy", content=policy)
        self.el(head, "meta", name="generator", content=f"kobridge {__version__}")
        src, tgt = self.alignment.src, self.alignment.tgt
        self.el(head, "title", f"Review: {_base(src.name)} ↔ {_base(tgt.name)}")
        style = etree.SubElement(head, "style")
        style.text = css
        body = self.el(root, "body")
        self.beads(body)
        self.summary(body)  # after the beads, which count the terms they highlight
        script = etree.SubElement(body, "script")
        script.text = js
        return root


def html_bytes(
    alignment: Alignment,
    *,
    issues: Sequence[tuple[int, str]] = (),
    threshold: float = FLAG_THRESHOLD,
    forbidden: Sequence[tuple[int, str]] = (),
    editor: bool = False,
) -> bytes:
    """A self-contained HTML page (UTF-8) for reviewing an alignment side by side.

    Args:
        alignment: the two documents, their beads and, when a glossary was applied, the terms
            found in each sentence (``Document.terms``) and the entries (``Alignment.glossary``).
        issues: terminology issues as ``(bead_index, message)`` pairs, bead indices 0-based;
            each is listed in the summary with a link to its bead and shown in the bead's row.
            An index outside the alignment is listed without a link (and logged).
        threshold: beads whose confidence is below this are flagged as low-confidence.
        forbidden: ``(bead_index, rendering)`` pairs: renderings the glossary forbids, found
            in that bead's target text (terminology issues of kind ``forbidden``); each
            occurrence is highlighted.
        editor: the page of ``kobridge review``: its script edits the alignment through the
            server that serves the page (``editor.js`` instead of ``review.js``).

    Returns:
        The page: ``<!DOCTYPE html>`` and one ``<html>`` element, the style sheet and the
        script inline, every text from the input escaped.

    Raises:
        ValueError: if ``threshold`` is not in [0, 1].
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    page = _Page(alignment, issues, threshold, forbidden, editor)
    root = page.build()
    if page.removed:
        logger.warning("removed %d characters that HTML/XML cannot hold (control characters)", page.removed)
    text = etree.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
    return (text + "\n").encode("utf-8")

"""The review editor's edits: pure functions on an alignment; text never changes, files stay valid."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from kobridge.formats.read_tei import read_tei
from kobridge.formats.tei import tei_bytes
from kobridge.formats.validate import validate_tree
from kobridge.model import Alignment, Bead
from kobridge.review import EditError, ops


def shape(alignment: Alignment) -> list[str]:
    return [str(bead) for bead in alignment.beads]


def covers_each_sentence_once(alignment: Alignment) -> bool:
    src = [i for bead in alignment.beads for i in bead.src]
    tgt = [j for bead in alignment.beads for j in bead.tgt]
    return src == list(range(len(alignment.src.sentences))) and tgt == list(
        range(len(alignment.tgt.sentences))
    )


def texts(alignment: Alignment) -> list[str]:
    """Each side's sentence texts run together, spaces left out (a split moves a space between)."""
    return ["".join(s.text for s in doc.sentences).replace(" ", "") for doc in (alignment.src, alignment.tgt)]


REST = ["[3]:[]", "[]:[3]"]  # the last two beads of the small alignment
EDITS: list[tuple[str, Callable[[Alignment], Alignment], list[str]]] = [
    ("merge_next", lambda a: ops.merge_next(a, 2), ["[0, 1]:[0]", "[2]:[1, 2]", "[3]:[3]"]),
    ("split_bead", lambda a: ops.split_bead(a, 0), ["[0]:[0]", "[1]:[]", "[2]:[1, 2]", "[3]:[]", "[]:[3]"]),
    ("move_first", lambda a: ops.move_first(a, 1, 1), ["[0, 1]:[0, 1]", "[2]:[2]", "[3]:[]", "[]:[3]"]),
    ("move_last", lambda a: ops.move_last(a, 1, 1), ["[0, 1]:[0]", "[2]:[1]", "[3]:[2]", "[]:[3]"]),
    ("move_last_src", lambda a: ops.move_last(a, 0, 0), ["[0]:[0]", "[1, 2]:[1, 2]", "[3]:[]", "[]:[3]"]),
    (
        "detach_last",
        lambda a: ops.detach(a, 1, 1, 2),
        ["[0, 1]:[0]", "[2]:[1]", "[]:[2]", "[3]:[]", "[]:[3]"],
    ),
    (
        "detach_first",
        lambda a: ops.detach(a, 0, 0, 0),
        ["[0]:[]", "[1]:[0]", "[2]:[1, 2]", "[3]:[]", "[]:[3]"],
    ),
    (
        "split_sentence",
        lambda a: ops.split_sentence(a, 1, 0, len("The battery forum met on the 3rd,")),
        ["[0, 1]:[0, 1]", "[2]:[2, 3]", "[3]:[]", "[]:[4]"],
    ),
    ("join_in_bead", lambda a: ops.join_sentences(a, 1, 1), ["[0, 1]:[0]", "[2]:[1]", "[3]:[]", "[]:[2]"]),
    ("join_across_beads", lambda a: ops.join_sentences(a, 0, 2), ["[0, 1]:[0]", "[2]:[1, 2]", "[]:[3]"]),
]


@pytest.mark.parametrize(("name", "edit", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_edit_gives_the_right_beads_and_a_valid_file(
    name: str,
    edit: Callable[[Alignment], Alignment],
    expected: list[str],
    small_alignment: Alignment,
    tei_all: etree.RelaxNG,
) -> None:
    edited = edit(small_alignment)
    assert shape(edited) == expected
    assert covers_each_sentence_once(edited)
    assert texts(edited) == texts(small_alignment)
    assert edited.src.text == small_alignment.src.text and edited.tgt.text == small_alignment.tgt.text
    marked = [b for b in edited.beads if b.review]
    assert marked and all(b.review == "edited" and b.score == 1.0 for b in marked)
    data = tei_bytes(edited)
    tree = etree.ElementTree(etree.fromstring(data))
    assert validate_tree(tree, name) == []
    assert tei_all.validate(tree), tei_all.error_log
    back = read_tei(tree)
    assert [(b.src, b.tgt, b.review) for b in back.beads] == [(b.src, b.tgt, b.review) for b in edited.beads]
    assert [s.text for s in back.tgt.sentences] == [s.text for s in edited.tgt.sentences]


def test_split_sentence_puts_the_whitespace_between_the_halves(small_alignment: Alignment) -> None:
    at = len("The battery forum met on the 3rd,") + 1  # just after the space: the same split
    edited = ops.split_sentence(small_alignment, 1, 0, at)
    first, second = edited.tgt.sentences[:2]
    assert (first.text, second.text) == (
        "The battery forum met on the 3rd,",
        "and the industry worried about the IRA.",
    )
    assert edited.tgt.text[first.start : first.end] == first.text
    assert edited.tgt.text[second.start : second.end] == second.text


def test_confirm_marks_and_keeps_the_score(small_alignment: Alignment) -> None:
    confirmed = ops.confirm(small_alignment, 1)
    assert [b.review for b in confirmed.beads] == ["", "confirmed", "", ""]
    assert confirmed.beads[1].score == small_alignment.beads[1].score
    through = ops.confirm_through(ops.merge_next(small_alignment, 2), 2)
    assert [b.review for b in through.beads] == ["confirmed", "confirmed", "edited"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda a: ops.merge_next(a, 3), "last one"),
        (lambda a: ops.split_bead(a, 2), "nothing to split"),
        (lambda a: ops.move_first(a, 0, 0), "first one"),
        (lambda a: ops.move_last(a, 3, 1), "last one"),
        (lambda a: ops.detach(a, 2, 0, 3), "already a one-sided bead"),
        (lambda a: ops.detach(a, 0, 1, 1), "not in bead 0"),
        (lambda a: ops.split_sentence(a, 0, 0, 0), "both halves"),
        (lambda a: ops.join_sentences(a, 0, 1), "different paragraphs"),
        (lambda a: ops.join_sentences(a, 1, 3), "last one"),
        (lambda a: ops.confirm(a, 9), "no bead 9"),
    ],
)
def test_impossible_edits_are_refused(
    edit: Callable[[Alignment], Alignment], message: str, small_alignment: Alignment
) -> None:
    with pytest.raises(EditError, match=message):
        edit(small_alignment)


def test_detach_refuses_a_sentence_inside_a_bead(small_alignment: Alignment) -> None:
    three = Alignment(small_alignment.src, small_alignment.tgt, (Bead((0, 1, 2, 3), (0, 1, 2, 3)),))
    with pytest.raises(EditError, match="inside bead 0"):
        ops.detach(three, 0, 0, 1)


def test_split_inside_a_glossary_term_is_refused(small_alignment: Alignment) -> None:
    import dataclasses

    from kobridge.model import TermHit

    doc = small_alignment.tgt
    hit = TermHit("battery", 4, 17, "battery forum", "en")
    terms = ((hit,), (), (), ())
    alignment = dataclasses.replace(small_alignment, tgt=dataclasses.replace(doc, terms=terms))
    with pytest.raises(EditError, match="inside a glossary term"):
        ops.split_sentence(alignment, 1, 0, len("The battery"))
    split = ops.split_sentence(alignment, 1, 0, len("The battery forum met on the 3rd,"))
    assert split.tgt.terms[0] == (hit,) and split.tgt.terms[1] == ()


def test_marks_survive_convert_to_every_format(small_alignment: Alignment, tmp_path: object) -> None:
    import json

    from kobridge.formats.tabular import json_text
    from kobridge.formats.tmx import tmx_bytes, validate_tmx

    reviewed = ops.confirm(ops.merge_next(small_alignment, 2), 0)
    back = read_tei(etree.ElementTree(etree.fromstring(tei_bytes(reviewed))))
    assert [b.review for b in back.beads] == ["confirmed", "", "edited"]
    tmx = etree.ElementTree(etree.fromstring(tmx_bytes(back)))
    assert validate_tmx(tmx, "x.tmx") == []
    assert tmx.xpath("//tu/prop[@type='x-review']/text()") == ["confirmed", "edited"]
    beads = json.loads(json_text(back))["beads"]
    assert [b.get("review") for b in beads] == ["confirmed", None, "edited"]


def test_a_resp_without_its_statement_is_invalid(small_alignment: Alignment) -> None:
    data = tei_bytes(ops.confirm(small_alignment, 0))
    root = etree.fromstring(data)
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    for statement in root.xpath("//t:respStmt[@xml:id]", namespaces=ns):
        statement.getparent().remove(statement)
    issues = validate_tree(etree.ElementTree(root), "x.tei.xml")
    assert [i.message for i in issues] == [
        "link has resp=#resp.confirmed, which is no respStmt of the header"
    ]

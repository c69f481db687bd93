"""Invariants over arbitrary input: valid TEI with every character kept, or a clear error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kobridge.errors import KobridgeError
from kobridge.formats.tei import TEI_NS, tei_bytes
from kobridge.formats.validate import validate_tree
from kobridge.io import decode_text
from kobridge.pipeline import align_texts

NS = {"t": TEI_NS}

# Text made of the pieces news text is made of, plus anything Unicode can hold.
_PIECES = st.sampled_from(
    [
        "다.",
        "했다.",
        " ",
        "\n",
        "\n\n",
        "U.S.",
        "Rep.",
        "3.5%",
        "“",
        "”",
        "라고",
        "IRA",
        "▲",
        "!",
        "?",
        "배터리",
        "battery",
        "Trump's",
        "…",
        "\t",
        "\r\n",
        "<&>",
        "1조2000억원",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=25).map("".join)


def _paragraph_texts(tree: etree._ElementTree, side: str) -> list[str]:
    paragraphs = tree.xpath(f"//t:text[@xml:id='{side}']//t:p", namespaces=NS)
    return ["".join(p.itertext()) for p in paragraphs]


def _non_space(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ko=_TEXT, en=_TEXT)
def test_any_input_gives_valid_tei_with_all_text_or_a_clear_error(ko: str, en: str) -> None:
    try:
        src = decode_text(ko.encode("utf-8", "surrogatepass"), "ko.txt")
        tgt = decode_text(en.encode("utf-8", "surrogatepass"), "en.txt")
        alignment = align_texts(src, tgt)
    except KobridgeError as error:
        message = str(error)
        assert "\n" not in message
        assert message.startswith(("ko.txt", "en.txt"))
        return
    tree = etree.ElementTree(etree.fromstring(tei_bytes(alignment)))
    assert validate_tree(tree, "mem.xml") == []
    for side, source in (("ko", src), ("en", tgt)):
        written = "".join(_paragraph_texts(tree, side))
        assert _non_space(written) == _non_space(source.text)

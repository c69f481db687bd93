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
_SHARED = [" ", "\n", "\n\n", "\t", "\r\n", "3.5%", "“", "”", "IRA", "!", "?", "…", "<&>", "U.S."]
_KO_PIECES = st.sampled_from([*_SHARED, "다.", "했다.", "라고", "▲", "배터리", "1조2000억원", "말했다.”라며"])
_EN_PIECES = st.sampled_from([*_SHARED, "Rep.", "battery", "Trump's", "said.", "Dec. 3", "$7,500."])
_KO_TEXT = st.lists(st.one_of(_KO_PIECES, st.text(max_size=6)), max_size=25).map("".join)
_EN_TEXT = st.lists(st.one_of(_EN_PIECES, st.text(max_size=6)), max_size=25).map("".join)


def _paragraph_texts(tree: etree._ElementTree, side: str) -> list[str]:
    paragraphs = tree.xpath(f"//t:text[@xml:id='{side}']//t:p", namespaces=NS)
    return ["".join(p.itertext()) for p in paragraphs]


def _non_space(text: str) -> str:
    return "".join(text.split())


def _check(ko: bytes, en: bytes) -> None:
    """Either the TEI is valid and holds every non-space character of both texts, or a
    KobridgeError with a one-line message naming the file was raised."""
    try:
        src = decode_text(ko, "ko.txt")
        tgt = decode_text(en, "en.txt")
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


_PROPERTY = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(ko=_KO_TEXT, en=_EN_TEXT)
def test_any_text_gives_valid_tei_with_all_of_it_or_a_clear_error(ko: str, en: str) -> None:
    _check(ko.encode("utf-8", "surrogatepass"), en.encode("utf-8", "surrogatepass"))


@_PROPERTY
@given(ko=st.binary(max_size=300), en=st.one_of(st.binary(max_size=300), _EN_TEXT.map(str.encode)))
def test_any_bytes_give_valid_tei_or_a_clear_error(ko: bytes, en: bytes) -> None:
    _check(ko, en)

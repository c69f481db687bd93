"""Invariants over arbitrary input: valid TEI with every character kept, or a clear error; and
over hostile surroundings (issue 18): odd file names, files that are not regular, failing disks."""

from __future__ import annotations

import errno
import json
import os
import socket
import tempfile
import time
from pathlib import Path, PurePath
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kobridge.errors import InputError, KobridgeError, OutputError
from kobridge.formats.tabular import json_text
from kobridge.formats.tei import TEI_NS, tei_bytes
from kobridge.formats.tmx import tmx_bytes
from kobridge.formats.validate import validate_tree
from kobridge.io import decode_text, read_text, write_all
from kobridge.pipeline import align_texts
from kobridge.xmlchars import XML_FORBIDDEN, display_name

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


# Hostile classes of issue 18: odd file names, files that are not regular, disks that fill up.

_NAME_PIECES = st.one_of(
    st.text(min_size=1, max_size=4),
    st.sampled_from(["\x07", "\x1b[31m", "\x7f", "\t", "\n", "\ud800"]),
    st.binary(min_size=1, max_size=4).map(os.fsdecode),  # bytes that need not be UTF-8
)
_ODD_NAMES = st.lists(_NAME_PIECES, min_size=1, max_size=6).map("".join)
_KO, _EN = (
    "정부는 배터리 보조금을 논의했다. 업계는 걱정했다.",
    "The government discussed subsidies. Industry worried.",
)


@settings(max_examples=60, deadline=None)
@given(ko_name=_ODD_NAMES, en_name=_ODD_NAMES)
def test_any_file_name_gives_well_formed_outputs(ko_name: str, en_name: str) -> None:
    alignment = align_texts(decode_text(_KO.encode(), ko_name), decode_text(_EN.encode(), en_name))
    tree = etree.fromstring(tei_bytes(alignment))
    etree.fromstring(tmx_bytes(alignment))
    document = json.loads(json_text(alignment).encode("utf-8"))
    for name, side in ((ko_name, "src"), (en_name, "tgt")):
        shown = PurePath(display_name(name)).name or display_name(name)
        assert document[side]["name"] == shown
    titles = tree.xpath("//t:sourceDesc//t:title/text()", namespaces=NS)
    assert all(not XML_FORBIDDEN.search(title) for title in titles)


def _not_regular(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.txt"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(path))
    else:  # a device, named directly or through a symbolic link
        device = {"zero": "/dev/zero", "null": "/dev/null", "full": "/dev/full"}[kind.removeprefix("link-")]
        if not kind.startswith("link-"):
            return Path(device)
        path.symlink_to(device)
    return path


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(["fifo", "folder", "socket", "zero", "null", "link-zero", "link-full"]))
def test_what_is_not_a_regular_file_is_refused_at_once(kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _not_regular(kind, Path(folder))
        started = time.monotonic()
        with pytest.raises(InputError) as info:
            read_text(path)
        assert time.monotonic() - started < 2
        message = str(info.value)
        assert message.startswith(f"{path}: ") and "\n" not in message
        assert "not a regular file" in message or "is a directory" in message


class _FillingDisk:
    """A fake ``os.fsync``: the disk fills up (or fails otherwise) at the ``fail_at``-th file."""

    def __init__(self, fail_at: int, code: int) -> None:
        self.calls = 0
        self.fail_at = fail_at
        self.code = code

    def __call__(self, fd: int) -> None:
        self.calls += 1
        if self.calls == self.fail_at:
            raise OSError(self.code, os.strerror(self.code))


@settings(max_examples=60, deadline=None)
@given(
    contents=st.lists(st.binary(max_size=50), min_size=1, max_size=4),
    fail_at=st.integers(min_value=1, max_value=4),
    code=st.sampled_from([errno.ENOSPC, errno.EROFS, errno.EFBIG, errno.EDQUOT, errno.EIO]),
)
def test_a_failing_disk_changes_no_output_and_leaves_no_temporary_file(
    contents: list[bytes], fail_at: int, code: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        targets = [Path(folder) / f"out{i}.xml" for i in range(len(contents))]
        targets[0].write_bytes(b"before")
        disk = _FillingDisk(fail_at, code)
        with mock.patch.object(os, "fsync", disk):
            if fail_at > len(contents):
                write_all(list(zip(targets, contents, strict=True)))
            else:
                with pytest.raises(OutputError) as info:
                    write_all(list(zip(targets, contents, strict=True)))
                assert str(info.value).endswith(f"cannot write the output ({os.strerror(code)})")
        if fail_at > len(contents):
            assert [t.read_bytes() for t in targets] == contents
        else:
            assert targets[0].read_bytes() == b"before"
            assert sorted(p.name for p in Path(folder).iterdir()) == ["out0.xml"]

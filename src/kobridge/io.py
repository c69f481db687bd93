"""Reading input texts and writing outputs safely.

Reading turns bytes into the one text every later stage works on: decoded, line ends made
``\\n``, Hangul and everything else in Unicode NFC. Sentence offsets refer to that text.
Writing is atomic: a temporary file in the target folder, then a rename, so an error or
Ctrl-C never leaves a partial output behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kobridge.errors import InputError
from kobridge.xmlchars import XML_FORBIDDEN

__all__ = [
    "MAX_LINE",
    "InvalidCharPolicy",
    "SourceText",
    "atomic_writer",
    "decode_text",
    "read_text",
    "write_atomic",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded input text and how it was read."""

    text: str
    name: str
    encoding: str
    normalized: bool  # True when NFC normalisation changed the text
    replaced: int = 0  # characters XML cannot hold, replaced by U+FFFD (policy "replace")


class InvalidCharPolicy(StrEnum):
    """What to do with characters XML 1.0 cannot hold (C0 controls, lone surrogates)."""

    ERROR = "error"
    REPLACE = "replace"


# Where more than this share of the characters are control characters, the data is not text.
_BINARY_SHARE = 0.01
# A line longer than this is not running text (a dump, a minified file, binary data).
MAX_LINE = 1_000_000
# CP949 is accepted only where most non-ASCII characters it yields are Hangul; a Latin-1 file
# also "decodes" as CP949, into Hanja and symbols.
_CP949_MIN_HANGUL = 0.8
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
REPLACEMENT = "\ufffd"


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _plausible_cp949(text: str) -> bool:
    non_ascii = len(_NON_ASCII.findall(text))
    return non_ascii == 0 or len(_HANGUL.findall(text)) / non_ascii >= _CP949_MIN_HANGUL


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=name) from None
        except UnicodeDecodeError as e:
            raise InputError(f"byte offset {e.start} cannot be decoded as {encoding}", path=name) from None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise InputError(f"byte offset {e.start + 3} is not valid UTF-8", path=name) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(f"byte offset {e.start} cannot be decoded as UTF-16", path=name) from None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise InputError(f"binary data (a NUL byte at byte offset {offset}); expected a text file", path=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        # Older Korean systems write CP949 (a superset of EUC-KR): accept it where it decodes
        # whole and yields Korean text.
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            text = ""
        if text and _plausible_cp949(text):
            return text, "cp949"
        raise InputError(
            f"byte offset {utf8_error.start} is neither UTF-8 nor CP949 text; "
            "give the file's encoding with --encoding",
            path=name,
        ) from None


def decode_text(
    data: bytes,
    name: str = "-",
    encoding: str | None = None,
    on_invalid_char: InvalidCharPolicy = InvalidCharPolicy.ERROR,
) -> SourceText:
    """Decode input bytes into kobridge's working text.

    Args:
        data: the raw bytes of the file.
        name: the file name used in error messages.
        encoding: a codec name to use instead of detection (UTF-8, UTF-8 with BOM,
            UTF-16 with BOM, then CP949 are tried, in that order).
        on_invalid_char: refuse characters XML 1.0 cannot hold (``error``), or replace each
            with U+FFFD and count them (``replace``).

    Returns:
        The text with line ends as ``\\n`` and in Unicode NFC, and how it was read.

    Raises:
        InputError: empty, binary or undecodable data, a line of megabytes, or (by policy)
            characters XML cannot hold.
    """
    text, used = _decode(data, name, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    replaced = 0
    bad = XML_FORBIDDEN.search(text)
    if bad is not None:
        count = len(XML_FORBIDDEN.findall(text))
        if count > max(8, _BINARY_SHARE * len(text)):
            raise InputError(
                f"binary data ({count} control characters, the first on line {_line_of(text, bad.start())}); "
                "expected a text file",
                path=name,
            )
        if on_invalid_char is InvalidCharPolicy.ERROR:
            code = ord(bad.group())
            raise InputError(
                f"control character U+{code:04X}, which XML cannot hold "
                "(--on-invalid-char replace replaces such characters)",
                path=name,
                line=_line_of(text, bad.start()),
            )
        text, replaced = XML_FORBIDDEN.subn(REPLACEMENT, text)
        logger.warning("%s: replaced %d character(s) that XML cannot hold with U+FFFD", name, replaced)
    if not text.strip():
        raise InputError("the file is empty or holds only whitespace", path=name)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            raise InputError(
                f"a line of {len(line):,} characters; kobridge reads running text "
                f"(at most {MAX_LINE:,} characters a line)",
                path=name,
                line=number,
            )
    normalized = unicodedata.normalize("NFC", text)
    return SourceText(
        text=normalized, name=name, encoding=used, normalized=normalized != text, replaced=replaced
    )


def read_text(
    path: str | os.PathLike[str],
    encoding: str | None = None,
    on_invalid_char: InvalidCharPolicy = InvalidCharPolicy.ERROR,
) -> SourceText:
    """Read and decode a text file (``-`` reads standard input). See :func:`decode_text`.

    Raises:
        InputError: a missing file, a folder, or unreadable, empty, binary or undecodable data.
    """
    name = os.fspath(path)
    if name == "-":
        import sys

        return decode_text(sys.stdin.buffer.read(), "<stdin>", encoding, on_invalid_char)
    p = Path(name)
    if p.is_dir():
        raise InputError("is a directory, expected a text file", path=name)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except OSError as e:
        raise InputError(f"cannot be read ({e.strerror})", path=name) from None
    return decode_text(data, name, encoding, on_invalid_char)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it onto ``path``.

    The temporary file lives in the same folder, so the rename never crosses file systems and
    readers see either the old file or the whole new one. It gets the permissions a new file
    would get (``mkstemp`` makes it private). If the body raises, or is interrupted, the
    temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, synced, then renamed).

    Raises:
        InputError: ``path`` is a folder, or its folder does not exist.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError("is a directory, cannot write output there", path=os.fspath(path))
    if not target.parent.exists():
        raise InputError("the output folder does not exist", path=os.fspath(path))
    with atomic_writer(target) as tmp, tmp.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())

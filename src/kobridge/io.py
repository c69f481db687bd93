"""Reading input texts and writing outputs safely.

Reading turns bytes into the one text every later stage works on: decoded, line ends made
``\\n``, Hangul and everything else in Unicode NFC. Sentence offsets refer to that text.
Writing is atomic: a temporary file in the target folder, then a rename, so an error or
Ctrl-C never leaves a partial output behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kobridge.errors import InputError

__all__ = ["SourceText", "atomic_writer", "decode_text", "read_text", "write_atomic"]

# C0 controls other than tab, line feed and carriage return cannot appear in XML 1.0,
# nor can lone surrogates or U+FFFE/U+FFFF; a file with NUL bytes is taken for binary data.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded input text and how it was read."""

    text: str
    name: str
    encoding: str
    normalized: bool  # True when NFC normalisation changed the text


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=name) from None
        except UnicodeDecodeError as e:
            raise InputError(
                f"byte {e.start} cannot be decoded as {encoding} ({data[e.start : e.start + 1]!r})", path=name
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(f"byte {e.start} cannot be decoded as UTF-16", path=name) from None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise InputError(f"binary data (a NUL byte at offset {offset}); expected a text file", path=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        # Older Korean systems write CP949 (a superset of EUC-KR); accept it only if it decodes whole.
        try:
            return data.decode("cp949"), "cp949"
        except UnicodeDecodeError:
            raise InputError(
                f"byte {utf8_error.start} is neither UTF-8 nor CP949; give the encoding with --encoding",
                path=name,
            ) from None


def decode_text(data: bytes, name: str = "-", encoding: str | None = None) -> SourceText:
    """Decode input bytes into kobridge's working text.

    Args:
        data: the raw bytes of the file.
        name: the file name used in error messages.
        encoding: a codec name to use instead of detection (UTF-8, UTF-8 with BOM,
            UTF-16 with BOM, then CP949 are tried).

    Returns:
        The text with line ends as ``\\n`` and in Unicode NFC, and how it was read.

    Raises:
        InputError: empty, binary or undecodable data, or characters XML cannot hold.
    """
    text, used = _decode(data, name, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _XML_FORBIDDEN.search(text)
    if bad is not None:
        line = _line_of(text, bad.start())
        code = ord(bad.group())
        raise InputError(f"character U+{code:04X}, which XML cannot hold", path=name, line=line)
    if not text.strip():
        raise InputError("the file is empty or holds only whitespace", path=name)
    normalized = unicodedata.normalize("NFC", text)
    return SourceText(text=normalized, name=name, encoding=used, normalized=normalized != text)


def read_text(path: str | os.PathLike[str], encoding: str | None = None) -> SourceText:
    """Read and decode a text file (``-`` reads standard input). See :func:`decode_text`.

    Raises:
        InputError: a missing file, a folder, or unreadable, empty, binary or undecodable data.
    """
    name = os.fspath(path)
    if name == "-":
        import sys

        return decode_text(sys.stdin.buffer.read(), "<stdin>", encoding)
    p = Path(name)
    if p.is_dir():
        raise InputError("is a directory, expected a text file", path=name)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except OSError as e:
        raise InputError(f"cannot be read ({e.strerror})", path=name) from None
    return decode_text(data, name, encoding)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it onto ``path``.

    If the body raises (or is interrupted), the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    target = Path(path)
    if target.is_dir():
        raise InputError("is a directory, cannot write output there", path=os.fspath(path))
    if not target.parent.exists():
        raise InputError("the output folder does not exist", path=os.fspath(path))
    with atomic_writer(target) as tmp:
        tmp.write_bytes(data)

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
import stat
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kobridge.errors import InputError, OutputError
from kobridge.model import SourceInfo
from kobridge.xmlchars import XML_FORBIDDEN

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_LINE",
    "InvalidCharPolicy",
    "SourceText",
    "atomic_writer",
    "decode_text",
    "read_bytes",
    "read_stdin",
    "read_text",
    "write_all",
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
    # The original file's format and article metadata when the text was extracted (kobridge.inputs).
    info: SourceInfo | None = None


class InvalidCharPolicy(StrEnum):
    """What to do with characters XML 1.0 cannot hold (C0 controls, lone surrogates)."""

    ERROR = "error"
    REPLACE = "replace"


# Where more than this share of the characters are control characters, the data is not text.
_BINARY_SHARE = 0.01
# A line longer than this is not running text (a dump, a minified file, binary data).
MAX_LINE = 1_000_000
# The largest input file. 64 MiB of Korean is some 350,000 sentences, far past the largest run
# measured (20,000 sentences a side in 612 MiB, README); a larger file is refused rather than
# left to exhaust memory.
MAX_INPUT_BYTES = 64 * 1024 * 1024
# The temporary file beside an output is ``.NAME.XXXXXXXX.tmp``; NAME is cut to this many
# characters so that the temporary name stays within the 255 bytes a file name may have.
_TMP_NAME_CHARS = 40
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


def _too_large(name: str, limit: int) -> InputError:
    return InputError(
        f"larger than {limit:,} bytes ({limit // 2**20} MiB), the most kobridge reads; split the file",
        path=name,
    )


def _not_regular(name: str, expected: str) -> InputError:
    return InputError(f"is not a regular file (a device, FIFO or socket), expected {expected}", path=name)


def _is_special(name: str) -> bool:
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def read_bytes(
    path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES, expected: str = "a text file"
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file is opened without blocking and checked before it is read, so a FIFO, a device
    such as ``/dev/zero`` or a symbolic link to one is refused at once instead of blocking or
    filling memory.

    Raises:
        InputError: a missing or unreadable file, a folder, something other than a regular
            file, or a file larger than ``limit``.
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, expected {expected}", path=name) from None
    except OSError as e:
        if _is_special(name):  # a socket cannot even be opened
            raise _not_regular(name, expected) from None
        raise InputError(f"cannot be read ({e.strerror})", path=name) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"is a directory, expected {expected}", path=name)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(name, expected)
        if info.st_size > limit:
            raise _too_large(name, limit)
    except BaseException:
        os.close(fd)
        raise
    with open(fd, "rb") as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as e:
            raise InputError(f"cannot be read ({e.strerror})", path=name) from None
    if len(data) > limit:
        raise _too_large(name, limit)
    return data


def read_text(
    path: str | os.PathLike[str],
    encoding: str | None = None,
    on_invalid_char: InvalidCharPolicy = InvalidCharPolicy.ERROR,
) -> SourceText:
    """Read and decode a text file (``-`` reads standard input). See :func:`decode_text`.

    Raises:
        InputError: a missing file, a folder, a device or FIFO, a file over ``MAX_INPUT_BYTES``,
            or unreadable, empty, binary or undecodable data.
    """
    name = os.fspath(path)
    if name == "-":
        return decode_text(read_stdin(), "<stdin>", encoding, on_invalid_char)
    return decode_text(read_bytes(name), name, encoding, on_invalid_char)


def read_stdin(limit: int = MAX_INPUT_BYTES) -> bytes:
    """Standard input's bytes, at most ``limit`` of them.

    Raises:
        InputError: standard input holds more than ``limit`` bytes.
    """
    import sys

    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise _too_large("<stdin>", limit)
    return data


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _output_error(error: OSError, path: str | os.PathLike[str]) -> OutputError:
    reason = error.strerror or str(error)
    return OutputError(f"cannot write the output ({reason})", path=os.fspath(path))


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it onto ``path``.

    The temporary file lives in the same folder, so the rename never crosses file systems and
    readers see either the old file or the whole new one. It gets the permissions a new file
    would get (``mkstemp`` makes it private). If the body raises, or is interrupted, the
    temporary file is removed and ``path`` is untouched.

    Raises:
        OutputError: an ``OSError`` while creating, writing or renaming (a full disk, a
            read-only folder, a file too large for ``ulimit -f``, a name too long).
    """
    target = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name[:_TMP_NAME_CHARS]}.", suffix=".tmp", dir=target.parent or "."
        )
    except OSError as error:
        raise _output_error(error, path) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as error:
        tmp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _output_error(error, path) from None
        raise


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise OutputError("is a directory, cannot write output there", path=os.fspath(target))
    if not target.parent.exists():
        raise OutputError("the output folder does not exist", path=os.fspath(target))


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, synced, then renamed).

    Raises:
        OutputError: ``path`` is a folder, its folder does not exist, or the file cannot be
            written (see :func:`atomic_writer`).
    """
    target = Path(path)
    _check_target(target)
    with atomic_writer(target) as tmp:
        _write_synced(tmp, data)


def write_all(outputs: Sequence[tuple[str | os.PathLike[str], bytes]]) -> None:
    """Write several files as a set: every one is staged beside its target, then all are renamed.

    Nothing is renamed until every file is written, so an error or Ctrl-C while writing any
    of them leaves none of the targets changed (the staged files are removed).

    Raises:
        OutputError: as :func:`write_atomic`, for the first file that cannot be written.
    """
    targets = [Path(path) for path, _ in outputs]
    for target in targets:
        _check_target(target)
    with contextlib.ExitStack() as stack:
        for target, (_, data) in zip(targets, outputs, strict=True):
            _write_synced(stack.enter_context(atomic_writer(target)), data)

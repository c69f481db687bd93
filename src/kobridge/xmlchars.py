"""The characters XML 1.0 cannot hold, in one place for every reader and writer.

XML 1.0's ``Char`` production (section 2.2) admits tab, line feed, carriage return,
U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF; anything else (the other C0 controls,
lone surrogates, U+FFFE and U+FFFF) cannot appear in a document, not even escaped.
"""

from __future__ import annotations

import re

__all__ = ["XML_FORBIDDEN", "display_name"]

XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def display_name(name: str) -> str:
    """A file name as kobridge shows it, in messages and in the files it writes.

    A POSIX file name is bytes: one that is not UTF-8 reaches Python with its bad bytes as
    lone surrogates (PEP 383), which no UTF-8 stream or XML document can hold, and a name may
    hold control characters. Each such byte or character is written as a ``\\xNN`` (or
    ``\\uNNNN``) escape; any other name is returned unchanged.
    """
    if not XML_FORBIDDEN.search(name) and "\x7f" not in name:
        return name
    try:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        text = name
    return XML_FORBIDDEN.sub(lambda m: ascii(m.group())[1:-1], text).replace("\x7f", "\\x7f")

"""The characters XML 1.0 cannot hold, in one place for every reader and writer.

XML 1.0's ``Char`` production (section 2.2) admits tab, line feed, carriage return,
U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF; anything else (the other C0 controls,
lone surrogates, U+FFFE and U+FFFF) cannot appear in a document, not even escaped.
"""

from __future__ import annotations

import re

__all__ = ["XML_FORBIDDEN"]

XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

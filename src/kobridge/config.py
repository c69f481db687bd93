"""The project file ``kobridge.toml``: finding it, reading it, and the line of each setting.

The file is TOML: sections (tables) of settings whose values are strings, numbers or booleans.
Which sections and keys exist is the command line's business (``kobridge.cli.config``); this
module checks the shape and remembers where each setting was written, since ``tomllib`` reports
no line numbers for the values it returns.

A file is looked up from a folder upwards: the first ``kobridge.toml`` found is used, and the
search stops at the first folder that holds ``.git`` (a repository's root: a project file outside
the repository does not apply to it) or at the filesystem root.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kobridge.errors import ConfigError, KobridgeError
from kobridge.io import read_bytes

__all__ = ["CONFIG_NAME", "ConfigFile", "Setting", "Value", "find_config", "read_config"]

CONFIG_NAME = "kobridge.toml"
_MAX_BYTES = 1 << 20

Value = str | int | float | bool


@dataclass(frozen=True, slots=True)
class Setting:
    """One ``key = value`` of the file: ``section`` is the table's dotted name as a tuple."""

    section: tuple[str, ...]
    key: str
    value: Value
    line: int

    @property
    def section_name(self) -> str:
        return ".".join(self.section)


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """A read project file: its path (as shown in messages) and its settings in file order."""

    path: Path
    settings: tuple[Setting, ...]

    def where(self, line: int) -> str:
        return f"{self.path}:{line}"

    def error(self, line: int, message: str) -> ConfigError:
        return ConfigError(message, path=str(self.path), line=line or None)


def find_config(start: Path) -> Path | None:
    """The ``kobridge.toml`` that applies in folder ``start``: there or in the nearest folder above.

    The search ends at the first folder holding ``.git`` (its own file still counts) or at the root.
    """
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


_BARE = r"[A-Za-z0-9_-]+"
_PART = rf'(?:{_BARE}|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"\s*({_DOTTED})\s*=(.*)$")
_PIECE = re.compile(_PART)


def _key_path(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in _PIECE.findall(dotted))


def _lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each table header and key, by full dotted path (first occurrence)."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    closing = ""  # the quotes that end a multi-line string being skipped, or "]" for an array
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        if closing in ('"""', "'''"):
            if line.count(closing) % 2:
                closing = ""
            continue
        if closing == "]":
            depth += line.count("[") - line.count("]")
            closing = "]" if depth > 0 else ""
            continue
        header = _HEADER.match(line)
        if header:
            table = _key_path(header.group(2))
            found.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if not key:
            continue
        found.setdefault((*table, *_key_path(key.group(1))), number)
        value = key.group(2).strip()
        for quotes in ('"""', "'''"):
            if value.startswith(quotes) and value.count(quotes) == 1:
                closing = quotes
        if value.startswith("[") and value.count("[") > value.count("]"):
            closing, depth = "]", value.count("[") - value.count("]")
    return found


def _line_of(lines: dict[tuple[str, ...], int], path: tuple[str, ...]) -> int:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 0)


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)$")


def read_config(path: str | os.PathLike[str]) -> ConfigFile:
    """Read a project file's settings, each with its line.

    Raises:
        ConfigError: ``PATH:LINE: message`` for a file that cannot be read, is not UTF-8 or not
            TOML, a key outside any section, or a value that is not a string, a number or a boolean.
    """
    shown = Path(path)
    config = ConfigFile(shown, ())
    try:
        data = read_bytes(path, _MAX_BYTES, "a kobridge.toml file")
    except KobridgeError as e:
        raise ConfigError(f"cannot read the project file: {e.message}", path=str(shown)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise config.error(data.count(b"\n", 0, e.start) + 1, "not UTF-8; TOML files are UTF-8") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        at = _TOML_LINE.search(message)
        line = int(at.group(1)) if at else 0
        raise config.error(line, f"not valid TOML: {_TOML_LINE.sub('', message).strip()}") from None
    lines = _lines(text)
    settings: list[Setting] = []

    def walk(table: dict[str, object], section: tuple[str, ...]) -> None:
        for key, value in table.items():
            line = _line_of(lines, (*section, key))
            if isinstance(value, dict):
                walk(value, (*section, key))
            elif not section:
                raise config.error(
                    line, f"key '{key}' is outside any section; settings go in sections such as [align]"
                )
            elif isinstance(value, str | int | float | bool):
                settings.append(Setting(section, key, value, line))
            else:
                raise config.error(
                    line,
                    f"'{key}' in [{'.'.join(section)}] is a {type(value).__name__}; "
                    "a setting is a string, a number or true/false",
                )

    walk(document, ())
    return ConfigFile(shown, tuple(settings))

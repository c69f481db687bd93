"""The exceptions kobridge raises for bad input. The CLI turns them into one-line errors."""

from __future__ import annotations

from kobridge.xmlchars import display_name

__all__ = [
    "ConfigError",
    "GlossaryError",
    "InputError",
    "KobridgeError",
    "OutputError",
    "TmError",
    "ValidationError",
]


class KobridgeError(Exception):
    """Base of every error caused by the user's data rather than by a bug.

    ``str(error)`` is the whole one-line message: what is wrong, where, and how to fix it.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            shown = display_name(path)
            where = f"{shown}:{line}: " if line is not None else f"{shown}: "
        super().__init__(f"{where}{message}")


class InputError(KobridgeError):
    """An input text that cannot be read or used (missing, empty, binary, undecodable)."""


class OutputError(KobridgeError):
    """An output that cannot be written: a full disk, a read-only folder, a name too long."""


class ConfigError(KobridgeError):
    """A project file (kobridge.toml) that cannot be used: bad TOML, an unknown key, a wrong value."""


class GlossaryError(KobridgeError):
    """A glossary file that cannot be loaded."""


class ValidationError(KobridgeError):
    """A file that does not conform to the schema or to kobridge's own rules."""


class TmError(KobridgeError):
    """A translation memory that cannot be used: not a memory, a newer schema, locked, server down."""

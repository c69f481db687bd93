"""The ``kobridge`` command line: a thin adapter over the library.

This package is the only code that reads argv, prints or exits. Every command turns a
``KobridgeError`` into a one-line ``Error: FILE:LINE: message`` on stderr and exit code 1;
usage mistakes exit 2 (typer's own handling); success exits 0. Importing the command modules
registers their commands on ``app``.
"""

from __future__ import annotations

from kobridge.cli import align, config, glossary, lexicon, review, tm, xml  # noqa: F401  (imported for their registrations)
from kobridge.cli.app import app

__all__ = ["app"]

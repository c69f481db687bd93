"""The findings the glossary tools report: lint issues in a CSV, terminology issues in a bead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["LintIssue", "Severity", "TermIssue"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class LintIssue:
    """One problem found in a glossary file.

    ``str(issue)`` is the ``PATH:LINE: message`` form the CLI prints. ``line`` is 1-based
    (the header is line 1); 0 means the problem concerns the whole file.
    An ``error`` makes the glossary unusable (``load_glossary`` refuses it); a ``warning``
    is reported but the glossary still loads.
    """

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class TermIssue:
    """One terminology problem in a bead, for the QA report.

    ``kind`` is ``"missing"`` (the entry was found on one side, its counterpart is not on the
    other) or ``"forbidden"`` (a rendering the glossary forbids was used).
    ``lang`` is the side where the problem is: the language lacking the counterpart, or the
    language of the forbidden rendering. ``surface`` is the text found (the term on the other
    side for ``missing``, the forbidden rendering for ``forbidden``); ``expected`` is the
    glossary's main form in ``lang``.
    """

    kind: Literal["missing", "forbidden"]
    entry_id: str
    lang: str
    surface: str
    expected: str
    message: str

    def __str__(self) -> str:
        return self.message

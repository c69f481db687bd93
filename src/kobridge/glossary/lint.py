"""Checking a glossary, and loading one that passes.

``read_glossary_csv`` checks the file and its rows; ``check_entries`` checks the entries
against each other: ids, required fields, characters XML cannot hold, and surface forms that
would make matching ambiguous. ``load_glossary`` runs both and refuses a glossary with errors.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kobridge.errors import GlossaryError
from kobridge.glossary.csvio import read_glossary_csv
from kobridge.glossary.issues import LintIssue
from kobridge.glossary.match import MAX_FORM, Glossary, surface_key
from kobridge.model import GlossaryEntry
from kobridge.xmlchars import XML_FORBIDDEN

__all__ = ["EntryChecker", "check_entries", "lint_glossary", "load_glossary", "raise_on_errors"]

logger = logging.getLogger(__name__)

# An id becomes an XML id (TEI xml:id, TBX conceptEntry/@id): an NCName, kept to ASCII here.
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Characters outside XML 1.0's Char production (https://www.w3.org/TR/xml/#charsets).


@dataclass(frozen=True, slots=True)
class _Form:
    entry_id: str
    line: int
    text: str
    role: str  # "main form", "variant" or "forbidden rendering"


def _fields(entry: GlossaryEntry) -> list[tuple[str, str]]:
    pairs = [("id", entry.id), ("ko", entry.ko), ("en", entry.en), ("type", entry.type), ("note", entry.note)]
    for column in ("ko_variants", "en_variants", "forbidden"):
        pairs.extend((column, value) for value in getattr(entry, column))
    return pairs


def _forms(entry: GlossaryEntry) -> list[tuple[str, str, str]]:
    """(namespace, text, role) of every surface form of ``entry``."""
    forms = [("ko", entry.ko, "main form"), ("en", entry.en, "main form")]
    forms += [("ko", v, "variant") for v in entry.ko_variants]
    forms += [("en", v, "variant") for v in entry.en_variants]
    forms += [("en", v, "forbidden rendering") for v in entry.forbidden]
    return [(ns, text, role) for ns, text, role in forms if text]


def _clash(form: _Form, other: _Form) -> str:
    if form.entry_id == other.entry_id:
        if "forbidden rendering" in (form.role, other.role):
            return f"forbidden rendering {form.text!r} is also a form of this entry; remove one of them"
        return f"{form.text!r} is listed twice in this entry (as {other.text!r})"
    where = f"entry '{other.entry_id}' (line {other.line})"
    if form.role == "variant" and other.role == "main form":
        return f"variant {form.text!r} equals the main form of {where}; a form belongs to one entry"
    if "forbidden rendering" in (form.role, other.role) and form.role != other.role:
        return (
            f"{form.role} {form.text!r} is a {other.role} of {where}; it cannot be both allowed and forbidden"
        )
    return f"{form.role} {form.text!r} is already a {other.role} of {where}; a form belongs to one entry"


class EntryChecker:
    """Checks entries one at a time against the entries accepted before them.

    ``check`` looks without changing anything; ``add`` checks and then accepts the entry, so that
    the entries after it are compared with it. ``check_entries`` adds every entry; an importer
    that skips bad entries adds only those whose ``check`` found no error.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._ids: dict[str, int] = {}
        self._seen: dict[tuple[str, str], _Form] = {}

    def check(self, entry: GlossaryEntry) -> list[LintIssue]:
        """The issues of ``entry`` against itself and the accepted entries."""
        return self._check(entry, accept=False)

    def add(self, entry: GlossaryEntry) -> list[LintIssue]:
        """Check ``entry`` (see :meth:`check`), then accept it, whatever was found."""
        return self._check(entry, accept=True)

    def _check(self, entry: GlossaryEntry, *, accept: bool) -> list[LintIssue]:
        path, line = self.path, entry.line
        issues: list[LintIssue] = []
        for column in ("id", "ko", "en"):
            if not getattr(entry, column):
                issues.append(
                    LintIssue(path, line, f"empty required field '{column}': every entry needs id, ko and en")
                )
        if entry.id and not _ID.fullmatch(entry.id):
            issues.append(
                LintIssue(
                    path,
                    line,
                    f"invalid id {entry.id!r}: an id starts with a letter and holds only ASCII letters, "
                    "digits, '-' and '_' (it becomes an XML id)",
                )
            )
        duplicate = entry.id in self._ids
        if duplicate:
            issues.append(
                LintIssue(path, line, f"duplicate id '{entry.id}' (first used on line {self._ids[entry.id]})")
            )
        elif entry.id and accept:
            self._ids[entry.id] = line
        for column, value in _fields(entry):
            bad = XML_FORBIDDEN.search(value)
            if bad:
                issues.append(
                    LintIssue(
                        path,
                        line,
                        f"character U+{ord(bad.group()):04X} in '{column}' cannot be stored in XML 1.0; "
                        "delete it",
                    )
                )
        mine: dict[tuple[str, str], _Form] = {}  # this entry's forms, accepted at the end
        for namespace, text, role in () if duplicate else _forms(entry):
            if len(text) > MAX_FORM:
                issues.append(
                    LintIssue(
                        path,
                        line,
                        f"{role} of {len(text):,} characters; a glossary form has at most {MAX_FORM:,} "
                        "(a term, not a text)",
                    )
                )
                continue
            form = _Form(entry.id, line, text, role)
            key = (namespace, surface_key(text, namespace))
            other = self._seen.get(key) or mine.setdefault(key, form)
            if other is not form:
                same_entry_repeat = other.entry_id == entry.id and "forbidden rendering" not in (
                    role,
                    other.role,
                )
                if same_entry_repeat and other.text != text:
                    continue  # spelling variants of one key (spacing, case) in one entry are fine
                issues.append(
                    LintIssue(path, line, _clash(form, other), "warning" if same_entry_repeat else "error")
                )
        if accept:
            self._seen.update(mine)
        return issues


def check_entries(entries: Sequence[GlossaryEntry], path: str) -> list[LintIssue]:
    """Check entries on their own and against each other.

    Errors: an empty id, ko or en; an id that is not an XML name; a duplicate id; a character
    XML 1.0 cannot hold; one surface form under two ids (forms compare as ``surface_key``
    does: ignoring case, and spacing inside Korean); a variant equal to another entry's main
    form; a forbidden rendering that is also an allowed form; a form longer than ``MAX_FORM``.
    Warning: a form listed twice in one entry. An entry whose id is a duplicate is not compared further.

    Args:
        entries: the entries, each with the ``line`` it came from.
        path: the file name the issues carry.

    Returns:
        The issues, in entry order.
    """
    checker = EntryChecker(path)
    return [issue for entry in entries for issue in checker.add(entry)]


def lint_glossary(path: str | os.PathLike[str]) -> list[LintIssue]:
    """Check a glossary CSV and return every problem found, sorted by line.

    Args:
        path: the CSV file.

    Returns:
        Issues with ``str(issue)`` == ``"PATH:LINE: severity: message"``; empty when the file is
        clean. Never raises for a problem in the file: an unreadable file is an issue too.
    """
    entries, issues = read_glossary_csv(path)
    issues = issues + check_entries(entries, str(path))
    return sorted(issues, key=lambda i: i.line)


def raise_on_errors(issues: Sequence[LintIssue]) -> None:
    """Log the warnings among ``issues``, then raise GlossaryError for the first error, if any."""
    for issue in issues:
        if issue.severity == "warning":
            logger.warning("%s", issue)
    for issue in issues:
        if issue.severity == "error":
            raise GlossaryError(issue.message, path=issue.path, line=issue.line or None)


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Load a glossary CSV, refusing one with errors.

    Args:
        path: the CSV file (UTF-8 with or without a BOM, CRLF or LF).

    Returns:
        The glossary, entries in file order, matchers compiled.

    Raises:
        GlossaryError: ``"PATH:LINE: message"`` for the first error ``lint_glossary`` finds.
            Warnings are logged.
    """
    entries, issues = read_glossary_csv(path)
    raise_on_errors(sorted(issues + check_entries(entries, str(path)), key=lambda i: i.line))
    return Glossary(tuple(entries), path=str(path))

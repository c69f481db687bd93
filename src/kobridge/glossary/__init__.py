"""The domain glossary: a CSV users maintain, matched in both languages, checked, and exported as TBX.

Public API::

    load_glossary(path) -> Glossary                    # raises GlossaryError("PATH:LINE: ...")
    lint_glossary(path) -> list[LintIssue]             # never raises for bad content
    find_terms(text, lang, glossary) -> list[TermHit]  # lang "ko" or "en"
    find_forbidden(text, glossary) -> list[TermHit]    # forbidden renderings in English text
    check_terms(src_hits, tgt_hits, glossary, *, forbidden_hits=()) -> list[TermIssue]
    glossary_to_tbx(glossary) -> lxml Element; tbx_bytes(glossary) -> bytes
    write_tbx(glossary, path); read_tbx(path) -> Glossary    # TBX v3 or v2; raises on a bad entry
    import_tbx(path) -> TbxImport                      # .glossary of the good entries, .skipped
    glossary_csv_text(glossary) -> str; write_glossary_csv(glossary, path)   # normalised, sorted by id

The CSV format and the matching rules are documented in glossary/README.md.
"""

from __future__ import annotations

from kobridge.glossary.csvio import (
    COLUMNS,
    SEPARATOR,
    glossary_csv_text,
    read_glossary_csv,
    write_glossary_csv,
)
from kobridge.glossary.issues import LintIssue, TermIssue
from kobridge.glossary.lint import check_entries, lint_glossary, load_glossary
from kobridge.glossary.match import LANGUAGES, Glossary, find_forbidden, find_terms, is_acronym, surface_key
from kobridge.glossary.qa import check_terms
from kobridge.glossary.tbx import TBX_NAMESPACE, glossary_to_tbx, tbx_bytes, write_tbx
from kobridge.glossary.tbxread import SkippedEntry, TbxImport, import_tbx, read_tbx

__all__ = [
    "COLUMNS",
    "LANGUAGES",
    "SEPARATOR",
    "TBX_NAMESPACE",
    "Glossary",
    "LintIssue",
    "SkippedEntry",
    "TbxImport",
    "TermIssue",
    "check_entries",
    "check_terms",
    "find_forbidden",
    "find_terms",
    "glossary_csv_text",
    "glossary_to_tbx",
    "import_tbx",
    "is_acronym",
    "lint_glossary",
    "load_glossary",
    "read_glossary_csv",
    "read_tbx",
    "surface_key",
    "tbx_bytes",
    "write_glossary_csv",
    "write_tbx",
]

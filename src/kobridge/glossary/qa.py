"""Terminology QA for one bead: pure functions over the hits the caller found."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kobridge.glossary.issues import TermIssue
from kobridge.glossary.match import Glossary
from kobridge.model import GlossaryEntry, TermHit

__all__ = ["check_terms"]

_OTHER = {"ko": "en", "en": "ko"}
_NAMES = {"ko": "Korean", "en": "English"}


def _first_by_entry(hits: Iterable[TermHit]) -> dict[str, TermHit]:
    first: dict[str, TermHit] = {}
    for hit in hits:
        first.setdefault(hit.entry_id, hit)
    return first


def _main_form(entry: GlossaryEntry | None, lang: str, fallback: str) -> str:
    if entry is None:
        return fallback
    return entry.ko if lang == "ko" else entry.en


def check_terms(
    src_hits: Sequence[TermHit],
    tgt_hits: Sequence[TermHit],
    glossary: Glossary,
    *,
    forbidden_hits: Sequence[TermHit] = (),
) -> list[TermIssue]:
    """Find the terminology problems of one bead.

    An entry found on one side (any of its forms) whose counterpart is found nowhere on the
    other side is ``missing`` on that other side, once per entry. A forbidden rendering used is
    ``forbidden``; its entry is then not also reported missing, since the term was translated,
    only wrongly.

    Args:
        src_hits: ``find_terms`` hits of the bead's source sentences.
        tgt_hits: ``find_terms`` hits of the bead's target sentences.
        glossary: the glossary the hits came from (for the expected forms).
        forbidden_hits: ``find_forbidden`` hits of the bead's English side.

    Returns:
        Missing terms found on the source side, then those found on the target side, then
        forbidden renderings; each group in text order.
    """
    issues: list[TermIssue] = []
    forbidden_ids = {hit.entry_id for hit in forbidden_hits}
    src_first, tgt_first = _first_by_entry(src_hits), _first_by_entry(tgt_hits)
    for found, other in ((src_first, tgt_first), (tgt_first, src_first)):
        for entry_id, hit in found.items():
            if entry_id in other or entry_id in forbidden_ids:
                continue
            lang = _OTHER.get(hit.lang, hit.lang)
            expected = _main_form(glossary.get(entry_id), lang, entry_id)
            issues.append(
                TermIssue(
                    kind="missing",
                    entry_id=entry_id,
                    lang=lang,
                    surface=hit.surface,
                    expected=expected,
                    message=f"{hit.surface!r} ({entry_id}) has no counterpart on the "
                    f"{_NAMES.get(lang, lang)} side; expected {expected!r}",
                )
            )
    for hit in forbidden_hits:
        expected = _main_form(glossary.get(hit.entry_id), hit.lang, hit.entry_id)
        issues.append(
            TermIssue(
                kind="forbidden",
                entry_id=hit.entry_id,
                lang=hit.lang,
                surface=hit.surface,
                expected=expected,
                message=f"forbidden rendering {hit.surface!r} ({hit.entry_id}); use {expected!r}",
            )
        )
    return issues

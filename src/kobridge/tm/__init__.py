"""The translation memory and bilingual concordance built from the aligned archive.

Public API::

    open_memory(target, create=False) -> Store     # an SQLite path or a postgresql:// URL
    read_sources(paths) -> Iterator[TmDocument]     # kobridge TEI, batch folders, TMX 1.4
    store.add(documents) -> AddReport
    store.search(parse_query(text, lang), limit) -> (hits, more)
    lookup(store, sentences, min_score=0.7) -> [[Match, ...], ...]
    store.units(), store.stats()

See docs/tm.md for the scoring, the indexes and the figures.
"""

from __future__ import annotations

from kobridge.tm.lookup import lookup
from kobridge.tm.model import Difference, Hit, Match, TmDocument, TmStats, TmUnit
from kobridge.tm.score import score, similarity
from kobridge.tm.sources import read_source, read_sources
from kobridge.tm.store import SCHEMA_VERSION, AddReport, Store
from kobridge.tm.text import FuzzyForm, Query, fuzzy_form, parse_query

__all__ = [
    "SCHEMA_VERSION",
    "AddReport",
    "Difference",
    "FuzzyForm",
    "Hit",
    "Match",
    "Query",
    "Store",
    "TmDocument",
    "TmStats",
    "TmUnit",
    "fuzzy_form",
    "is_postgres_url",
    "lookup",
    "open_memory",
    "parse_query",
    "read_source",
    "read_sources",
    "score",
    "similarity",
]


def is_postgres_url(target: str) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than an SQLite file."""
    return target.startswith(("postgresql://", "postgres://"))


def open_memory(target: str, *, create: bool = False) -> Store:
    """Open a memory: an SQLite file, or a PostgreSQL database given by a ``postgresql://`` URL.

    With ``create``, a missing SQLite file (or an empty PostgreSQL database) becomes a new
    memory. PostgreSQL needs the ``pg`` extra (psycopg 3).

    Raises:
        TmError: see :class:`~kobridge.tm.sqlite.SqliteStore` and
            :class:`~kobridge.tm.postgres.PostgresStore`.
    """
    if is_postgres_url(target):
        from kobridge.tm.postgres import PostgresStore

        return PostgresStore(target, create=create)
    from kobridge.tm.sqlite import SqliteStore

    return SqliteStore(target, create=create)

"""The store interface of the memory, and what both backends share.

A store holds documents (``tm_docs``), their units (``tm_units``), the candidate-filter
postings (``tm_unit_keys``: one row per index key of a unit's Korean side, see
``kobridge.tm.text.index_keys``) and a full-text index for the concordance (SQLite: an FTS5
table with the trigram tokenizer; PostgreSQL: pg_trgm GIN indexes). ``tm_meta`` records that
the database is a kobridge memory and its schema version, checked on every open.

The SQL is written once, with ``?`` parameters (the PostgreSQL backend turns them into
``%s``; values are always parameters, never formatted in). Every ``add`` is one transaction:
a failure or a concurrent writer never leaves half a document, and a document already in the
memory under the same key has its units replaced, not duplicated.
"""

from __future__ import annotations

import abc
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from kobridge.errors import TmError
from kobridge.tm.model import Hit, TmDocument, TmStats, TmUnit
from kobridge.tm.text import FuzzyForm, Query, fuzzy_form, index_keys

__all__ = ["APPLICATION", "SCHEMA_VERSION", "AddReport", "Store", "check_meta"]

APPLICATION = "kobridge translation memory"
SCHEMA_VERSION = 1
# Candidate filter: a key found in more units than this is too common to tell units apart.
_KEY_CAP = 2000
# At most this many of a sentence's rarest keys vote.
_RAREST_KEYS = 24

_UNIT_COLUMNS = "u.id, u.ko, u.en, u.confidence, u.confirmed, u.bead, d.file, d.title, d.date"
_FROM = "FROM tm_units u JOIN tm_docs d ON d.id = u.doc"


@dataclass(frozen=True, slots=True)
class AddReport:
    """What ``add`` did: documents new to the memory, documents replaced, units written."""

    added: int
    replaced: int
    units: int


def check_meta(meta: dict[str, str], where: str) -> None:
    """Refuse a database whose ``tm_meta`` is not a kobridge memory's of this schema version."""
    if meta.get("application") != APPLICATION:
        raise TmError("a database, but not a kobridge translation memory", path=where)
    version = int(meta.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise TmError(
            f"made by a newer kobridge (schema {version}; this one reads {SCHEMA_VERSION}): upgrade kobridge",
            path=where,
        )
    if version < SCHEMA_VERSION:
        raise TmError(f"unknown schema version {version}", path=where)


def _unit(row: Sequence[Any]) -> TmUnit:
    uid, ko, en, confidence, confirmed, bead, file, title, date = row
    return TmUnit(ko, en, file, title, date, confidence, bool(confirmed), bead, uid)


class Store(abc.ABC):
    """A translation memory. Use as a context manager, or call :meth:`close`."""

    backend = ""

    # -- what a backend provides ------------------------------------------------------------

    @abc.abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; the rows it returns (empty for statements without rows)."""

    @abc.abstractmethod
    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per row of parameters."""

    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert many rows into one of the memory's tables (a backend may bulk-load instead)."""
        marks = ", ".join("?" * len(columns))
        self._executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    @abc.abstractmethod
    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of a query, fetched as they are read (the caller may stop early)."""

    @abc.abstractmethod
    def _write_transaction(self) -> AbstractContextManager[None]:
        """A write transaction that excludes other writers, committed on success, else rolled back."""

    @abc.abstractmethod
    def _index_text(self, ids: Sequence[int], units: Sequence[TmUnit], delete: bool) -> None:
        """Add units to the full-text index, or (``delete``) take them out."""

    @abc.abstractmethod
    def _text_rows(self, query: Query) -> Iterator[tuple[Any, ...]]:
        """Unit rows (``_UNIT_COLUMNS``) that may hold ``query`` (a superset), newest first."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------

    def add(self, documents: Iterable[TmDocument]) -> AddReport:
        """Add documents in one transaction; a document whose key is present replaces its units.

        Documents with no unit are still recorded (adding them again replaces nothing).
        """
        added = replaced = written = 0
        frequencies: Counter[int] = Counter()  # change in each key's unit count
        with self._write_transaction():
            next_doc = int(self._execute("SELECT COALESCE(MAX(id), 0) + 1 FROM tm_docs")[0][0])
            next_unit = int(self._execute("SELECT COALESCE(MAX(id), 0) + 1 FROM tm_units")[0][0])
            for document in documents:
                found = self._execute("SELECT id FROM tm_docs WHERE key = ?", (document.key,))
                if found:
                    doc_id = int(found[0][0])
                    self._remove_units(doc_id, frequencies)
                    self._execute(
                        "UPDATE tm_docs SET file = ?, title = ?, date = ? WHERE id = ?",
                        (document.file, document.title, document.date, doc_id),
                    )
                    replaced += 1
                else:
                    doc_id, next_doc = next_doc, next_doc + 1
                    self._execute(
                        "INSERT INTO tm_docs (id, key, file, title, date) VALUES (?, ?, ?, ?, ?)",
                        (doc_id, document.key, document.file, document.title, document.date),
                    )
                    added += 1
                ids = list(range(next_unit, next_unit + len(document.units)))
                next_unit += len(ids)
                self._insert_units(doc_id, ids, document.units, frequencies)
                written += len(ids)
            self._executemany(
                "INSERT INTO tm_key_counts (key, units) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET units = tm_key_counts.units + excluded.units",
                sorted((key, n) for key, n in frequencies.items() if n),
            )
        return AddReport(added, replaced, written)

    def _insert_units(
        self, doc_id: int, ids: list[int], units: Sequence[TmUnit], frequencies: Counter[int]
    ) -> None:
        forms = [fuzzy_form(u.ko, "ko") for u in units]
        self._insert(
            "tm_units",
            ("id", "doc", "ko", "en", "confidence", "confirmed", "bead", "ko_form", "ko_numbers"),
            [
                (uid, doc_id, u.ko, u.en, u.confidence, int(u.confirmed), u.bead, f.text, " ".join(f.numbers))
                for uid, u, f in zip(ids, units, forms, strict=True)
            ],
        )
        postings = [(key, uid) for uid, f in zip(ids, forms, strict=True) for key in index_keys(f)]
        self._insert("tm_unit_keys", ("key", "unit"), postings)
        frequencies.update(key for key, _ in postings)
        self._index_text(ids, units, delete=False)

    def _remove_units(self, doc_id: int, frequencies: Counter[int]) -> None:
        rows = self._execute("SELECT id, ko, en FROM tm_units WHERE doc = ?", (doc_id,))
        ids = [int(r[0]) for r in rows]
        units = [TmUnit(r[1], r[2]) for r in rows]
        self._index_text(ids, units, delete=True)
        postings = [
            (key, uid)
            for uid, u in zip(ids, units, strict=True)
            for key in index_keys(fuzzy_form(u.ko, "ko"))
        ]
        self._executemany("DELETE FROM tm_unit_keys WHERE key = ? AND unit = ?", postings)
        frequencies.subtract(key for key, _ in postings)
        self._execute("DELETE FROM tm_units WHERE doc = ?", (doc_id,))

    # -- reading ----------------------------------------------------------------------------

    def search(self, query: Query, limit: int = 20) -> tuple[list[Hit], bool]:
        """The concordance: up to ``limit`` units whose ``query.lang`` side holds the query.

        Newest units first. Returns the hits and whether there are more.
        """
        side = 1 if query.lang == "ko" else 2
        hits: list[Hit] = []
        for row in self._text_rows(query):
            spans = tuple(m.span() for m in query.pattern.finditer(row[side]))
            if not spans:
                continue
            if len(hits) == limit:
                return hits, True
            hits.append(Hit(_unit(row), query.lang, spans))
        return hits, False

    def candidates(self, keys: Sequence[int], limit: int) -> list[tuple[int, FuzzyForm]]:
        """The ``limit`` units that share the most ``keys`` (the lookup's candidate filter).

        A key found in more than a few thousand units is too common to tell units apart and
        gets no vote, unless every key is (then the two rarest vote, their postings capped).
        Returns each unit's id and the fuzzy form stored for it (its text and numbers; no
        words); :meth:`units_by_id` reads the units themselves.
        """
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        counted = self._execute(f"SELECT key, units FROM tm_key_counts WHERE key IN ({marks})", list(keys))
        ranked = sorted((int(n), int(key)) for key, n in counted if n > 0)
        voters = [key for n, key in ranked if n <= _KEY_CAP][:_RAREST_KEYS] or [key for _, key in ranked[:2]]
        votes: Counter[int] = Counter()
        for key in voters:
            rows = self._execute("SELECT unit FROM tm_unit_keys WHERE key = ? LIMIT ?", (key, _KEY_CAP))
            votes.update(r[0] for r in rows)
        best = [uid for uid, _ in votes.most_common(limit)]
        if not best:
            return []
        marks = ", ".join("?" * len(best))
        rows = self._execute(f"SELECT id, ko_form, ko_numbers FROM tm_units WHERE id IN ({marks})", best)
        return [(int(uid), FuzzyForm(text, (), tuple(numbers.split()))) for uid, text, numbers in rows]

    def units_by_id(self, ids: Sequence[int]) -> dict[int, TmUnit]:
        """The units with these ids (those that exist)."""
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = self._execute(f"SELECT {_UNIT_COLUMNS} {_FROM} WHERE u.id IN ({marks})", list(ids))
        return {int(r[0]): _unit(r) for r in rows}

    def units(self) -> Iterator[TmUnit]:
        """Every unit, in the order it was added."""
        for row in self._stream(f"SELECT {_UNIT_COLUMNS} {_FROM} ORDER BY u.id"):
            yield _unit(row)

    def stats(self) -> TmStats:
        """How many documents, units and confirmed units the memory holds."""
        documents = int(self._execute("SELECT COUNT(*) FROM tm_docs")[0][0])
        units, confirmed = self._execute("SELECT COUNT(*), COALESCE(SUM(confirmed), 0) FROM tm_units")[0]
        return TmStats(documents, int(units), int(confirmed), self.backend, SCHEMA_VERSION)

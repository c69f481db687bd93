"""The embedded backend: one SQLite file (WAL journal, FTS5 trigram index).

The concordance index is an external-content FTS5 table over ``tm_units`` with the
``trigram`` tokenizer (SQLite 3.34 or newer): it finds any substring of three characters or
more, which suits Korean, where words are not separated from their particles. The indexed
text is the unit's text with a space on each side, so that a two-character word followed by
the end of the text still forms a trigram (``kobridge.tm.text.parse_query`` expands such
words). Writers take the write lock when their transaction begins (``BEGIN IMMEDIATE``) and
wait up to ``timeout`` seconds for another writer to finish.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kobridge.errors import TmError
from kobridge.tm.model import TmUnit
from kobridge.tm.store import _FROM, _UNIT_COLUMNS, APPLICATION, SCHEMA_VERSION, Store, check_meta
from kobridge.tm.text import Query

__all__ = ["SqliteStore"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_SCHEMA = [
    "CREATE TABLE tm_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE tm_docs (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, file TEXT NOT NULL, "
    "title TEXT NOT NULL, date TEXT NOT NULL)",
    "CREATE TABLE tm_units (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES tm_docs(id), "
    "ko TEXT NOT NULL, en TEXT NOT NULL, confidence REAL, confirmed INTEGER NOT NULL, bead TEXT NOT NULL, "
    "ko_form TEXT NOT NULL, ko_numbers TEXT NOT NULL)",
    "CREATE INDEX tm_units_doc ON tm_units (doc)",
    "CREATE TABLE tm_unit_keys (key INTEGER NOT NULL, unit INTEGER NOT NULL, PRIMARY KEY (key, unit)) "
    "WITHOUT ROWID",
    "CREATE TABLE tm_key_counts (key INTEGER PRIMARY KEY, units INTEGER NOT NULL)",
    "CREATE VIRTUAL TABLE tm_fts USING fts5(ko, en, content='tm_units', content_rowid='id', "
    "tokenize='trigram')",
]


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class SqliteStore(Store):
    """A memory in an SQLite file."""

    backend = "sqlite"

    def __init__(self, path: str | Path, *, create: bool = False, timeout: float = 5.0) -> None:
        """Open the memory at ``path``; with ``create``, make it if the file does not exist.

        Raises:
            TmError: no such file (without ``create``), not an SQLite file, an SQLite file
                that is not a kobridge memory, a memory of a newer schema, a locked database.
        """
        self.path = str(path)
        exists = Path(self.path).exists()
        if not exists and not create:
            raise TmError("no such translation memory (create one with kobridge tm add)", path=self.path)
        if exists:
            with open(self.path, "rb") as handle:
                head = handle.read(16)
            if head and head != _SQLITE_MAGIC:
                raise TmError("not a kobridge translation memory: not an SQLite database", path=self.path)
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._open()
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _error(self, error: sqlite3.Error) -> TmError:
        message = str(error)
        if "locked" in message or "busy" in message:
            return TmError(
                "the database is locked by another process; try again when it is done", path=self.path
            )
        if "not a database" in message:
            return TmError("not a kobridge translation memory: not an SQLite database", path=self.path)
        return TmError(f"SQLite error: {message}", path=self.path)

    def _open(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "tm_meta" not in tables:
            if tables:
                raise TmError("an SQLite database, but not a kobridge translation memory", path=self.path)
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA:
                    self.conn.execute(statement)
                self.conn.executemany(
                    "INSERT INTO tm_meta (name, value) VALUES (?, ?)",
                    [("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))],
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            return
        meta = dict(self.conn.execute("SELECT name, value FROM tm_meta").fetchall())
        check_meta(meta, self.path)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        try:
            yield from self.conn.execute(sql, params)
        except sqlite3.Error as error:
            raise self._error(error) from None

    @contextlib.contextmanager
    def _write_transaction(self) -> Iterator[None]:
        self._execute("BEGIN IMMEDIATE")
        try:
            yield
            self._execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _index_text(self, ids: Sequence[int], units: Sequence[TmUnit], delete: bool) -> None:
        rows = [(uid, f" {u.ko} ", f" {u.en} ") for uid, u in zip(ids, units, strict=True)]
        if delete:
            self._executemany("INSERT INTO tm_fts (tm_fts, rowid, ko, en) VALUES ('delete', ?, ?, ?)", rows)
        else:
            self._executemany("INSERT INTO tm_fts (rowid, ko, en) VALUES (?, ?, ?)", rows)

    def _text_rows(self, query: Query) -> Iterator[tuple[Any, ...]]:
        if query.groups is None:
            return self._stream(f"SELECT {_UNIT_COLUMNS} {_FROM} ORDER BY u.id DESC")
        expression = " AND ".join(
            f"{query.lang} : (" + " OR ".join(_fts_string(s) for s in group) + ")" for group in query.groups
        )
        # FTS5 walks its index in rowid order, newest first, and stops when the caller does.
        return self._stream(
            f"SELECT {_UNIT_COLUMNS} FROM tm_fts f JOIN tm_units u ON u.id = f.rowid "
            "JOIN tm_docs d ON d.id = u.doc WHERE tm_fts MATCH ? ORDER BY f.rowid DESC",
            [expression],
        )

    def close(self) -> None:
        self.conn.close()

"""The shared backend: a PostgreSQL database, through psycopg 3 (``pip install kobridge[pg]``).

The tables are those of the SQLite backend (``tm_meta``, ``tm_docs``, ``tm_units``,
``tm_unit_keys``); the concordance index is a pg_trgm GIN index on each side's text with a
space on each side (the same padding as SQLite's FTS table), searched with ``ILIKE``. The
extension is created with the schema, which needs a role allowed to create it (pg_trgm is a
trusted extension from PostgreSQL 13: a database owner may).

Writers serialise on a table lock taken when an ``add`` transaction begins, so two desks
adding at once both keep all their units. Parameters always travel separately from the SQL.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from kobridge.errors import TmError
from kobridge.tm.model import TmUnit
from kobridge.tm.store import _FROM, _UNIT_COLUMNS, APPLICATION, SCHEMA_VERSION, Store, check_meta
from kobridge.tm.text import Query

__all__ = ["PostgresStore", "drop_memory", "redact_url"]

_SCHEMA = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE tm_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE tm_docs (id BIGINT PRIMARY KEY, key TEXT NOT NULL UNIQUE, file TEXT NOT NULL, "
    "title TEXT NOT NULL, date TEXT NOT NULL)",
    "CREATE TABLE tm_units (id BIGINT PRIMARY KEY, doc BIGINT NOT NULL REFERENCES tm_docs(id), "
    "ko TEXT NOT NULL, en TEXT NOT NULL, confidence DOUBLE PRECISION, confirmed SMALLINT NOT NULL, "
    "bead TEXT NOT NULL, "
    "ko_form TEXT NOT NULL, ko_numbers TEXT NOT NULL)",
    "CREATE INDEX tm_units_doc ON tm_units (doc)",
    "CREATE TABLE tm_unit_keys (key BIGINT NOT NULL, unit BIGINT NOT NULL, PRIMARY KEY (key, unit))",
    "CREATE TABLE tm_key_counts (key BIGINT PRIMARY KEY, units INTEGER NOT NULL)",
    "CREATE INDEX tm_units_ko_trgm ON tm_units USING gin ((' ' || ko || ' ') gin_trgm_ops)",
    "CREATE INDEX tm_units_en_trgm ON tm_units USING gin ((' ' || en || ' ') gin_trgm_ops)",
]
_TABLES = ("tm_key_counts", "tm_unit_keys", "tm_units", "tm_docs", "tm_meta")
# Concordance rows are read this many at a time, newest first, until the page is full.
_CHUNK = 200
# An arbitrary number: the advisory lock that serialises creating the schema.
_SCHEMA_LOCK = 0x6B6F_746D


def redact_url(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


def _like(text: str) -> str:
    """An ILIKE pattern that finds ``text`` anywhere."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _connect(url: str) -> Any:
    try:
        import psycopg
    except ImportError:
        raise TmError(
            "PostgreSQL needs psycopg 3: pip install 'kobridge[pg]'", path=redact_url(url)
        ) from None
    try:
        # Autocommit: reads hold no transaction open; writes open one explicitly.
        return psycopg.connect(url, connect_timeout=10, autocommit=True)
    except psycopg.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise TmError(f"cannot connect to the PostgreSQL server: {first}", path=redact_url(url)) from None


def drop_memory(url: str) -> None:
    """Drop the memory's tables from a PostgreSQL database (for tests and benchmarks)."""
    with _connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS " + ", ".join(_TABLES))


class PostgresStore(Store):
    """A memory in a PostgreSQL database."""

    backend = "postgresql"

    def __init__(self, url: str, *, create: bool = False) -> None:
        """Connect; with ``create``, make the schema in a database that has none.

        Raises:
            TmError: psycopg is missing, the server cannot be reached, the database holds no
                memory (without ``create``), or a memory of a newer schema.
        """
        self.path = redact_url(url)
        self.conn = _connect(url)
        import psycopg

        self._errors = psycopg.Error
        try:
            self._open(create)
        except BaseException:
            self.conn.close()
            raise

    def _fail(self, error: Exception) -> TmError:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return TmError(f"PostgreSQL error: {first}", path=self.path)

    def _open(self, create: bool) -> None:
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            exists = self.conn.execute("SELECT to_regclass('tm_meta') IS NOT NULL").fetchone()[0]
            if not exists:
                if not create:
                    raise TmError("this database holds no kobridge translation memory", path=self.path)
                for statement in _SCHEMA:
                    self.conn.execute(statement)
                self.conn.cursor().executemany(
                    "INSERT INTO tm_meta (name, value) VALUES (%s, %s)",
                    [("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))],
                )
                return
            meta = dict(self.conn.execute("SELECT name, value FROM tm_meta").fetchall())
        check_meta(meta, self.path)

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            cursor = self.conn.execute(self._sql(sql), params)
            return cursor.fetchall() if cursor.description else []
        except self._errors as error:
            raise self._fail(error) from None

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            self.conn.cursor().executemany(self._sql(sql), list(rows))
        except self._errors as error:
            raise self._fail(error) from None

    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        # COPY: one round trip for the rows of a document batch, far faster than INSERTs.
        try:
            with self.conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except self._errors as error:
            raise self._fail(error) from None

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        try:
            with self.conn.transaction(), self.conn.cursor(name="kobridge_stream") as cursor:
                cursor.itersize = 200
                cursor.execute(self._sql(sql), params)
                yield from cursor
        except self._errors as error:
            raise self._fail(error) from None

    @contextlib.contextmanager
    def _write_transaction(self) -> Iterator[None]:
        try:
            with self.conn.transaction():
                # Held until the transaction ends: writers take turns, readers are not blocked.
                self.conn.execute("LOCK TABLE tm_docs IN SHARE ROW EXCLUSIVE MODE")
                yield
        except self._errors as error:
            raise self._fail(error) from None

    def _index_text(self, ids: Sequence[int], units: Sequence[TmUnit], delete: bool) -> None:
        """Nothing to do: the GIN indexes follow the table."""

    def _text_rows(self, query: Query) -> Iterator[tuple[Any, ...]]:
        if query.groups is None:
            yield from self._stream(f"SELECT {_UNIT_COLUMNS} {_FROM} ORDER BY u.id DESC")
            return
        # ILIKE, which pg_trgm's GIN index serves (it extracts no trigrams from a regular
        # expression with Hangul); the ids come from a bitmap scan, then the rows newest first.
        column = f"(' ' || u.{query.lang} || ' ')"
        condition = " AND ".join(
            "(" + " OR ".join(f"{column} ILIKE ?" for _ in g) + ")" for g in query.groups
        )
        params = [_like(s) for group in query.groups for s in group]
        rows = self._execute(f"SELECT u.id FROM tm_units u WHERE {condition}", params)
        ids = sorted((int(r[0]) for r in rows), reverse=True)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            yield from self._execute(
                f"SELECT {_UNIT_COLUMNS} {_FROM} WHERE u.id = ANY(?) ORDER BY u.id DESC", [chunk]
            )

    def close(self) -> None:
        self.conn.close()

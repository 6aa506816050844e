"""A sandbox's state: one SQLite file, one connection, one lock (platform-neutral).

Every marketplace or control call runs inside `transaction()`, which commits before the reply is
sent, so a sandbox killed and restarted keeps everything it acknowledged. Each platform brings its
own schema and table list; the `meta` table (clock offset, id sequences) is shared.
"""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

META_SCHEMA = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"


class Store:
    """A SQLite file shared by the request threads, serialised by one re-entrant lock."""

    def __init__(self, path: Path, schema: str, tables: tuple[str, ...]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.tables = (*tables, "meta")
        self.lock = threading.RLock()
        self.on_commit: list[Callable[[sqlite3.Connection], None]] = []
        self._depth = 0
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        # WAL + NORMAL: a commit survives a killed process (not a power cut), and stays fast.
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(META_SCHEMA + schema)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a unit of work; commit on success, roll back on any exception. Nests."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            changes = self.conn.total_changes
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
                if self.conn.total_changes != changes:
                    for hook in self.on_commit:
                        hook(self.conn)
            finally:
                self._depth = 0

    def wipe(self) -> None:
        with self.transaction() as db:
            for table in self.tables:
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def meta_get(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row["value"])


def meta_set(db: sqlite3.Connection, key: str, value: str) -> None:
    upsert(db, "meta", ("key",), {"key": key, "value": value})


def next_counter(db: sqlite3.Connection, key: str, start: int, count: int = 1) -> int:
    """A persistent sequence: hands out `count` values and returns the first of them."""
    current = meta_get(db, key)
    first = start if current is None else int(current) + 1
    meta_set(db, key, str(first + count - 1))
    return first


def fresh_id(db: sqlite3.Connection, table: str, column: str, bounds: tuple[int, int]) -> int:
    """A random id within `bounds` that the table does not use yet."""
    while True:
        candidate = random.randint(*bounds)
        sql = f"SELECT 1 FROM {table} WHERE {column} = ?"  # noqa: S608 - fixed names
        if db.execute(sql, (candidate,)).fetchone() is None:
            return candidate


def upsert(db: sqlite3.Connection, table: str, keys: tuple[str, ...], row: dict[str, Any]) -> None:
    """Insert the row, or update its non-key columns when a row with the same keys exists."""
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    updates = (
        ", ".join(f"{c} = excluded.{c}" for c in row if c not in keys) or f"{keys[0]} = {keys[0]}"
    )
    db.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "  # noqa: S608 - names from code
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}",
        tuple(row.values()),
    )


def update_row(
    db: sqlite3.Connection, table: str, key: tuple[str, Any], columns: dict[str, Any]
) -> None:
    """Set `columns` (names from code, never from requests) on the row whose key column matches."""
    if not columns:
        return
    assignments = ", ".join(f"{name} = ?" for name in columns)
    db.execute(
        f"UPDATE {table} SET {assignments} WHERE {key[0]} = ?",  # noqa: S608 - names from code
        (*columns.values(), key[1]),
    )


def select_in(
    db: sqlite3.Connection,
    table: str,
    column: str,
    values: list[Any],
    *,
    where: tuple[str, Any] | None = None,
    order_by: str = "",
) -> list[sqlite3.Row]:
    """Rows whose `column` is one of `values` (and whose `where` column equals its value)."""
    if not values:
        return []
    sql = f"SELECT * FROM {table} WHERE {column} IN ({','.join('?' * len(values))})"  # noqa: S608
    args = list(values)
    if where is not None:
        sql, args = f"{sql} AND {where[0]} = ?", [*args, where[1]]
    if order_by:
        sql += f" ORDER BY {order_by}"
    return db.execute(sql, args).fetchall()


def credential_tables(owner: str) -> str:
    """`codes`, `access_tokens`, `refresh_tokens`: a secret string, its owner's columns (DDL,
    e.g. "partner_id INTEGER NOT NULL, shop_id INTEGER NOT NULL"), expiry, and whether used."""
    return "".join(
        f"CREATE TABLE IF NOT EXISTS {table} ({secret} TEXT PRIMARY KEY, {owner}, "
        "expires_at INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0);\n"
        for table, secret in (
            ("codes", "code"),
            ("access_tokens", "token"),
            ("refresh_tokens", "token"),
        )
    )


def grouped(rows: list[sqlite3.Row], column: str, keys: list[Any]) -> dict[Any, list[sqlite3.Row]]:
    """Rows grouped by `column`, with an empty list for each key that has none."""
    groups: dict[Any, list[sqlite3.Row]] = {key: [] for key in keys}
    for row in rows:
        groups.setdefault(row[column], []).append(row)
    return groups


def ensure_named(
    db: sqlite3.Connection,
    table: str,
    key: tuple[str, int],
    name: str | None,
    new_row: Callable[[], dict[str, Any]],
) -> str:
    """The name of the row with this key, renamed when `name` is given. A missing row is
    inserted from `new_row()` (which names it when `name` is None) plus the key."""
    column, value = key
    row = db.execute(f"SELECT name FROM {table} WHERE {column} = ?", (value,)).fetchone()  # noqa: S608
    if row is None:
        fresh = {column: value, **new_row()}
        fresh["name"] = name or fresh["name"]
        upsert(db, table, (column,), fresh)
        return str(fresh["name"])
    if name:
        update_row(db, table, key, {"name": name})
    return name or str(row["name"])

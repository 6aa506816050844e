"""One tick per channel at a time, across threads and processes.

Two ticks of one channel running together would both see a SKU as missing and both create it:
a duplicate listing. The lock dies with its holder (a killed process never leaves a channel
locked): PostgreSQL session advisory locks on PostgreSQL, `flock` on a file beside the database
on SQLite.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

_NAMESPACE = 0x0C0B  # advisory-lock key space of OCOP Sync: (namespace, schema and channel)
# Keyed by schema too: two installations (or two test runs) sharing one database never collide.
_KEY = "hashtext(current_schema() || ':' || CAST(:id AS text))"


@contextmanager
def channel_lock(engine: Engine, channel_id: int) -> Iterator[bool]:
    """Yields True when this caller holds the channel, False when another tick has it."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, channel_id) as held:
            yield held
    else:
        with _file_lock(_lock_path(engine, channel_id)) as held:
            yield held


@contextmanager
def _advisory(engine: Engine, channel_id: int) -> Iterator[bool]:
    with engine.connect() as conn:
        held = bool(
            conn.execute(
                text(f"SELECT pg_try_advisory_lock(:ns, {_KEY})"),
                {"ns": _NAMESPACE, "id": channel_id},
            ).scalar()
        )
        try:
            yield held
        finally:
            if held:
                conn.execute(
                    text(f"SELECT pg_advisory_unlock(:ns, {_KEY})"),
                    {"ns": _NAMESPACE, "id": channel_id},
                )
            conn.commit()


def _lock_path(engine: Engine, channel_id: int) -> Path:
    database = engine.url.database or ""
    if database and database != ":memory:":
        db_file = Path(database).resolve()
        return db_file.parent / f".{db_file.name}.channel-{channel_id}.lock"
    base = Path(os.environ.get("TMPDIR", "/tmp"))  # noqa: S108
    return base / f".ocopsync-{os.getpid()}-channel-{channel_id}.lock"


@contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

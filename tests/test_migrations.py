"""Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from ocopsync.migrate import target, upgrade


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, target()))


def test_migrations_match_the_models(empty_db: Engine) -> None:
    upgrade(empty_db)
    assert _differences(empty_db) == []
    upgrade(empty_db)  # a second run finds nothing to do

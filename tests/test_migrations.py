"""Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from ocopsync.migrate import FIRST, alembic_config, upgrade


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def test_migrations_match_the_models(empty_db: Engine) -> None:
    upgrade(empty_db)
    assert _differences(empty_db) == []
    upgrade(empty_db)  # a second run finds nothing to do


def test_a_database_made_before_migrations_is_adopted(empty_db: Engine) -> None:
    # what `create_all` made before migrations existed: the first schema, no version row
    config = alembic_config(empty_db)
    with empty_db.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, FIRST)
        connection.execute(text("DROP TABLE alembic_version"))
    upgrade(empty_db)
    assert "alembic_version" in inspect(empty_db).get_table_names()
    assert _differences(empty_db) == []
